// Near-duplicates at scale: MinHash signatures over shingles, and locality-sensitive hashing
// (LSH) by bands to find the pairs whose estimated Jaccard similarity reaches a threshold
// without comparing every pair.
//
// Shingles are word 3-grams, or character 5-grams for text that is mostly CJK (tokenize.ts
// decides); a text shorter than one shingle is one shingle of all its tokens. A signature keeps,
// for each of k seeded 32-bit hash permutations, the minimum over the text's shingles; two
// texts agree at a position with probability equal to their Jaccard similarity.
//
// Memory: an indexed text keeps one byte per permutation (8 bits of a re-hash of each minimum,
// "b-bit MinHash"; the 1/256 chance that two different minima agree is corrected for when
// estimating), one 32-bit key per band and one chain link per band. With k = 128 and 18 bands
// that is about 128 + 18·(4 + 4 + ~6 of hash table) ≈ 375 bytes a text: ~360 MiB for a million.
import { isMostlyCjk, tokenizeDetailed, type TokenizedText } from './tokenize';

/** Word n-gram size for space-separated text. */
export const WORD_SHINGLE = 3;
/** Character n-gram size for CJK text. */
export const CJK_SHINGLE = 5;

/** A text's shingles as token runs; each run is one shingle. */
function shingleRuns(tokenized: TokenizedText): { readonly tokens: readonly string[]; readonly n: number } {
  const n = isMostlyCjk(tokenized) ? CJK_SHINGLE : WORD_SHINGLE;
  return { tokens: tokenized.tokens, n: Math.min(n, tokenized.tokens.length) };
}

/** The distinct shingles of a text, readable (tokens joined by spaces): exact Jaccard works on these. */
export function textShingles(text: string): Set<string> {
  const { tokens, n } = shingleRuns(tokenizeDetailed(text));
  const shingles = new Set<string>();
  if (n === 0) return shingles;
  for (let i = 0; i + n <= tokens.length; i++) shingles.add(tokens.slice(i, i + n).join(' '));
  return shingles;
}

/** Jaccard similarity of two sets; 0 when both are empty (nothing in common to speak of). */
export function jaccard<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): number {
  if (a.size === 0 && b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const item of small) if (large.has(item)) shared++;
  return shared / (a.size + b.size - shared);
}

/** Exact Jaccard similarity of two texts' shingle sets. */
export function exactJaccard(a: string, b: string): number {
  return jaccard(textShingles(a), textShingles(b));
}

/** The murmur3 32-bit finaliser: a bijection of 32-bit integers that mixes every bit. */
function fmix32(value: number): number {
  let h = value;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** FNV-1a over UTF-16 code units, finalised. */
function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return fmix32(h);
}

/** 32-bit hashes of a text's shingles (repeats possible; they do not change a minimum). */
export function shingleHashes(text: string): Uint32Array {
  const { tokens, n } = shingleRuns(tokenizeDetailed(text));
  if (n === 0) return new Uint32Array(0);
  const tokenHashes = tokens.map(hashString);
  const count = tokens.length - n + 1;
  const hashes = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    let h = 0x9e3779b9 ^ n;
    for (let j = i; j < i + n; j++) h = fmix32((Math.imul(h, 0x01000193) + (tokenHashes[j] as number)) | 0);
    hashes[i] = h;
  }
  return hashes;
}

/** A deterministic stream of 32-bit numbers (splitmix-style) for permutation seeds. */
function seedStream(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    return fmix32(state);
  };
}

/** k hash permutations and the signatures they give. */
export class MinHasher {
  readonly permutations: number;
  private readonly seeds: Uint32Array;

  constructor(permutations = 128, seed = 0x5eed) {
    if (!Number.isInteger(permutations) || permutations < 1) throw new RangeError(`permutations is a positive integer, not ${permutations}`);
    this.permutations = permutations;
    const next = seedStream(seed);
    this.seeds = new Uint32Array(permutations);
    for (let i = 0; i < permutations; i++) this.seeds[i] = next();
  }

  /** The signature of a set of shingle hashes: per permutation, the minimum (0xffffffff if empty). */
  signatureOf(hashes: Uint32Array, into: Uint32Array = new Uint32Array(this.permutations)): Uint32Array {
    const k = this.permutations;
    const seeds = this.seeds;
    into.fill(0xffffffff);
    for (let s = 0; s < hashes.length; s++) {
      const x = hashes[s] as number;
      for (let i = 0; i < k; i++) {
        let h = x ^ (seeds[i] as number);
        h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
        h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
        h = (h ^ (h >>> 16)) >>> 0;
        if (h < (into[i] as number)) into[i] = h;
      }
    }
    return into;
  }

  /** The signature of a text. */
  signature(text: string): Uint32Array {
    return this.signatureOf(shingleHashes(text));
  }
}

/** Estimated Jaccard similarity of two full signatures: the share of positions that agree. */
export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length !== b.length || a.length === 0) throw new RangeError('signatures of different or zero length');
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

/** Bands × rows for LSH. */
export interface Banding {
  readonly bands: number;
  readonly rows: number;
}

/**
 * Bands and rows for a Jaccard threshold: a pair becomes a candidate with probability
 * 1 − (1 − s^rows)^bands, whose steep middle sits near (1/bands)^(1/rows). To favour recall,
 * the banding chosen has that point at or below the threshold, as close to it as possible
 * (the most selective banding that still catches pairs at the threshold most of the time).
 */
export function chooseBanding(threshold: number, permutations: number): Banding {
  if (!(threshold > 0 && threshold <= 1)) throw new RangeError(`a Jaccard threshold is in (0, 1], not ${threshold}`);
  let chosen: Banding = { bands: permutations, rows: 1 };
  let chosenPoint = -1;
  for (let rows = 1; rows <= permutations; rows++) {
    const bands = Math.floor(permutations / rows);
    const point = Math.pow(1 / bands, 1 / rows);
    if (point <= threshold && point > chosenPoint) {
      chosen = { bands, rows };
      chosenPoint = point;
    }
  }
  return chosen;
}

/** Probability that a pair of Jaccard similarity s becomes an LSH candidate. */
export function candidateProbability(s: number, banding: Banding): number {
  return 1 - Math.pow(1 - Math.pow(s, banding.rows), banding.bands);
}

export interface MinHashLshOptions {
  /** Estimated Jaccard at or above which two texts are near-duplicates. Default 0.7. */
  readonly threshold?: number;
  /** Hash permutations per signature. Default 128. */
  readonly permutations?: number;
  /** How many texts to expect, to size the tables once. */
  readonly expectedSize?: number;
  readonly seed?: number;
}

/** A candidate and its estimated Jaccard similarity. */
export interface LshMatch<Id> {
  readonly id: Id;
  readonly estimate: number;
}

/** Two indexed texts (in the order they were added) and their estimated Jaccard similarity. */
export interface LshPair<Id> {
  readonly a: Id;
  readonly b: Id;
  readonly estimate: number;
}

/** Most buckets of a band's table in use before it grows (linear probing stays short below this). */
const MAX_LOAD = 0.7;

/** The bucket a key starts probing at, in a table of `size` buckets (multiply-shift range reduction). */
function homeBucket(key: number, size: number): number {
  return Math.floor((fmix32(key) * size) / 4294967296);
}

/** Chance that two unrelated minima agree on their stored byte. */
const BYTE_CHANCE = 1 / 256;

function byteOf(minimum: number): number {
  return Math.imul(minimum, 0x9e3779b1) >>> 24;
}

/** MinHash LSH index of texts: add them, then query one text or find every near-duplicate pair. */
export class MinHashLsh<Id = number> {
  readonly threshold: number;
  readonly permutations: number;
  readonly banding: Banding;
  private readonly hasher: MinHasher;
  private readonly ids: Id[] = [];
  private capacity: number;
  /** One byte per permutation per text. */
  private bytes: Uint8Array;
  /** Per text, per band: the band's key. */
  private keys: Uint32Array;
  /** Per text, per band: the next text in the same bucket, or -1. */
  private links: Int32Array;
  /** Per band: open-addressed buckets, each the first text of a chain (-1 if free). */
  private readonly heads: Int32Array[];
  private readonly bucketCounts: number[];
  private readonly signature: Uint32Array;

  constructor(options: MinHashLshOptions = {}) {
    this.threshold = options.threshold ?? 0.7;
    this.permutations = options.permutations ?? 128;
    this.hasher = new MinHasher(this.permutations, options.seed);
    this.banding = chooseBanding(this.threshold, this.permutations);
    this.capacity = Math.max(16, options.expectedSize ?? 1024);
    this.bytes = new Uint8Array(this.capacity * this.permutations);
    this.keys = new Uint32Array(this.capacity * this.banding.bands);
    this.links = new Int32Array(this.capacity * this.banding.bands);
    const buckets = Math.ceil(this.capacity / MAX_LOAD) + 1;
    this.heads = Array.from({ length: this.banding.bands }, () => new Int32Array(buckets).fill(-1));
    this.bucketCounts = new Array<number>(this.banding.bands).fill(0);
    this.signature = new Uint32Array(this.permutations);
  }

  /** How many texts are indexed. */
  get size(): number {
    return this.ids.length;
  }

  /** Bytes held by the index's arrays (ids aside). */
  get memoryBytes(): number {
    return this.bytes.byteLength + this.keys.byteLength + this.links.byteLength + this.heads.reduce((sum, h) => sum + h.byteLength, 0);
  }

  /** Indexes a text. Texts without any token are kept but never match. */
  add(id: Id, text: string): void {
    const item = this.ids.length;
    this.ids.push(id);
    if (item >= this.capacity) this.grow();
    const hashes = shingleHashes(text);
    const signature = this.hasher.signatureOf(hashes, this.signature);
    const k = this.permutations;
    for (let i = 0; i < k; i++) this.bytes[item * k + i] = hashes.length === 0 ? 0 : byteOf(signature[i] as number);
    const { bands } = this.banding;
    for (let band = 0; band < bands; band++) {
      this.keys[item * bands + band] = this.bandKey(signature, band);
      this.links[item * bands + band] = -1;
    }
    if (hashes.length === 0) return;
    for (let band = 0; band < bands; band++) this.insert(item, band);
  }

  /** Indexed texts whose estimated Jaccard with `text` is at least the threshold, most similar first. */
  query(text: string): LshMatch<Id>[] {
    const hashes = shingleHashes(text);
    if (hashes.length === 0) return [];
    const signature = this.hasher.signatureOf(hashes, this.signature);
    const k = this.permutations;
    const probe = new Uint8Array(k);
    for (let i = 0; i < k; i++) probe[i] = byteOf(signature[i] as number);
    const seen = new Set<number>();
    const matches: { item: number; estimate: number }[] = [];
    for (let band = 0; band < this.banding.bands; band++) {
      const key = this.bandKey(signature, band);
      for (let item = this.find(band, key); item >= 0; item = this.links[item * this.banding.bands + band] as number) {
        if (seen.has(item)) continue;
        seen.add(item);
        const estimate = this.estimate(probe, 0, item * k);
        if (estimate >= this.threshold) matches.push({ item, estimate });
      }
    }
    matches.sort((x, y) => y.estimate - x.estimate || x.item - y.item);
    return matches.map(({ item, estimate }) => ({ id: this.ids[item] as Id, estimate }));
  }

  /**
   * Every pair sharing at least one band whose estimated Jaccard is at least `minEstimate`
   * (the threshold unless given), each pair once, in the order the texts were added.
   */
  findPairs(minEstimate = this.threshold): LshPair<Id>[] {
    const { bands } = this.banding;
    const k = this.permutations;
    const keys = this.keys;
    const pairs: LshPair<Id>[] = [];
    const members: number[] = [];
    for (let band = 0; band < bands; band++) {
      const heads = this.heads[band] as Int32Array;
      for (let bucket = 0; bucket < heads.length; bucket++) {
        const head = heads[bucket] as number;
        if (head < 0 || (this.links[head * bands + band] as number) < 0) continue;
        members.length = 0;
        for (let item = head; item >= 0; item = this.links[item * bands + band] as number) members.push(item);
        members.reverse(); // chains are built newest first
        for (let x = 0; x < members.length; x++) {
          const a = members[x] as number;
          for (let y = x + 1; y < members.length; y++) {
            const b = members[y] as number;
            // Report a pair in the first band the two share only.
            let earlier = false;
            for (let previous = 0; previous < band && !earlier; previous++) earlier = keys[a * bands + previous] === keys[b * bands + previous];
            if (earlier) continue;
            const estimate = this.estimate(this.bytes, a * k, b * k);
            if (estimate >= minEstimate) pairs.push({ a: this.ids[a] as Id, b: this.ids[b] as Id, estimate });
          }
        }
      }
    }
    return pairs;
  }

  /** Estimated Jaccard from stored bytes, corrected for chance agreement. */
  private estimate(left: Uint8Array, leftAt: number, rightAt: number): number {
    const k = this.permutations;
    const bytes = this.bytes;
    let same = 0;
    for (let i = 0; i < k; i++) if (left[leftAt + i] === bytes[rightAt + i]) same++;
    const share = same / k;
    return Math.max(0, (share - BYTE_CHANCE) / (1 - BYTE_CHANCE));
  }

  private bandKey(signature: Uint32Array, band: number): number {
    const { rows } = this.banding;
    let h = fmix32(0x6a09e667 ^ band);
    for (let r = band * rows; r < (band + 1) * rows; r++) h = fmix32((Math.imul(h, 0x01000193) ^ (signature[r] as number)) | 0);
    return h;
  }

  /** The first text of the bucket holding `key` in `band`, or -1. */
  private find(band: number, key: number): number {
    const heads = this.heads[band] as Int32Array;
    const size = heads.length;
    const bands = this.banding.bands;
    for (let slot = homeBucket(key, size); ; slot = slot + 1 === size ? 0 : slot + 1) {
      const head = heads[slot] as number;
      if (head < 0) return -1;
      if (this.keys[head * bands + band] === key) return head;
    }
  }

  private insert(item: number, band: number): void {
    let heads = this.heads[band] as Int32Array;
    if ((this.bucketCounts[band] as number) + 1 > heads.length * MAX_LOAD) heads = this.rehash(band);
    const bands = this.banding.bands;
    const key = this.keys[item * bands + band] as number;
    const size = heads.length;
    for (let slot = homeBucket(key, size); ; slot = slot + 1 === size ? 0 : slot + 1) {
      const head = heads[slot] as number;
      if (head < 0) {
        heads[slot] = item;
        this.bucketCounts[band] = (this.bucketCounts[band] as number) + 1;
        return;
      }
      if (this.keys[head * bands + band] === key) {
        this.links[item * bands + band] = head;
        heads[slot] = item;
        return;
      }
    }
  }

  private rehash(band: number): Int32Array {
    const old = this.heads[band] as Int32Array;
    const heads = new Int32Array(old.length * 2).fill(-1);
    const size = heads.length;
    const bands = this.banding.bands;
    for (const head of old) {
      if (head < 0) continue;
      let slot = homeBucket(this.keys[head * bands + band] as number, size);
      while ((heads[slot] as number) >= 0) slot = slot + 1 === size ? 0 : slot + 1;
      heads[slot] = head;
    }
    this.heads[band] = heads;
    return heads;
  }

  private grow(): void {
    const capacity = this.capacity * 2;
    const bytes = new Uint8Array(capacity * this.permutations);
    bytes.set(this.bytes);
    const keys = new Uint32Array(capacity * this.banding.bands);
    keys.set(this.keys);
    const links = new Int32Array(capacity * this.banding.bands);
    links.set(this.links);
    this.bytes = bytes;
    this.keys = keys;
    this.links = links;
    this.capacity = capacity;
  }
}
