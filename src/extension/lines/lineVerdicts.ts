// The verdicts dataset lines have, by content: from every run's journal and from the store of
// verdicts given in the editor, kept up to date as runs change and verdicts are given. Lenses,
// hovers and the diagnostics' "low judge score" ask it: `await ready()`, then `verdictFor(sample)`
// (`verdict.passed === false` is below the rubric's pass score), again on `onDidChange`.
import * as vscode from 'vscode';
import { sampleContentHash } from '../../core/model/contentHash';
import type { Sample } from '../../core/model/sample';
import { type CandidateRef, type KnownVerdict, type RunCandidates, VerdictsByContent } from '../../core/review/verdictsByContent';
import type { Verdict } from '../../core/runs/candidateEvents';
import { appendJudgements, type EditorJudgement, JUDGEMENTS_VERSION, judgementsPath, readJudgements } from '../../core/runs/judgementStore';
import type { OutputChannelLogger } from '../outputChannelLogger';
import type { RunStore } from '../runs/runStore';

export class LineVerdicts implements vscode.Disposable {
  private index = new VerdictsByContent();
  /** Verdicts given in this window: a load that read the store before one was written still has it. */
  private readonly given: KnownVerdict[] = [];
  /** Undefined until someone first asks: activation reads no journal. */
  private loading: Promise<void> | undefined;
  private reloadAgain = false;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when any line's verdict may have changed. */
  readonly onDidChange = this.changed.event;
  private readonly watcher = vscode.workspace.createFileSystemWatcher('**/.seedling/judgements.jsonl');
  private readonly subscriptions: vscode.Disposable[];
  private changeTimer: ReturnType<typeof setTimeout> | undefined;
  private reloadTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly runs: RunStore,
    private readonly log: OutputChannelLogger,
  ) {
    // Judging a file appends a verdict at a time: the store is read again at most every 300 ms.
    const reload = (): void => {
      this.reloadTimer ??= setTimeout(() => {
        this.reloadTimer = undefined;
        void this.reload();
      }, 300);
    };
    this.subscriptions = [runs.onDidChange(reload), this.watcher.onDidCreate(reload), this.watcher.onDidChange(reload), this.watcher.onDidDelete(reload), vscode.workspace.onDidChangeWorkspaceFolders(reload)];
  }

  /**
   * Resolves once the verdicts on disk are loaded (the first call starts loading them). Until
   * then `verdictFor` knows nothing; `onDidChange` fires when they are in.
   */
  async ready(): Promise<void> {
    this.loading ??= this.load();
    if (this.reloadTimer !== undefined) {
      // A change is known and its reload not started yet: who asks now gets it.
      clearTimeout(this.reloadTimer);
      this.reloadTimer = undefined;
      void this.reload();
    }
    await this.loading;
  }

  /** The latest verdict for a sample's content, if it was ever judged (after `ready`). */
  verdictFor(sample: Sample): KnownVerdict | undefined {
    return this.index.verdictForSample(sample);
  }

  /** The same, by `sampleContentHash`. */
  verdictForHash(contentHash: string): KnownVerdict | undefined {
    return this.index.verdictFor(contentHash);
  }

  /** How many contents have a verdict: none means no line needs looking at. */
  get size(): number {
    return this.index.size;
  }

  /** A run candidate with this content, to regenerate it from its seeds. */
  candidateFor(contentHash: string): CandidateRef | undefined {
    return this.index.candidateFor(contentHash);
  }

  /** Stores a verdict given in the editor in the folder's `.seedling/judgements.jsonl`, and shows it at once. */
  async record(folder: vscode.WorkspaceFolder, sample: Sample, verdict: Verdict, now = new Date()): Promise<KnownVerdict> {
    await this.ready();
    const contentHash = sampleContentHash(sample);
    const judgement: EditorJudgement = { v: JUDGEMENTS_VERSION, at: now.toISOString(), contentHash, rubric: verdict.rubric ?? 'unknown', models: [...verdict.models], verdict };
    await appendJudgements(judgementsPath(folder.uri.fsPath), [judgement]);
    const known: KnownVerdict = { contentHash, verdict, origin: { kind: 'editor' }, at: judgement.at };
    this.given.push(known);
    this.index.add(known);
    // Judging a file records many verdicts in a burst: the lenses are drawn again once for them.
    this.changeTimer ??= setTimeout(() => {
      this.changeTimer = undefined;
      this.changed.fire();
    }, 100);
    return known;
  }

  /** Reads everything again; calls while a load runs make one more load after it. */
  async reload(): Promise<void> {
    if (this.loading === undefined) return;
    if (this.reloadAgain) return this.loading;
    this.reloadAgain = true;
    this.loading = this.loading.then(() => {
      this.reloadAgain = false;
      return this.load();
    });
    return this.loading;
  }

  private async load(): Promise<void> {
    try {
      const runs: RunCandidates[] = [];
      for (const run of await this.runs.list()) runs.push({ runId: run.manifest.id, candidates: await this.runs.candidates(run) });
      const judgements: EditorJudgement[] = [];
      for (const folder of vscode.workspace.workspaceFolders ?? []) {
        if (folder.uri.scheme !== 'file') continue;
        const read = await readJudgements(judgementsPath(folder.uri.fsPath));
        for (const skipped of read.skipped) this.log.warn(skipped);
        judgements.push(...read.judgements);
      }
      const index = VerdictsByContent.build(runs, judgements);
      for (const known of this.given) index.add(known);
      this.index = index;
      this.changed.fire();
    } catch (error) {
      this.log.warn(`Line verdicts: could not read the workspace's verdicts: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  dispose(): void {
    clearTimeout(this.changeTimer);
    clearTimeout(this.reloadTimer);
    for (const subscription of this.subscriptions) subscription.dispose();
    this.watcher.dispose();
    this.changed.dispose();
  }
}
