import { join } from 'node:path';
import * as vscode from 'vscode';
import { isRecordFormatId, type JsonObject, readRecord, type RecordFormatId, writeRecord } from '../../core/formats/recordFormats';
import type { Sample } from '../../core/model/sample';
import { type LoadedSeeds, loadSeeds, outputFormatFor } from '../../core/pipeline';
import type { CandidateRevision, RevisionMode } from '../../core/review/candidateRevision';
import { ReviewModel, type ReviewFilter } from '../../core/review/reviewModel';
import { sampleFields } from '../../core/review/sampleFields';
import { diffText } from '../../core/review/textDiff';
import type { CandidateEvent, Flag, Verdict } from '../../core/runs/candidateEvents';
import type { CandidateState } from '../../core/runs/candidateState';
import { CandidateJournal } from '../../core/runs/journal';
import {
  type CandidateDetail,
  type DetailField,
  type FlagInfo,
  type HostToReviewMessage,
  type ReviewFilterForm,
  type ReviewRunInfo,
  reviewToHostMessage,
  type ReviewToHostMessage,
  type VerdictInfo,
} from '../../protocol/reviewMessages';
import { parseMessage, type ParsedMessage } from '../../protocol/webviewMessages';
import type { OutputChannelLogger } from '../outputChannelLogger';
import type { CandidateReviser } from '../runs/candidateReviser';
import type { RunStore, WorkspaceRun } from '../runs/runStore';
import type { SaveService } from '../runs/saveService';
import { listWorkspaceRuns } from '../workspaceRuns';
import { webviewEnvironment } from './webviewEnvironment';
import { renderWebviewHtml, webviewResourceRoots } from './webviewHtml';
import { WebviewLoader } from './webviewLoader';

/** How long a first read of a journal may take before the candidates read so far are shown. */
const EARLY_ROWS_MS = 250;
/** How often the share of a long journal read so far is told to the webview. */
const LOADING_NOTE_MS = 500;

/** Virtual documents of the diff editor: a seed record and a candidate record, as JSON. */
export const REVIEW_DOCUMENT_SCHEME = 'seedling-review';

/** Where a review is shown: the webview, how it is laid out, and its title. */
export interface ReviewSurface {
  readonly webview: vscode.Webview;
  /** The panel shows diffs itself; the narrow sidebar view keeps the editor on the diff. */
  readonly layout: 'panel' | 'sidebar';
  /** For the log: "Review panel", "Review view". */
  readonly name: string;
  /** Whether it is on screen (a hidden webview is not loading). */
  isVisible(): boolean;
  /** The full title, and the run alone (`self-instruct · seeds.jsonl`; null when there is none). */
  setTitle(title: string, runLabel: string | null): void;
}

/** What a review keeps across a window reload (VS Code stores it with the webview). */
export interface ReviewState {
  readonly runId: string | null;
  readonly selectedId: string | null;
  readonly seedFile: string | null;
}

export interface ReviewServices {
  readonly context: vscode.ExtensionContext;
  readonly log: OutputChannelLogger;
  readonly runs: RunStore;
  readonly saver: SaveService;
  readonly reviser: CandidateReviser;
  readonly documents: ReviewDocuments;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function verdictInfo(verdict: Verdict): VerdictInfo {
  return { overall: verdict.overall, criteria: verdict.criteria.map((c) => ({ name: c.name, score: c.score, reason: c.reason })), critique: verdict.critique ?? null, models: [...verdict.models], preferred: verdict.preferred ?? null };
}

function flagInfo(flag: Flag): FlagInfo {
  return { severity: flag.severity, code: flag.code, message: flag.message, otherId: flag.otherId ?? null };
}

/** The contents of the diff editor's two sides, by URI path. */
export class ReviewDocuments implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  set(path: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: REVIEW_DOCUMENT_SCHEME, path });
    this.contents.set(path, text);
    this.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.path) ?? '';
  }

  dispose(): void {
    this.changed.dispose();
  }
}

interface Seeds {
  readonly byId: ReadonlyMap<string, Sample>;
  readonly format: RecordFormatId | null;
  readonly problem: string | null;
}

/** Whether a review model holds exactly these candidate states (same candidates, same versions). */
function holdsStates(model: ReviewModel, states: ReadonlyMap<string, CandidateState>): boolean {
  if (states.size !== model.size) return false;
  for (const [id, state] of states) {
    const mine = model.get(id);
    if (mine?.updatedAt !== state.updatedAt || mine.status !== state.status) return false;
  }
  return true;
}

/**
 * Review of one run in one webview — the Review panel or the sidebar's Review view. Every
 * action is a journal event; both watch the journal through the run store, so they stay in step.
 */
export class ReviewSession implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly disposeListeners = new Set<() => void>();
  private run: WorkspaceRun | undefined;
  private model: ReviewModel | undefined;
  private seeds: Seeds | undefined;
  private loadedSeeds: LoadedSeeds | undefined;
  /** Proposed new versions of candidates, by candidate id, until applied or dropped. */
  private readonly proposals = new Map<string, CandidateRevision>();
  /** Revisions being made, by candidate id. */
  private readonly revising = new Map<string, AbortController>();
  private diffTimer: ReturnType<typeof setTimeout> | undefined;
  /** Keeps the run store polling the journal of the run shown. */
  private following: { readonly runDir: string; readonly subscription: vscode.Disposable } | undefined;
  private selectedId: string | null;
  private runId: string | null;
  private seedFile: string | null;
  /** Candidates decided here since the view's filter last changed: they stay in the view. */
  private keep = new Set<string>();
  /** The run the proposals belong to. */
  private loadedFor: string | undefined;
  /** The webview has said `ready`: it takes messages now. */
  private webviewReady = false;
  private readonly loader: WebviewLoader;
  /** The share of the journal read while a long first read goes on; null when all is read. */
  private loading: number | null = null;
  private viewKey = '';
  /** Journal writes and reloads run one after another. */
  private queue: Promise<void> = Promise.resolve();
  /** The last messages sent, for tests. */
  readonly sent: HostToReviewMessage[] = [];

  constructor(
    private readonly surface: ReviewSurface,
    private readonly services: ReviewServices,
    state: ReviewState,
  ) {
    this.runId = state.runId;
    this.selectedId = state.selectedId;
    this.seedFile = state.seedFile;
    const { context } = services;
    const webview = surface.webview;
    webview.options = {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: webviewResourceRoots(context.extensionUri),
    };
    this.loader = new WebviewLoader({
      webview,
      name: surface.name,
      isVisible: () => surface.isVisible(),
      render: () => renderWebviewHtml({ webview, extensionUri: context.extensionUri, view: 'review', title: vscode.l10n.t('Seedling Review'), language: vscode.env.language, layout: surface.layout }),
      log: services.log,
    });
    this.loader.load();
    const loader = this.loader;
    this.disposables.push(
      new vscode.Disposable(() => {
        loader.dispose();
      }),
      webview.onDidReceiveMessage((raw: unknown) => {
        void this.receive(raw);
      }),
      services.runs.onDidChange((runId) => {
        if (this.run && (runId === undefined || runId === this.run.manifest.id)) void this.enqueue(() => this.reload());
      }),
    );
  }

  /** The sidebar's view was shown again: its webview loads anew and says `ready` again. */
  webviewShownAgain(): void {
    this.loader.shownAgain();
  }

  /** The webview it draws in (tests read its options). */
  get webview(): vscode.Webview {
    return this.surface.webview;
  }

  /** The webview's HTML shell, as rendered (tests read its CSP and layout). */
  get html(): string {
    return this.surface.webview.html;
  }

  /** The candidate shown, if any (the sidebar keeps the editor on its diff). */
  get selectedCandidate(): string | null {
    return this.selectedId;
  }

  /** The run under review, if any. */
  get runUnderReview(): WorkspaceRun | undefined {
    return this.run;
  }

  /** Points the view at a run (undefined: the newest) and a candidate, and refreshes it. */
  async showRun(runId: string | undefined, candidateId: string | undefined): Promise<void> {
    if (runId !== undefined) this.runId = runId;
    this.selectedId = candidateId ?? (runId !== undefined && runId !== this.run?.manifest.id ? null : this.selectedId);
    // Before the webview said `ready`, only load the run (the title names it at once): the
    // webview gets one `init` when it is ready, rather than two that draw it twice.
    if (this.webviewReady) await this.sendInit();
    else await this.enqueue(() => this.loadRun());
  }

  /**
   * Handles one message from the webview. Anything that is not a valid message from
   * src/protocol/reviewMessages is rejected and logged, and nothing runs.
   */
  async receive(raw: unknown): Promise<ParsedMessage<ReviewToHostMessage>> {
    const parsed = parseMessage(reviewToHostMessage, raw);
    if (!parsed.ok) {
      this.log.warn(`${this.surface.name}: rejected a webview message (${parsed.reason}): ${parsed.detail}`);
      return parsed;
    }
    const message = parsed.message;
    this.log.debug(`${this.surface.name}: received ${message.type}`);
    try {
      await this.handle(message);
    } catch (error) {
      this.log.error(`${this.surface.name}: ${message.type} failed: ${errorText(error)}`);
      await this.post({ type: 'notice', level: 'error', message: errorText(error) });
    }
    return parsed;
  }

  private get log(): OutputChannelLogger {
    return this.services.log;
  }

  private async handle(message: ReviewToHostMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.webviewReady = true;
        this.loader.markReady();
        await this.sendInit();
        break;
      case 'requestGenerate':
        await vscode.commands.executeCommand('seedling.generateSamples');
        break;
      case 'queryRows': {
        const model = this.model;
        const key = JSON.stringify([message.filter, message.sort]);
        if (key !== this.viewKey) {
          this.viewKey = key;
          this.keep = new Set();
        }
        const result = model ? model.rows({ ...toFilter(message.filter), keep: [...this.keep] }, message.sort, message.start, message.count) : { total: 0, rows: [] };
        await this.post({
          type: 'rows',
          requestId: message.requestId,
          total: result.total,
          start: message.start,
          rows: result.rows.map((r) => ({ id: r.id, status: r.status, score: r.score ?? null, title: r.title, flags: r.flags, edited: r.edited })),
        });
        break;
      }
      case 'select':
        this.selectedId = message.id;
        await this.sendDetail();
        await this.sendRevision(message.id);
        if (this.surface.layout === 'sidebar') this.showDiffSoon(message.id);
        break;
      case 'decide':
        this.keep.add(message.id);
        await this.record((model) => model.decide([message.id], message.decision));
        break;
      case 'decideByScore':
        await this.record((model) => model.decideByScore(message.decision, message.threshold));
        break;
      case 'undo':
        await this.record((model) => {
          const events = model.undo();
          for (const event of events) this.keep.add(event.candidateId);
          return events;
        });
        break;
      case 'edit':
        await this.edit(message.id, message.text);
        break;
      case 'openDiff':
        await this.openDiff(message.id);
        break;
      case 'saveAccepted':
        await this.saveAccepted();
        break;
      case 'revise':
        await this.revise(message.id, message.mode);
        break;
      case 'resolveRevision':
        await this.resolveRevision(message.id, message.apply);
        break;
      case 'selectRun':
        await this.showRun(message.runId, undefined);
        break;
    }
  }

  /** Runs `work` after every journal write and reload before it. */
  private enqueue(work: () => Promise<void>): Promise<void> {
    const next = this.queue.then(work, work);
    this.queue = next.catch((error: unknown) => {
      this.log.error(`${this.surface.name}: ${errorText(error)}`);
    });
    return next;
  }

  /** Appends the events of an action to the journal, then tells the webview. */
  private record(action: (model: ReviewModel) => CandidateEvent[]): Promise<void> {
    return this.enqueue(async () => {
      const model = this.model;
      const run = this.run;
      if (!model || !run) return;
      const events = action(model);
      if (events.length === 0) return;
      const journal = await CandidateJournal.open(run.runDir);
      try {
        await journal.append(events);
      } catch (error) {
        // The model went ahead of the journal: read the journal again so both agree.
        await this.rebuild();
        throw error;
      } finally {
        await journal.close();
      }
      this.log.info(`${this.surface.name}: ${events.length} event(s) appended to ${run.manifest.id} (${[...new Set(events.map((e) => e.type))].join(', ')})`);
      // Other views of the run hear of it now, not only when the file watcher gets to it.
      this.services.runs.invalidate(run.manifest.id);
      await this.sendChanged();
      await this.sendDetail();
    });
  }

  private outputFormat(sample: Sample): RecordFormatId {
    const seedFormat = this.run && isRecordFormatId(this.run.manifest.seed.format) ? this.run.manifest.seed.format : (this.seeds?.format ?? 'alpaca');
    return outputFormatFor(seedFormat, sample.kind);
  }

  private async edit(id: string, text: string): Promise<void> {
    const state = this.model?.get(id);
    if (!state) {
      await this.post({ type: 'editResult', id, ok: false, errors: [vscode.l10n.t('The candidate {0} is not in this run.', id)] });
      return;
    }
    const format = this.outputFormat(state.sample);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      await this.post({ type: 'editResult', id, ok: false, errors: [vscode.l10n.t('Not valid JSON: {0}', errorText(error))] });
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      await this.post({ type: 'editResult', id, ok: false, errors: [vscode.l10n.t('The record must be a JSON object.')] });
      return;
    }
    const read = readRecord(format, value as JsonObject);
    const errors = read.problems.filter((p) => p.severity === 'error').map((p) => `${p.path.length > 0 ? `${p.path.join('.')}: ` : ''}${p.message}`);
    if (!read.sample || errors.length > 0) {
      await this.post({ type: 'editResult', id, ok: false, errors: errors.length > 0 ? errors : [vscode.l10n.t('This is not a {0} record.', format)] });
      return;
    }
    const sample = read.sample;
    await this.record((model) => model.edit(id, sample));
    await this.post({ type: 'editResult', id, ok: true, errors: [] });
  }

  /** The sidebar keeps the editor on the current candidate's diff; quick J/K presses open only the last. */
  private showDiffSoon(id: string): void {
    clearTimeout(this.diffTimer);
    this.diffTimer = setTimeout(() => {
      if (this.selectedId === id) {
        this.openDiff(id, true).catch((error: unknown) => {
          this.log.warn(`${this.surface.name}: could not show the diff of ${id}: ${errorText(error)}`);
        });
      }
    }, 150);
  }

  private async openDiff(id: string, preserveFocus = false): Promise<void> {
    const state = this.model?.get(id);
    const run = this.run;
    if (!state || !run) return;
    const format = this.outputFormat(state.sample);
    const seed = state.nearestSeedId !== undefined ? this.seeds?.byId.get(state.nearestSeedId) : undefined;
    const seedText = seed ? JSON.stringify(seed.kind === state.sample.kind ? writeRecord(format, seed) : seed, null, 2) : '';
    const left = this.services.documents.set(`/${run.manifest.id}/seed-${state.nearestSeedId ?? 'none'}.json`, `${seedText}\n`);
    const right = this.services.documents.set(`/${run.manifest.id}/${id}.json`, `${JSON.stringify(writeRecord(format, state.sample), null, 2)}\n`);
    await vscode.commands.executeCommand('vscode.diff', left, right, vscode.l10n.t('Seed {0} ↔ Candidate {1}', state.nearestSeedId ?? '—', id), { preview: true, preserveFocus });
  }

  private async saveAccepted(): Promise<void> {
    const run = this.run;
    if (!run) return;
    try {
      const outcome = await this.services.saver.saveAccepted(run);
      const file = vscode.workspace.asRelativePath(outcome.output, false);
      await this.post({ type: 'notice', level: 'info', message: vscode.l10n.t('Saved {0} accepted candidates to {1} ({2} already there).', String(outcome.written), file, String(outcome.alreadyPresent)) });
    } catch (error) {
      await this.post({ type: 'notice', level: 'error', message: vscode.l10n.t('Could not save: {0}', errorText(error)) });
    }
  }

  onDidDispose(listener: () => void): void {
    this.disposeListeners.add(listener);
  }

  dispose(): void {
    clearTimeout(this.diffTimer);
    this.following?.subscription.dispose();
    for (const controller of this.revising.values()) controller.abort();
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    for (const listener of this.disposeListeners) listener();
    this.disposeListeners.clear();
  }

  /** Reads the run's journal into a new model (the undo history starts again). */
  private async rebuild(): Promise<void> {
    const run = this.run;
    if (!run) {
      this.model = undefined;
      return;
    }
    // The store reads what was appended to the journal since it last looked: the latest lines included.
    this.model = new ReviewModel(new Map(await this.services.runs.candidates(run)));
    this.services.runs.invalidate(run.manifest.id);
  }

  /** The journal changed elsewhere: takes in its new events and keeps the undo history. */
  private async reload(): Promise<void> {
    const run = this.run;
    const model = this.model;
    if (!run || !model) return;
    // The store looks at the journal again on every read: it never lags behind a write.
    const states = await this.services.runs.candidates(run);
    // Our own appends come back through the watcher too: rebuild only when something differs,
    // so the undo history survives them.
    if (holdsStates(model, states)) return;
    this.model = new ReviewModel(new Map(states));
    await this.sendChanged();
    await this.sendDetail();
  }

  private async loadRun(): Promise<void> {
    const runs = this.services.runs;
    const run = this.runId !== null ? await runs.find(this.runId) : (await runs.list())[0];
    this.run = run;
    this.runId = run?.manifest.id ?? this.runId;
    const seedName = run ? (run.manifest.seed.path.split(/[/\\]/).pop() ?? run.manifest.seed.path) : '';
    this.surface.setTitle(run ? vscode.l10n.t('Review: {0} · {1}', run.manifest.config.strategy, seedName) : vscode.l10n.t('Seedling Review'), run ? `${run.manifest.config.strategy} · ${seedName}` : null);
    if (!run) {
      this.model = undefined;
      this.seeds = undefined;
      this.loadedSeeds = undefined;
      return;
    }
    if (this.following?.runDir !== run.runDir) {
      this.following?.subscription.dispose();
      this.following = { runDir: run.runDir, subscription: runs.follow(run) };
    }
    const sameRun = run.manifest.id === this.loadedFor;
    if (!sameRun) {
      this.proposals.clear();
      this.loadedFor = run.manifest.id;
    }
    const before = this.model;
    const states = await this.readCandidates(run);
    // The same run drawn again (a webview that loaded anew says `ready` again) keeps its model,
    // and with it the undo history, unless the journal moved on meanwhile.
    if (!(sameRun && before !== undefined && this.model === before && holdsStates(before, states))) this.model = new ReviewModel(new Map(states));
    try {
      const loaded = await loadSeeds(join(run.folder.uri.fsPath, run.manifest.seed.path));
      this.loadedSeeds = loaded;
      this.seeds = { byId: new Map(loaded.seeds.map((s) => [s.id, s.sample])), format: loaded.format, problem: null };
    } catch (error) {
      this.loadedSeeds = undefined;
      this.seeds = { byId: new Map(), format: null, problem: errorText(error) };
    }
    if (this.selectedId !== null && !this.model.get(this.selectedId)) this.selectedId = null;
  }

  /**
   * The run's candidates from the store. A long first read (a run of 100,000 candidates) shows
   * the candidates read so far after a moment, and how far it got, so the reviewer sees rows at
   * once; decisions made meanwhile wait in the queue for the whole journal.
   */
  private async readCandidates(run: WorkspaceRun): Promise<ReadonlyMap<string, CandidateState>> {
    const started = Date.now();
    let noted = 0;
    const states = await this.services.runs.candidates(run, (progress, partial) => {
      const now = Date.now();
      if (!this.webviewReady || now - started < EARLY_ROWS_MS || now - noted < LOADING_NOTE_MS) return;
      const first = this.loading === null;
      noted = now;
      this.loading = progress.bytesTotal > 0 ? progress.bytesRead / progress.bytesTotal : 0;
      this.model = new ReviewModel(new Map(partial));
      (first ? this.postInit() : this.sendChanged()).catch((error: unknown) => {
        this.log.warn(`${this.surface.name}: could not show the candidates read so far: ${errorText(error)}`);
      });
    });
    const took = Date.now() - started;
    if (took > EARLY_ROWS_MS) this.log.info(`${this.surface.name}: read the ${states.size} candidates of ${run.manifest.id} in ${took} ms${noted > 0 ? ', the first ones shown meanwhile' : ''}`);
    if (this.loading !== null) {
      this.loading = null;
      // The whole journal is read: statuses and counts are final; rows are asked for again.
      this.model = new ReviewModel(new Map(states));
      await this.sendChanged();
    }
    return states;
  }

  private async sendInit(): Promise<void> {
    await this.enqueue(() => this.loadRun());
    await this.postInit();
  }

  private async postInit(): Promise<void> {
    const run = this.run;
    const model = this.model;
    const info: ReviewRunInfo | null = run
      ? {
          id: run.manifest.id,
          strategy: run.manifest.config.strategy,
          seedFile: run.manifest.seed.path,
          status: run.manifest.status,
          outputFormat: run.manifest.seed.format,
          seedProblem: this.seeds?.problem ?? null,
        }
      : null;
    await this.post({
      type: 'init',
      environment: webviewEnvironment(this.services.context),
      layout: this.surface.layout,
      runs: await listWorkspaceRuns(this.log),
      seedFile: this.seedFile,
      run: info,
      counts: model ? model.counts() : { pending: 0, accepted: 0, rejected: 0, failed: 0 },
      canUndo: model?.canUndo ?? false,
      selectedId: this.selectedId,
      loading: this.loading,
    });
    this.log.debug(`${this.surface.name}: sent init (${run ? `run ${run.manifest.id}, ${model?.size ?? 0} candidates` : 'no run'})`);
  }

  /** Asks the model for a new version of a candidate; the reviewer sees it as a diff before anything changes. */
  async revise(id: string, mode: RevisionMode): Promise<void> {
    const run = this.run;
    const model = this.model;
    const state = model?.get(id);
    if (!run || !model || !state || this.revising.has(id)) return;
    if (!this.loadedSeeds) {
      await this.post({ type: 'revision', id, mode, state: 'failed', proposal: null, error: vscode.l10n.t('The seed file of this run cannot be read ({0}), so the candidate cannot be revised from it.', this.seeds?.problem ?? '') });
      return;
    }
    const controller = new AbortController();
    this.revising.set(id, controller);
    this.proposals.delete(id);
    await this.post({ type: 'revision', id, mode, state: 'working', proposal: null, error: null });
    let revision: CandidateRevision;
    try {
      revision = await this.services.reviser.revise({ run, seeds: this.loadedSeeds, candidates: model.candidates, candidateId: id, mode, signal: controller.signal });
    } catch (error) {
      this.revising.delete(id);
      const message = controller.signal.aborted ? vscode.l10n.t('Cancelled: the candidate is unchanged.') : errorText(error);
      this.log.warn(`${this.surface.name}: ${mode} of ${id} failed: ${errorText(error)}`);
      await this.post({ type: 'revision', id, mode, state: 'failed', proposal: null, error: message });
      return;
    }
    this.revising.delete(id);
    this.proposals.set(id, revision);
    await this.sendRevision(id);
  }

  /** Applies a proposal (as journal events, undoable) or drops it. */
  private async resolveRevision(id: string, apply: boolean): Promise<void> {
    const revision = this.proposals.get(id);
    this.proposals.delete(id);
    if (!revision) {
      await this.sendRevision(id);
      return;
    }
    if (apply) {
      const current = this.model?.get(id);
      if (current && JSON.stringify(current.sample) !== JSON.stringify(revision.basedOn)) {
        await this.post({ type: 'revision', id, mode: revision.mode, state: 'failed', proposal: null, error: vscode.l10n.t('The candidate changed since this proposal was made, so it was not applied. Ask for a new one.') });
        return;
      }
      await this.record((m) => m.revise(id, revision, revision.mode));
    }
    await this.sendRevision(id);
  }

  private async sendRevision(id: string): Promise<void> {
    const revision = this.proposals.get(id);
    const state = this.model?.get(id);
    if (this.revising.has(id)) return;
    if (!revision || !state) {
      await this.post({ type: 'revision', id, mode: 'fix', state: 'none', proposal: null, error: null });
      return;
    }
    const before = sampleFields(state.sample);
    const fields: DetailField[] = sampleFields(revision.sample).map((field) => {
      const old = before.find((b) => b.name === field.name);
      return { name: field.name, role: field.role, side: field.side, segments: diffText(old?.text ?? '', field.text).map((s) => ({ op: s.op, text: s.text })), compared: old !== undefined };
    });
    await this.post({
      type: 'revision',
      id,
      mode: revision.mode,
      state: 'ready',
      proposal: { mode: revision.mode, fields, verdict: revision.verdict ? verdictInfo(revision.verdict) : null, flags: revision.flags.map(flagInfo), costUsd: revision.costUsd },
      error: null,
    });
  }

  private async sendChanged(): Promise<void> {
    const model = this.model;
    if (!model) return;
    await this.post({ type: 'changed', counts: model.counts(), canUndo: model.canUndo, loading: this.loading });
  }

  private async sendDetail(): Promise<void> {
    const state = this.selectedId !== null ? this.model?.get(this.selectedId) : undefined;
    await this.post({ type: 'detail', candidate: state ? this.detailOf(state) : null });
  }

  private detailOf(state: CandidateState): CandidateDetail {
    const seed = state.nearestSeedId !== undefined ? this.seeds?.byId.get(state.nearestSeedId) : undefined;
    const comparable = seed !== undefined && seed.kind === state.sample.kind;
    const seedTexts = comparable ? sampleFields(seed) : [];
    const fields: DetailField[] = sampleFields(state.sample).map((field) => {
      const before = seedTexts.find((s) => s.name === field.name);
      return {
        name: field.name,
        role: field.role,
        side: field.side,
        segments: before ? diffText(before.text, field.text).map((s) => ({ op: s.op, text: s.text })) : [{ op: 'equal' as const, text: field.text }],
        compared: before !== undefined,
      };
    });
    const verdict = state.verdict;
    return {
      id: state.id,
      status: state.status,
      kind: state.sample.kind,
      fields,
      seedId: comparable ? (state.nearestSeedId ?? null) : null,
      noComparison: comparable ? null : seed === undefined ? 'noSeed' : 'otherKind',
      verdict: verdict ? verdictInfo(verdict) : null,
      flags: state.flags.map(flagInfo),
      provenance: { strategy: state.provenance.strategy, models: [...state.provenance.models], seedIds: [...state.provenance.seedIds] },
      decidedBy: state.decidedBy ?? null,
      decisionReason: state.decisionReason ?? null,
      failure: state.failure?.error ?? null,
      edited: state.edited,
      record: JSON.stringify(writeRecord(this.outputFormat(state.sample), state.sample), null, 2),
    };
  }

  private async post(message: HostToReviewMessage): Promise<void> {
    this.sent.push(message);
    if (this.sent.length > 200) this.sent.splice(0, this.sent.length - 200);
    await this.surface.webview.postMessage(message);
  }
}

function toFilter(form: ReviewFilterForm): ReviewFilter {
  return {
    statuses: form.statuses,
    flagged: form.flagged,
    ...(form.scoreBelow !== null ? { scoreBelow: form.scoreBelow } : {}),
    ...(form.search.trim() !== '' ? { search: form.search } : {}),
  };
}

