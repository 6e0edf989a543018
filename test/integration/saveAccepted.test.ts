import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { makeEvent } from '../../src/core/runs/candidateEvents';
import { CandidateJournal, readJournal } from '../../src/core/runs/journal';
import { runDirectory, writeRunManifest } from '../../src/core/runs/runManifest';
import type { WorkspaceRun } from '../../src/extension/runs/runStore';
import { activateSeedling, waitFor } from './seedlingExtension';

const RUN_ID = '20261121-090000-save';
const provenance = { strategy: 'self-instruct', models: ['m'], templateHash: 'a'.repeat(64), seedIds: ['line:1'], at: '2026-11-21T09:00:00.000Z', usage: { promptTokens: 1, completionTokens: 1 } };
const sample = (question: string, answer: string) => ({ kind: 'instruction' as const, instruction: question, input: '', output: answer });
const line = (question: string, answer: string): string => JSON.stringify({ instruction: question, input: '', output: answer });

suite('Save accepted', () => {
  let root = '';
  let output = '';
  let run: WorkspaceRun | undefined;

  suiteSetup(async () => {
    root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    output = join(root, 'gov-faq-housing-fund.alpaca.synthetic.jsonl');
    const runDir = runDirectory(root, RUN_ID);
    await writeRunManifest(runDir, {
      version: 1, id: RUN_ID, createdAt: '2026-11-21T09:00:00.000Z', updatedAt: '2026-11-21T09:00:00.000Z', status: 'completed',
      seed: { path: 'gov-faq-housing-fund.alpaca.jsonl', sha256: 'b'.repeat(64), format: 'alpaca', records: 17 },
      config: { strategy: 'self-instruct', count: 3, options: {} },
      provider: { id: 'custom', baseUrl: 'http://127.0.0.1:1/v1', models: { generator: ['m'], judge: [] } },
      templates: {}, counts: { generated: 3, accepted: 2, rejected: 1, pending: 0, saved: 0, failed: 0 },
      usage: { requests: 1, promptTokens: 1, completionTokens: 1 }, cost: { usd: 0 }, timestamps: { started: '2026-11-21T09:00:00.000Z' },
    });
    const journal = await CandidateJournal.open(runDir);
    await journal.append([
      makeEvent('generated', 't0-0', { sample: sample('公积金可以还房贷吗？', '可以，按月对冲还款。'), provenance }),
      makeEvent('generated', 't0-1', { sample: sample('公积金余额怎么查？', '登录公积金App查询。'), provenance }),
      makeEvent('generated', 't0-2', { sample: sample('被拒绝的问题？', '不应保存。'), provenance }),
      makeEvent('accepted', 't0-0', { by: 'user' }),
      makeEvent('accepted', 't0-1', { by: 'user' }),
      makeEvent('rejected', 't0-2', { by: 'user' }),
    ]);
    await journal.close();
    const { api } = await activateSeedling();
    api.runs.invalidate();
    await waitFor('the run', async () => (run = await api.runs.find(RUN_ID)) !== undefined);
  });
  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(output, { force: true });
  });
  suiteTeardown(() => {
    rmSync(runDirectory(root, RUN_ID), { recursive: true, force: true });
  });

  test('writes the accepted samples in the seed’s format, journals them, and writes nothing new the second time', async () => {
    const { api } = await activateSeedling();
    assert.ok(run);
    const first = await api.saver.saveAccepted(run);
    assert.deepEqual([first.written, first.alreadyPresent, first.viaEditor], [2, 0, false]);
    assert.equal(readFileSync(output, 'utf8'), `${line('公积金可以还房贷吗？', '可以，按月对冲还款。')}\n${line('公积金余额怎么查？', '登录公积金App查询。')}\n`);
    const second = await api.saver.saveAccepted(run);
    assert.deepEqual([second.written, second.alreadyPresent], [0, 2]);
    const saved = (await readJournal(run.runDir)).events.filter((e) => e.type === 'saved');
    assert.deepEqual(saved.map((e) => e.candidateId), ['t0-0', 't0-1'], 'each candidate is journaled as saved once');
  });

  test('appends through the editor when the output is open, leaving the user’s unsaved edits for them to save', async () => {
    const { api } = await activateSeedling();
    assert.ok(run);
    writeFileSync(output, `${line('已有的问题？', '已有的回答。')}\n`);
    const document = await vscode.workspace.openTextDocument(output);
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((edit) => { edit.insert(new vscode.Position(1, 0), `${line('用户刚写的问题？', '用户的回答。')}\n`); });
    assert.equal(document.isDirty, true);
    const outcome = await api.saver.saveAccepted(run);
    assert.deepEqual([outcome.written, outcome.viaEditor, outcome.leftUnsaved], [2, true, true]);
    assert.equal(document.isDirty, true, 'the user decides when to save their edit');
    assert.equal(document.getText(), [line('已有的问题？', '已有的回答。'), line('用户刚写的问题？', '用户的回答。'), line('公积金可以还房贷吗？', '可以，按月对冲还款。'), line('公积金余额怎么查？', '登录公积金App查询。'), ''].join('\n'));
    assert.equal(readFileSync(output, 'utf8'), `${line('已有的问题？', '已有的回答。')}\n`, 'nothing was written behind the editor’s back');
  });

  test('saves an open document that had no unsaved edits', async () => {
    const { api } = await activateSeedling();
    assert.ok(run);
    writeFileSync(output, `${line('已有的问题？', '已有的回答。')}\n`);
    const document = await vscode.workspace.openTextDocument(output);
    await vscode.window.showTextDocument(document);
    const outcome = await api.saver.saveAccepted(run);
    assert.deepEqual([outcome.written, outcome.viaEditor, outcome.leftUnsaved], [2, true, false]);
    assert.equal(document.isDirty, false);
    assert.equal(readFileSync(output, 'utf8').split('\n').filter((l) => l.length > 0).length, 3);
  });

  test('refuses an output outside the workspace', async () => {
    const { api } = await activateSeedling();
    assert.ok(run);
    const outside = join(tmpdir(), 'seedling-outside.jsonl');
    await assert.rejects(api.saver.saveAccepted(run, outside), /is outside the workspace folder .* Seedling only writes datasets inside the workspace/);
    assert.equal(existsSync(outside), false);
  });
});
