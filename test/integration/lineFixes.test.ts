// The LLM quick fixes of dataset lines in the editor, against the local test LLM server: judge
// a line (lens and hover), rewrite it with the critique and regenerate it from its run's seeds
// (diff, Apply, Undo), a line changed before Apply, a cancelled fix, and Judge Whole File.
import * as assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { sampleContentHash } from '../../src/core/model/contentHash';
import type { Sample } from '../../src/core/model/sample';
import { makeEvent } from '../../src/core/runs/candidateEvents';
import { judgementsPath, readJudgements } from '../../src/core/runs/judgementStore';
import type { LineProposal } from '../../src/extension/lines/lineProposals';
import { verdictHover, verdictLensText } from '../../src/extension/lines/verdictLenses';
import { type LlmServer, startLlmServer } from '../llmServer/llmServer';
import { activateSeedling, useTestServer, waitFor } from './seedlingExtension';
import { workspaceRoot, writeTestRun } from './testRuns';

const RUN_ID = '20261121-110000-line';
const FROM_RUN: Sample = { kind: 'instruction', instruction: '公积金贷款最多能贷多少年？', input: '', output: '一般最长30年。' };
const LINES = [
  '{"instruction":"How do I reset my router?","input":"","output":"Unplug it.","source":"faq-7"}',
  '{"instruction":"住房公积金可以用来交房租吗？","input":"","output":"可以。"}',
  '{"instruction":"What is the capital of France?","input":"","output":"Paris is the capital of France."}',
  JSON.stringify({ instruction: FROM_RUN.instruction, input: FROM_RUN.input, output: FROM_RUN.output }),
  '{"instruction": "broken",',
];
const ORIGINAL = `${LINES.join('\n')}\n`;

/** The document's text with line `index` replaced by `text`. */
function withLine(index: number, text: string, lines: readonly string[] = LINES): string {
  return `${lines.map((line, i) => (i === index ? text : line)).join('\n')}\n`;
}

async function lensesOn(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  return vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
}

async function actionTitles(uri: vscode.Uri, line: number): Promise<string[]> {
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, new vscode.Range(line, 0, line, 0));
  return actions.map((a) => a.title);
}

/** Markdown as the text it shows: escapes and non-breaking spaces undone. */
function shownText(markdown: string): string {
  return markdown.replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1');
}

function hoverText(hovers: readonly vscode.Hover[]): string {
  return shownText(hovers.flatMap((h) => h.contents.map((c) => (c instanceof vscode.MarkdownString ? c.value : ''))).join('\n'));
}

/** The proposal the last command showed. */
async function shownProposal(): Promise<LineProposal> {
  const { api } = await activateSeedling();
  const proposal = api.lineProposals.find();
  assert.ok(proposal, 'a proposal is shown');
  return proposal;
}

suite('LLM quick fixes of dataset lines', () => {
  let server: LlmServer;
  let file = '';
  let document: vscode.TextDocument;
  let restoreEndpoint: () => Promise<void> = () => Promise.resolve();

  suiteSetup(async () => {
    server = await startLlmServer();
    restoreEndpoint = await useTestServer(server.url, 'sk-lines-test-0123456789');
    const settings = vscode.workspace.getConfiguration('seedling');
    await settings.update('model', 'seedling-test-large', vscode.ConfigurationTarget.Workspace);
    await settings.update('judgeModel', 'seedling-judge', vscode.ConfigurationTarget.Workspace);
    const provenance = { strategy: 'self-instruct', models: ['seedling-test-large'], templateHash: 'a'.repeat(64), seedIds: ['line:1'], at: '2026-11-21T11:00:00.000Z', usage: { promptTokens: 1, completionTokens: 1 } };
    await writeTestRun({
      id: RUN_ID, seedPath: 'gov-faq-housing-fund.alpaca.jsonl', seedFormat: 'alpaca', seedRecords: 17, strategy: 'self-instruct', createdAt: '2026-11-21T11:00:00.000Z', models: { generator: ['seedling-test-large'], judge: ['seedling-judge'] },
      events: [makeEvent('generated', 't0-0', { sample: FROM_RUN, provenance }, new Date('2026-11-21T11:00:00.000Z'))],
    });
    file = join(workspaceRoot(), 'lines-probe.jsonl');
    writeFileSync(file, ORIGINAL);
    document = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(document);
  });
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const settings = vscode.workspace.getConfiguration('seedling');
    await settings.update('model', undefined, vscode.ConfigurationTarget.Workspace);
    await settings.update('judgeModel', undefined, vscode.ConfigurationTarget.Workspace);
    await restoreEndpoint();
    await server.close();
    rmSync(file, { force: true });
    rmSync(join(workspaceRoot(), '.seedling'), { recursive: true, force: true });
  });

  test('Judge This Line stores the verdict by content; a lens with the score and the weakest criterion and a hover with every reason appear', async () => {
    const { api } = await activateSeedling();
    assert.deepEqual(await actionTitles(document.uri, 0), ['Judge This Line', 'Rewrite with Critique']);
    assert.deepEqual(await actionTitles(document.uri, 4), [], 'an invalid line gets no LLM fixes');
    assert.deepEqual(await lensesOn(document.uri), []);

    await vscode.commands.executeCommand('seedling.judgeLine', document.uri, 0);
    const sample: Sample = { kind: 'instruction', instruction: 'How do I reset my router?', input: '', output: 'Unplug it.' };
    const known = api.lineVerdicts.verdictFor(sample);
    assert.ok(known, 'the verdict is known for the line’s content');
    assert.deepEqual(known.origin, { kind: 'editor' });
    assert.deepEqual(known.verdict.models, ['seedling-judge']);
    assert.equal(known.verdict.rubric, 'instruction');
    const stored = await readJudgements(judgementsPath(workspaceRoot()));
    assert.deepEqual(stored.judgements.map((j) => [j.contentHash, j.rubric, j.models]), [[sampleContentHash(sample), 'instruction', ['seedling-judge']]]);
    assert.equal(document.getText(), ORIGINAL, 'judging changes no text');

    const weakest = [...known.verdict.criteria].sort((a, b) => a.score - b.score)[0];
    assert.ok(weakest);
    const expected = `★ ${known.verdict.overall.toFixed(1)} / 5 · weakest: ${weakest.name} ${String(weakest.score)}${known.verdict.passed === false ? ' · below the pass score' : ''}`;
    let lenses: vscode.CodeLens[] = [];
    await waitFor('the score lens', async () => (lenses = await lensesOn(document.uri)).length === 1);
    const [lens] = lenses;
    assert.ok(lens);
    assert.equal(lens.range.start.line, 0);
    assert.equal(lens.command?.title, expected);

    const hover = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(0, 3)));
    for (const criterion of known.verdict.criteria) assert.ok(hover.includes(`${criterion.name} ${String(criterion.score)}: ${criterion.reason}`), `the hover gives ${criterion.name}’s score and reason: ${hover}`);
    assert.ok(hover.includes(known.verdict.critique ?? '∅'), 'the hover gives the critique');
    assert.match(hover, /Judged by seedling-judge · judged in the editor · rubric instruction/);
    assert.equal(hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(2, 3))), '', 'no hover on a line never judged');
    assert.deepEqual(await actionTitles(document.uri, 0), ['Judge This Line Again', 'Rewrite with Critique']);
  });

  test('the hover shows an LLM’s links, HTML and command URIs as text, and the lens names the weakest criterion and a failed pass', () => {
    const hostile = '[run](command:workbench.action.terminal.new) <img src=x onerror=alert(1)> **bold**';
    const hover = verdictHover({ contentHash: 'h', at: '2026-11-21T11:00:00.000Z', origin: { kind: 'run', runId: 'r1', candidateId: 't0-3' }, verdict: { overall: 2.4, criteria: [{ name: 'accuracy', score: 4, reason: hostile }, { name: 'no_fabrication', score: 1, reason: '编造了政策' }], critique: hostile, models: ['seedling-judge'], passed: false } });
    assert.equal(hover.isTrusted, false);
    assert.equal(hover.supportHtml, false);
    assert.ok(!hover.value.includes('](command:'), hover.value);
    assert.ok(!hover.value.includes('<img'), hover.value);
    assert.match(shownText(hover.value), /Judged by seedling-judge · from run r1, candidate t0-3/);
    assert.equal(verdictLensText({ overall: 2.4, criteria: [{ name: 'accuracy', score: 4, reason: '' }, { name: 'no_fabrication', score: 1, reason: '' }], models: [], passed: false }), '★ 2.4 / 5 · weakest: no_fabrication 1 · below the pass score');
  });

  test('Rewrite with Critique shows the proposal in a diff; Apply replaces the line in its own format in one edit, and Undo restores it', async () => {
    const { api } = await activateSeedling();
    server.clearLog();
    await vscode.commands.executeCommand('seedling.rewriteLine', document.uri, 0);
    const proposal = await shownProposal();
    assert.ok(server.requests.some((r) => JSON.stringify(r.body).includes('revised_sample')), 'the model was asked for the revised fields');
    assert.equal(proposal.mode, 'rewrite');
    assert.equal(proposal.originalText, LINES[0]);
    const record = JSON.parse(proposal.proposedText) as Record<string, unknown>;
    assert.deepEqual(Object.keys(record), ['instruction', 'input', 'output', 'source'], 'alpaca, with its unknown field kept');
    assert.equal(record['source'], 'faq-7');
    assert.ok(proposal.verdict, 'the rewrite is judged');
    const diff = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    assert.ok(diff instanceof vscode.TabInputTextDiff && diff.modified.toString() === proposal.after.toString(), 'the diff of the proposal is open');
    assert.equal(document.getText(), ORIGINAL, 'nothing changes before Apply');

    await vscode.commands.executeCommand('seedling.applyLineProposal', proposal.after);
    assert.equal(document.getText(), withLine(0, proposal.proposedText));
    assert.equal(api.lineProposals.find(proposal.id), undefined);
    await waitFor('the new line’s lens', async () => (await lensesOn(document.uri)).some((l) => l.range.start.line === 0 && l.command?.title.startsWith(`★ ${proposal.verdict?.overall.toFixed(1) ?? ''} / 5`) === true));

    await vscode.commands.executeCommand('undo');
    await waitFor('Undo to restore the line', () => document.getText() === ORIGINAL);
  });

  test('a Chinese line: Apply is refused while the line differs from what the proposal was made from, then applies', async () => {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('seedling.rewriteLine', document.uri, 1);
    const proposal = await shownProposal();
    assert.equal(proposal.originalText, LINES[1]);
    assert.match(proposal.proposedText, /\p{Script=Han}/u, 'the rewrite stays in Chinese');

    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((edit) => {
      edit.insert(new vscode.Position(1, LINES[1]?.indexOf('可以。') ?? 0), '当然');
    });
    const edited = document.getText();
    await vscode.commands.executeCommand('seedling.applyLineProposal', proposal.id);
    assert.equal(document.getText(), edited, 'a changed line is left alone');

    await vscode.commands.executeCommand('undo');
    await waitFor('the edit to be undone', () => document.getText() === ORIGINAL);
    await vscode.commands.executeCommand('seedling.applyLineProposal', proposal.id);
    assert.equal(document.getText(), withLine(1, proposal.proposedText));
    await vscode.commands.executeCommand('undo');
    await waitFor('Undo to restore the Chinese line', () => document.getText() === ORIGINAL);
  });

  test('a cancelled rewrite changes nothing: no text, no proposal, no verdict', async () => {
    const { api } = await activateSeedling();
    const storedBefore = readFileSync(judgementsPath(workspaceRoot()), 'utf8');
    const latest = api.lineProposals.find();
    server.clearLog();
    server.configure({ faults: [{ kind: 'stall' }] });
    const controller = new AbortController();
    try {
      const pending = api.lineFixes.rewriteLine(document, 2, controller.signal);
      await waitFor('the request to the model', () => server.requests.length > 0);
      controller.abort();
      assert.equal(await pending, undefined);
    } finally {
      server.configure({ faults: [] });
    }
    assert.equal(document.getText(), ORIGINAL);
    assert.equal(api.lineProposals.find(), latest);
    assert.equal(readFileSync(judgementsPath(workspaceRoot()), 'utf8'), storedBefore);
  });

  test('Regenerate from Seed, on a line with a run candidate’s content, proposes a new sample from the run’s seeds; Apply writes it', async () => {
    assert.deepEqual(await actionTitles(document.uri, 3), ['Judge This Line', 'Rewrite with Critique', 'Regenerate from Seed']);
    await vscode.commands.executeCommand('seedling.regenerateLine', document.uri, 3);
    const proposal = await shownProposal();
    assert.equal(proposal.mode, 'regenerate');
    assert.deepEqual(Object.keys(JSON.parse(proposal.proposedText) as object), ['instruction', 'input', 'output']);
    await vscode.commands.executeCommand('seedling.applyLineProposal');
    assert.equal(document.getText(), withLine(3, proposal.proposedText));
    await vscode.commands.executeCommand('undo');
    await waitFor('Undo to restore the run’s line', () => document.getText() === ORIGINAL);
  });

  test('a cancelled Judge Whole File keeps the verdicts it has, and the next pass judges only the rest', async () => {
    const { api } = await activateSeedling();
    const whole = join(workspaceRoot(), 'lines-cancel.jsonl');
    const lines = Array.from({ length: 12 }, (_, i) => JSON.stringify({ instruction: `第${i + 1}个问题：公积金怎么提取？`, input: '', output: `答案${i + 1}。` }));
    writeFileSync(whole, `${lines.join('\n')}\n`);
    const storeBefore = (await readJudgements(judgementsPath(workspaceRoot()))).judgements.length;
    server.configure({ latencyMs: 150 });
    try {
      const wholeDocument = await vscode.workspace.openTextDocument(whole);
      const controller = new AbortController();
      const pending = api.fileJudging.judgeFile(wholeDocument, controller.signal);
      await waitFor('a first verdict', async () => (await readJudgements(judgementsPath(workspaceRoot()))).judgements.length > storeBefore);
      controller.abort();
      const summary = await pending;
      assert.equal(summary.cancelled, true);
      assert.ok(summary.judged >= 1 && summary.judged < 12, `judged ${summary.judged}`);
      assert.equal((await readJudgements(judgementsPath(workspaceRoot()))).judgements.length, storeBefore + summary.judged, 'every verdict given is kept');
      server.configure({ latencyMs: 0 });
      const rest = await api.fileJudging.judgeFile(wholeDocument);
      assert.equal(rest.total, 12 - summary.judged);
      assert.equal(rest.judged, rest.total);
      assert.equal(wholeDocument.getText(), `${lines.join('\n')}\n`);
    } finally {
      server.configure({ latencyMs: 0 });
      rmSync(whole, { force: true });
    }
  });

  test('Judge Whole File judges every line whose content has no verdict, once per content, and every valid line gets its lens', async () => {
    const { api } = await activateSeedling();
    const whole = join(workspaceRoot(), 'lines-whole.jsonl');
    const lines = [LINES[2] ?? '', '{"instruction":"个人所得税怎么申报？","input":"","output":"通过个人所得税App申报。"}', LINES[2] ?? '', '{"instruction":"Name a prime number.","input":"","output":"7"}', 'not json'];
    writeFileSync(whole, `${lines.join('\n')}\n`);
    try {
      const wholeDocument = await vscode.workspace.openTextDocument(whole);
      await vscode.window.showTextDocument(wholeDocument);
      const summary = await api.fileJudging.judgeFile(wholeDocument);
      assert.deepEqual({ total: summary.total, judged: summary.judged, failed: summary.failed, cancelled: summary.cancelled }, { total: 3, judged: 3, failed: 0, cancelled: false });
      let lenses: vscode.CodeLens[] = [];
      await waitFor('a lens on every valid line', async () => (lenses = await lensesOn(wholeDocument.uri)).length === 4);
      assert.deepEqual(lenses.map((l) => l.range.start.line).sort(), [0, 1, 2, 3]);
      for (const lens of lenses) assert.match(lens.command?.title ?? '', /^★ \d\.\d \/ 5 · weakest: /);
      assert.equal(wholeDocument.getText(), `${lines.join('\n')}\n`);
      const again = await api.fileJudging.judgeFile(wholeDocument);
      assert.equal(again.total, 0, 'nothing is judged twice');
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      rmSync(whole, { force: true });
    }
  });
});
