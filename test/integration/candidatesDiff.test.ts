import * as assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { writeRecord } from '../../src/core/formats/recordFormats';
import { makeEvent } from '../../src/core/runs/candidateEvents';
import { CandidateJournal, readJournal } from '../../src/core/runs/journal';
import { candidateDecorationText, candidateHover } from '../../src/extension/review/candidateDecorations';
import type { HostToReviewMessage } from '../../src/protocol/reviewMessages';
import { activateSeedling, waitFor } from './seedlingExtension';
import { workspaceRoot, writeTestRun } from './testRuns';

const RUN_ID = '20261121-110000-cdiff';
const CSV_RUN_ID = '20261121-105900-cdcsv';
const OUTPUT = 'candidates-diff.synthetic.jsonl';
const DATASET = ['{"instruction":"已有的问题一？","input":"","output":"已有的回答一。"}', '{"instruction":"已有的问题二？","input":"","output":"已有的回答二。"}'];
const provenance = { strategy: 'self-instruct', models: ['m'], templateHash: 'a'.repeat(64), seedIds: ['line:1'], at: '2026-11-21T11:00:00.000Z', usage: { promptTokens: 1, completionTokens: 1 } };
const sample = (question: string, answer: string) => ({ kind: 'instruction' as const, instruction: question, input: '', output: answer });
const samples = {
  't0-0': sample('租房可以提取公积金吗？', '可以，按月提取。'),
  't0-1': sample('公积金余额怎么查？', '登录公积金App查询。'),
  't0-2': sample('公积金可以还房贷吗？', '可以。'),
  't0-3': sample('被评审拒绝的问题？', '不应出现。'),
  't0-4': sample('已接受的问题？', '会出现。'),
};
const jsonLine = (id: keyof typeof samples): string => JSON.stringify(writeRecord('alpaca', samples[id]));
/** A reason that tries to run a command and inject HTML: the hover must show it as text. */
const HOSTILE_REASON = '清楚 [run](command:workbench.action.terminal.new) <img src=x onerror=alert(1)>';

suite('Candidates in the diff editor', () => {
  let runDir = '';
  const output = (): string => join(workspaceRoot(), OUTPUT);

  suiteSetup(async () => {
    writeFileSync(output(), `${DATASET.join('\n')}\n`);
    runDir = await writeTestRun({
      id: RUN_ID, seedPath: 'gov-faq-housing-fund.alpaca.jsonl', seedFormat: 'alpaca', seedRecords: 17, strategy: 'self-instruct', createdAt: '2026-11-21T11:00:00.000Z',
      options: { outputFile: OUTPUT },
      events: [
        ...Object.entries(samples).map(([id, s]) => makeEvent('generated', id, { sample: s, provenance })),
        makeEvent('judged', 't0-0', { verdict: { overall: 4.5, criteria: [{ name: 'accuracy', score: 5, reason: '事实准确' }, { name: 'clarity', score: 3, reason: HOSTILE_REASON }], critique: '可以**更具体**', models: ['judge'] } }),
        makeEvent('judged', 't0-1', { verdict: { overall: 2, criteria: [{ name: 'accuracy', score: 2, reason: '不准确' }], models: ['judge'] } }),
        makeEvent('checked', 't0-1', { flags: [{ code: 'near-duplicate', severity: 'warning', message: 'Near-duplicate of a seed', otherId: 'seed:line:3' }] }),
        makeEvent('rejected', 't0-3', { by: 'judge' }),
        makeEvent('accepted', 't0-4', { by: 'user' }),
      ],
    });
    await writeTestRun({
      id: CSV_RUN_ID, seedPath: 'gov-faq-housing-fund.alpaca.jsonl', seedFormat: 'alpaca', seedRecords: 17, strategy: 'paraphrase', createdAt: '2026-11-21T10:59:00.000Z',
      options: { outputFile: 'candidates-diff.synthetic.csv' },
      events: [makeEvent('generated', 't0-0', { sample: samples['t0-0'], provenance })],
    });
  });
  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  suiteTeardown(() => {
    rmSync(runDir, { recursive: true, force: true });
    rmSync(join(workspaceRoot(), '.seedling', 'runs', CSV_RUN_ID), { recursive: true, force: true });
    rmSync(output(), { force: true });
  });

  /** Opens the diff of a run and returns its tab's input once the candidates side is built and decorated. */
  async function openDiff(runArgument: unknown = RUN_ID): Promise<vscode.TabInputTextDiff & { label: string }> {
    const { api } = await activateSeedling();
    await vscode.commands.executeCommand('seedling.openCandidatesDiff', runArgument);
    let found: (vscode.TabInputTextDiff & { label: string }) | undefined;
    await waitFor('the candidates diff', () => {
      const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
      if (tab?.input instanceof vscode.TabInputTextDiff && tab.input.modified.scheme === 'seedling-candidates') found = Object.assign(tab.input, { label: tab.label });
      return found !== undefined && api.candidateDecorations.drawnOn(found.modified) !== undefined;
    });
    assert.ok(found);
    return found;
  }
  async function candidatesText(uri: vscode.Uri): Promise<string> {
    return (await vscode.workspace.openTextDocument(uri)).getText();
  }
  async function lenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
    return vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
  }
  async function lensCommand(uri: vscode.Uri, command: string, candidateId: string): Promise<vscode.Command | undefined> {
    return (await lenses(uri)).map((lens) => lens.command).find((c) => c?.command === command && c.arguments?.[1] === candidateId);
  }
  const hoverText = (content: vscode.Hover['contents'][number]): string => (content instanceof vscode.MarkdownString ? content.value : typeof content === 'string' ? content : '');
  /** The counts the Review panel shows: those of its latest init or change. */
  const panelCounts = (sent: readonly HostToReviewMessage[]) => [...sent].reverse().find((m): m is Extract<HostToReviewMessage, { type: 'changed' | 'init' }> => m.type === 'changed' || m.type === 'init')?.counts;
  const lastEvent = async (id: string) => (await readJournal(runDir)).events.filter((e) => e.candidateId === id).at(-1);

  test('opens the dataset against itself with one JSONL line per pending or accepted candidate added', async () => {
    const input = await openDiff();
    assert.equal(input.original.toString(), vscode.Uri.file(output()).toString(), 'the left side is the dataset file itself');
    assert.equal(input.label, `${OUTPUT} ↔ candidates of run ${RUN_ID}`);
    const lines = (await candidatesText(input.modified)).split('\n');
    assert.deepEqual(lines, [...DATASET, jsonLine('t0-0'), jsonLine('t0-1'), jsonLine('t0-2'), jsonLine('t0-4'), '']);
    const { api } = await activateSeedling();
    assert.deepEqual([...(api.candidatesDocuments.viewOf(input.modified)?.candidateByLine ?? [])], [[2, 't0-0'], [3, 't0-1'], [4, 't0-2'], [5, 't0-4']]);
  });

  test('a Runs view item opens its run; a CSV dataset still gets its candidates as JSONL, and the title says so', async () => {
    const { api } = await activateSeedling();
    const run = await api.runs.find(CSV_RUN_ID);
    assert.ok(run);
    const input = await openDiff({ type: 'run', run });
    assert.equal(input.label, `candidates-diff.synthetic.csv (CSV) ↔ candidates of run ${CSV_RUN_ID} as JSONL`);
    assert.equal(input.original.scheme, 'seedling-candidates', 'a dataset not written yet is an empty stand-in');
    assert.equal(await candidatesText(input.original), '');
    assert.equal(await candidatesText(input.modified), `${jsonLine('t0-0')}\n`);
  });

  test('scores follow each candidate line, and the hover gives every reason as plain text', async () => {
    const input = await openDiff();
    const { api } = await activateSeedling();
    const states = api.candidatesDocuments.viewOf(input.modified)?.states;
    const judged = states?.get('t0-0');
    assert.ok(judged);
    assert.equal(candidateDecorationText(judged), '★ 4.5 · pending · weakest: clarity 3');
    const drawn = api.candidateDecorations.drawnOn(input.modified);
    assert.equal(drawn?.get(2), '★ 4.5 · pending · weakest: clarity 3');
    assert.equal(drawn.get(3), '★ 2.0 · pending · weakest: accuracy 2 · ⚠ 1');
    assert.equal(drawn.get(4), 'not judged · pending');
    assert.equal(drawn.get(5), 'not judged · accepted');

    const hover = candidateHover(judged);
    assert.equal(hover.isTrusted, false);
    assert.equal(hover.supportHtml, false);
    const markdown = hover.value.replace(/&nbsp;/g, ' ');
    assert.match(markdown, /accuracy 5: 事实准确/);
    assert.match(markdown, /可以\\\*\\\*更具体\\\*\\\*/, 'the critique is escaped');
    assert.doesNotMatch(markdown, /\[run\]\(command:/, 'a command link in a reason stays text');
    assert.match(markdown, /\\\[run\\\]\\\(command:/);
    assert.doesNotMatch(markdown, /<img/, 'HTML in a reason stays text');
    assert.match(markdown, /&lt;img src=x onerror=alert\\\(1\\\)\\>/);
    const flagged = states?.get('t0-1');
    assert.ok(flagged);
    assert.match(candidateHover(flagged).value.replace(/&nbsp;/g, ' '), /near\\-duplicate: Near\\-duplicate of a seed \\\(the other sample: seed:line:3\\\)/);

    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', input.modified, new vscode.Position(2, 3));
    const shown = hovers.flatMap((h) => h.contents).map(hoverText);
    assert.ok(shown.includes(hover.value), `the hover at the line is the candidate's: ${shown.join(' | ')}`);
    const onDataset = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', input.modified, new vscode.Position(0, 3));
    assert.ok(!onDataset.flatMap((h) => h.contents).some((c) => hoverText(c).includes('★')), 'no hover on a dataset line');
  });

  test('each candidate line has Accept, Reject and, with a critique, Fix lenses bound to the run and candidate', async () => {
    const input = await openDiff();
    const byLine = new Map<number, string[]>();
    for (const lens of await lenses(input.modified)) byLine.set(lens.range.start.line, [...(byLine.get(lens.range.start.line) ?? []), lens.command?.command ?? '']);
    assert.deepEqual(Object.fromEntries(byLine), {
      2: ['seedling.acceptCandidate', 'seedling.rejectCandidate', 'seedling.fixCandidate'],
      3: ['seedling.acceptCandidate', 'seedling.rejectCandidate'],
      4: ['seedling.acceptCandidate', 'seedling.rejectCandidate'],
      5: ['seedling.rejectCandidate'],
    });
    assert.deepEqual((await lensCommand(input.modified, 'seedling.fixCandidate', 't0-0'))?.arguments, [RUN_ID, 't0-0']);
  });

  /** With the Review panel open on the run, opens the diff and clicks a candidate's lens; returns the panel, the diff and the journal's last event of the candidate. */
  async function decideThroughLens(command: string, candidateId: string, countsBefore: { accepted: number; rejected: number }) {
    const { api } = await activateSeedling();
    await vscode.commands.executeCommand('seedling.openReview', RUN_ID);
    const review = api.reviewPanel();
    assert.ok(review);
    await waitFor('the Review panel on the run', () => {
      const counts = panelCounts(review.sent);
      return review.runUnderReview?.manifest.id === RUN_ID && counts?.accepted === countsBefore.accepted && counts.rejected === countsBefore.rejected;
    });
    const input = await openDiff();
    const lens = await lensCommand(input.modified, command, candidateId);
    assert.ok(lens, `a ${command} lens on ${candidateId}`);
    await vscode.commands.executeCommand(lens.command, ...((lens.arguments ?? []) as unknown[]));
    return { api, review, input, event: await lastEvent(candidateId) };
  }

  test('Accept appends the panel’s `accepted` event, and the open Review panel and the decorations follow', async () => {
    const { api, review, input, event } = await decideThroughLens('seedling.acceptCandidate', 't0-0', { accepted: 1, rejected: 1 });
    assert.equal(event?.type, 'accepted');
    assert.equal(event.by, 'user');
    await waitFor('the Review panel to count it', () => panelCounts(review.sent)?.accepted === 2);
    await waitFor('the decoration to say accepted', () => api.candidateDecorations.drawnOn(input.modified)?.get(2) === '★ 4.5 · accepted · weakest: clarity 3');
    // Accepting again changes nothing: the journal gets no second event.
    const count = (await readJournal(runDir)).events.length;
    await vscode.commands.executeCommand('seedling.acceptCandidate', RUN_ID, 't0-0');
    assert.equal((await readJournal(runDir)).events.length, count);
  });

  test('Reject appends `rejected`, the line leaves the candidates, and the Review panel counts it', async () => {
    const { api, review, input, event } = await decideThroughLens('seedling.rejectCandidate', 't0-1', { accepted: 2, rejected: 1 });
    assert.equal(event?.type, 'rejected');
    assert.equal(event.by, 'user');
    await waitFor('the Review panel to count it', () => panelCounts(review.sent)?.rejected === 2);
    await waitFor('the line to go', async () => !(await candidatesText(input.modified)).includes(jsonLine('t0-1')));
    assert.deepEqual([...(api.candidatesDocuments.viewOf(input.modified)?.candidateByLine.values() ?? [])], ['t0-0', 't0-2', 't0-4']);
  });

  test('two quick decisions are both written, one after the other', async () => {
    await Promise.all([vscode.commands.executeCommand('seedling.rejectCandidate', RUN_ID, 't0-2'), vscode.commands.executeCommand('seedling.acceptCandidate', RUN_ID, 't0-2')]);
    const types = (await readJournal(runDir)).events.filter((e) => e.candidateId === 't0-2').map((e) => e.type);
    assert.deepEqual(types.slice(-2), ['rejected', 'accepted']);
  });

  test('the candidates follow the journal when it changes elsewhere', async () => {
    const input = await openDiff();
    const added = sample('生成器刚加入的问题？', '新的回答。');
    const journal = await CandidateJournal.open(runDir);
    try {
      await journal.append([makeEvent('generated', 't1-0', { sample: added, provenance }), makeEvent('judged', 't1-0', { verdict: { overall: 3, criteria: [], models: ['judge'] } })]);
    } finally {
      await journal.close();
    }
    const { api } = await activateSeedling();
    try {
      await waitFor('the new candidate line', async () => (await candidatesText(input.modified)).includes(JSON.stringify(writeRecord('alpaca', added))), 15_000);
    } catch (error) {
      // The file watcher brings the change: when it does not, the log says how far it got.
      assert.fail(`${error instanceof Error ? error.message : String(error)}; the latest log:\n${api.recentLog().slice(-20).join('\n')}`);
    }
    const line = api.candidatesDocuments.viewOf(input.modified)?.lineOfCandidate.get('t1-0');
    assert.ok(line !== undefined);
    await waitFor('its decoration', () => api.candidateDecorations.drawnOn(input.modified)?.get(line) === '★ 3.0 · pending');
  });
  test('the candidates follow unsaved edits of the dataset', async () => {
    const input = await openDiff();
    const dataset = await vscode.workspace.openTextDocument(vscode.Uri.file(output()));
    const added = '{"instruction":"刚手写的问题？","input":"","output":"还没保存。"}';
    const edit = new vscode.WorkspaceEdit();
    edit.insert(dataset.uri, new vscode.Position(0, 0), `${added}\n`);
    assert.ok(await vscode.workspace.applyEdit(edit));
    try {
      await waitFor('the edit on the candidates side', async () => (await candidatesText(input.modified)).startsWith(`${added}\n${DATASET[0]}\n`));
      const { api } = await activateSeedling();
      assert.equal(api.candidatesDocuments.viewOf(input.modified)?.candidateByLine.get(3), 't0-0', 'the candidate lines moved down with it');
    } finally {
      await vscode.window.showTextDocument(dataset);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });
});
