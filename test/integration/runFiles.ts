// A run's manifest and journal written straight to a workspace, as the generator would leave
// them; plain Node, so end-to-end tests outside the extension host write runs the same way.
import type { CandidateEvent } from '../../src/core/runs/candidateEvents';
import { reduceEvents, summarize } from '../../src/core/runs/candidateState';
import { CandidateJournal } from '../../src/core/runs/journal';
import { runDirectory, writeRunManifest } from '../../src/core/runs/runManifest';

export interface TestRun {
  readonly id: string;
  /** Relative to the workspace root. */
  readonly seedPath: string;
  readonly seedFormat: string;
  readonly seedRecords: number;
  readonly strategy: string;
  readonly createdAt: string;
  readonly options?: Record<string, unknown>;
  /** The run's models; `m` and `judge` by default, which no server knows. */
  readonly models?: { readonly generator: string[]; readonly judge: string[] };
  readonly events: readonly CandidateEvent[];
}

/** Writes the run's manifest (its counts from the events) and journal under `root`; returns the run's folder. */
export async function writeRunFiles(root: string, run: TestRun): Promise<string> {
  const runDir = runDirectory(root, run.id);
  const summary = summarize(reduceEvents(run.events));
  await writeRunManifest(runDir, {
    version: 1, id: run.id, createdAt: run.createdAt, updatedAt: run.createdAt, status: 'completed',
    seed: { path: run.seedPath, sha256: 'b'.repeat(64), format: run.seedFormat, records: run.seedRecords },
    config: { strategy: run.strategy, count: summary.total, options: run.options ?? {} },
    provider: { id: 'custom', baseUrl: 'http://127.0.0.1:1/v1', models: run.models ?? { generator: ['m'], judge: ['judge'] } },
    templates: {}, counts: { generated: summary.total, accepted: summary.accepted, rejected: summary.rejected, pending: summary.pending, saved: summary.saved, failed: summary.failed },
    usage: { requests: 1, promptTokens: 1, completionTokens: 1 }, cost: { usd: 0 }, timestamps: { started: run.createdAt },
  });
  const journal = await CandidateJournal.open(runDir);
  try {
    await journal.append(run.events);
  } finally {
    await journal.close();
  }
  return runDir;
}
