import * as assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { type CandidateEvent, makeEvent } from '../../src/core/runs/candidateEvents';
import { CandidateJournal, readJournal } from '../../src/core/runs/journal';
import { runDirectory, writeRunManifest } from '../../src/core/runs/runManifest';
import type { HostToReviewMessage } from '../../src/protocol/reviewMessages';
import { activateSeedling, waitFor } from './seedlingExtension';
import { writeTestRun } from './testRuns';

suite('Review panel', () => {
  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Open Review opens one panel under a strict CSP with a fresh nonce', async () => {
    const { api } = await activateSeedling();
    await vscode.commands.executeCommand('seedling.openReview');
    const review = api.reviewPanel();
    assert.ok(review, 'a Review panel is open');
    const html = review.panel.webview.html;
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
    assert.match(csp, /default-src 'none'/);
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    assert.ok(nonce && nonce.length >= 16, `a nonce of at least 16 characters: ${csp}`);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    assert.ok(scripts.length > 0 && scripts.every((tag) => tag.includes(`nonce="${nonce}"`)), `every script carries the nonce: ${scripts.join(' ')}`);

    // Asking again reveals the same panel rather than opening a second one.
    await vscode.commands.executeCommand('seedling.openReview');
    assert.equal(api.reviewPanel(), review);
    const reviewTabs = (): number => vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.label === 'Seedling Review').length;
    await waitFor('the Review tab', () => reviewTabs() > 0);
    assert.equal(reviewTabs(), 1);
  });

  test('every render uses a new nonce', async () => {
    const { api } = await activateSeedling();
    await vscode.commands.executeCommand('seedling.openReview');
    const first = api.reviewPanel()?.panel.webview.html ?? '';
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor('the panel to close', () => api.reviewPanel() === undefined);
    await vscode.commands.executeCommand('seedling.openReview');
    const second = api.reviewPanel()?.panel.webview.html ?? '';
    const nonceOf = (html: string): string | undefined => /nonce-([^']+)'/.exec(html)?.[1];
    assert.ok(nonceOf(first) && nonceOf(second));
    assert.notEqual(nonceOf(first), nonceOf(second));
  });

  test('forged and malformed webview messages are rejected and logged, and nothing runs', async () => {
    const { api } = await activateSeedling();
    await vscode.commands.executeCommand('seedling.openReview');
    const review = api.reviewPanel();
    assert.ok(review);
    const terminalsBefore = vscode.window.terminals.length;
    const forged: [unknown, string][] = [
      [{ type: 'executeCommand', command: 'workbench.action.terminal.new' }, 'unknownType'],
      [{ type: 'requestGenerate', command: 'workbench.action.terminal.new' }, 'invalidShape'],
      [{ type: 'ready', view: 'review' }, 'invalidShape'],
      [{ type: 'ready', view: 'review', protocolVersion: 99 }, 'protocolMismatch'],
      ['ready', 'notAnObject'],
      [null, 'notAnObject'],
      [[{ type: 'ready' }], 'notAnObject'],
    ];
    for (const [message, reason] of forged) {
      const result = await review.receive(message);
      assert.equal(result.ok, false, `rejected: ${JSON.stringify(message)}`);
      assert.equal(result.reason, reason, JSON.stringify(message));
    }
    const rejections = api.recentLog().filter((line) => line.startsWith('warn: Review panel: rejected a webview message'));
    assert.ok(rejections.length >= forged.length, `each rejection is logged: ${rejections.join('\n')}`);
    assert.ok(rejections.some((line) => line.includes('(unknownType)') && line.includes('"executeCommand"')));
    assert.equal(vscode.window.terminals.length, terminalsBefore, 'no forged command ran');
  });

  test('a valid ready message is answered', async () => {
    const { api } = await activateSeedling();
    await vscode.commands.executeCommand('seedling.openReview');
    const review = api.reviewPanel();
    assert.ok(review);
    const result = await review.receive({ type: 'ready', view: 'review', protocolVersion: 1 });
    assert.equal(result.ok, true);
    const answered = api.recentLog().filter((line) => line.startsWith('debug: Review panel: sent init'));
    assert.ok(answered.length > 0, 'init was sent in answer');
  });
});

const RUN_ID = '20261121-100000-review';
const provenance = { strategy: 'self-instruct', models: ['m'], templateHash: 'a'.repeat(64), seedIds: ['line:1'], at: '2026-11-21T10:00:00.000Z', usage: { promptTokens: 1, completionTokens: 1 } };
const sample = (question: string, answer: string) => ({ kind: 'instruction' as const, instruction: question, input: '', output: answer });
const verdict = (overall: number) => ({ overall, criteria: [{ name: 'accuracy', score: overall, reason: '事实准确' }], critique: '可以更具体', models: ['judge'] });

suite('Review panel on a run', () => {
  let root = '';
  let runDir = '';

  suiteSetup(async () => {
    root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    runDir = runDirectory(root, RUN_ID);
    await writeRunManifest(runDir, {
      version: 1, id: RUN_ID, createdAt: '2026-11-21T10:00:00.000Z', updatedAt: '2026-11-21T10:00:00.000Z', status: 'completed',
      seed: { path: 'gov-faq-housing-fund.alpaca.jsonl', sha256: 'b'.repeat(64), format: 'alpaca', records: 17 },
      config: { strategy: 'self-instruct', count: 3, options: {} },
      provider: { id: 'custom', baseUrl: 'http://127.0.0.1:1/v1', models: { generator: ['m'], judge: ['judge'] } },
      templates: {}, counts: { generated: 3, accepted: 0, rejected: 0, pending: 3, saved: 0, failed: 0 },
      usage: { requests: 1, promptTokens: 1, completionTokens: 1 }, cost: { usd: 0 }, timestamps: { started: '2026-11-21T10:00:00.000Z' },
    });
    const journal = await CandidateJournal.open(runDir);
    await journal.append([
      makeEvent('generated', 't0-0', { sample: sample('租房的话可以提取住房公积金吗？', '可以，按月提取。'), provenance, nearestSeedId: 'line:1' }),
      makeEvent('generated', 't0-1', { sample: sample('公积金余额怎么查？', '登录公积金App查询。'), provenance, nearestSeedId: 'line:1' }),
      makeEvent('generated', 't0-2', { sample: sample('公积金可以还房贷吗？', '可以。'), provenance }),
      makeEvent('judged', 't0-0', { verdict: verdict(4.5) }),
      makeEvent('judged', 't0-1', { verdict: verdict(2) }),
      makeEvent('checked', 't0-1', { flags: [{ code: 'near-duplicate', severity: 'warning', message: 'Near-duplicate of t0-0', otherId: 't0-0' }] }),
    ]);
    await journal.close();
    const { api } = await activateSeedling();
    api.runs.invalidate();
    await waitFor('the run', async () => (await api.runs.find(RUN_ID)) !== undefined);
  });
  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  suiteTeardown(() => {
    rmSync(runDir, { recursive: true, force: true });
  });

  async function openOnRun(candidateId?: string) {
    const { api } = await activateSeedling();
    await vscode.commands.executeCommand('seedling.openReview', RUN_ID, candidateId);
    const review = api.reviewPanel();
    assert.ok(review);
    await waitFor('the run loaded', () => review.runUnderReview?.manifest.id === RUN_ID);
    return review;
  }
  const last = <T extends HostToReviewMessage['type']>(sent: readonly HostToReviewMessage[], type: T) =>
    [...sent].reverse().find((m): m is Extract<HostToReviewMessage, { type: T }> => m.type === type);
  const journalTypes = async (id: string): Promise<string[]> => (await readJournal(runDir)).events.filter((e) => e.candidateId === id).map((e) => e.type);

  test('opens on the run, titled by strategy and seed file, and answers row windows, filters and details', async () => {
    const review = await openOnRun('t0-1');
    assert.equal(review.panel.title, 'Review: self-instruct · gov-faq-housing-fund.alpaca.jsonl');
    const filter = { statuses: [], flagged: false, scoreBelow: null, search: '' };
    await review.receive({ type: 'queryRows', requestId: 7, filter, sort: 'score-desc', start: 0, count: 50 });
    const rows = last(review.sent, 'rows');
    assert.ok(rows);
    assert.equal(rows.requestId, 7);
    assert.equal(rows.total, 3);
    assert.deepEqual(rows.rows.map((r) => r.id), ['t0-0', 't0-1', 't0-2']);
    await review.receive({ type: 'queryRows', requestId: 8, filter: { ...filter, flagged: true }, sort: 'order', start: 0, count: 50 });
    assert.deepEqual(last(review.sent, 'rows')?.rows.map((r) => r.id), ['t0-1']);
    await review.receive({ type: 'select', id: 't0-0' });
    const detail = last(review.sent, 'detail')?.candidate;
    assert.ok(detail);
    assert.equal(detail.seedId, 'line:1');
    assert.equal(detail.verdict?.criteria[0]?.reason, '事实准确');
    const instruction = detail.fields.find((f) => f.name === 'instruction');
    assert.ok(instruction?.compared);
    assert.ok(instruction.segments.some((s) => s.op !== 'equal'), 'the instruction differs from the seed');
    assert.equal(instruction.segments.filter((s) => s.op !== 'delete').map((s) => s.text).join(''), '租房的话可以提取住房公积金吗？');
    await review.receive({ type: 'select', id: 't0-1' });
    assert.equal(last(review.sent, 'detail')?.candidate?.flags[0]?.otherId, 't0-0');
  });

  test('decide appends `accepted`, undo appends `reopened`, both before the webview hears of it', async () => {
    const review = await openOnRun();
    await review.receive({ type: 'decide', id: 't0-0', decision: 'accept' });
    assert.deepEqual((await journalTypes('t0-0')).slice(-1), ['accepted']);
    const accepted = (await readJournal(runDir)).events.filter((e) => e.candidateId === 't0-0').at(-1);
    assert.equal(accepted?.type === 'accepted' ? accepted.by : undefined, 'user');
    assert.equal(last(review.sent, 'changed')?.counts.accepted, 1);
    await review.receive({ type: 'undo' });
    assert.deepEqual((await journalTypes('t0-0')).slice(-2), ['accepted', 'reopened']);
    assert.equal(last(review.sent, 'changed')?.counts.accepted, 0);
  });

  test('a webview that loads again (ready once more) keeps the undo history of the decisions before it', async () => {
    const review = await openOnRun();
    await review.receive({ type: 'decide', id: 't0-2', decision: 'reject' });
    // As when a slow webview says ready late, or a hidden sidebar view is shown again.
    await review.receive({ type: 'ready', view: 'review', protocolVersion: 1 });
    assert.equal(last(review.sent, 'init')?.canUndo, true);
    await review.receive({ type: 'undo' });
    assert.deepEqual((await journalTypes('t0-2')).slice(-2), ['rejected', 'reopened']);
  });

  test('an invalid edit is refused with a message and nothing is appended; a valid one appends `edited`', async () => {
    const review = await openOnRun();
    const before = (await readJournal(runDir)).events.length;
    await review.receive({ type: 'edit', id: 't0-2', text: '{"instruction": 1, "output": "x"}' });
    const refused = last(review.sent, 'editResult');
    assert.equal(refused?.ok, false);
    assert.ok(refused.errors.length > 0);
    await review.receive({ type: 'edit', id: 't0-2', text: '{ not json' });
    assert.equal(last(review.sent, 'editResult')?.ok, false);
    assert.match(last(review.sent, 'editResult')?.errors[0] ?? '', /JSON/);
    assert.equal((await readJournal(runDir)).events.length, before, 'nothing appended');
    await review.receive({ type: 'edit', id: 't0-2', text: JSON.stringify({ instruction: '公积金可以还房贷吗？', input: '', output: '可以，按月对冲还款。' }) });
    assert.equal(last(review.sent, 'editResult')?.ok, true);
    const edited = (await readJournal(runDir)).events.at(-1);
    assert.equal(edited?.type, 'edited');
    assert.equal(edited.sample.kind === 'instruction' ? edited.sample.output : undefined, '可以，按月对冲还款。');
  });

  test('a bulk decision by score touches only judged pending candidates past the threshold, and one undo puts them all back', async () => {
    const review = await openOnRun();
    const unjudgedBefore = await journalTypes('t0-2');
    await review.receive({ type: 'decideByScore', decision: 'reject', threshold: 3 });
    const rejected = (await readJournal(runDir)).events.filter((e) => e.candidateId === 't0-1').at(-1);
    assert.equal(rejected?.type, 'rejected');
    assert.equal(rejected.reason, 'score < 3');
    assert.deepEqual(await journalTypes('t0-2'), unjudgedBefore, 'a candidate without a verdict is left for the reviewer');
    const afterBulk = last(review.sent, 'changed');
    assert.ok(afterBulk?.canUndo);
    await review.receive({ type: 'undo' });
    assert.deepEqual((await journalTypes('t0-1')).slice(-2), ['rejected', 'reopened']);
    assert.equal(last(review.sent, 'changed')?.counts.rejected, afterBulk.counts.rejected - 1);
    assert.equal(last(review.sent, 'changed')?.counts.pending, afterBulk.counts.pending + 1);
  });

  test('D opens VS Code’s diff editor on the seed and the candidate records; Save accepted reports its outcome', async () => {
    const review = await openOnRun();
    await review.receive({ type: 'openDiff', id: 't0-0' });
    await waitFor('the diff editor', () => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return input instanceof vscode.TabInputTextDiff && input.original.scheme === 'seedling-review' && input.modified.path.endsWith('/t0-0.json');
    });
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    assert.ok(input instanceof vscode.TabInputTextDiff);
    const candidate = await vscode.workspace.openTextDocument(input.modified);
    assert.equal((JSON.parse(candidate.getText()) as Record<string, unknown>)['instruction'], '租房的话可以提取住房公积金吗？');

    const output = join(root, 'gov-faq-housing-fund.alpaca.synthetic.jsonl');
    try {
      await review.receive({ type: 'decide', id: 't0-0', decision: 'accept' });
      await review.receive({ type: 'saveAccepted' });
      const notice = last(review.sent, 'notice');
      assert.equal(notice?.level, 'info', notice?.message);
      assert.match(notice.message, /Saved 1 accepted/);
      assert.ok(existsSync(output));
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      rmSync(output, { force: true });
    }
  });
});

suite('Review panel on a long run', function () {
  this.timeout(180_000);
  const LONG_RUN = '20261121-100001-long';
  const COUNT = 40_000;
  let runDir = '';

  suiteSetup(async () => {
    const long = (i: number) => `c${String(i).padStart(5, '0')}`;
    const events: CandidateEvent[] = [];
    for (let i = 0; i < COUNT; i++) events.push(makeEvent('generated', long(i), { sample: sample(`How do I file claim number ${i} with the housing fund office?`, `Bring the form for claim ${i} and your identity card to any branch.`), provenance, nearestSeedId: 'line:1' }));
    // Decisions come at the end of a journal: the first candidates read are still pending.
    for (let i = 0; i < COUNT; i += 4) events.push(makeEvent('accepted', long(i), { by: 'user' }));
    runDir = await writeTestRun({ id: LONG_RUN, seedPath: 'gov-faq-housing-fund.alpaca.jsonl', seedFormat: 'alpaca', seedRecords: 17, strategy: 'self-instruct', createdAt: '2026-11-21T10:00:01.000Z', events });
  });
  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  suiteTeardown(() => {
    rmSync(runDir, { recursive: true, force: true });
  });

  test('shows what was read of a long journal while reading it, then every decision in it', async () => {
    const { api } = await activateSeedling();
    await vscode.commands.executeCommand('seedling.openReview', LONG_RUN);
    const review = api.reviewPanel();
    assert.ok(review);
    const counts = (): Extract<HostToReviewMessage, { type: 'init' | 'changed' }> | undefined =>
      [...review.sent].reverse().find((m): m is Extract<HostToReviewMessage, { type: 'init' | 'changed' }> => m.type === 'init' || m.type === 'changed');
    await waitFor('every candidate read', () => counts()?.loading === null && counts()?.counts.pending === COUNT * 0.75, 120_000);
    assert.deepEqual(counts()?.counts, { pending: COUNT * 0.75, accepted: COUNT / 4, rejected: 0, failed: 0 });
    // What the webview heard while the journal was read: a share of it, never all.
    for (const message of review.sent) if ((message.type === 'init' || message.type === 'changed') && message.loading !== null) assert.ok(message.loading >= 0 && message.loading < 1, String(message.loading));
    const filter = { statuses: ['accepted' as const], flagged: false, scoreBelow: null, search: '' };
    await review.receive({ type: 'queryRows', requestId: 900, filter, sort: 'order', start: 0, count: 3 });
    const rows = [...review.sent].reverse().find((m): m is Extract<HostToReviewMessage, { type: 'rows' }> => m.type === 'rows' && m.requestId === 900);
    assert.ok(rows);
    assert.equal(rows.total, COUNT / 4);
    assert.deepEqual(rows.rows.map((r) => r.id), ['c00000', 'c00004', 'c00008']);
  });
});
