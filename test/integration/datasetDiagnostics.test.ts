// Problems of an open dataset file show on their line, with the exact position, and follow
// the user's edits (unsaved text included).
import * as assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { activateSeedling, waitFor } from './seedlingExtension';

const LINES = [
  '{"instruction":"Name a colour.","input":"","output":"Blue."}',
  '{"instruction": "Name a planet.", "input": "", "output": "Mars.",}',
  '{"instruction": "", "input": "", "output": "Nothing to answer."}',
];

suite('Dataset diagnostics', () => {
  let file = '';
  suiteSetup(() => {
    file = join(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '', 'diagnostics-probe.jsonl');
    writeFileSync(file, `${LINES.join('\n')}\n`);
  });
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    rmSync(file, { force: true });
  });

  test('invalid JSON and an empty field show at their exact place, and go away when the line is fixed', async () => {
    const { api } = await activateSeedling();
    const document = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(document);
    await waitFor('the diagnostics', () => api.datasetDiagnostics.diagnostics(document.uri).length === 2);
    const [json, empty] = [...api.datasetDiagnostics.diagnostics(document.uri)].sort((a, b) => a.range.start.line - b.range.start.line);
    assert.equal(json?.code, 'invalid-json');
    assert.equal(json.severity, vscode.DiagnosticSeverity.Error);
    // The reader stops at the brace the trailing comma runs into.
    assert.deepEqual([json.range.start.line, json.range.start.character], [1, LINES[1]?.lastIndexOf('}')]);
    assert.match(json.message, /trailing comma/);
    assert.equal(json.source, 'Seedling');
    assert.equal(empty?.code, 'empty-field');
    assert.deepEqual([empty.range.start.line, empty.range.start.character], [2, LINES[2]?.indexOf('""')]);
    // They are VS Code's own problems too (the Problems panel, the squiggles).
    assert.equal(vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'Seedling').length, 2);

    // The user removes the trailing comma, without saving: the error goes, the other stays.
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor);
    const comma = LINES[1]?.lastIndexOf(',') ?? 0;
    await editor.edit((edit) => {
      edit.delete(new vscode.Range(1, comma, 1, comma + 1));
    });
    await waitFor('the diagnostics after the edit', () => api.datasetDiagnostics.diagnostics(document.uri).length === 1);
    assert.equal(api.datasetDiagnostics.diagnostics(document.uri)[0]?.code, 'empty-field');
    assert.equal(document.isDirty, true);
  });

  test('files outside the glob are left alone: settings and manifests are not datasets', async () => {
    const { api } = await activateSeedling();
    const settings = join(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '', 'diagnostics-probe.json');
    writeFileSync(settings, '{ "editor.tabSize": 2 }\n');
    try {
      const document = await vscode.workspace.openTextDocument(settings);
      await api.datasetDiagnostics.check(document);
      assert.deepEqual(api.datasetDiagnostics.diagnostics(document.uri), []);
    } finally {
      rmSync(settings, { force: true });
    }
  });

  test('Repair JSON fixes a broken line in one undoable edit, and its problem goes', async () => {
    const { api } = await activateSeedling();
    const broken = join(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '', 'diagnostics-repair.jsonl');
    writeFileSync(broken, `${LINES[0] ?? ''}\n{'instruction': '说“你好”', "input": "", "output": "He said "hi".",}\n`);
    try {
      const document = await vscode.workspace.openTextDocument(broken);
      await vscode.window.showTextDocument(document);
      await waitFor('the invalid JSON', () => api.datasetDiagnostics.diagnostics(document.uri).some((d) => d.code === 'invalid-json'));
      const problem = api.datasetDiagnostics.diagnostics(document.uri).find((d) => d.code === 'invalid-json');
      assert.ok(problem);
      // The lightbulb asks once VS Code's markers hold the problem, a moment after it is set.
      let actions: vscode.CodeAction[] = [];
      await waitFor('the Repair JSON quick fix', async () => {
        actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, problem.range, vscode.CodeActionKind.QuickFix.value);
        return actions.some((a) => a.title === 'Repair JSON on this line');
      });
      const repair = actions.find((a) => a.title === 'Repair JSON on this line');
      assert.ok(repair?.edit, `offered: ${actions.map((a) => a.title).join(', ')}`);
      assert.equal(repair.isPreferred, true);
      assert.ok(await vscode.workspace.applyEdit(repair.edit));
      assert.equal(document.lineAt(1).text, '{"instruction": "说“你好”", "input": "", "output": "He said \\"hi\\"."}');
      await waitFor('the problem to go', () => api.datasetDiagnostics.diagnostics(document.uri).length === 0);
      await vscode.commands.executeCommand('undo');
      await waitFor('undo to bring the line back', () => document.lineAt(1).text.startsWith("{'instruction'"));
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      rmSync(broken, { force: true });
    }
  });
});
