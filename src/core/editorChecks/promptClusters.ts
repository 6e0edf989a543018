// Near-duplicate prompts among the lines of an open file, kept up to date as lines change.
//
// Each distinct prompt is indexed once, in the order it is met, exactly as a run filters its
// candidates: a prompt with ROUGE-L above the threshold to an earlier representative joins
// that one's cluster, any other becomes a representative itself. Prompts never leave the index
// (a deleted line often comes back with Undo); which ones are on which lines is the caller's.
// A pair is reported only after its own ROUGE-L is computed, so every report is exact.
import { RougeLIndex } from '../quality/similarity/rougeFilter';
import { rougeL } from '../quality/similarity/rougeL';
import { TokenInterner } from '../quality/similarity/tokenize';

export class PromptClusters {
  private readonly interner = new TokenInterner();
  private readonly index = new RougeLIndex<number>();
  private readonly ids = new Map<string, number>();
  private readonly tokens: Uint32Array[] = [];
  /** Per prompt id: its representative (itself for a representative), -1 while not indexed. */
  private readonly representative: number[] = [];
  private readonly pending: number[] = [];
  private readonly pairScores = new Map<number, number>();

  constructor(readonly threshold: number) {}

  /** The id of a prompt, queued for indexing when new. */
  idOf(prompt: string): number {
    let id = this.ids.get(prompt);
    if (id === undefined) {
      id = this.tokens.length;
      this.ids.set(prompt, id);
      this.tokens.push(this.interner.internText(prompt));
      this.representative.push(-1);
      this.pending.push(id);
    }
    return id;
  }

  /** Prompts met but not indexed yet. */
  get pendingCount(): number {
    return this.pending.length;
  }

  /** Indexes queued prompts until `deadline` (a `performance.now()` time); returns how many are left. */
  indexUntil(deadline: number, now: () => number): number {
    let done = 0;
    while (done < this.pending.length) {
      const id = this.pending[done] as number;
      done++;
      this.indexOne(id);
      if ((done & 15) === 0 && now() >= deadline) break;
    }
    this.pending.splice(0, done);
    return this.pending.length;
  }

  private indexOne(id: number): void {
    const tokens = this.tokens[id] as Uint32Array;
    const similar = this.threshold < 1 && tokens.length > 0 ? this.index.mostSimilar(tokens, this.threshold) : undefined;
    if (similar) {
      this.representative[id] = similar.id;
      this.pairScores.set(this.pairKey(id, similar.id), similar.score);
      return;
    }
    this.representative[id] = id;
    if (tokens.length > 0) this.index.add(id, tokens);
  }

  /** The representative of a prompt's cluster (itself for a representative); undefined until indexed. */
  representativeOf(id: number): number | undefined {
    const representative = this.representative[id] ?? -1;
    return representative < 0 ? undefined : representative;
  }

  /** ROUGE-L of two prompts, computed once. */
  score(a: number, b: number): number {
    if (a === b) return 1;
    const key = this.pairKey(a, b);
    let score = this.pairScores.get(key);
    if (score === undefined) {
      score = rougeL(this.tokens[a] as Uint32Array, this.tokens[b] as Uint32Array);
      this.pairScores.set(key, score);
    }
    return score;
  }

  private pairKey(a: number, b: number): number {
    return a < b ? a * 0x4000000 + b : b * 0x4000000 + a;
  }
}
