// Problems of dataset files where the line is: invalid JSON at its exact position, unknown
// formats, missing or empty fields, wrong role order, as the engine's reader finds them. Files
// are checked when opened and, debounced, as they are edited (unsaved text included).
import * as vscode from 'vscode';
import { loadDataset, readDataset, bytesOf } from '../../core/formats/datasetReader';
import type { Problem } from '../../core/model/problem';
import type { OutputChannelLogger } from '../outputChannelLogger';

/** A pause in typing before a file is checked again. */
const DEBOUNCE_MS = 300;

/**
 * Which files are datasets: the setting's glob. JSON Lines by default: any `.json` would take
 * in settings and manifests, so JSON and CSV datasets are the user's to add.
 */
export function datasetGlob(): string {
  return vscode.workspace.getConfiguration('seedling').get<string>('diagnostics.include', '**/*.jsonl');
}

function severityOf(problem: Problem): vscode.DiagnosticSeverity {
  return problem.severity === 'error' ? vscode.DiagnosticSeverity.Error : problem.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
}

/** A problem as a diagnostic: from its column over its length, or to the end of its line. */
export function diagnosticOf(document: vscode.TextDocument, problem: Problem): vscode.Diagnostic {
  const line = Math.min(Math.max(problem.line - 1, 0), Math.max(document.lineCount - 1, 0));
  const text = document.lineAt(line).text;
  const start = Math.min(Math.max(problem.column - 1, 0), text.length);
  const end = problem.length !== undefined ? Math.min(start + Math.max(problem.length, 1), Math.max(text.length, start + 1)) : Math.max(text.length, start + 1);
  const diagnostic = new vscode.Diagnostic(new vscode.Range(line, start, line, end), problem.message, severityOf(problem));
  diagnostic.source = 'Seedling';
  diagnostic.code = problem.code;
  return diagnostic;
}

export class DatasetDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('seedling');
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** The latest check of each document: an older one finishing late is dropped. */
  private readonly latest = new Map<string, number>();
  private checks = 0;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly log: OutputChannelLogger) {
    this.subscriptions = [
      vscode.workspace.onDidOpenTextDocument((document) => {
        void this.check(document);
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0) this.checkSoon(event.document);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        this.collection.delete(document.uri);
        this.latest.delete(document.uri.toString());
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('seedling.diagnostics')) for (const document of vscode.workspace.textDocuments) void this.check(document);
      }),
    ];
    for (const document of vscode.workspace.textDocuments) void this.check(document);
  }

  /** What is shown for a file now (tests read it). */
  diagnostics(uri: vscode.Uri): readonly vscode.Diagnostic[] {
    return this.collection.get(uri) ?? [];
  }

  /** Checks a document now; resolves when its diagnostics are up to date. */
  async check(document: vscode.TextDocument): Promise<void> {
    if (document.uri.scheme !== 'file' || vscode.languages.match({ pattern: datasetGlob() }, document) === 0) {
      this.collection.delete(document.uri);
      return;
    }
    const key = document.uri.toString();
    const check = ++this.checks;
    this.latest.set(key, check);
    const version = document.version;
    try {
      const dataset = await loadDataset(readDataset(bytesOf(document.getText()), { fileName: document.uri.fsPath, keepText: false }));
      if (this.latest.get(key) !== check || document.isClosed || document.version !== version) return;
      this.collection.set(document.uri, dataset.problems.map((problem) => diagnosticOf(document, problem)));
    } catch (error) {
      this.log.warn(`Diagnostics: could not check ${vscode.workspace.asRelativePath(document.uri)}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private checkSoon(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.check(document);
      }, DEBOUNCE_MS),
    );
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const subscription of this.subscriptions) subscription.dispose();
    this.collection.dispose();
  }
}
