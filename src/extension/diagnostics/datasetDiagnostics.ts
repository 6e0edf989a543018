// Problems of dataset files where the line is, as the engine finds them: invalid JSON at its
// exact position, unknown formats, missing or empty fields, wrong role order, rule failures,
// exact and near duplicates, contamination and low judge scores. Files are checked when
// opened and, debounced, as they are edited (unsaved text included).
//
// JSON Lines files are checked line by line through a per-document JsonlDocumentCheck, which
// reads only lines it has not seen; its slow work is done in short slices, so the editor stays
// responsive on a 100,000-line file. JSON array and CSV datasets get the reader's problems.
import * as vscode from 'vscode';
import { JsonlDocumentCheck, type JsonlCheckOptions, type LineRecord } from '../../core/editorChecks/jsonlDocumentCheck';
import type { LineFinding } from '../../core/editorChecks/lineFinding';
import { bytesOf, detectContainer, loadDataset, readDataset } from '../../core/formats/datasetReader';
import type { RecordFormatId } from '../../core/formats/recordFormats';
import type { Problem } from '../../core/model/problem';
import { readEvalItems } from '../../core/quality/evalItems';
import { DEFAULT_ROUGE_THRESHOLD } from '../../core/quality/nearDuplicates';
import { defaultRuleConfig, ruleConfig, type RuleConfig } from '../../core/quality/rules';
import { ContaminationIndex } from '../../core/quality/similarity/ngramOverlap';
import { describeIssues } from '../../core/runs/schemaErrors';
import type { Verdict } from '../../core/runs/candidateEvents';
import type { OutputChannelLogger } from '../outputChannelLogger';

/** A pause in typing before a file is checked again. */
const DEBOUNCE_MS = 300;
/** How long one slice of slow work may hold the extension host. */
const SLICE_MS = 25;
/** How often findings of slow work are shown while it catches up. */
const PUBLISH_EVERY_MS = 1000;
const DEFAULT_FULL_CHECK_LINE_LIMIT = 200_000;

/**
 * Which files are datasets: the setting's glob. JSON Lines by default: any `.json` would take
 * in settings and manifests, so JSON and CSV datasets are the user's to add.
 */
export function datasetGlob(): string {
  return vscode.workspace.getConfiguration('seedling').get<string>('diagnostics.include', '**/*.jsonl');
}

function severityOf(severity: Problem['severity']): vscode.DiagnosticSeverity {
  return severity === 'error' ? vscode.DiagnosticSeverity.Error : severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
}

/** The message of a finding in the user's language, where the editor words it itself. */
function messageOf(finding: LineFinding): string {
  const detail = finding.detail;
  switch (detail?.kind) {
    case undefined:
      return finding.message;
    case 'checks-limited':
      return vscode.l10n.t(
        'Near-duplicate and contamination checks are off for this file: it has {0} lines, more than the limit of {1} (setting seedling.diagnostics.fullCheckLineLimit). Run “seedling dedupe” and “seedling decontaminate” on it, or raise the limit.',
        detail.lines.toLocaleString(vscode.env.language),
        detail.limit.toLocaleString(vscode.env.language),
      );
    case 'duplicate-line':
      return vscode.l10n.t('an exact duplicate of line {0}', detail.first + 1);
    case 'near-duplicate':
      return vscode.l10n.t('a near-duplicate of line {0} (ROUGE-L {1} between the prompts)', detail.other + 1, detail.score.toFixed(2));
    case 'contaminated':
      return vscode.l10n.t('overlaps the eval item {0} — shares “{1}”', detail.item, detail.ngram);
    case 'low-score':
      return detail.weakest
        ? vscode.l10n.t('the judge scored this sample {0} / 5, below the pass score; weakest: {1} {2} — {3}', detail.overall.toFixed(1), detail.weakest.name, detail.weakest.score, detail.weakest.reason)
        : vscode.l10n.t('the judge scored this sample {0} / 5, below the pass score', detail.overall.toFixed(1));
  }
}

/** What a related line is to a finding, in the user's language. */
function relatedMessageOf(finding: LineFinding, message: string): string {
  return finding.detail?.kind === 'duplicate-line' ? vscode.l10n.t('the first copy') : message;
}

/** A finding as a diagnostic: from its column over its length, or to the end of its line. */
function diagnosticOfFinding(document: vscode.TextDocument, finding: LineFinding): vscode.Diagnostic {
  const line = Math.min(Math.max(finding.line, 0), Math.max(document.lineCount - 1, 0));
  const text = document.lineAt(line).text;
  const start = Math.min(finding.column, text.length);
  const end = finding.length !== undefined ? Math.min(start + Math.max(finding.length, 1), Math.max(text.length, start + 1)) : Math.max(text.length, start + 1);
  const diagnostic = new vscode.Diagnostic(new vscode.Range(line, start, line, end), messageOf(finding), severityOf(finding.severity));
  diagnostic.source = 'Seedling';
  diagnostic.code = finding.code;
  if (finding.related) {
    diagnostic.relatedInformation = finding.related
      .filter((related) => related.line < document.lineCount)
      .map((related) => new vscode.DiagnosticRelatedInformation(new vscode.Location(document.uri, document.lineAt(related.line).range), relatedMessageOf(finding, related.message)));
  }
  return diagnostic;
}

/** A reader problem (1-based) as a diagnostic. */
function diagnosticOf(document: vscode.TextDocument, problem: Problem): vscode.Diagnostic {
  return diagnosticOfFinding(document, { line: problem.line - 1, column: Math.max(problem.column - 1, 0), ...(problem.length !== undefined ? { length: problem.length } : {}), code: problem.code, severity: problem.severity, message: problem.message });
}

/** Whether a document is JSON Lines: by its name, or a `.json` file whose text starts as a record does. */
function isJsonLines(document: vscode.TextDocument): boolean {
  const head = document.getText(new vscode.Range(0, 0, Math.min(document.lineCount, 64), 0));
  return detectContainer(document.uri.fsPath, new TextEncoder().encode(head.slice(0, 4096))) === 'jsonl';
}

function linesOf(document: vscode.TextDocument): string[] {
  const lines: string[] = new Array<string>(document.lineCount);
  for (let i = 0; i < document.lineCount; i++) lines[i] = document.lineAt(i).text;
  // The empty line after a final newline is no record.
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Judge verdicts of sample contents, from runs' journals and the editor. */
export interface VerdictSource {
  ready(): Promise<void>;
  verdictForHash(contentHash: string): { readonly verdict: Verdict } | undefined;
  readonly onDidChange: vscode.Event<void>;
}

interface CheckSettings {
  readonly rules: RuleConfig;
  readonly nearDuplicateThreshold: number;
  readonly fullCheckLineLimit: number;
  readonly evalFiles: readonly string[];
}

export class DatasetDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('seedling');
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** The latest check of each document: an older one finishing late is dropped. */
  private readonly latest = new Map<string, number>();
  private readonly jsonlChecks = new Map<string, JsonlDocumentCheck>();
  private checks = 0;
  private readonly subscriptions: vscode.Disposable[];
  private settings: CheckSettings;
  private contamination: Promise<ContaminationIndex | undefined>;
  private verdicts: VerdictSource | undefined;

  constructor(private readonly log: OutputChannelLogger) {
    this.settings = this.readSettings();
    this.contamination = this.loadEvalItems(this.settings.evalFiles);
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
        this.jsonlChecks.delete(document.uri.toString());
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!event.affectsConfiguration('seedling.diagnostics')) return;
        const before = this.settings.evalFiles.join('\n');
        this.settings = this.readSettings();
        if (this.settings.evalFiles.join('\n') !== before) this.contamination = this.loadEvalItems(this.settings.evalFiles);
        this.recheckAll();
      }),
    ];
    for (const document of vscode.workspace.textDocuments) void this.check(document);
  }

  /**
   * Where judge verdicts come from, matched by content: low scores then show on their lines,
   * and open files are checked again whenever a verdict may have changed.
   */
  useVerdicts(source: VerdictSource): vscode.Disposable {
    this.verdicts = source;
    this.recheckAll();
    return source.onDidChange(() => {
      for (const document of vscode.workspace.textDocuments) if (this.jsonlChecks.has(document.uri.toString())) void this.check(document);
    });
  }

  /** What is shown for a file now (tests read it). */
  diagnostics(uri: vscode.Uri): readonly vscode.Diagnostic[] {
    return this.collection.get(uri) ?? [];
  }

  /** What a line of an open JSON Lines dataset holds, as its last check read it. */
  lineRecord(document: vscode.TextDocument, line: number): LineRecord | undefined {
    const check = this.jsonlChecks.get(document.uri.toString());
    return check && line < document.lineCount ? check.recordOf(document.lineAt(line).text) : undefined;
  }

  /** The format most records of an open JSON Lines dataset have. */
  dominantFormat(document: vscode.TextDocument): RecordFormatId | undefined {
    return this.jsonlChecks.get(document.uri.toString())?.dominantFormat;
  }

  /** Checks a document now; resolves when its diagnostics are up to date, slow checks included. */
  async check(document: vscode.TextDocument): Promise<void> {
    if (document.uri.scheme !== 'file' || vscode.languages.match({ pattern: datasetGlob() }, document) === 0) {
      this.collection.delete(document.uri);
      this.jsonlChecks.delete(document.uri.toString());
      return;
    }
    const key = document.uri.toString();
    const check = ++this.checks;
    this.latest.set(key, check);
    const version = document.version;
    const current = (): boolean => this.latest.get(key) === check && !document.isClosed && document.version === version;
    try {
      if (isJsonLines(document)) await this.checkJsonLines(document, current);
      else await this.checkWithReader(document, current);
    } catch (error) {
      this.log.warn(`Diagnostics: could not check ${vscode.workspace.asRelativePath(document.uri)}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async checkJsonLines(document: vscode.TextDocument, current: () => boolean): Promise<void> {
    const key = document.uri.toString();
    let checker = this.jsonlChecks.get(key);
    if (!checker) {
      checker = new JsonlDocumentCheck(await this.checkOptions());
      if (!current()) return;
      this.jsonlChecks.set(key, checker);
    }
    const lines = linesOf(document);
    // Lines never seen (a file just opened) are read in slices first.
    for (let next = 0; next < lines.length; ) {
      next = checker.readLines(lines, next, performance.now() + SLICE_MS, () => performance.now());
      if (next >= lines.length) break;
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (!current()) return;
    }
    let result = checker.check(lines);
    this.collection.set(document.uri, result.findings.map((finding) => diagnosticOfFinding(document, finding)));
    if (!result.pending) return;
    // The slow checks of a big file take seconds: the status bar says they are under way.
    let finished = (): void => undefined;
    const done = new Promise<void>((resolve) => {
      finished = resolve;
    });
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Checking {0} for near-duplicates', vscode.workspace.asRelativePath(document.uri)) }, () => done);
    try {
      let published = performance.now();
      while (result.pending) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        if (!current()) return; // the newer check carries on
        checker.catchUp(performance.now() + SLICE_MS, () => performance.now());
        if (checker.pending && performance.now() - published < PUBLISH_EVERY_MS) continue;
        result = checker.check(lines);
        this.collection.set(document.uri, result.findings.map((finding) => diagnosticOfFinding(document, finding)));
        published = performance.now();
      }
    } finally {
      finished();
    }
  }

  private async checkWithReader(document: vscode.TextDocument, current: () => boolean): Promise<void> {
    this.jsonlChecks.delete(document.uri.toString());
    const dataset = await loadDataset(readDataset(bytesOf(document.getText()), { fileName: document.uri.fsPath, keepText: false }));
    if (current()) this.collection.set(document.uri, dataset.problems.map((problem) => diagnosticOf(document, problem)));
  }

  private async checkOptions(): Promise<JsonlCheckOptions> {
    const contamination = await this.contamination;
    // Verdicts load on the first dataset checked, not when Seedling starts.
    await this.verdicts?.ready();
    const verdicts = (contentHash: string): Verdict | undefined => this.verdicts?.verdictForHash(contentHash)?.verdict;
    return { rules: this.settings.rules, nearDuplicateThreshold: this.settings.nearDuplicateThreshold, fullCheckLineLimit: this.settings.fullCheckLineLimit, verdictOf: verdicts, ...(contamination ? { contamination } : {}) };
  }

  private readSettings(): CheckSettings {
    const config = vscode.workspace.getConfiguration('seedling.diagnostics');
    const rawRules = config.get<unknown>('rules', {});
    const parsed = ruleConfig.safeParse(rawRules ?? {});
    if (!parsed.success) {
      const message = vscode.l10n.t('The setting seedling.diagnostics.rules is not valid ({0}); the default rules are used until it is fixed.', describeIssues(parsed.error));
      this.log.warn(message);
      void vscode.window.showWarningMessage(message, vscode.l10n.t('Open Settings')).then((choice) => {
        if (choice !== undefined) void vscode.commands.executeCommand('workbench.action.openSettings', 'seedling.diagnostics.rules');
      });
    }
    const threshold = config.get<number>('nearDuplicateThreshold', DEFAULT_ROUGE_THRESHOLD);
    const limit = config.get<number>('fullCheckLineLimit', DEFAULT_FULL_CHECK_LINE_LIMIT);
    return {
      rules: parsed.success ? parsed.data : defaultRuleConfig(),
      nearDuplicateThreshold: Number.isFinite(threshold) ? Math.min(Math.max(threshold, 0), 1) : DEFAULT_ROUGE_THRESHOLD,
      fullCheckLineLimit: Number.isFinite(limit) && limit >= 0 ? limit : DEFAULT_FULL_CHECK_LINE_LIMIT,
      evalFiles: config.get<string[]>('evalFiles', []).filter((path) => typeof path === 'string' && path.trim().length > 0),
    };
  }

  /** Eval items of the files the setting names (paths or globs in the workspace). */
  private async loadEvalItems(patterns: readonly string[]): Promise<ContaminationIndex | undefined> {
    if (patterns.length === 0) return undefined;
    const index = new ContaminationIndex();
    for (const pattern of patterns) {
      const files = await vscode.workspace.findFiles(pattern, '**/node_modules/**');
      if (files.length === 0) {
        const message = vscode.l10n.t('The eval file “{0}” named in seedling.diagnostics.evalFiles was not found in the workspace; contamination is not checked against it.', pattern);
        this.log.warn(message);
        void vscode.window.showWarningMessage(message);
        continue;
      }
      for (const file of files) {
        try {
          const label = vscode.workspace.asRelativePath(file);
          for await (const item of readEvalItems(file.fsPath)) index.addEvalItem({ ...item.ref, file: label }, item.text);
        } catch (error) {
          this.log.warn(`Diagnostics: could not read the eval file ${file.fsPath}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }
    this.log.info(`Diagnostics: ${index.size} eval items indexed for the contamination check`);
    return index;
  }

  private recheckAll(): void {
    this.jsonlChecks.clear();
    for (const document of vscode.workspace.textDocuments) void this.check(document);
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
