import { join } from 'node:path';
import * as vscode from 'vscode';
import { isRecordFormatId, type JsonObject, readRecord, type RecordFormatId, writeRecord } from '../../core/formats/recordFormats';
import type { Message, Sample, TextOrMessages } from '../../core/model/sample';
import { loadSeeds, outputFormatFor } from '../../core/pipeline';
import { ReviewModel, type ReviewFilter } from '../../core/review/reviewModel';
import { diffText } from '../../core/review/textDiff';
import type { CandidateEvent } from '../../core/runs/candidateEvents';
import { type CandidateState, reduceEvents } from '../../core/runs/candidateState';
import { CandidateJournal, readJournal } from '../../core/runs/journal';
import {
  type CandidateDetail,
  type DetailField,
  type HostToReviewMessage,
  type ReviewFilterForm,
  type ReviewRunInfo,
  reviewToHostMessage,
  type ReviewToHostMessage,
} from '../../protocol/reviewMessages';
import { parseMessage, type ParsedMessage } from '../../protocol/webviewMessages';
import type { OutputChannelLogger } from '../outputChannelLogger';
import type { RunStore, WorkspaceRun } from '../runs/runStore';
import type { SaveService } from '../runs/saveService';
import { listWorkspaceRuns } from '../workspaceRuns';
import { webviewEnvironment } from './webviewEnvironment';
import { renderWebviewHtml, webviewResourceRoots } from './webviewHtml';

export const REVIEW_VIEW_TYPE = 'seedling.review';
/** Virtual documents of the diff editor: a seed record and a candidate record, as JSON. */
export const REVIEW_DOCUMENT_SCHEME = 'seedling-review';

/** What the panel keeps across a window reload (VS Code stores it with the webview). */
interface ReviewPanelState {
  readonly runId: string | null;
  readonly selectedId: string | null;
  readonly seedFile: string | null;
}

interface ReviewServices {
  readonly context: vscode.ExtensionContext;
  readonly log: OutputChannelLogger;
  readonly runs: RunStore;
  readonly saver: SaveService;
  readonly documents: ReviewDocuments;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
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

/** The texts of a sample the way review compares them, field by field. */
function textsOf(sample: Sample): { name: string; role: string | null; side: 'chosen' | 'rejected' | null; text: string }[] {
  const plain = (value: TextOrMessages): string => (typeof value === 'string' ? value : value.map((m: Message) => `${m.role}: ${m.content}`).join('\n'));
  switch (sample.kind) {
    case 'instruction':
      return [
        ...(sample.system !== undefined ? [{ name: 'system', role: null, side: null, text: sample.system }] : []),
        { name: 'instruction', role: null, side: null, text: sample.instruction },
        { name: 'input', role: null, side: null, text: sample.input },
        { name: 'output', role: null, side: null, text: sample.output },
      ];
    case 'chat':
      return sample.messages.map((m, i) => ({ name: `turn${i}`, role: m.role, side: null, text: m.content }));
    case 'completion':
      return [
        { name: 'prompt', role: null, side: null, text: sample.prompt },
        { name: 'completion', role: null, side: null, text: sample.completion },
      ];
    case 'preference':
      return [
        ...(sample.prompt !== undefined ? [{ name: 'prompt', role: null, side: null, text: plain(sample.prompt) }] : []),
        { name: 'chosen', role: null, side: 'chosen' as const, text: plain(sample.chosen) },
        { name: 'rejected', role: null, side: 'rejected' as const, text: plain(sample.rejected) },
      ];
    case 'classification':
      return [
        { name: 'text', role: null, side: null, text: sample.text },
        { name: 'label', role: null, side: null, text: String(sample.label) },
      ];
  }
}

/** The Review panel of one run: one per window, revealed again when asked for twice. */
export class ReviewPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly disposeListeners = new Set<() => void>();
  private run: WorkspaceRun | undefined;
  private model: ReviewModel | undefined;
  private seeds: Seeds | undefined;
  private selectedId: string | null;
  private runId: string | null;
  private seedFile: string | null;
  /** Candidates decided here since the view's filter last changed: they stay in the view. */
  private keep = new Set<string>();
  private viewKey = '';
  /** Journal writes and reloads run one after another. */
  private queue: Promise<void> = Promise.resolve();
  /** The last messages sent, for tests. */
  readonly sent: HostToReviewMessage[] = [];

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly services: ReviewServices,
    state: ReviewPanelState,
  ) {
    this.runId = state.runId;
    this.selectedId = state.selectedId;
    this.seedFile = state.seedFile;
    const { context } = services;
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'seedling.svg');
    panel.webview.options = {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: webviewResourceRoots(context.extensionUri),
    };
    panel.webview.html = renderWebviewHtml({
      webview: panel.webview,
      extensionUri: context.extensionUri,
      view: 'review',
      title: panel.title,
      language: vscode.env.language,
    });
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        void this.receive(raw);
      }),
      panel.onDidDispose(() => {
        this.dispose();
      }),
      services.runs.onDidChange((runId) => {
        if (this.run && (runId === undefined || runId === this.run.manifest.id)) void this.enqueue(() => this.reload());
      }),
    );
  }

  /** The run under review, if any. */
  get runUnderReview(): WorkspaceRun | undefined {
    return this.run;
  }

  /** Points the panel at a run (undefined: the newest) and a candidate, and refreshes it. */
  async showRun(runId: string | undefined, candidateId: string | undefined): Promise<void> {
    if (runId !== undefined) this.runId = runId;
    this.selectedId = candidateId ?? (runId !== undefined && runId !== this.run?.manifest.id ? null : this.selectedId);
    await this.sendInit();
  }

  /**
   * Handles one message from the webview. Anything that is not a valid message from
   * src/protocol/reviewMessages is rejected and logged, and nothing runs.
   */
  async receive(raw: unknown): Promise<ParsedMessage<ReviewToHostMessage>> {
    const parsed = parseMessage(reviewToHostMessage, raw);
    if (!parsed.ok) {
      this.log.warn(`Review panel: rejected a webview message (${parsed.reason}): ${parsed.detail}`);
      return parsed;
    }
    const message = parsed.message;
    this.log.debug(`Review panel: received ${message.type}`);
    try {
      await this.handle(message);
    } catch (error) {
      this.log.error(`Review panel: ${message.type} failed: ${errorText(error)}`);
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
    }
  }

  /** Runs `work` after every journal write and reload before it. */
  private enqueue(work: () => Promise<void>): Promise<void> {
    const next = this.queue.then(work, work);
    this.queue = next.catch((error: unknown) => {
      this.log.error(`Review panel: ${errorText(error)}`);
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
      this.log.info(`Review panel: ${events.length} event(s) appended to ${run.manifest.id} (${[...new Set(events.map((e) => e.type))].join(', ')})`);
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

  private async openDiff(id: string): Promise<void> {
    const state = this.model?.get(id);
    const run = this.run;
    if (!state || !run) return;
    const format = this.outputFormat(state.sample);
    const seed = state.nearestSeedId !== undefined ? this.seeds?.byId.get(state.nearestSeedId) : undefined;
    const seedText = seed ? JSON.stringify(seed.kind === state.sample.kind ? writeRecord(format, seed) : seed, null, 2) : '';
    const left = this.services.documents.set(`/${run.manifest.id}/seed-${state.nearestSeedId ?? 'none'}.json`, `${seedText}\n`);
    const right = this.services.documents.set(`/${run.manifest.id}/${id}.json`, `${JSON.stringify(writeRecord(format, state.sample), null, 2)}\n`);
    await vscode.commands.executeCommand('vscode.diff', left, right, vscode.l10n.t('Seed {0} ↔ Candidate {1}', state.nearestSeedId ?? '—', id), { preview: true });
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
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    this.panel.dispose();
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
    // Read the journal itself: the store's cache may not have seen the latest lines yet.
    this.model = new ReviewModel(reduceEvents((await readJournal(run.runDir)).events));
    this.services.runs.invalidate(run.manifest.id);
  }

  /** The journal changed elsewhere: takes in its new events and keeps the undo history. */
  private async reload(): Promise<void> {
    const run = this.run;
    const model = this.model;
    if (!run || !model) return;
    const states = await this.services.runs.candidates(run);
    // Our own appends come back through the watcher too: rebuild only when something differs,
    // so the undo history survives them.
    let differs = states.size !== model.size;
    for (const [id, state] of states) {
      if (differs) break;
      const mine = model.get(id);
      differs = mine?.updatedAt !== state.updatedAt || mine.status !== state.status;
    }
    if (!differs) return;
    this.model = new ReviewModel(new Map(states));
    await this.sendChanged();
    await this.sendDetail();
  }

  private async loadRun(): Promise<void> {
    const runs = this.services.runs;
    const run = this.runId !== null ? await runs.find(this.runId) : (await runs.list())[0];
    this.run = run;
    this.runId = run?.manifest.id ?? this.runId;
    this.panel.title = run ? vscode.l10n.t('Review: {0} · {1}', run.manifest.config.strategy, run.manifest.seed.path.split(/[/\\]/).pop() ?? run.manifest.seed.path) : vscode.l10n.t('Seedling Review');
    if (!run) {
      this.model = undefined;
      this.seeds = undefined;
      return;
    }
    this.model = new ReviewModel(new Map(await runs.candidates(run)));
    try {
      const loaded = await loadSeeds(join(run.folder.uri.fsPath, run.manifest.seed.path));
      this.seeds = { byId: new Map(loaded.seeds.map((s) => [s.id, s.sample])), format: loaded.format, problem: null };
    } catch (error) {
      this.seeds = { byId: new Map(), format: null, problem: errorText(error) };
    }
    if (this.selectedId !== null && !this.model.get(this.selectedId)) this.selectedId = null;
  }

  private async sendInit(): Promise<void> {
    await this.enqueue(() => this.loadRun());
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
      runs: await listWorkspaceRuns(this.log),
      seedFile: this.seedFile,
      run: info,
      counts: model ? model.counts() : { pending: 0, accepted: 0, rejected: 0, failed: 0 },
      canUndo: model?.canUndo ?? false,
      selectedId: this.selectedId,
    });
    this.log.debug(`Review panel: sent init (${run ? `run ${run.manifest.id}, ${model?.size ?? 0} candidates` : 'no run'})`);
  }

  private async sendChanged(): Promise<void> {
    const model = this.model;
    if (!model) return;
    await this.post({ type: 'changed', counts: model.counts(), canUndo: model.canUndo });
  }

  private async sendDetail(): Promise<void> {
    const state = this.selectedId !== null ? this.model?.get(this.selectedId) : undefined;
    await this.post({ type: 'detail', candidate: state ? this.detailOf(state) : null });
  }

  private detailOf(state: CandidateState): CandidateDetail {
    const seed = state.nearestSeedId !== undefined ? this.seeds?.byId.get(state.nearestSeedId) : undefined;
    const comparable = seed !== undefined && seed.kind === state.sample.kind;
    const seedTexts = comparable ? textsOf(seed) : [];
    const fields: DetailField[] = textsOf(state.sample).map((field) => {
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
      verdict: verdict
        ? { overall: verdict.overall, criteria: verdict.criteria.map((c) => ({ name: c.name, score: c.score, reason: c.reason })), critique: verdict.critique ?? null, models: [...verdict.models], preferred: verdict.preferred ?? null }
        : null,
      flags: state.flags.map((f) => ({ severity: f.severity, code: f.code, message: f.message, otherId: f.otherId ?? null })),
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
    await this.panel.webview.postMessage(message);
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

function restoredState(state: unknown): ReviewPanelState {
  const record = typeof state === 'object' && state !== null ? (state as Record<string, unknown>) : {};
  const text = (key: string): string | null => (typeof record[key] === 'string' ? record[key] : null);
  return { runId: text('runId'), selectedId: text('selectedId'), seedFile: text('seedFile') };
}

/** Owns the one Review panel of the window and restores it after a reload. */
export class ReviewPanels implements vscode.WebviewPanelSerializer, vscode.Disposable {
  private current: ReviewPanel | undefined;
  private readonly documents = new ReviewDocuments();
  private readonly registration: vscode.Disposable;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: OutputChannelLogger,
    private readonly runs: RunStore,
    private readonly saver: SaveService,
  ) {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(REVIEW_DOCUMENT_SCHEME, this.documents);
  }

  get panel(): ReviewPanel | undefined {
    return this.current;
  }

  /** Opens the Review panel, or reveals it, on a run (the newest when none is given) and a candidate. */
  async show(runId?: string, candidateId?: string): Promise<ReviewPanel> {
    if (this.current) {
      this.current.panel.reveal();
      if (runId !== undefined) await this.current.showRun(runId, candidateId);
      return this.current;
    }
    const panel = vscode.window.createWebviewPanel(REVIEW_VIEW_TYPE, vscode.l10n.t('Seedling Review'), vscode.ViewColumn.Active, {
      retainContextWhenHidden: true,
    });
    const review = this.adopt(panel, { runId: runId ?? null, selectedId: candidateId ?? null, seedFile: null });
    // The title names the run as soon as it is known, before the webview asks.
    await review.showRun(runId, candidateId);
    return review;
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    this.log.info('Review panel: restored after reload');
    this.adopt(panel, restoredState(state));
    return Promise.resolve();
  }

  dispose(): void {
    this.current?.dispose();
    this.registration.dispose();
    this.documents.dispose();
  }

  private adopt(panel: vscode.WebviewPanel, state: ReviewPanelState): ReviewPanel {
    const review = new ReviewPanel(panel, { context: this.context, log: this.log, runs: this.runs, saver: this.saver, documents: this.documents }, state);
    this.current = review;
    review.onDidDispose(() => {
      if (this.current === review) this.current = undefined;
    });
    return review;
  }
}
