// Near-duplicate detection over samples: exact copies by normalised hash, then ROUGE-L
// (the Self-Instruct rule) against everything seen so far — the seeds, what was already
// accepted, and the run itself. Every flag names the other sample.
import { ExactDuplicateIndex } from './similarity/exactDuplicates';
import { RougeLIndex } from './similarity/rougeFilter';
import { TokenInterner } from './similarity/tokenize';

export type DuplicateSource = 'seed' | 'accepted' | 'run' | 'file';

/** The other sample of a duplicate, as a user finds it again. */
export interface DuplicateRef {
  readonly id: string;
  readonly source: DuplicateSource;
  /** e.g. `seed line 12`, `candidate c-0042`, `out.jsonl:7`. */
  readonly label: string;
}

export interface DuplicateFlag {
  readonly method: 'exact' | 'rouge-l' | 'minhash' | 'embedding';
  readonly score: number;
  readonly other: DuplicateRef;
  readonly message: string;
}

export const DEFAULT_ROUGE_THRESHOLD = 0.7;

export function duplicateMessage(method: DuplicateFlag['method'], score: number, other: DuplicateRef): string {
  if (method === 'exact') return `an exact duplicate of ${other.label}`;
  const name = method === 'rouge-l' ? 'ROUGE-L' : method === 'minhash' ? 'estimated Jaccard' : 'embedding cosine';
  return `a near-duplicate of ${other.label} (${name} ${score.toFixed(2)})`;
}

export class NearDuplicateFilter {
  private readonly interner = new TokenInterner();
  private readonly rouge = new RougeLIndex<number>();
  private readonly exact = new ExactDuplicateIndex();
  private readonly refs: DuplicateRef[] = [];

  constructor(readonly threshold = DEFAULT_ROUGE_THRESHOLD) {}

  get size(): number {
    return this.refs.length;
  }

  /** Adds a sample to compare against, without checking it (seeds, accepted samples). */
  add(ref: DuplicateRef, text: string): void {
    const index = this.refs.length;
    this.refs.push(ref);
    this.exact.add(index, text);
    this.rouge.add(index, this.interner.internText(text));
  }

  /** What `text` duplicates among the samples added, if anything. */
  check(text: string): DuplicateFlag | undefined {
    const copy = this.exact.find(text);
    if (copy !== undefined) {
      const other = this.refs[copy];
      if (other) return { method: 'exact', score: 1, other, message: duplicateMessage('exact', 1, other) };
    }
    const similar = this.rouge.mostSimilar(this.interner.internText(text), this.threshold);
    const other = similar ? this.refs[similar.id] : undefined;
    if (!similar || !other) return undefined;
    return { method: 'rouge-l', score: similar.score, other, message: duplicateMessage('rouge-l', similar.score, other) };
  }

  /** Checks a sample and, when it is new, adds it, as a run does with each candidate it keeps. */
  checkAndAdd(ref: DuplicateRef, text: string): DuplicateFlag | undefined {
    const flag = this.check(text);
    if (!flag) this.add(ref, text);
    return flag;
  }
}
