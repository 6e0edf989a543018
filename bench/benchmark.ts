// What a benchmark reports: figures next to their targets, measured in one run.

export interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** Human-readable target, e.g. ">= 100 MB/s". */
  readonly target?: string;
  /** Whether the target holds; undefined for figures given as context. */
  readonly met?: boolean;
  readonly note?: string;
  /** When the target does not hold: why, and what would make it hold (shown under the table). */
  readonly why?: string;
}

export interface BenchmarkResult {
  readonly title: string;
  readonly setup: string;
  readonly figures: readonly Figure[];
}

export interface Benchmark {
  readonly name: string;
  run(): Promise<BenchmarkResult>;
}
