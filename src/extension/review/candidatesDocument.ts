import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { isRecordFormatId } from '../../core/formats/recordFormats';
import { outputFormatFor } from '../../core/pipeline';
import { candidatesJsonl, type CandidatesJsonl } from '../../core/review/candidatesJsonl';
import { errorCode } from '../../core/runs/atomicFile';
import type { CandidateState } from '../../core/runs/candidateState';
import type { OutputChannelLogger } from '../outputChannelLogger';
import type { RunStore, WorkspaceRun } from '../runs/runStore';
import { type SaveService, savedOutputName } from '../runs/saveService';

/** Read-only documents of the candidates diff: a run's candidates after its dataset, and a stand-in for a dataset not written yet. */
export const CANDIDATES_SCHEME = 'seedling-candidates';

const CANDIDATES_FILE = 'candidates.jsonl';
const DATASET_FOLDER = 'dataset';
/** Edits to the open dataset come in per keystroke: the candidates side follows once they settle. */
const DATASET_EDIT_SETTLE_MS = 300;
/**
 * A closed document's view is dropped this long after, if it was not opened again: VS Code can
 * report the close of the old document after it asked for the content of a new one.
 */
const FORGET_CLOSED_AFTER_MS = 5000;

/** A candidates document as last built: its text, which candidate sits on which line, and their states. */
export interface CandidatesView extends CandidatesJsonl {
  readonly runId: string;
  readonly outputPath: string;
  readonly states: ReadonlyMap<string, CandidateState>;
}

type DocumentTarget = { readonly kind: 'candidates'; readonly runId: string } | { readonly kind: 'dataset'; readonly runId: string };

function targetOf(uri: vscode.Uri): DocumentTarget | undefined {
  if (uri.scheme !== CANDIDATES_SCHEME) return undefined;
  const [runId, name] = uri.path.split('/').filter((part) => part !== '');
  if (runId === undefined) return undefined;
  if (name === CANDIDATES_FILE) return { kind: 'candidates', runId };
  if (name === DATASET_FOLDER) return { kind: 'dataset', runId };
  return undefined;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The contents of the candidates diff. Every document follows its run: when the run's journal
 * changes (a decision in the Review panel or a CodeLens, the generator adding candidates, a
 * save) or its dataset is edited, the document is built again and VS Code told.
 */
export class CandidatesDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly built = new vscode.EventEmitter<vscode.Uri>();
  /** Fires when a candidates document was built, before or after VS Code takes in its text. */
  readonly onDidBuild = this.built.event;
  private readonly views = new Map<string, CandidatesView>();
  /** The document version each view was found to match, so the texts are compared once per version. */
  private readonly matchedVersion = new WeakMap<CandidatesView, number>();
  /** The latest build started for each document: VS Code keeps the content it asked for last, and so does this. */
  private readonly latestBuild = new Map<string, number>();
  private builds = 0;
  private readonly settling = new Map<string, ReturnType<typeof setTimeout>>();
  private forgetting: ReturnType<typeof setTimeout> | undefined;
  private readonly subscriptions: vscode.Disposable[];
  /** The runs whose journals the store polls for the documents shown, by run id. */
  private readonly following = new Map<string, vscode.Disposable>();

  constructor(
    private readonly runs: RunStore,
    private readonly saver: SaveService,
    private readonly log: OutputChannelLogger,
  ) {
    this.subscriptions = [
      runs.onDidChange((runId) => {
        this.refresh(runId);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (document.uri.scheme === CANDIDATES_SCHEME) this.forgetClosedSoon();
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document.uri.scheme !== 'file' || event.contentChanges.length === 0) return;
        for (const view of this.views.values()) if (view.outputPath === event.document.uri.fsPath) this.refreshSoon(view.runId);
      }),
    ];
  }

  /** The run's candidates after its dataset. */
  candidatesUri(runId: string): vscode.Uri {
    return vscode.Uri.from({ scheme: CANDIDATES_SCHEME, path: `/${runId}/${CANDIDATES_FILE}` });
  }

  /** The run's dataset while it does not exist as a file: empty, named like the file to come. */
  datasetStandInUri(runId: string, outputName: string): vscode.Uri {
    return vscode.Uri.from({ scheme: CANDIDATES_SCHEME, path: `/${runId}/${DATASET_FOLDER}/${outputName}` });
  }

  /** What a candidates document holds as last built. */
  viewOf(uri: vscode.Uri): CandidatesView | undefined {
    return this.views.get(uri.toString());
  }

  /**
   * The view of an open document, only while the document holds the view's text: VS Code takes
   * in a new build a moment after it is made, and line numbers must not run ahead of the text.
   */
  viewFor(document: vscode.TextDocument): CandidatesView | undefined {
    const view = this.views.get(document.uri.toString());
    if (!view) return undefined;
    if (this.matchedVersion.get(view) === document.version) return view;
    // The editor may have changed the line endings; nothing else differs in a read-only document.
    if (view.text.replace(/\r\n/g, '\n') !== document.getText().replace(/\r\n/g, '\n')) return undefined;
    this.matchedVersion.set(view, document.version);
    return view;
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const target = targetOf(uri);
    if (!target) return '';
    const key = uri.toString();
    const build = ++this.builds;
    this.latestBuild.set(key, build);
    try {
      const run = await this.runs.find(target.runId);
      if (!run) {
        throw new Error(vscode.l10n.t('There is no run {0} in this workspace any more.', target.runId));
      }
      const outputPath = this.saver.outputPath(run);
      const datasetText = await this.datasetText(outputPath);
      if (target.kind === 'dataset') return datasetText;
      const view = await this.build(run, outputPath, datasetText);
      this.log.debug(`Candidates diff: built ${uri.path} with ${view.candidateByLine.size} candidates`);
      if (this.latestBuild.get(key) === build) {
        this.views.set(key, view);
        this.built.fire(uri);
      }
      return view.text;
    } catch (error) {
      this.log.error(`Candidates diff: cannot show ${key}: ${errorText(error)}`);
      void vscode.window.showErrorMessage(vscode.l10n.t('Seedling could not show the candidates of run {0}: {1}. Refresh the Runs view and open the diff again.', target.runId, errorText(error)));
      return this.views.get(key)?.text ?? '';
    }
  }

  /** Builds the open documents of a run (of every run when undefined) again. */
  refresh(runId: string | undefined): void {
    for (const document of vscode.workspace.textDocuments) {
      const target = targetOf(document.uri);
      if (!target || (runId !== undefined && target.runId !== runId)) continue;
      this.log.debug(`Candidates diff: ${runId === undefined ? 'the runs' : `run ${runId}`} changed, building ${document.uri.path} again`);
      this.changed.fire(document.uri);
    }
  }

  dispose(): void {
    for (const timer of this.settling.values()) clearTimeout(timer);
    clearTimeout(this.forgetting);
    for (const subscription of this.subscriptions) subscription.dispose();
    for (const subscription of this.following.values()) subscription.dispose();
    this.changed.dispose();
    this.built.dispose();
  }

  private refreshSoon(runId: string): void {
    clearTimeout(this.settling.get(runId));
    this.settling.set(
      runId,
      setTimeout(() => {
        this.settling.delete(runId);
        this.refresh(runId);
      }, DATASET_EDIT_SETTLE_MS),
    );
  }

  private forgetClosedSoon(): void {
    clearTimeout(this.forgetting);
    this.forgetting = setTimeout(() => {
      this.forgetting = undefined;
      const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
      for (const key of [...this.views.keys()]) {
        if (open.has(key)) continue;
        this.views.delete(key);
        this.latestBuild.delete(key);
      }
      const shown = new Set([...this.views.values()].map((view) => view.runId));
      for (const [runId, subscription] of this.following) {
        if (shown.has(runId)) continue;
        subscription.dispose();
        this.following.delete(runId);
      }
    }, FORGET_CLOSED_AFTER_MS);
  }

  private async build(run: WorkspaceRun, outputPath: string, datasetText: string): Promise<CandidatesView> {
    if (!this.following.has(run.manifest.id)) this.following.set(run.manifest.id, this.runs.follow(run));
    const states = await this.runs.candidates(run);
    const seedFormat = isRecordFormatId(run.manifest.seed.format) ? run.manifest.seed.format : 'alpaca';
    const jsonl = candidatesJsonl({
      datasetText,
      candidates: states.values(),
      formatOf: (sample) => outputFormatFor(seedFormat, sample.kind),
      savedAs: savedOutputName(run, outputPath),
    });
    return { ...jsonl, runId: run.manifest.id, outputPath, states };
  }

  /** The dataset as the user sees it: the open editor's buffer (unsaved edits too), else the file; empty when there is none yet. */
  private async datasetText(outputPath: string): Promise<string> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === outputPath);
    if (open) return open.getText();
    try {
      return await readFile(outputPath, 'utf8');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return '';
      throw error;
    }
  }
}
