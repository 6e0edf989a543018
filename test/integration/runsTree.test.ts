import * as assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import * as vscode from 'vscode';
import { makeEvent } from '../../src/core/runs/candidateEvents';
import { CandidateJournal } from '../../src/core/runs/journal';
import { runDirectory, writeRunManifest } from '../../src/core/runs/runManifest';
import type { RunsNode } from '../../src/extension/views/runsTree';
import { activateSeedling, waitFor } from './seedlingExtension';

const RUN_ID = '20261121-080000-test';
const provenance = { strategy: 'self-instruct', models: ['m'], templateHash: 'a'.repeat(64), seedIds: ['line:1'], at: '2026-11-21T08:00:00.000Z', usage: { promptTokens: 10, completionTokens: 5 } };
const sample = (question: string) => ({ kind: 'instruction' as const, instruction: question, input: '', output: 'An answer.' });

async function writeRun(root: string): Promise<string> {
  const runDir = runDirectory(root, RUN_ID);
  await writeRunManifest(runDir, {
    version: 1,
    id: RUN_ID,
    createdAt: '2026-11-21T08:00:00.000Z',
    updatedAt: '2026-11-21T08:01:00.000Z',
    status: 'completed',
    seed: { path: 'gov-faq-housing-fund.alpaca.jsonl', sha256: 'b'.repeat(64), format: 'alpaca', records: 17 },
    config: { strategy: 'self-instruct', count: 2, temperature: 0.9, options: {} },
    provider: { id: 'custom', baseUrl: 'http://127.0.0.1:8787/v1', models: { generator: ['m'], judge: ['j'] } },
    templates: {},
    counts: { generated: 3, accepted: 1, rejected: 1, pending: 1, saved: 0, failed: 0 },
    usage: { requests: 3, promptTokens: 30, completionTokens: 15 },
    cost: { usd: 0.0123 },
    timestamps: { started: '2026-11-21T08:00:00.000Z' },
  });
  const journal = await CandidateJournal.open(runDir);
  await journal.append([
    makeEvent('generated', 't0-0', { sample: sample('公积金能提前还贷吗？'), provenance }),
    makeEvent('generated', 't0-1', { sample: sample('怎样查询公积金余额？'), provenance }),
    makeEvent('generated', 't1-0', { sample: sample('租房提取需要什么材料？'), provenance }),
    makeEvent('judged', 't0-0', { verdict: { overall: 4.2, criteria: [], models: ['j'] } }),
    makeEvent('accepted', 't0-0', { by: 'user' }),
    makeEvent('rejected', 't0-1', { by: 'judge', reason: 'judged 2/5' }),
  ]);
  await journal.close();
  return runDir;
}

suite('Runs view', () => {
  let runDir = '';
  suiteSetup(async () => {
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(root);
    runDir = await writeRun(root);
  });
  suiteTeardown(() => {
    rmSync(runDir, { recursive: true, force: true });
  });

  test('lists a run with its strategy, seed, counts and cost, and its candidates by status', async () => {
    const { api } = await activateSeedling();
    api.runsTree.refresh();
    let roots: RunsNode[] = [];
    await waitFor('the run to be listed', async () => {
      roots = (await api.runsTree.getChildren()).filter((n) => n.type === 'run' && n.run.manifest.id === RUN_ID);
      return roots.length === 1;
    });
    const run = roots[0];
    assert.ok(run);
    const item = api.runsTree.getTreeItem(run);
    assert.equal(item.label, 'self-instruct · gov-faq-housing-fund.alpaca.jsonl');
    assert.equal(item.description, '1 to review · 1 accepted · $0.01');
    const statuses = await api.runsTree.getChildren(run);
    assert.deepEqual(statuses.map((n) => [api.runsTree.getTreeItem(n).label, api.runsTree.getTreeItem(n).description]), [
      ['Pending review', '1'],
      ['Accepted', '1'],
      ['Rejected', '1'],
    ]);
    const accepted = statuses[1];
    assert.ok(accepted);
    const [candidate] = await api.runsTree.getChildren(accepted);
    assert.ok(candidate);
    const candidateItem = api.runsTree.getTreeItem(candidate);
    assert.equal(candidateItem.label, '公积金能提前还贷吗？');
    assert.equal(candidateItem.description, '★ 4.2');
    assert.deepEqual(candidateItem.command?.arguments, [RUN_ID, 't0-0']);
  });

  test('follows the journal as it grows', async () => {
    const { api } = await activateSeedling();
    const journal = await CandidateJournal.open(runDir);
    await journal.append(makeEvent('accepted', 't1-0', { by: 'user' }));
    await journal.close();
    const run = (await api.runsTree.getChildren()).find((n) => n.type === 'run' && n.run.manifest.id === RUN_ID);
    assert.ok(run);
    await waitFor('the accepted count to grow', async () => {
      const statuses = await api.runsTree.getChildren(run);
      return statuses.some((n) => n.type === 'status' && n.status === 'accepted' && n.count === 2);
    });
    // The run's own line counts from the journal too, not from what run.json said when generation ended.
    await waitFor('the run’s line to count the decision', async () => {
      const again = (await api.runsTree.getChildren()).find((n) => n.type === 'run' && n.run.manifest.id === RUN_ID);
      return again !== undefined && api.runsTree.getTreeItem(again).description === '0 to review · 2 accepted · $0.01';
    });
    // So a Save Accepted from the Command Palette offers this run: it has accepted candidates.
    assert.equal((await api.runs.find(RUN_ID))?.manifest.counts.accepted, 2);
  });

  test('Show Run Health on a run item shows that run in the Dataset Health view', async () => {
    const { api, extension } = await activateSeedling();
    const manifest = extension.packageJSON as { contributes: { menus: Record<string, { command: string; when?: string }[]> } };
    const entry = manifest.contributes.menus['view/item/context']?.find((item) => item.command === 'seedling.showRunHealth');
    assert.match(entry?.when ?? '', /view == seedling\.runs && viewItem (?:== seedling\.run\b|=~ \/\^seedling\\\.run\(\\\.resumable\)\?\$\/)/);
    const node = (await api.runsTree.getChildren()).find((n) => n.type === 'run' && n.run.manifest.id === RUN_ID);
    assert.ok(node);
    await vscode.commands.executeCommand('seedling.showRunHealth', node);
    await api.datasetHealth.whenSettled();
    const state = api.datasetHealth.state;
    assert.equal(state?.type, 'healthReport', JSON.stringify(state));
    assert.deepEqual(state.subject, { kind: 'run', name: RUN_ID });
    assert.equal(state.records, 2, 'the accepted candidates (the rejected one is left out)');
    assert.equal(state.seedFile, 'gov-faq-housing-fund.alpaca.jsonl');
  });
});

