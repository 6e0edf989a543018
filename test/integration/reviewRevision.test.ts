// Fixing and regenerating candidates from review, and the sidebar's Review view, against a run
// generated from the local test LLM server inside the extension host.
import * as assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { makeEvent } from '../../src/core/runs/candidateEvents';
import { reduceEvents } from '../../src/core/runs/candidateState';
import { CandidateJournal, readJournal } from '../../src/core/runs/journal';
import type { HostToReviewMessage } from '../../src/protocol/reviewMessages';
import type { ReviewSession } from '../../src/extension/webviews/reviewSession';
import { type LlmServer, startLlmServer } from '../llmServer/llmServer';
import { activateSeedling, testRun, useTestServer, waitFor } from './seedlingExtension';

const last = <T extends HostToReviewMessage['type']>(sent: readonly HostToReviewMessage[], type: T) =>
  [...sent].reverse().find((m): m is Extract<HostToReviewMessage, { type: T }> => m.type === type);
/** The counts the webview last heard: an `init` (the webview's `ready` can come late and load the run again) or a `changed`. */
const lastCounts = (sent: readonly HostToReviewMessage[]) =>
  [...sent].reverse().find((m): m is Extract<HostToReviewMessage, { type: 'init' | 'changed' }> => m.type === 'init' || m.type === 'changed')?.counts;
/** The outcome of the latest revision of `id` (the live webview's own `select`s may add `none` states after it). */
const outcome = (sent: readonly HostToReviewMessage[], id: string) =>
  [...sent].reverse().find((m): m is Extract<HostToReviewMessage, { type: 'revision' }> => m.type === 'revision' && m.id === id && (m.state === 'ready' || m.state === 'failed'));

suite('Fix, regenerate and the sidebar Review view', () => {
  let server: LlmServer;
  let root = '';
  let runId = '';
  let runDir = '';
  let restoreEndpoint: () => Promise<void> = () => Promise.resolve();

  suiteSetup(async () => {
    server = await startLlmServer();
    root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    restoreEndpoint = await useTestServer(server.url, 'sk-revision-test-0123456789');
    const { api } = await activateSeedling();
    const report = await api.generation.start(testRun(join(root, 'gov-faq-housing-fund.alpaca.jsonl'), 'self-instruct', 4));
    assert.equal(report.stopReason, 'completed', report.message);
    runId = report.runId;
    runDir = report.runDir;
  });
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await restoreEndpoint();
    await server.close();
    rmSync(join(root, '.seedling'), { recursive: true, force: true });
  });

  async function openPanelOn(id: string): Promise<ReviewSession> {
    const { api } = await activateSeedling();
    await vscode.commands.executeCommand('seedling.openReview', runId, id);
    const review = api.reviewPanel();
    assert.ok(review);
    await waitFor('the run', () => review.runUnderReview?.manifest.id === runId);
    return review;
  }

  /** The `nth` judged pending candidate: each test asks for its own, so no answer comes from the cache of another. */
  async function judgedCandidate(nth = 0): Promise<string> {
    const { api } = await activateSeedling();
    const run = await api.runs.find(runId);
    assert.ok(run);
    const state = [...(await api.runs.candidates(run)).values()].filter((s) => s.status === 'pending' && s.verdict?.critique !== undefined)[nth];
    assert.ok(state, 'a judged pending candidate');
    return state.id;
  }

  test('Fix with critique shows a checked, judged proposal as a diff; Apply journals it and Undo puts the candidate back', async () => {
    const { api } = await activateSeedling();
    const id = await judgedCandidate();
    const review = await openPanelOn(id);
    const before = (await readJournal(runDir)).events.length;
    const original = review.runUnderReview && (await api.runs.candidates(review.runUnderReview)).get(id)?.sample;
    assert.ok(original);
    server.clearLog();

    await review.receive({ type: 'revise', id, mode: 'fix' });
    const ready = outcome(review.sent, id);
    assert.equal(ready?.state, 'ready', ready?.error ?? '');
    assert.ok(ready.proposal);
    assert.ok(ready.proposal.verdict, 'the proposal is judged again');
    assert.ok(ready.proposal.fields.some((f) => f.segments.some((s) => s.op !== 'equal')), 'the diff shows what the fix changes');
    assert.ok(server.requests.some((r) => JSON.stringify(r.body).includes('revised_sample')), 'the model was asked for the revised fields');
    assert.equal((await readJournal(runDir)).events.length, before, 'nothing is written before Apply');

    await review.receive({ type: 'resolveRevision', id, apply: true });
    const appended = (await readJournal(runDir)).events.slice(before);
    assert.deepEqual(appended.map((e) => e.type), ['edited', 'checked', 'judged']);
    assert.equal(appended[0]?.type === 'edited' ? appended[0].by : undefined, 'fix');
    assert.equal(last(review.sent, 'revision')?.state, 'none');
    assert.equal(last(review.sent, 'detail')?.candidate?.edited, true);

    await review.receive({ type: 'undo' });
    const undone = (await readJournal(runDir)).events.slice(before + 3);
    assert.equal(undone[0]?.type, 'edited');
    assert.ok(undone.some((e) => e.type === 'judged'), 'the old verdict comes back');
    const { api: again } = await activateSeedling();
    const run = await again.runs.find(runId);
    assert.ok(run);
    again.runs.invalidate(runId);
    assert.deepEqual((await again.runs.candidates(run)).get(id)?.sample, original, 'the candidate reads as before the fix');
  });

  test('Regenerate proposes a new candidate from the same seeds; Discard leaves the journal alone', async () => {
    const id = await judgedCandidate();
    const review = await openPanelOn(id);
    const before = (await readJournal(runDir)).events.length;
    await review.receive({ type: 'revise', id, mode: 'regenerate' });
    const ready = outcome(review.sent, id);
    assert.equal(ready?.state, 'ready', ready?.error ?? '');
    assert.equal(ready.mode, 'regenerate');
    await review.receive({ type: 'resolveRevision', id, apply: false });
    assert.equal(last(review.sent, 'revision')?.state, 'none');
    assert.equal((await readJournal(runDir)).events.length, before);
  });

  test('the Fix command of a candidate line opens it in the panel with the proposal', async () => {
    const { api } = await activateSeedling();
    const id = await judgedCandidate(1);
    await vscode.commands.executeCommand('seedling.fixCandidate', runId, id);
    const review = api.reviewPanel();
    assert.ok(review);
    const ready = outcome(review.sent, id);
    assert.equal(ready?.id, id);
    assert.equal(ready.state, 'ready', ready.error ?? '');
  });

  test('a fix that fails says why and changes nothing', async () => {
    const id = await judgedCandidate(2);
    const review = await openPanelOn(id);
    const before = (await readJournal(runDir)).events.length;
    server.configure({ faults: [{ kind: 'http400', rate: 1 }] });
    try {
      await review.receive({ type: 'revise', id, mode: 'fix' });
    } finally {
      server.configure({ faults: [] });
    }
    const failed = outcome(review.sent, id);
    assert.equal(failed?.state, 'failed');
    assert.ok((failed.error ?? '').length > 0);
    assert.equal((await readJournal(runDir)).events.length, before);
  });

  test('the Review panel takes in what another writer appends to the journal (the CLI, another window)', async () => {
    const id = await judgedCandidate(3);
    const review = await openPanelOn(id);
    const rejectedBefore = [...reduceEvents((await readJournal(runDir)).events).values()].filter((s) => s.status === 'rejected').length;
    // Written straight to the file, as another process would: only the file watcher tells the panel.
    const journal = await CandidateJournal.open(runDir);
    try {
      await journal.append([makeEvent('rejected', id, { by: 'user', reason: 'from another window' })]);
    } finally {
      await journal.close();
    }
    await waitFor('the panel to show the outside decision', () => lastCounts(review.sent)?.rejected === rejectedBefore + 1, 20_000);
    await review.receive({ type: 'select', id });
    await waitFor('the detail to say who decided', () => last(review.sent, 'detail')?.candidate?.decisionReason === 'from another window');
  });

  test('the sidebar Review view reviews a run on its own, keeps the editor on the diff, and stays in step with the panel', async () => {
    const { api } = await activateSeedling();
    await vscode.commands.executeCommand('seedling.openReview', runId);
    const panel = api.reviewPanel();
    assert.ok(panel);
    await vscode.commands.executeCommand('seedling.openReviewSidebar', runId);
    await waitFor('the sidebar view', () => api.reviewSidebar.review !== undefined);
    const sidebar: ReviewSession | undefined = api.reviewSidebar.review;
    assert.ok(sidebar);
    await waitFor('the sidebar on the run', () => sidebar.runUnderReview?.manifest.id === runId, 15_000);
    assert.match(sidebar.html, /<body data-view="review" data-layout="sidebar">/);

    const id = await judgedCandidate();
    await sidebar.receive({ type: 'select', id });
    // The live view may select its first row meanwhile: the editor follows whichever is current.
    await waitFor('the diff editor on the current candidate', () => {
      const current = sidebar.selectedCandidate;
      const shown = vscode.window.tabGroups.all.flatMap((group) => group.tabs).map((tab) => tab.input);
      return current !== null && shown.some((input) => input instanceof vscode.TabInputTextDiff && input.modified.path.endsWith(`/${current}.json`));
    }, 15_000);

    const acceptedBefore = [...reduceEvents((await readJournal(runDir)).events).values()].filter((s) => s.status === 'accepted').length;
    await sidebar.receive({ type: 'decide', id, decision: 'accept' });
    assert.equal((await readJournal(runDir)).events.at(-1)?.type, 'accepted');
    await waitFor('the panel to hear of the sidebar’s decision', () => lastCounts(panel.sent)?.accepted === acceptedBefore + 1, 15_000);
  });
});
