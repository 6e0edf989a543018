// ROUGE-L between token sequences, as the Self-Instruct filter uses it: the F-measure with β = 1
// of the longest common subsequence, F = 2·LCS / (m + n), and 0 when either side is empty.
//
// The LCS length is computed bit-parallel (the Allison–Dix / Hyyrö formulation): one bit per
// position of the shorter sequence, packed into 32-bit words; each token of the other sequence
// updates every word with an addition whose carry runs across words. Cost ⌈m/32⌉·n word
// operations instead of m·n cells.
import type { TokenIds } from './tokenize';

/** ROUGE-L F-measure from an LCS length and the two lengths. Every score in this module goes through it. */
export function rougeLFromLcs(lcs: number, m: number, n: number): number {
  return m === 0 || n === 0 ? 0 : (2 * lcs) / (m + n);
}

/** Bits set in a 32-bit word. */
export function popcount32(word: number): number {
  let v = word - ((word >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

/**
 * One sequence compiled for repeated LCS computations against others: its match masks (one bit
 * per position, per distinct token) are built once.
 */
export class LcsPattern {
  readonly length: number;
  private readonly words: number;
  private readonly slotOf = new Map<number, number>();
  private readonly masks: Uint32Array;
  private readonly state: Uint32Array;

  constructor(pattern: TokenIds) {
    const m = pattern.length;
    this.length = m;
    this.words = (m + 31) >>> 5;
    for (let i = 0; i < m; i++) {
      const token = pattern[i] as number;
      if (!this.slotOf.has(token)) this.slotOf.set(token, this.slotOf.size);
    }
    this.masks = new Uint32Array(this.words * this.slotOf.size);
    for (let i = 0; i < m; i++) {
      const base = (this.slotOf.get(pattern[i] as number) as number) * this.words;
      const index = base + (i >>> 5);
      this.masks[index] = ((this.masks[index] as number) | (1 << (i & 31))) >>> 0;
    }
    this.state = new Uint32Array(this.words);
  }

  /** Length of the longest common subsequence of the pattern and `text`. */
  lcs(text: TokenIds): number {
    const m = this.length;
    if (m === 0 || text.length === 0) return 0;
    const slotOf = this.slotOf;
    const masks = this.masks;
    const words = this.words;
    if (words === 1) {
      let v = 0xffffffff;
      for (let j = 0; j < text.length; j++) {
        const slot = slotOf.get(text[j] as number);
        if (slot === undefined) continue;
        const u = v & (masks[slot] as number);
        v = ((v + (u >>> 0)) | (v & ~u)) >>> 0;
      }
      return m - popcount32(m === 32 ? v : v & ((1 << m) - 1));
    }
    const state = this.state;
    state.fill(0xffffffff);
    for (let j = 0; j < text.length; j++) {
      const slot = slotOf.get(text[j] as number);
      if (slot === undefined) continue;
      const base = slot * words;
      let carry = 0;
      for (let w = 0; w < words; w++) {
        const v = state[w] as number;
        const u = (v & (masks[base + w] as number)) >>> 0;
        const sum = v + u + carry;
        carry = sum > 0xffffffff ? 1 : 0;
        state[w] = (sum | (v & ~u)) >>> 0;
      }
    }
    return m - onesInPrefix(state, m);
  }
}

/**
 * The same bit-parallel LCS for interned tokens (non-negative integers, as a TokenInterner
 * gives), looking tokens up in a dense table instead of a map, and reused from pattern to
 * pattern without allocating: the inner loop of the ROUGE-L filters.
 */
export class LcsKernel {
  private slotOf = new Int32Array(256).fill(-1);
  private readonly patternTokens: number[] = [];
  private masks = new Uint32Array(64);
  private state = new Uint32Array(8);
  private m = 0;
  private words = 0;

  /** Length of the current pattern. */
  get length(): number {
    return this.m;
  }

  /** Compiles a pattern: its match masks, one bit per position, per distinct token. */
  setPattern(pattern: TokenIds): void {
    for (const token of this.patternTokens) this.slotOf[token] = -1;
    this.patternTokens.length = 0;
    const m = pattern.length;
    const words = (m + 31) >>> 5;
    let largest = -1;
    for (let i = 0; i < m; i++) {
      const token = pattern[i] as number;
      if (!Number.isInteger(token) || token < 0 || token > 0x7fffffff) throw new RangeError(`interned tokens are non-negative integers, not ${token}`);
      if (token > largest) largest = token;
    }
    if (largest >= this.slotOf.length) {
      const grown = new Int32Array(Math.max(largest + 1, this.slotOf.length * 2)).fill(-1);
      grown.set(this.slotOf);
      this.slotOf = grown;
    }
    const slotOf = this.slotOf;
    for (let i = 0; i < m; i++) {
      const token = pattern[i] as number;
      if ((slotOf[token] as number) < 0) {
        slotOf[token] = this.patternTokens.length;
        this.patternTokens.push(token);
      }
    }
    const size = words * this.patternTokens.length;
    if (this.masks.length < size) this.masks = new Uint32Array(Math.max(size, this.masks.length * 2));
    const masks = this.masks;
    masks.fill(0, 0, size);
    for (let i = 0; i < m; i++) {
      const index = (slotOf[pattern[i] as number] as number) * words + (i >>> 5);
      masks[index] = ((masks[index] as number) | (1 << (i & 31))) >>> 0;
    }
    if (this.state.length < words) this.state = new Uint32Array(words);
    this.m = m;
    this.words = words;
  }

  /** LCS length of the pattern and `text[start, end)`. */
  lcs(text: TokenIds, start = 0, end = text.length): number {
    const m = this.m;
    if (m === 0 || end <= start) return 0;
    const slotOf = this.slotOf;
    const table = slotOf.length;
    const masks = this.masks;
    const words = this.words;
    if (words === 1) {
      let v = 0xffffffff;
      for (let j = start; j < end; j++) {
        const token = text[j] as number;
        const slot = token < table ? (slotOf[token] as number) : -1;
        if (slot < 0) continue;
        const u = v & (masks[slot] as number);
        v = ((v + (u >>> 0)) | (v & ~u)) >>> 0;
      }
      return m - popcount32(m === 32 ? v : v & ((1 << m) - 1));
    }
    const state = this.state;
    state.fill(0xffffffff, 0, words);
    for (let j = start; j < end; j++) {
      const token = text[j] as number;
      const slot = token < table ? (slotOf[token] as number) : -1;
      if (slot < 0) continue;
      const base = slot * words;
      let carry = 0;
      for (let w = 0; w < words; w++) {
        const v = state[w] as number;
        const u = (v & (masks[base + w] as number)) >>> 0;
        const sum = v + u + carry;
        carry = sum > 0xffffffff ? 1 : 0;
        state[w] = (sum | (v & ~u)) >>> 0;
      }
    }
    return m - onesInPrefix(state, m);
  }
}

/** Ones among the first m bits of a bit vector. */
function onesInPrefix(state: Uint32Array, m: number): number {
  let ones = 0;
  const full = m >>> 5;
  for (let w = 0; w < full; w++) ones += popcount32(state[w] as number);
  const rest = m & 31;
  if (rest !== 0) ones += popcount32((state[full] as number) & ((1 << rest) - 1));
  return ones;
}

/** Length of the longest common subsequence, bit-parallel over the shorter sequence. */
export function lcsLength(a: TokenIds, b: TokenIds): number {
  if (a.length === 0 || b.length === 0) return 0;
  return a.length <= b.length ? new LcsPattern(a).lcs(b) : new LcsPattern(b).lcs(a);
}

/** Length of the longest common subsequence by the plain O(m·n) dynamic programme (tests and benchmarks). */
export function lcsLengthReference(a: TokenIds, b: TokenIds): number {
  const n = b.length;
  let previous = new Int32Array(n + 1);
  let current = new Int32Array(n + 1);
  for (let i = 1; i <= a.length; i++) {
    const token = a[i - 1];
    for (let j = 1; j <= n; j++) {
      current[j] = token === b[j - 1] ? (previous[j - 1] as number) + 1 : Math.max(previous[j] as number, current[j - 1] as number);
    }
    [previous, current] = [current, previous];
  }
  return previous[n] as number;
}

/** ROUGE-L F-measure (β = 1) of two token sequences. */
export function rougeL(a: TokenIds, b: TokenIds): number {
  return rougeLFromLcs(lcsLength(a, b), a.length, b.length);
}
