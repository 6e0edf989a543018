// Every kind of problem Seedling finds on a JSON Lines dataset shows at its exact place, each
// quick fix leaves the document as the user expects, and a 100,000-line file is checked too.
import * as assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { ConvertFormatActions } from '../../src/extension/diagnostics/convertFormatAction';
import { makeEvent, type Verdict } from '../../src/core/runs/candidateEvents';
import { activateSeedling, waitFor } from './seedlingExtension';
import { writeTestRun } from './testRuns';

const alpaca = (instruction: string, output: string): string => JSON.stringify({ instruction, input: '', output });

const LINES = [
  alpaca('Write a short poem about the sea at night.', 'Waves fold silver under the moon.'),
  '{"question": "Why is the sky blue?", "reply": "Rayleigh scattering."}',
  '{"instruction": "Say hello politely.", "response": "Good morning to you!"}',
  alpaca('Name a prime number.', 'k'),
  alpaca('What do you think of cats?', 'As an AI language model, I have no pets.'),
  alpaca('Write a short poem about the sea at night.', 'Waves fold silver under the moon.'),
  alpaca('Write a short poem about the sea at dawn.', 'Gulls wake the grey water.'),
  alpaca('用一句话介绍长城。', '长城是中国古代修建的军事防御工程。'),
  alpaca('用一句话介绍长城。', '长城是中国古代修建的军事防御工程。'),
  alpaca('Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May. How many clips did she sell?', '72 clips.'),
  '{"prompt": "Name a tree that loses its leaves.", "completion": "The oak."}',
  '{"messages": [{"role": "assistant", "content": "Hello."}, {"role": "user", "content": "Hi there."}]}',
];

const EVAL_ITEM = '{"question": "Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May. How many clips did Natalia sell altogether in April and May?", "answer": "72"}';

function root(): string {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
}

async function quickFixes(document: vscode.TextDocument, diagnostic: vscode.Diagnostic, title: string): Promise<vscode.CodeAction[]> {
  let actions: vscode.CodeAction[] = [];
  // The lightbulb asks once VS Code's markers hold the problem, a moment after it is set.
  await waitFor(`the quick fix “${title}”`, async () => {
    actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
    return actions.some((a) => a.title === title);
  });
  return actions;
}

async function applyFix(document: vscode.TextDocument, diagnostic: vscode.Diagnostic, title: string): Promise<void> {
  const action = (await quickFixes(document, diagnostic, title)).find((a) => a.title === title);
  assert.ok(action?.edit, `the fix “${title}” carries its edit`);
  assert.ok(await vscode.workspace.applyEdit(action.edit));
}

suite('Dataset checks and quick fixes', function () {
  this.timeout(180_000);
  let file = '';
  let evalFile = '';
  let document: vscode.TextDocument;
  const settings = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('seedling.diagnostics');

  suiteSetup(async () => {
    file = join(root(), 'checks-probe.jsonl');
    evalFile = join(root(), 'checks-eval.jsonl');
    writeFileSync(file, `${LINES.join('\n')}\n`);
    writeFileSync(evalFile, `${EVAL_ITEM}\n`);
    await settings().update('evalFiles', ['checks-eval.jsonl'], vscode.ConfigurationTarget.Workspace);
  });

  setup(async () => {
    const { api } = await activateSeedling();
    document = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(document);
    await api.datasetDiagnostics.check(document);
  });

  teardown(async () => {
    // Put the file back as it is on disk, whichever editor has the focus.
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  suiteTeardown(async () => {
    await settings().update('evalFiles', undefined, vscode.ConfigurationTarget.Workspace);
    await settings().update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    rmSync(file, { force: true });
    rmSync(evalFile, { force: true });
  });

  test('each kind of problem shows at its exact range, duplicates pointing at the other line', async () => {
    const { api } = await activateSeedling();
    await waitFor('the contamination check', () => api.datasetDiagnostics.diagnostics(document.uri).some((d) => d.code === 'contaminated'));
    const shown = api.datasetDiagnostics.diagnostics(document.uri);
    const at = (line: number, code: string): vscode.Diagnostic => {
      const found = shown.find((d) => d.range.start.line === line && d.code === code);
      assert.ok(found, `a ${code} problem on line ${line + 1}; shown: ${shown.map((d) => `${d.range.start.line + 1}:${typeof d.code === "string" ? d.code : "?"}`).join(', ')}`);
      return found;
    };
    const span = (d: vscode.Diagnostic): [number, number, number, number] => [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character];
    const valueSpan = (line: number, value: string): [number, number, number, number] => {
      const start = (LINES[line] ?? '').indexOf(JSON.stringify(value));
      return [line, start, line, start + JSON.stringify(value).length];
    };
    const whole = (line: number): [number, number, number, number] => [line, 0, line, (LINES[line] ?? '').length];

    assert.deepEqual(span(at(1, 'unknown-format')), whole(1));
    assert.match(at(1, 'unknown-format').message, /match no known format/);
    assert.deepEqual(span(at(2, 'missing-field')), whole(2));
    assert.match(at(2, 'missing-field').message, /no "output" field/);
    assert.deepEqual(span(at(3, 'too-short')), valueSpan(3, 'k'));
    assert.deepEqual(span(at(4, 'banned-phrase')), valueSpan(4, 'As an AI language model, I have no pets.'));

    const duplicate = at(5, 'duplicate-line');
    assert.equal(duplicate.message, 'an exact duplicate of line 1');
    assert.deepEqual(duplicate.relatedInformation?.map((r) => [r.location.uri.toString(), r.location.range.start.line, r.message]), [[document.uri.toString(), 0, 'the first copy']]);
    const near = at(6, 'near-duplicate');
    assert.equal(near.message, 'a near-duplicate of line 1 (ROUGE-L 0.89 between the prompts)');
    assert.deepEqual(near.relatedInformation?.map((r) => [r.location.range.start.line, r.message]), [[0, 'ROUGE-L 0.89']]);
    assert.equal(at(8, 'duplicate-line').message, 'an exact duplicate of line 8');
    assert.equal(shown.filter((d) => d.range.start.line === 7).length, 0, 'the first Chinese copy is fine');

    assert.equal(at(9, 'contaminated').message.startsWith('overlaps the eval item checks-eval.jsonl:1'), true, at(9, 'contaminated').message);
    assert.deepEqual(span(at(9, 'contaminated')), whole(9));
    assert.deepEqual(span(at(10, 'mixed-format')), whole(10));
    const roleOrder = at(11, 'wrong-role-order');
    assert.deepEqual(span(roleOrder), valueSpan(11, 'assistant'));
    assert.equal(shown.filter((d) => d.range.start.line === 0).length, 0, 'a good line has no problem');
  });

  test('a rule from the settings applies at once, on Chinese text too', async () => {
    const { api } = await activateSeedling();
    await settings().update('rules', { maxLength: { output: 10 } }, vscode.ConfigurationTarget.Workspace);
    try {
      await waitFor('the too-long problem', () => api.datasetDiagnostics.diagnostics(document.uri).some((d) => d.code === 'too-long' && d.range.start.line === 7));
      const long = api.datasetDiagnostics.diagnostics(document.uri).find((d) => d.code === 'too-long' && d.range.start.line === 7);
      const value = JSON.stringify('长城是中国古代修建的军事防御工程。');
      const start = (LINES[7] ?? '').indexOf(value);
      assert.deepEqual([long?.range.start.character, long?.range.end.character], [start, start + value.length]);
      assert.equal(long?.message, '"output" has 17 characters, more than the maximum of 10');
    } finally {
      await settings().update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor('the problem to go with the setting', () => !api.datasetDiagnostics.diagnostics(document.uri).some((d) => d.code === 'too-long'));
  });

  test('the quick fixes fill a missing field, convert a line, and remove a duplicate line', async () => {
    const { api } = await activateSeedling();
    const find = (line: number, code: string): vscode.Diagnostic => {
      const found = api.datasetDiagnostics.diagnostics(document.uri).find((d) => d.range.start.line === line && d.code === code);
      assert.ok(found, `a ${code} problem on line ${line + 1}`);
      return found;
    };
    await applyFix(document, find(2, 'missing-field'), 'Fill the missing fields: use "response" as "output"');
    assert.equal(document.lineAt(2).text, '{"instruction":"Say hello politely.","output":"Good morning to you!"}');

    await applyFix(document, find(10, 'mixed-format'), 'Convert this line to Alpaca (instruction, input, output)');
    assert.equal(document.lineAt(10).text, '{"instruction":"Name a tree that loses its leaves.","input":"","output":"The oak."}');

    await applyFix(document, find(8, 'duplicate-line'), 'Remove this duplicate line');
    assert.equal(document.lineCount, LINES.length); // 12 lines and the empty one after the final newline, less one
    assert.equal(document.lineAt(8).text, LINES[9]);
    await waitFor('the fixed lines to be clean', () => !api.datasetDiagnostics.diagnostics(document.uri).some((d) => [2, 9].includes(d.range.start.line)));

    // Undo takes back one fix at a time, the last first.
    await vscode.commands.executeCommand('undo');
    await waitFor('undo to bring the duplicate back', () => document.lineAt(8).text === LINES[8]);
  });

  test('a line that cannot be converted says why instead of offering an edit', async () => {
    const { api } = await activateSeedling();
    const dialogue = '{"messages": [{"role": "user", "content": "Hi."}, {"role": "assistant", "content": "Hello!"}, {"role": "user", "content": "Bye."}, {"role": "assistant", "content": "Goodbye!"}]}';
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor);
    await editor.edit((edit) => { edit.replace(document.lineAt(11).range, dialogue); });
    await waitFor('the mixed-format problem', () => api.datasetDiagnostics.diagnostics(document.uri).some((d) => d.range.start.line === 11 && d.code === 'mixed-format'));
    const problem = api.datasetDiagnostics.diagnostics(document.uri).find((d) => d.range.start.line === 11 && d.code === 'mixed-format');
    assert.ok(problem);
    // VS Code lists a disabled action greyed out with its reason; its API command leaves such actions out, so ask the provider.
    const actions = new ConvertFormatActions(api.datasetDiagnostics).provideCodeActions(document, problem.range);
    assert.deepEqual(
      actions.map((a) => [a.title, a.edit, a.disabled?.reason]),
      [['Convert this line to Alpaca (instruction, input, output)', undefined, 'It cannot be converted: a multi-turn dialogue (2 user turns) has no single prompt and answer.']],
    );
  });

  test('fix all removes every exact duplicate in one edit that one Undo reverts', async () => {
    const { api } = await activateSeedling();
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor);
    const original = document.getText();
    // Another copy of line 1, at the end of the file.
    await editor.edit((edit) => { edit.insert(new vscode.Position(document.lineCount - 1, 0), `${LINES[0] ?? ''}\n`); });
    await waitFor('three exact duplicates', () => api.datasetDiagnostics.diagnostics(document.uri).filter((d) => d.code === 'duplicate-line').length === 3);
    const first = api.datasetDiagnostics.diagnostics(document.uri).find((d) => d.code === 'duplicate-line');
    assert.ok(first);
    await applyFix(document, first, 'Remove all 3 exact duplicate lines (the first copies stay)');
    assert.equal(document.getText(), `${LINES.filter((_, i) => i !== 5 && i !== 8).join('\n')}\n`);
    await waitFor('the duplicates to go', () => !api.datasetDiagnostics.diagnostics(document.uri).some((d) => d.code === 'duplicate-line'));
    await vscode.commands.executeCommand('undo');
    await waitFor('one undo to bring all three back', () => document.getText() === `${original}${LINES[0] ?? ''}\n`);
  });
});

suite('Dataset repairs across lines and across the file', () => {
  let file = '';
  let files = 0;
  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    rmSync(file, { force: true });
  });

  async function open(lines: readonly string[]): Promise<vscode.TextDocument> {
    // A new name each time: VS Code may keep a closed file's text for a while.
    file = join(root(), `checks-repairs-${++files}.jsonl`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const { api } = await activateSeedling();
    const document = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(document);
    await api.datasetDiagnostics.check(document);
    return document;
  }

  test('a record split by raw line breaks is joined back into one line, from either of its lines', async () => {
    const { api } = await activateSeedling();
    const lines = ['{"instruction": "写一首两行的诗：', '春眠不觉晓，处处闻啼鸟。", "output": "好的"}', alpaca('Name a river.', 'The Nile.')];
    const document = await open(lines);
    const second = api.datasetDiagnostics.diagnostics(document.uri).find((d) => d.range.start.line === 1 && d.code === 'invalid-json');
    assert.ok(second, 'the second half is invalid JSON too');
    await applyFix(document, second, 'Join lines 1–2 into one record (escape the line breaks)');
    assert.equal(document.getText(), `{"instruction": "写一首两行的诗：\\n春眠不觉晓，处处闻啼鸟。", "output": "好的"}\n${lines[2] ?? ''}\n`);
    await waitFor('the problems to go', () => api.datasetDiagnostics.diagnostics(document.uri).length === 0);
  });

  test('Repair JSON on all lines fixes every repairable line in one edit', async () => {
    const { api } = await activateSeedling();
    const document = await open(["{'instruction': 'Name a colour.', 'output': 'Blue.'}", alpaca('Name a fruit.', 'A pear.'), '{"instruction": "Name a metal.", "output": "Iron.",}']);
    const first = api.datasetDiagnostics.diagnostics(document.uri).find((d) => d.code === 'invalid-json');
    assert.ok(first);
    await applyFix(document, first, 'Repair JSON on all 2 lines that can be repaired');
    assert.equal(document.getText(), `{"instruction": "Name a colour.", "output": "Blue."}\n${alpaca('Name a fruit.', 'A pear.')}\n{"instruction": "Name a metal.", "output": "Iron."}\n`);
  });

  test('converting and filling every line of a kind at once leaves each in the file’s format', async () => {
    const { api } = await activateSeedling();
    const document = await open([
      alpaca('Name a colour.', 'Blue.'),
      alpaca('Name a fruit.', 'A pear.'),
      alpaca('Name a river.', 'The Nile.'),
      '{"prompt": "Name a tree.", "completion": "The oak."}',
      '{"prompt": "说出一种花。", "completion": "牡丹。"}',
      '{"instruction": "Name a metal.", "answer": "Iron."}',
      '{"instruction": "Name a gas.", "response": "Neon."}',
    ]);
    const mixed = api.datasetDiagnostics.diagnostics(document.uri).find((d) => d.code === 'mixed-format');
    assert.ok(mixed);
    await applyFix(document, mixed, 'Convert all 2 lines that can be converted to Alpaca (instruction, input, output)');
    const missing = api.datasetDiagnostics.diagnostics(document.uri).find((d) => d.code === 'missing-field');
    assert.ok(missing);
    await applyFix(document, missing, 'Fill the missing fields on all 2 lines where the record holds them');
    assert.deepEqual(document.getText().split('\n').slice(3), [
      '{"instruction":"Name a tree.","input":"","output":"The oak."}',
      '{"instruction":"说出一种花。","input":"","output":"牡丹。"}',
      '{"instruction":"Name a metal.","output":"Iron."}',
      '{"instruction":"Name a gas.","output":"Neon."}',
      '',
    ]);
    await waitFor('a clean file', () => api.datasetDiagnostics.diagnostics(document.uri).length === 0);
  });

  test('above the line limit only the cheap checks run, and line 1 says why the rest is off', async () => {
    const { api } = await activateSeedling();
    const settings = vscode.workspace.getConfiguration('seedling.diagnostics');
    await settings.update('fullCheckLineLimit', 2, vscode.ConfigurationTarget.Workspace);
    try {
      const lines = [alpaca('Write a poem about the sea.', 'Waves.'), alpaca('Write a poem about the sea!', 'Waves!'), alpaca('Write a poem about the sea.', 'Waves.')];
      const document = await open(lines);
      await waitFor('the limited checks', () => api.datasetDiagnostics.diagnostics(document.uri).some((d) => d.code === 'checks-limited'));
      const shown = api.datasetDiagnostics.diagnostics(document.uri);
      assert.deepEqual(shown.map((d) => [d.range.start.line, d.code, d.severity]), [
        [0, 'checks-limited', vscode.DiagnosticSeverity.Information],
        [2, 'duplicate-line', vscode.DiagnosticSeverity.Warning],
      ]);
      assert.match(shown[0]?.message ?? '', /Near-duplicate and contamination checks are off for this file: it has 3 lines, more than the limit of 2/);
    } finally {
      await settings.update('fullCheckLineLimit', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});

suite('Judge scores on dataset lines', () => {
  const RUN_ID = '20261121-120000-scores';
  const JUDGED = { kind: 'instruction' as const, instruction: 'Explain why the sky is blue.', input: '', output: 'Because it is.' };
  let file = '';
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(file, { force: true });
    rmSync(join(root(), '.seedling'), { recursive: true, force: true });
  });

  test('a line whose content a run judged below the pass score shows it, and a later passing verdict clears it', async () => {
    const { api } = await activateSeedling();
    const at = new Date('2026-11-21T12:00:00.000Z');
    const provenance = { strategy: 'self-instruct', models: ['m'], templateHash: 'a'.repeat(64), seedIds: ['line:1'], at: at.toISOString(), usage: { promptTokens: 1, completionTokens: 1 } };
    const low: Verdict = { overall: 2.3, criteria: [{ name: 'accuracy', score: 2, reason: 'no physics at all' }, { name: 'clarity', score: 3, reason: 'short' }], critique: 'Explain Rayleigh scattering.', models: ['judge'], passed: false };
    await writeTestRun({
      id: RUN_ID, seedPath: 'gov-faq-housing-fund.alpaca.jsonl', seedFormat: 'alpaca', seedRecords: 17, strategy: 'self-instruct', createdAt: at.toISOString(),
      events: [makeEvent('generated', 'c-1', { sample: JUDGED, provenance }, at), makeEvent('judged', 'c-1', { verdict: low }, at)],
    });
    // The same content, written with other spacing and key order, in the user's file.
    const lines = [alpaca('Name a colour.', 'Blue, like the sea.'), '{"output": "Because it is.", "input": "", "instruction": "Explain why the sky is blue."}'];
    file = join(root(), 'checks-scores.jsonl');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const document = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(document);
    await waitFor('the low score', () => api.datasetDiagnostics.diagnostics(document.uri).some((d) => d.code === 'low-score'));
    const shown = api.datasetDiagnostics.diagnostics(document.uri);
    assert.deepEqual(
      shown.map((d) => [d.range.start.line, d.range.start.character, d.range.end.character, d.code, d.message]),
      [[1, 0, (lines[1] ?? '').length, 'low-score', 'the judge scored this sample 2.3 / 5, below the pass score; weakest: accuracy 2 — no physics at all']],
    );

    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    await api.lineVerdicts.record(folder, JUDGED, { ...low, overall: 4.2, criteria: [{ name: 'accuracy', score: 4, reason: 'right' }], passed: true }, new Date('2026-11-21T12:30:00.000Z'));
    await waitFor('the low score to go', () => !api.datasetDiagnostics.diagnostics(document.uri).some((d) => d.code === 'low-score'));
  });
});

const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'to', 'vi', 'be', 'da', 'fo', 'gu', 'ha', 'ji', 'ke', 'lu', 'ma', 'no', 'pi', 're', 'si', 'tu', 'wa', 'yo', 'ze', 'bo', 'ce', 'di', 'fa', 'ge', 'ho', 'ju', 'ki', 'la', 'me', 'ni', 'po', 'ri', 'so', 'te'];

/** A deterministic sentence of `n` made-up words (1,600 of them), unlike any other line's. */
function sentence(seed: number, n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    // Each word hashed on its own (a generator's stream would repeat, shifted, in other lines).
    let word = Math.imul(seed * 16 + i + 1, 0x9e3779b1) >>> 0;
    word = Math.imul(word ^ (word >>> 15), 0x85ebca6b) >>> 0;
    word = (word ^ (word >>> 13)) >>> 0;
    out.push(`${SYLLABLES[word % 40] ?? ''}${SYLLABLES[Math.floor(word / 40) % 40] ?? ''}`);
  }
  return `${out.join(' ')} ${seed}`;
}

suite('Dataset checks on a 100,000-line file', function () {
  this.timeout(300_000);
  const LINE_COUNT = 100_000;
  let file = '';

  suiteSetup(() => {
    file = join(root(), 'checks-large.jsonl');
    const lines: string[] = [];
    for (let i = 0; i < LINE_COUNT; i++) lines.push(alpaca(`Describe the ${sentence(i, 9)}.`, `It is a ${sentence(i + LINE_COUNT, 7)}.`));
    lines[50_000] = '{"instruction": "Broken line", "output": "no closing brace"';
    lines[99_998] = lines[10] ?? '';
    lines[70_000] = alpaca('用一句话介绍长城的历史和它的用途。', '长城修建于两千多年前，用于防御。');
    lines[70_001] = alpaca('用一句话介绍长城的历史和它的作用。', '长城是古代的防御工程。');
    writeFileSync(file, `${lines.join('\n')}\n`);
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    rmSync(file, { force: true });
  });

  test('shows every planted problem on its line, and follows an edit near the end', async () => {
    const { api } = await activateSeedling();
    const document = await vscode.workspace.openTextDocument(file);
    assert.equal(document.lineCount, LINE_COUNT + 1);
    const editor = await vscode.window.showTextDocument(document);
    await api.datasetDiagnostics.check(document);
    const codes = (): string[] => api.datasetDiagnostics.diagnostics(document.uri).map((d) => `${d.range.start.line}:${typeof d.code === "string" ? d.code : "?"}`);
    const planted = ['50000:invalid-json', '70000:language-mismatch', '70001:language-mismatch', '70001:near-duplicate', '99998:duplicate-line'];
    await waitFor('the planted problems', () => planted.every((code) => codes().includes(code)), 120_000);
    assert.deepEqual(codes().sort(), planted);
    const near = api.datasetDiagnostics.diagnostics(document.uri).find((d) => d.code === 'near-duplicate');
    assert.equal(near?.relatedInformation?.[0]?.location.range.start.line, 70_000);

    // The user changes the duplicate near the end: only that line is read again.
    const started = Date.now();
    await editor.edit((edit) => { edit.replace(document.lineAt(99_998).range, alpaca('A question of my own?', 'An answer of my own.')); });
    await waitFor('the duplicate to go', () => !codes().includes('99998:duplicate-line'), 30_000);
    console.log(`      a 100,000-line file was checked again ${Date.now() - started} ms after an edit (debounce included)`);
    assert.deepEqual(codes().sort(), planted.filter((code) => code !== '99998:duplicate-line'));
  });
});
