// What the Dataset Health view shows, computed in the extension host with the engine: for a
// dataset file (streamed, one pass) or for the candidates of a run, compared with the seeds
// when there are seeds to compare with.
import { stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import * as vscode from 'vscode';
import { bytesOf, type DatasetBatch, type ReadDatasetOptions, readDataset, readDatasetFile } from '../core/formats/datasetReader';
import type { Sample } from '../core/model/sample';
import { promptText } from '../core/model/sampleText';
import { type Distribution, LENGTH_BINS, StatsAccumulator } from '../core/quality/datasetStats';
import { DEFAULT_ROUGE_THRESHOLD, type DuplicateSource, NearDuplicateFilter } from '../core/quality/nearDuplicates';
import { ExactDuplicateIndex } from '../core/quality/similarity/exactDuplicates';
import { reduceEvents } from '../core/runs/candidateState';
import { readJournal } from '../core/runs/journal';
import { readRunManifest, runDirectory } from '../core/runs/runManifest';
import { SEED_FILE_EXTENSIONS } from '../core/seedFiles';
import type { HealthErrorMessage, HealthLengths, HealthReportMessage, HealthSubject } from '../protocol/webviewMessages';

/** Above this many records only exact duplicates are counted: ROUGE-L would take too long. */
export const NEAR_DUPLICATE_LIMIT = 20_000;

export type HealthResult = HealthReportMessage | HealthErrorMessage;

/** One thing the view can show the health of, and how to compute it (again, on refresh). */
export interface HealthTask {
  readonly subject: HealthSubject;
  run(signal: AbortSignal): Promise<HealthResult>;
}

/** What the view needs from its caller: `DatasetHealthView` implements it. */
export interface HealthPresenter {
  show(task: HealthTask): Promise<void>;
}

/** Shows the health of a dataset file in the Dataset Health view (revealing the view). */
export async function showFileHealth(view: HealthPresenter, file: vscode.Uri): Promise<void> {
  await view.show(fileHealthTask(file));
}

/**
 * Shows the health of a run in the Dataset Health view: its pending and accepted candidates
 * (latest sample, judge overall score) against the run's seed file.
 */
export async function showRunHealth(view: HealthPresenter, workspaceRoot: string, runId: string): Promise<void> {
  await view.show(runHealthTask(workspaceRoot, runId));
}

export function fileHealthTask(file: vscode.Uri): HealthTask {
  const name = vscode.workspace.asRelativePath(file, false);
  const subject: HealthSubject = { kind: 'file', name };
  return {
    subject,
    run: async (signal) => {
      // An open document with unsaved edits is read as the user sees it.
      const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === file.toString());
      const text = open?.isDirty === true ? open.getText() : undefined;
      return computeFileHealth(file.fsPath, { subject, text, signal, relativePath: (path) => vscode.workspace.asRelativePath(path, false) });
    },
  };
}

export function runHealthTask(workspaceRoot: string, runId: string): HealthTask {
  const subject: HealthSubject = { kind: 'run', name: runId };
  return { subject, run: (signal) => computeRunHealth(workspaceRoot, runId, { signal }) };
}

/**
 * The seed file a synthetic file was grown from, by name: `<seed>.synthetic.<ext>` beside
 * `<seed>.<ext>` (or the seed in another dataset format). Undefined when there is none.
 */
export async function seedFileFor(path: string): Promise<string | undefined> {
  const match = /^(.+)\.synthetic(\.[^.]+)$/i.exec(basename(path));
  if (!match) return undefined;
  const [, stem = '', extension = ''] = match;
  const extensions = [extension, ...SEED_FILE_EXTENSIONS.filter((other) => other !== extension.toLowerCase())];
  for (const candidate of extensions) {
    const seed = join(dirname(path), `${stem}${candidate}`);
    if (await isFile(seed)) return seed;
  }
  return undefined;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

export interface FileHealthOptions {
  readonly subject?: HealthSubject;
  /** The file's text when it differs from the disk (an editor with unsaved edits). */
  readonly text?: string | undefined;
  readonly signal?: AbortSignal;
  /** How a path is named to the user; the absolute path by default. */
  readonly relativePath?: (path: string) => string;
}

/** Every figure of the view for one dataset file, compared with its seed file when it has one. */
export async function computeFileHealth(path: string, options: FileHealthOptions = {}): Promise<HealthResult> {
  const named = options.relativePath ?? ((p: string) => p);
  const subject = options.subject ?? { kind: 'file', name: named(path) };
  const signal = options.signal ?? new AbortController().signal;
  const seedPath = await seedFileFor(path);
  const seeds = seedPath === undefined ? undefined : await readSeeds(() => readDatasetFile(seedPath, { keepText: false }), signal);

  const tally = new SubjectTally(seeds, 'file');
  let errors = 0;
  let warnings = 0;
  let format: string | undefined;
  let container: HealthReportMessage['container'] = null;
  let firstProblem: { line: number; message: string } | undefined;
  const readOptions: ReadDatasetOptions = { keepText: false, fileName: path };
  const batches = options.text === undefined ? readDatasetFile(path, readOptions) : readDataset(bytesOf(options.text), readOptions);
  try {
    for await (const batch of batches) {
      signal.throwIfAborted();
      for (const record of batch.records) tally.add(record.sample);
      for (const found of batch.problems) if (found.severity !== 'info') firstProblem ??= { line: found.line, message: found.message };
      if (batch.summary) {
        errors = batch.summary.errors;
        warnings = batch.summary.warnings;
        format = batch.summary.dominantFormat;
        container = batch.summary.layout.container;
      }
      await yieldToOthers();
    }
  } catch (error: unknown) {
    if (signal.aborted) throw error;
    return { type: 'healthError', subject, message: vscode.l10n.t('Cannot read {0}: {1}', subject.name, describeError(error)) };
  }
  if (tally.records === 0) {
    const message = firstProblem
      ? vscode.l10n.t('{0} has no records Seedling can use. The first problem, on line {1}: {2}', subject.name, String(firstProblem.line), firstProblem.message)
      : vscode.l10n.t('{0} has no records Seedling can use.', subject.name);
    return { type: 'healthError', subject, message };
  }
  return tally.report({
    subject,
    format: format ?? null,
    container,
    problems: { errors, warnings },
    seedFile: seedPath === undefined ? null : named(seedPath),
    seedUnreadable: seedPath !== undefined && seeds === undefined ? named(seedPath) : null,
  });
}

/** Every figure of the view for the candidates of a run, against the run's seed file. */
export async function computeRunHealth(workspaceRoot: string, runId: string, options: { signal?: AbortSignal } = {}): Promise<HealthResult> {
  const subject: HealthSubject = { kind: 'run', name: runId };
  const signal = options.signal ?? new AbortController().signal;
  let dir: string;
  try {
    dir = runDirectory(workspaceRoot, runId);
  } catch (error: unknown) {
    return { type: 'healthError', subject, message: vscode.l10n.t('Cannot read run {0}: {1}', runId, describeError(error)) };
  }
  const manifest = await readRunManifest(dir);
  if (!manifest.ok) return { type: 'healthError', subject, message: vscode.l10n.t('Cannot read run {0}: {1}', runId, manifest.message) };
  let journal;
  try {
    journal = await readJournal(dir);
  } catch (error: unknown) {
    return { type: 'healthError', subject, message: vscode.l10n.t('Cannot read run {0}: {1}', runId, describeError(error)) };
  }
  signal.throwIfAborted();
  const candidates = [...reduceEvents(journal.events).values()].filter((candidate) => candidate.status === 'pending' || candidate.status === 'accepted');
  if (candidates.length === 0) return { type: 'healthError', subject, message: vscode.l10n.t('Run {0} has no pending or accepted candidates yet.', runId) };

  const seedPath = resolve(workspaceRoot, manifest.manifest.seed.path);
  const seeds = await readSeeds(() => readDatasetFile(seedPath, { keepText: false }), signal);
  const tally = new SubjectTally(seeds, 'run', candidates.length);
  for (const [index, candidate] of candidates.entries()) {
    tally.add(candidate.sample, candidate.verdict?.overall);
    if (index % 500 === 499) {
      signal.throwIfAborted();
      await yieldToOthers();
    }
  }
  const errors = journal.problems.filter((found) => found.severity === 'error').length;
  const warnings = journal.problems.filter((found) => found.severity === 'warning').length;
  return tally.report({
    subject,
    format: manifest.manifest.seed.format,
    container: null,
    problems: { errors, warnings },
    seedFile: manifest.manifest.seed.path,
    seedUnreadable: seeds === undefined ? manifest.manifest.seed.path : null,
  });
}

/** The seeds, as the subject is compared with them: statistics and a duplicate index. */
interface Seeds {
  readonly stats: StatsAccumulator;
  readonly records: number;
  readonly exact: ExactDuplicateIndex;
  /** Undefined when there are too many seeds for ROUGE-L. */
  readonly near: NearDuplicateFilter | undefined;
}

/** Reads the seed file in one pass; undefined when it cannot be read or holds no usable record. */
async function readSeeds(open: () => AsyncIterable<DatasetBatch>, signal: AbortSignal): Promise<Seeds | undefined> {
  const stats = new StatsAccumulator();
  const exact = new ExactDuplicateIndex();
  let near: NearDuplicateFilter | undefined = new NearDuplicateFilter(DEFAULT_ROUGE_THRESHOLD);
  let records = 0;
  try {
    for await (const batch of open()) {
      signal.throwIfAborted();
      for (const record of batch.records) {
        records++;
        stats.add(record.sample);
        const text = promptText(record.sample);
        exact.add(records, text);
        if (records > NEAR_DUPLICATE_LIMIT) near = undefined;
        near?.add({ id: `seed:${record.line}`, source: 'seed', label: `seed line ${record.line}` }, text);
      }
      await yieldToOthers();
    }
  } catch (error: unknown) {
    if (signal.aborted) throw error;
    return undefined;
  }
  return records === 0 ? undefined : { stats, records, exact, near };
}

/** Accumulates the subject's statistics and duplicate counts, record by record. */
class SubjectTally {
  readonly stats = new StatsAccumulator();
  records = 0;
  private readonly exactWithin = new ExactDuplicateIndex();
  private nearWithin: NearDuplicateFilter | undefined;
  private exactCopies = 0;
  private nearCopies = 0;
  private exactOfSeeds = 0;
  private nearOfSeeds = 0;
  private nearAbandoned = false;

  constructor(
    private readonly seeds: Seeds | undefined,
    private readonly source: DuplicateSource,
    /** The number of records, when known before the first one. */
    expected?: number,
  ) {
    this.nearAbandoned = expected !== undefined && expected > NEAR_DUPLICATE_LIMIT;
    this.nearWithin = this.nearAbandoned ? undefined : new NearDuplicateFilter(DEFAULT_ROUGE_THRESHOLD);
  }

  add(sample: Sample, score?: number): void {
    this.records++;
    this.stats.add(sample, score);
    if (this.records > NEAR_DUPLICATE_LIMIT && !this.nearAbandoned) {
      // A file turned out too large for ROUGE-L: from here on, exact duplicates only.
      this.nearAbandoned = true;
      this.nearWithin = undefined;
    }
    const text = promptText(sample);
    if (this.exactWithin.add(this.records, text) !== undefined) this.exactCopies++;
    else if (this.nearWithin?.checkAndAdd({ id: String(this.records), source: this.source, label: `record ${this.records}` }, text)?.method === 'rouge-l') this.nearCopies++;
    if (this.seeds) {
      if (this.seeds.exact.find(text) !== undefined) this.exactOfSeeds++;
      else if (!this.nearAbandoned && this.seeds.near?.check(text)?.method === 'rouge-l') this.nearOfSeeds++;
    }
  }

  report(header: Pick<HealthReportMessage, 'subject' | 'format' | 'container' | 'problems' | 'seedFile' | 'seedUnreadable'>): HealthReportMessage {
    const mine = this.stats.result();
    const seeds = this.seeds;
    const theirs = seeds?.stats.result();
    const comparison = seeds ? this.stats.compareWith(seeds.stats) : undefined;
    return {
      type: 'healthReport',
      ...header,
      seedFile: seeds ? header.seedFile : null,
      records: mine.records,
      seedRecords: seeds?.records ?? null,
      scores: mine.scores ? { histogram: [...mine.scores.histogram], mean: clamp(mine.scores.mean, 0, 5), count: mine.scores.count } : null,
      lengthBins: [...LENGTH_BINS],
      lengths: lengthsOf(mine.responseChars),
      seedLengths: theirs ? lengthsOf(theirs.responseChars) : null,
      labels: mine.labels.map((entry) => ({ ...entry })),
      seedLabels: theirs ? theirs.labels.map((entry) => ({ ...entry })) : null,
      diversity: { distinct1: clamp(mine.distinct1, 0, 1), distinct2: clamp(mine.distinct2, 0, 1) },
      seedDiversity: theirs ? { distinct1: clamp(theirs.distinct1, 0, 1), distinct2: clamp(theirs.distinct2, 0, 1) } : null,
      languages: Object.entries(mine.languages)
        .map(([language, count]) => ({ language, count }))
        .sort((a, b) => b.count - a.count || a.language.localeCompare(b.language)),
      duplicates: {
        threshold: DEFAULT_ROUGE_THRESHOLD,
        nearLimit: NEAR_DUPLICATE_LIMIT,
        within: { exact: this.exactCopies, near: this.nearAbandoned ? null : this.nearCopies },
        againstSeeds: seeds ? { exact: this.exactOfSeeds, near: this.nearAbandoned || !seeds.near ? null : this.nearOfSeeds } : null,
      },
      comparison: comparison
        ? {
            unigramJsDivergence: clamp(comparison.unigramJsDivergence, 0, 1),
            bigramJsDivergence: clamp(comparison.bigramJsDivergence, 0, 1),
            responseLengthRatio: finiteOrNull(comparison.responseLengthRatio),
            promptLengthRatio: finiteOrNull(comparison.promptLengthRatio),
            labelShift: comparison.labelShift === undefined ? null : clamp(comparison.labelShift, 0, 1),
          }
        : null,
    };
  }
}

function lengthsOf(distribution: Distribution): HealthLengths {
  return {
    count: distribution.count,
    median: distribution.median,
    mean: Math.round(distribution.mean * 10) / 10,
    p90: distribution.p90,
    max: distribution.max,
    histogram: [...distribution.histogram],
  };
}

function clamp(value: number, low: number, high: number): number {
  return Number.isNaN(value) ? low : Math.min(high, Math.max(low, value));
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) && value >= 0 ? value : null;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Lets the extension host breathe between batches of a long computation. */
function yieldToOthers(): Promise<void> {
  return new Promise((done) => setImmediate(done));
}
