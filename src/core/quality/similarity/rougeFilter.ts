// "Is this text too similar to any in the pool?" by ROUGE-L, exactly as brute force answers it,
// but comparing only the few pool items that could possibly be similar enough.
//
// For a query of m tokens and a pool item of n tokens, F = 2·LCS/(m+n), and two upper bounds of
// the LCS prune candidates before any LCS is computed:
//   - the length bound, LCS ≤ min(m, n): only items with 2·min(m,n)/(m+n) > τ can pass, and
//     posting lists are split into length buckets so the others are never read;
//   - the overlap bound, LCS ≤ Σ_t min(count_query(t), count_item(t)), accumulated through an
//     inverted index (token → posting list of (item, count)).
// Frequent tokens have long posting lists, so the query's most frequent tokens are not looked up
// at all — but only as many as keep the answer exact: with S skipped occurrences, an item sharing
// nothing but skipped tokens has F ≤ 2·min(S, n)/(m+n); while that is ≤ τ for every allowed n,
// every item that can beat τ is found through the tokens looked up, and S is added to each found
// item's overlap bound. The candidate with the highest bound is verified first (bit-parallel
// LCS), then the others, each only if its bound can still beat the best score so far. Among equal
// scores the item added first wins, as a brute-force scan in insertion order would have it.
import { LcsKernel, rougeLFromLcs } from './rougeL';
import { TokenInterner, type TokenIds } from './tokenize';

/** The most similar pool item and its ROUGE-L. */
export interface SimilarItem<Id> {
  readonly id: Id;
  readonly score: number;
}

function grownInt32(array: Int32Array<ArrayBuffer>, needed: number, fill = 0): Int32Array<ArrayBuffer> {
  if (needed <= array.length) return array;
  let capacity = Math.max(16, array.length);
  while (capacity < needed) capacity *= 2;
  const grown = new Int32Array(capacity);
  grown.set(array);
  if (fill !== 0) grown.fill(fill, array.length);
  return grown;
}

function grownUint32(array: Uint32Array<ArrayBuffer>, needed: number): Uint32Array<ArrayBuffer> {
  if (needed <= array.length) return array;
  let capacity = Math.max(16, array.length);
  while (capacity < needed) capacity *= 2;
  const grown = new Uint32Array(capacity);
  grown.set(array);
  return grown;
}

/** Checks a threshold is a number in [0, ∞); F ∈ [0, 1], so τ ≥ 1 simply matches nothing. */
function checkThreshold(threshold: number): void {
  if (!(threshold >= 0)) throw new RangeError(`a ROUGE-L threshold is a number >= 0, not ${threshold}`);
}

/** (item, count) pairs of one token among the items of one length bucket. */
interface Posting {
  readonly bucket: number;
  data: Int32Array;
  /** Ints of `data` in use (twice the number of items). */
  used: number;
}

/** Lengths up to this have a bucket each; longer ones share buckets about a quarter wide. */
const EXACT_LENGTHS = 4;
const BUCKET_GROWTH = 1.25;

/**
 * A pool of token sequences (ids from one TokenInterner) answering "which item has the highest
 * ROUGE-L with this one, if it is above a threshold" exactly, with pruning.
 *
 * A token's posting list is split by the length of the items (lengths 1–4 a bucket each, then
 * buckets about a quarter wide), so a query reads only the buckets its length bound allows, and
 * checks lengths one by one only in the two buckets at the edges of that range.
 */
/** Items that may score above a threshold, each with its upper bound; `top` has the highest. */
interface Candidates {
  readonly items: readonly number[];
  readonly bounds: readonly number[];
  readonly top: number;
}

export class RougeLIndex<Id = number> {
  private readonly ids: Id[] = [];
  private lengths = new Int32Array(64);
  private starts = new Int32Array(64);
  private store = new Uint32Array(1024);
  private stored = 0;
  private maxLength = 0;
  /** Per token: its postings, one per length bucket, in bucket order. */
  private readonly postings: (Posting[] | undefined)[] = [];
  /** Smallest and largest length of each bucket. */
  private readonly bucketLow: number[] = [];
  private readonly bucketHigh: number[] = [];
  /** Per token: how many items hold it. */
  private documentFrequency = new Int32Array(64);
  /** One more than the largest token id of any item. */
  private vocabulary = 0;

  // Scratch space of a query, kept between queries so a query allocates little.
  private slotOf = new Int32Array(64).fill(-1);
  private accumulated = new Int32Array(64);
  private touched = new Int32Array(64);
  private readonly kernel = new LcsKernel();

  constructor() {
    for (let n = 0; n <= EXACT_LENGTHS; n++) {
      this.bucketLow.push(n);
      this.bucketHigh.push(n);
    }
  }

  /** How many items the pool holds. */
  get size(): number {
    return this.ids.length;
  }

  /** The bucket of a length, creating buckets up to it. */
  private bucketOf(n: number): number {
    if (n <= EXACT_LENGTHS) return n;
    while ((this.bucketHigh[this.bucketHigh.length - 1] as number) < n) {
      const low = (this.bucketHigh[this.bucketHigh.length - 1] as number) + 1;
      this.bucketLow.push(low);
      this.bucketHigh.push(Math.floor(low * BUCKET_GROWTH));
    }
    let low = EXACT_LENGTHS + 1;
    let high = this.bucketHigh.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.bucketHigh[middle] as number) < n) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Adds an item. Tokens must be non-negative integers from the same interner as every query. */
  add(id: Id, tokens: TokenIds): void {
    const item = this.ids.length;
    const n = tokens.length;
    this.ids.push(id);
    this.lengths = grownInt32(this.lengths, item + 1);
    this.starts = grownInt32(this.starts, item + 1);
    this.accumulated = grownInt32(this.accumulated, item + 1);
    this.touched = grownInt32(this.touched, item + 1);
    this.lengths[item] = n;
    this.starts[item] = this.stored;
    this.store = grownUint32(this.store, this.stored + n);
    let largest = -1;
    for (let i = 0; i < n; i++) {
      const token = tokens[i] as number;
      if (!Number.isInteger(token) || token < 0 || token > 0x7fffffff) throw new RangeError(`token ids are non-negative integers, not ${token}`);
      this.store[this.stored + i] = token;
      if (token > largest) largest = token;
    }
    this.stored += n;
    if (n > this.maxLength) this.maxLength = n;
    if (largest >= this.vocabulary) {
      this.vocabulary = largest + 1;
      this.slotOf = grownInt32(this.slotOf, this.vocabulary, -1);
      this.documentFrequency = grownInt32(this.documentFrequency, this.vocabulary);
    }
    // Count each distinct token (slotOf, all -1 between queries, doubles as the counter and is
    // set back to -1 as each token is posted), then post it in the item's length bucket.
    const slotOf = this.slotOf;
    const start = this.starts[item];
    const bucket = this.bucketOf(n);
    for (let i = 0; i < n; i++) {
      const token = this.store[start + i] as number;
      slotOf[token] = (slotOf[token] as number) < 0 ? 1 : (slotOf[token] as number) + 1;
    }
    for (let i = 0; i < n; i++) {
      const token = this.store[start + i] as number;
      const count = slotOf[token] as number;
      if (count < 0) continue;
      slotOf[token] = -1;
      this.documentFrequency[token] = (this.documentFrequency[token] as number) + 1;
      const posting = this.postingFor(token, bucket);
      if (posting.used + 2 > posting.data.length) {
        const grown = new Int32Array(posting.data.length * 2);
        grown.set(posting.data);
        posting.data = grown;
      }
      posting.data[posting.used] = item;
      posting.data[posting.used + 1] = count;
      posting.used += 2;
    }
  }

  /** The posting of a token in a bucket, created in bucket order if new. */
  private postingFor(token: number, bucket: number): Posting {
    let list = this.postings[token];
    if (list === undefined) {
      list = [];
      this.postings[token] = list;
    }
    let at = list.length;
    while (at > 0 && (list[at - 1] as Posting).bucket >= bucket) {
      const posting = list[at - 1] as Posting;
      if (posting.bucket === bucket) return posting;
      at--;
    }
    const posting: Posting = { bucket, data: new Int32Array(4), used: 0 };
    list.splice(at, 0, posting);
    return posting;
  }

  /**
   * The item with the highest ROUGE-L to `tokens` if that score is strictly greater than
   * `threshold` (Self-Instruct rejects at > 0.7), else undefined. Among equal scores, the item
   * added first. Identical to comparing against every item.
   */
  mostSimilar(tokens: TokenIds, threshold: number): SimilarItem<Id> | undefined {
    const found = this.candidates(tokens, threshold);
    return found === undefined ? undefined : this.verifyBest(tokens, threshold, found);
  }

  /**
   * Every item whose ROUGE-L to `tokens` is strictly greater than `threshold`, most similar
   * first (ties: the item added first). Identical to comparing against every item.
   */
  allSimilar(tokens: TokenIds, threshold: number): SimilarItem<Id>[] {
    const found = this.candidates(tokens, threshold);
    if (found === undefined) return [];
    const kernel = this.kernel;
    kernel.setPattern(tokens);
    const m = tokens.length;
    const similar: { item: number; score: number }[] = [];
    for (const item of found.items) {
      const n = this.lengths[item] as number;
      const start = this.starts[item] as number;
      const score = rougeLFromLcs(kernel.lcs(this.store, start, start + n), m, n);
      if (score > threshold) similar.push({ item, score });
    }
    similar.sort((a, b) => b.score - a.score || a.item - b.item);
    return similar.map(({ item, score }) => ({ id: this.ids[item] as Id, score }));
  }

  /** The items whose length and token overlap leave room for a score above the threshold. */
  private candidates(tokens: TokenIds, threshold: number): Candidates | undefined {
    checkThreshold(threshold);
    const m = tokens.length;
    if (m === 0 || this.ids.length === 0 || threshold >= 1) return undefined;

    // Lengths an item may have: the length bound 2·min(m,n)/(m+n) must exceed the threshold.
    let minN = m;
    while (minN > 1 && rougeLFromLcs(minN - 1, m, minN - 1) > threshold) minN--;
    let maxN = m;
    while (maxN < this.maxLength && rougeLFromLcs(m, m, maxN + 1) > threshold) maxN++;
    if (minN > this.maxLength) return undefined;

    // Distinct query tokens that occur in the pool, with their counts in the query.
    const slotOf = this.slotOf;
    const vocabulary = this.vocabulary;
    const distinct: number[] = [];
    const counts: number[] = [];
    for (let i = 0; i < m; i++) {
      const token = tokens[i] as number;
      if (token >= vocabulary || token < 0 || (this.documentFrequency[token] as number) === 0) continue;
      const slot = slotOf[token] as number;
      if (slot < 0) {
        slotOf[token] = distinct.length;
        distinct.push(token);
        counts.push(1);
      } else {
        counts[slot] = (counts[slot] as number) + 1;
      }
    }
    for (const token of distinct) slotOf[token] = -1;
    return this.search(tokens, threshold, distinct, counts, minN, maxN);
  }

  private search(tokens: TokenIds, threshold: number, distinct: readonly number[], counts: readonly number[], minN: number, maxN: number): Candidates | undefined {
    const m = tokens.length;
    const documentFrequency = this.documentFrequency;
    // Skip the most frequent query tokens while an item sharing only those cannot beat the
    // threshold: with S skipped occurrences, an item of length n has F ≤ 2·min(S, n)/(m + n),
    // largest at n = S clamped into the allowed lengths.
    const order = distinct.map((_, slot) => slot).sort((a, b) => (documentFrequency[distinct[b] as number] as number) - (documentFrequency[distinct[a] as number] as number));
    let skipped = 0;
    let firstProbed = 0;
    while (firstProbed < order.length) {
      const more = skipped + (counts[order[firstProbed] as number] as number);
      const n = Math.min(Math.max(more, minN), maxN);
      if (rougeLFromLcs(Math.min(more, n), m, n) > threshold) break;
      skipped = more;
      firstProbed++;
    }

    // Overlap through the posting lists of the other tokens, in the buckets of allowed lengths.
    const accumulated = this.accumulated;
    const touched = this.touched;
    const lengths = this.lengths;
    const firstBucket = this.bucketOf(minN);
    const lastBucket = this.bucketOf(maxN);
    const edgeLow = (this.bucketLow[firstBucket] as number) < minN;
    const edgeHigh = (this.bucketHigh[lastBucket] as number) > maxN;
    let touchedCount = 0;
    for (let k = firstProbed; k < order.length; k++) {
      const slot = order[k] as number;
      const queryCount = counts[slot] as number;
      for (const posting of this.postings[distinct[slot] as number] as Posting[]) {
        const bucket = posting.bucket;
        if (bucket < firstBucket) continue;
        if (bucket > lastBucket) break;
        const checkLength = (edgeLow && bucket === firstBucket) || (edgeHigh && bucket === lastBucket);
        const data = posting.data;
        const used = posting.used;
        for (let p = 0; p < used; p += 2) {
          const item = data[p] as number;
          if (checkLength) {
            const n = lengths[item] as number;
            if (n < minN || n > maxN) continue;
          }
          const count = data[p + 1] as number;
          const before = accumulated[item] as number;
          if (before === 0) touched[touchedCount++] = item;
          accumulated[item] = before + (count < queryCount ? count : queryCount);
        }
      }
    }

    // Candidates whose bound still beats the threshold.
    const items: number[] = [];
    const bounds: number[] = [];
    let top = -1;
    for (let k = 0; k < touchedCount; k++) {
      const item = touched[k] as number;
      const n = lengths[item] as number;
      const overlap = Math.min((accumulated[item] as number) + skipped, n);
      accumulated[item] = 0;
      const bound = rougeLFromLcs(overlap, m, n);
      if (bound > threshold) {
        if (top < 0 || bound > (bounds[top] as number)) top = items.length;
        items.push(item);
        bounds.push(bound);
      }
    }
    return top < 0 ? undefined : { items, bounds, top };
  }

  private verifyBest(tokens: TokenIds, threshold: number, { items, bounds, top }: Candidates): SimilarItem<Id> | undefined {
    const m = tokens.length;
    const lengths = this.lengths;
    // Verify: the candidate with the highest bound first (a near-duplicate, if there is one, is
    // usually it, and its score then rules out most others without their LCS), then the rest,
    // each only if its bound can still beat — or tie, from an earlier item — the best so far.
    const kernel = this.kernel;
    kernel.setPattern(tokens);
    const starts = this.starts;
    const store = this.store;
    let best = -1;
    let bestScore = threshold;
    for (let k = -1; k < items.length; k++) {
      const index = k < 0 ? top : k;
      if (k === top) continue;
      const item = items[index] as number;
      const bound = bounds[index] as number;
      if (best >= 0 && (bound < bestScore || (bound === bestScore && item > best))) continue;
      const n = lengths[item] as number;
      const start = starts[item] as number;
      const score = rougeLFromLcs(kernel.lcs(store, start, start + n), m, n);
      if (best < 0 ? score > threshold : score > bestScore || (score === bestScore && item < best)) {
        best = item;
        bestScore = score;
      }
    }
    return best < 0 ? undefined : { id: this.ids[best] as Id, score: bestScore };
  }
}

/** Where a rejected text's closest match is: an earlier kept text or a seed, by index. */
export interface SimilarRef {
  readonly source: 'text' | 'seed';
  readonly index: number;
}

/**
 * The Self-Instruct decision for one text. A rejected text names the pool item with the highest
 * ROUGE-L (the earliest among equals) and that score. A kept text carries no score: its maximum is
 * at most the threshold, and finding its exact value would mean comparing it with every text
 * sharing a token, which is what the pruning avoids (ask RougeLIndex with a lower threshold).
 */
export type GreedyDecision =
  | { readonly kept: true }
  | { readonly kept: false; readonly similarTo: SimilarRef; readonly score: number };

/**
 * Self-Instruct's filter, one text at a time: a text is kept if its ROUGE-L to every seed and
 * every text kept before it is at most the threshold; kept texts join the pool.
 */
export class GreedyRougeFilter {
  private readonly interner = new TokenInterner();
  private readonly index = new RougeLIndex();
  private readonly seedCount: number;
  private offered = 0;

  constructor(
    readonly threshold = 0.7,
    seeds: readonly string[] = [],
  ) {
    checkThreshold(threshold);
    this.seedCount = seeds.length;
    for (const [i, seed] of seeds.entries()) this.index.add(i, this.interner.internText(seed));
  }

  /** Decides on the next text (index = how many texts were offered before it). */
  offer(text: string): GreedyDecision {
    const index = this.offered++;
    const tokens = this.interner.internText(text);
    const similar = this.index.mostSimilar(tokens, this.threshold);
    if (similar === undefined) {
      this.index.add(this.seedCount + index, tokens);
      return { kept: true };
    }
    const similarTo: SimilarRef = similar.id < this.seedCount ? { source: 'seed', index: similar.id } : { source: 'text', index: similar.id - this.seedCount };
    return { kept: false, similarTo, score: similar.score };
  }

  /** How many seeds and kept texts the pool holds. */
  get poolSize(): number {
    return this.index.size;
  }
}

/** Self-Instruct's greedy ROUGE-L pass over `texts` in order (seeds form the initial pool). */
export function greedyFilter(texts: readonly string[], threshold = 0.7, seeds: readonly string[] = []): GreedyDecision[] {
  const filter = new GreedyRougeFilter(threshold, seeds);
  return texts.map((text) => filter.offer(text));
}
