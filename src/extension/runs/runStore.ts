import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { CandidateState } from '../../core/runs/candidateState';
import { JournalFollower, type JournalProgress } from '../../core/runs/journalFollower';
import { localLivenessContext, type RunLiveness, runLiveness } from '../../core/runs/runLock';
import { listRuns, runCounts, type RunManifest } from '../../core/runs/runManifest';
import type { OutputChannelLogger } from '../outputChannelLogger';

/** A run and the workspace folder it lives in. */
export interface WorkspaceRun {
  readonly manifest: RunManifest;
  readonly folder: vscode.WorkspaceFolder;
  readonly runDir: string;
  /** Whether a "running" run is really being generated, by this window or another process. */
  readonly liveness: RunLiveness;
}

/** How often runs that claim to be running elsewhere are looked at again: their process may die unseen. */
const LIVENESS_RECHECK_MS = 30_000;
/**
 * How long the candidates of a run no view follows stay in memory after their last read (a
 * Runs view expanding a run reads it several times in a row); a large run holds hundreds of MB.
 */
const UNFOLLOWED_KEPT_MS = 20_000;

/**
 * The runs of the workspace and their candidates, read from `.seedling/runs/` and kept up to
 * date by a file watcher: whatever writes the journal (a run in this window, the CLI, another
 * window), the views show it.
 */
export class RunStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<string | undefined>();
  /** Fires with a run id when that run changed, with undefined when the list of runs did. */
  readonly onDidChange = this.changed.event;
  /** Each run's counts by its journal, with the journal's size and time they were read at. */
  private readonly counted = new Map<string, { readonly key: string; readonly counts: RunManifest['counts'] }>();
  /** What was read of each run's journal, by run folder, least recently used first. */
  private readonly journals = new Map<string, JournalFollower>();
  /** When each unfollowed run's candidates are let go. */
  private readonly evictions = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly watcher = vscode.workspace.createFileSystemWatcher('**/.seedling/runs/*/{run.json,candidates.jsonl}');
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  /** Runs someone shows, by run folder: how many follow it, and the poll that checks its journal. */
  private livenessRecheck: ReturnType<typeof setTimeout> | undefined;
  private readonly followed = new Map<string, { count: number; timer: ReturnType<typeof setInterval>; seen: string }>();

  constructor(private readonly log: OutputChannelLogger) {
    const onFile = (uri: vscode.Uri): void => {
      const runId = /[/\\]\.seedling[/\\]runs[/\\]([^/\\]+)[/\\]/.exec(uri.fsPath)?.[1];
      this.invalidate(runId);
    };
    this.watcher.onDidCreate(onFile);
    this.watcher.onDidChange(onFile);
    this.watcher.onDidDelete(onFile);
  }

  /** Every readable run of every workspace folder, newest first; unreadable ones are logged. */
  async list(): Promise<WorkspaceRun[]> {
    const runs: WorkspaceRun[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme !== 'file') continue;
      const found = await listRuns(folder.uri.fsPath);
      for (const broken of found.unreadable) this.log.warn(`Run ${broken.id} in ${folder.name} cannot be read (${broken.reason}): ${broken.message}`);
      const context = localLivenessContext();
      for (const manifest of found.runs) {
        const runDir = join(folder.uri.fsPath, '.seedling', 'runs', manifest.id);
        // run.json holds the counts its generator last wrote; decisions made since are in the journal.
        const counts = await this.journalCounts(runDir, manifest.counts);
        runs.push({ manifest: { ...manifest, counts }, folder, runDir, liveness: await runLiveness(runDir, manifest.status, context) });
      }
    }
    // A heartbeat that stops changes no watched file: look again while some run is live.
    if (runs.some((run) => run.liveness.state === 'live') && this.livenessRecheck === undefined) {
      this.livenessRecheck = setTimeout(() => {
        this.livenessRecheck = undefined;
        this.invalidate();
      }, LIVENESS_RECHECK_MS);
    }
    return runs.sort((a, b) => b.manifest.createdAt.localeCompare(a.manifest.createdAt));
  }

  async find(runId: string): Promise<WorkspaceRun | undefined> {
    return (await this.list()).find((run) => run.manifest.id === runId);
  }

  /**
   * The current state of every candidate of a run: the journal is read once, then only what
   * was appended since (a stat when nothing was), so every view shares one fresh snapshot.
   * `onProgress` hears of a long first read chunk by chunk, with the states so far.
   */
  async candidates(run: WorkspaceRun, onProgress?: (progress: JournalProgress, states: ReadonlyMap<string, CandidateState>) => void): Promise<ReadonlyMap<string, CandidateState>> {
    return this.read(run.runDir, onProgress);
  }

  private async read(runDir: string, onProgress?: (progress: JournalProgress, states: ReadonlyMap<string, CandidateState>) => void): Promise<ReadonlyMap<string, CandidateState>> {
    let follower = this.journals.get(runDir);
    if (!follower) {
      follower = new JournalFollower(runDir);
      this.journals.set(runDir, follower);
    }
    this.evictLater(runDir);
    const { states, problems } = await follower.refresh(onProgress ? { onProgress } : {});
    for (const problem of problems) this.log.warn(`${runDir}/candidates.jsonl:${problem.line}: ${problem.message}`);
    return states;
  }

  /** A run's counts by its journal, read again only when the journal changed (a stat per list otherwise). */
  private async journalCounts(runDir: string, recorded: RunManifest['counts']): Promise<RunManifest['counts']> {
    let key: string;
    try {
      const journal = await stat(join(runDir, 'candidates.jsonl'));
      key = `${journal.size}:${journal.mtimeMs}`;
    } catch {
      return recorded; // no journal yet: nothing was generated
    }
    const known = this.counted.get(runDir);
    if (known?.key === key) return known.counts;
    const counts = runCounts(await this.read(runDir));
    this.counted.set(runDir, { key, counts });
    return counts;
  }

  /** Lets go of a run's candidates a while after their last read, unless a view follows the run. */
  private evictLater(runDir: string): void {
    clearTimeout(this.evictions.get(runDir));
    this.evictions.set(
      runDir,
      setTimeout(() => {
        this.evictions.delete(runDir);
        if (this.followed.has(runDir)) return;
        this.journals.delete(runDir);
      }, UNFOLLOWED_KEPT_MS),
    );
  }

  /**
   * Keeps a close eye on a run's journal while a view shows it. The file watcher can miss or
   * delay a write from another process on a busy machine; a stat every two seconds catches it.
   */
  follow(run: WorkspaceRun): vscode.Disposable {
    const journal = join(run.runDir, 'candidates.jsonl');
    const existing = this.followed.get(run.runDir);
    if (existing) existing.count++;
    else {
      const entry = { count: 1, seen: '', timer: setInterval(() => {
        stat(journal).then(
          (s) => {
            const now = `${s.size}:${s.mtimeMs}`;
            if (entry.seen !== '' && now !== entry.seen) this.invalidate(run.manifest.id);
            entry.seen = now;
          },
          () => undefined,
        );
      }, 2000) };
      this.followed.set(run.runDir, entry);
    }
    let done = false;
    return new vscode.Disposable(() => {
      if (done) return;
      done = true;
      const entry = this.followed.get(run.runDir);
      if (!entry || --entry.count > 0) return;
      clearInterval(entry.timer);
      this.followed.delete(run.runDir);
      this.evictLater(run.runDir);
    });
  }

  /**
   * Tells the views, debounced, that a run (or the list of runs) changed. Nothing read needs
   * forgetting: the next read of a run's candidates looks at its journal again.
   */
  invalidate(runId?: string): void {
    const key = runId ?? '';
    const timer = this.pending.get(key);
    if (timer) clearTimeout(timer);
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        this.changed.fire(runId);
      }, 150),
    );
  }

  dispose(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    for (const entry of this.followed.values()) clearInterval(entry.timer);
    for (const timer of this.evictions.values()) clearTimeout(timer);
    if (this.livenessRecheck !== undefined) clearTimeout(this.livenessRecheck);
    this.watcher.dispose();
    this.changed.dispose();
  }
}
