import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { makeEvent } from '../../src/core/runs/candidateEvents';
import { CandidateJournal, journalPath, readJournal } from '../../src/core/runs/journal';
import { runDirectory } from '../../src/core/runs/runManifest';
import type { WorkspaceRun } from '../../src/extension/runs/runStore';
import { writeAcceptedRun } from './runFixtures';
import { activateSeedling, waitFor } from './seedlingExtension';

const RUN_ID = '20261121-090000-save';
const line = (question: string, answer: string): string => JSON.stringify({ instruction: question, input: '', output: answer });

suite('Save accepted', () => {
  let root = '';
  let output = '';
  let run: WorkspaceRun | undefined;

  suiteSetup(async () => {
    root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    output = join(root, 'gov-faq-housing-fund.alpaca.synthetic.jsonl');
    await writeAcceptedRun(root, RUN_ID);
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

  test('refuses an output in a folder of the workspace that is a link out of it', async () => {
    const { api } = await activateSeedling();
    assert.ok(run);
    const outside = mkdtempSync(join(tmpdir(), 'seedling-link-target-'));
    const link = join(root, 'linked-out');
    symlinkSync(outside, link, 'dir');
    try {
      await assert.rejects(api.saver.saveAccepted(run, join(link, 'data.synthetic.jsonl')), /is outside the workspace folder .*\(or reached through a link out of it\)/);
      assert.deepEqual(readdirSync(outside), [], 'nothing was written outside the workspace');
    } finally {
      rmSync(link, { force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  });

  test('refuses an output that is a dangling link to a file outside the workspace', async () => {
    const { api } = await activateSeedling();
    assert.ok(run);
    const outside = mkdtempSync(join(tmpdir(), 'seedling-link-target-'));
    const link = join(root, 'dangling.synthetic.jsonl');
    symlinkSync(join(outside, 'not-yet.jsonl'), link, 'file');
    try {
      await assert.rejects(api.saver.saveAccepted(run, link), /is outside the workspace folder .*\(or reached through a link out of it\)/);
      assert.deepEqual(readdirSync(outside), [], 'nothing was written outside the workspace');
    } finally {
      rmSync(link, { force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  });

  test('Preview Save is offered on a run in the Runs view, beside Save Accepted', async () => {
    const { api, extension } = await activateSeedling();
    assert.ok(api.commandIds.includes('seedling.previewSave'));
    const manifest = extension.packageJSON as { contributes: { menus: Record<string, { command: string; when?: string }[]> } };
    const onRun = manifest.contributes.menus['view/item/context']?.filter((item) => /viewItem (?:== seedling\.run\b|=~ \/\^seedling\\\.run\(\\\.resumable\)\?\$\/)/.test(item.when ?? '')).map((item) => item.command) ?? [];
    assert.ok(onRun.includes('seedling.previewSave') && onRun.includes('seedling.saveAccepted'), onRun.join(', '));
  });

  test('Preview Save diffs the output now against exactly the new lines, writes nothing, and Save then writes the previewed text', async () => {
    const { api } = await activateSeedling();
    assert.ok(run);
    const existing = `${line('已有的问题？', '已有的回答。')}\n`;
    writeFileSync(output, existing);
    // An earlier test's document may still be cached; Save would use it, so wait until it has caught up with the disk.
    await waitFor('VS Code to see the file', () => vscode.workspace.textDocuments.every((d) => d.uri.fsPath !== output || d.getText() === existing));
    const journalBefore = readFileSync(journalPath(run.runDir), 'utf8');
    await vscode.commands.executeCommand('seedling.previewSave', RUN_ID);
    const { before, after } = await previewSides();
    assert.equal(before, existing);
    assert.equal(after, `${existing}${line('公积金可以还房贷吗？', '可以，按月对冲还款。')}\n${line('公积金余额怎么查？', '登录公积金App查询。')}\n`);
    assert.equal(readFileSync(output, 'utf8'), existing, 'the output is untouched');
    assert.equal(readFileSync(journalPath(run.runDir), 'utf8'), journalBefore, 'the journal is untouched');
    await api.saver.saveAccepted(run);
    assert.equal(readFileSync(output, 'utf8'), after);
  });

  test('Preview Save of an open document with unsaved edits starts from its buffer, as Save does', async () => {
    const { api } = await activateSeedling();
    assert.ok(run);
    writeFileSync(output, `${line('已有的问题？', '已有的回答。')}\n`);
    const document = await vscode.workspace.openTextDocument(output);
    await waitFor('VS Code to see the file', () => document.getText() === `${line('已有的问题？', '已有的回答。')}\n`);
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((edit) => { edit.insert(new vscode.Position(1, 0), `${line('用户刚写的问题？', '用户的回答。')}\n`); });
    const buffer = document.getText();
    await vscode.commands.executeCommand('seedling.previewSave', { type: 'run', run });
    const { before, after } = await previewSides();
    assert.equal(before, buffer);
    assert.equal(after, `${buffer}${line('公积金可以还房贷吗？', '可以，按月对冲还款。')}\n${line('公积金余额怎么查？', '登录公积金App查询。')}\n`);
    assert.equal(document.isDirty, true);
    assert.equal(document.getText(), buffer, 'the buffer is untouched');
    await api.saver.saveAccepted(run);
    assert.equal(document.getText(), after, 'Save leaves the buffer as previewed');
    // Close the user's edit without a save prompt: the diff editor is the active one.
    await vscode.window.showTextDocument(document);
  });
});

suite('Save accepted while the output is being edited', () => {
  let root = '';
  const outputs: string[] = [];
  const before = line('已有的问题？', '已有的回答。');
  const saved = [line('公积金可以还房贷吗？', '可以，按月对冲还款。'), line('公积金余额怎么查？', '登录公积金App查询。')];
  const mine = line('用户刚写的问题？', '用户的回答。');

  /** A fresh run with the two accepted samples, and an output file of its own. */
  async function freshRun(name: string, extension = 'jsonl'): Promise<{ run: WorkspaceRun; output: string }> {
    const runId = `20261121-090000-edit-${name}`;
    await writeAcceptedRun(root, runId);
    const { api } = await activateSeedling();
    api.runs.invalidate();
    let run: WorkspaceRun | undefined;
    await waitFor('the run', async () => (run = await api.runs.find(runId)) !== undefined);
    assert.ok(run);
    const output = join(root, `edited-${name}.${extension}`);
    outputs.push(output, runDirectory(root, runId));
    return { run, output };
  }

  /** Accepts one more candidate in the run's journal, as review would. */
  async function acceptAnother(run: WorkspaceRun, question: string, answer: string): Promise<void> {
    const journal = await CandidateJournal.open(run.runDir);
    const provenance = { strategy: 'self-instruct' as const, models: ['m'], templateHash: 'a'.repeat(64), seedIds: ['line:1'], at: '2026-11-21T09:00:00.000Z', usage: { promptTokens: 1, completionTokens: 1 } };
    await journal.append([makeEvent('generated', 't9-0', { sample: { kind: 'instruction', instruction: question, input: '', output: answer }, provenance }), makeEvent('accepted', 't9-0', { by: 'user' })]);
    await journal.close();
  }

  suiteSetup(() => {
    root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
  });
  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  suiteTeardown(() => {
    for (const path of outputs) rmSync(path, { recursive: true, force: true });
  });

  test('lines another program adds on disk between two saves survive the next save', async () => {
    const { api } = await activateSeedling();
    const { run, output } = await freshRun('disk');
    await api.saver.saveAccepted(run, output);
    const theirs = line('另一个程序写的？', '保留它。');
    writeFileSync(output, `${theirs}\n${readFileSync(output, 'utf8')}${mine}\n`);
    await acceptAnother(run, '新接受的问题？', '新的回答。');
    const outcome = await api.saver.saveAccepted(run, output);
    assert.deepEqual([outcome.written, outcome.alreadyPresent], [1, 2]);
    assert.equal(readFileSync(output, 'utf8'), [theirs, ...saved, mine, line('新接受的问题？', '新的回答。'), ''].join('\n'));
  });

  test('a change on disk to an output open in a clean editor survives a save made before VS Code reloads it', async () => {
    const { api } = await activateSeedling();
    const { run, output } = await freshRun('open-clean');
    writeFileSync(output, `${before}\n`);
    const document = await vscode.workspace.openTextDocument(output);
    await vscode.window.showTextDocument(document);
    await waitFor('VS Code to see the file', () => document.getText() === `${before}\n`);
    // Another program rewrites the file; the save comes at once, before the editor has caught up.
    writeFileSync(output, `${before}\n${mine}\n`);
    await api.saver.saveAccepted(run, output);
    const expected = [before, mine, ...saved, ''].join('\n');
    assert.equal(readFileSync(output, 'utf8'), expected);
    await waitFor('the editor to show the file', () => document.getText() === expected);
    assert.equal(document.isDirty, false);
  });

  for (const kind of ['jsonl', 'json'] as const) {
    test(`an edit typed in the same tick as Save Accepted is kept beside the new samples (${kind === 'jsonl' ? 'JSON lines: an append' : 'JSON array: a rewrite'})`, async () => {
      const { api } = await activateSeedling();
      const { run, output } = await freshRun(`race-${kind}`, kind);
      const record = (text: string): unknown => JSON.parse(text) as unknown;
      writeFileSync(output, kind === 'jsonl' ? `${before}\n` : `[\n  ${before}\n]\n`);
      const document = await vscode.workspace.openTextDocument(output);
      const editor = await vscode.window.showTextDocument(document);
      await waitFor('VS Code to see the file', () => document.getText().includes(before));
      const saving = api.saver.saveAccepted(run, output);
      // Three lines typed one after another while the save reads the buffer, plans and applies.
      const typed = ['一', '二', '三'].map((n) => line(`用户刚写的问题${n}？`, '用户的回答。'));
      const typing = (async (): Promise<boolean[]> => {
        const done: boolean[] = [];
        for (const text of typed) done.push(await editor.edit((edit) => { edit.insert(new vscode.Position(kind === 'jsonl' ? 0 : 1, 0), kind === 'jsonl' ? `${text}\n` : `  ${text},\n`); }));
        return done;
      })();
      const [outcome, applied] = await Promise.all([saving, typing]);
      assert.deepEqual(applied, [true, true, true], 'the user’s edits were applied');
      assert.equal(outcome.written, 2);
      const records = kind === 'jsonl' ? document.getText().split('\n').filter((l) => l.length > 0).map(record) : (record(document.getText()) as unknown[]);
      assert.deepEqual(
        [...records].map((r) => JSON.stringify(r)).sort(),
        [before, ...typed, ...saved].map((l) => JSON.stringify(record(l))).sort(),
        'the user’s line, the line before and each new sample, once each',
      );
    });
  }
});

/** The two sides of the diff editor Preview Save opened. */
async function previewSides(): Promise<{ before: string; after: string }> {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  assert.ok(input instanceof vscode.TabInputTextDiff, 'a diff editor is active');
  assert.equal(input.original.scheme, 'seedling-save-preview');
  assert.equal(input.modified.scheme, 'seedling-save-preview');
  const [before, after] = await Promise.all([vscode.workspace.openTextDocument(input.original), vscode.workspace.openTextDocument(input.modified)]);
  return { before: before.getText(), after: after.getText() };
}
