// Decontamination: does a generated sample share a long token run with an eval/test item?
//
// Eval items are indexed by their n-grams: word n-grams (default 13, as GPT-3's and most
// decontamination studies use) for space-separated text, character n-grams for text that is
// mostly CJK (tokenize.ts makes each CJK character a token, so both are token n-grams). A text
// shorter than n tokens is compared as a whole: a sample that short is flagged when an eval item
// contains its whole token run, and an eval item that short flags a sample containing all of it.
//
// Keys are the n-gram's token ids written at a fixed width (two UTF-16 units each), so two
// different token runs never share a key: a hit is always a real shared run, never a collision.
import { isMostlyCjk, joinTokens, tokenizeDetailed, TokenInterner } from './tokenize';

/** Where an eval item comes from. */
export interface EvalRef {
  readonly file: string;
  readonly line: number;
  readonly id?: string;
}

/** An eval item a sample overlaps. */
export interface ContaminationHit {
  readonly ref: EvalRef;
  /** The first shared n-gram in the sample, readable. */
  readonly ngram: string;
  /** How many distinct n-grams (or whole short runs) the sample shares with the item. */
  readonly overlapCount: number;
}

export interface ContaminationOptions {
  /** n for space-separated text, in words. Default 13. */
  readonly wordN?: number;
  /** n for CJK text, in characters. Default 13. */
  readonly cjkN?: number;
}

function keyOf(ids: Int32Array, start: number, length: number): string {
  let key = '';
  for (let i = start; i < start + length; i++) {
    const id = ids[i] as number;
    key += String.fromCharCode(id & 0xffff, id >>> 16);
  }
  return key;
}

/** Whether `haystack` contains the run `needle` contiguously. */
function containsRun(haystack: Int32Array, needle: Int32Array): boolean {
  const last = haystack.length - needle.length;
  outer: for (let i = 0; i <= last; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

interface Overlap {
  readonly first: number;
  readonly length: number;
  count: number;
}

/** Eval items indexed by n-grams, checked against generated samples. */
export class ContaminationIndex {
  readonly wordN: number;
  readonly cjkN: number;
  private readonly interner = new TokenInterner();
  private readonly refs: EvalRef[] = [];
  private readonly itemTokens: Int32Array[] = [];
  /** n-gram key → eval items (ascending, distinct). */
  private readonly grams = new Map<string, number | number[]>();
  /** Whole-run key of an eval item shorter than n → eval items. */
  private readonly wholeItems = new Map<string, number | number[]>();
  private readonly wholeLengths = new Set<number>();
  /** Token id → eval items containing it, to check short samples. */
  private readonly itemsWithToken = new Map<number, number[]>();

  constructor(options: ContaminationOptions = {}) {
    this.wordN = options.wordN ?? 13;
    this.cjkN = options.cjkN ?? 13;
    for (const n of [this.wordN, this.cjkN]) if (!Number.isInteger(n) || n < 1) throw new RangeError(`n is a positive integer, not ${n}`);
  }

  /** How many eval items are indexed. */
  get size(): number {
    return this.refs.length;
  }

  /** Indexes one eval item. */
  addEvalItem(ref: EvalRef, text: string): void {
    const item = this.refs.length;
    const tokens = tokenizeDetailed(text).tokens;
    const ids = new Int32Array(tokens.length);
    for (const [i, token] of tokens.entries()) ids[i] = this.interner.intern(token);
    this.refs.push(ref);
    this.itemTokens.push(ids);
    for (const id of new Set(ids)) {
      const items = this.itemsWithToken.get(id);
      if (items === undefined) this.itemsWithToken.set(id, [item]);
      else items.push(item);
    }
    if (ids.length === 0) return;
    for (const n of new Set([this.wordN, this.cjkN])) {
      if (ids.length < n) {
        this.wholeLengths.add(ids.length);
        addTo(this.wholeItems, keyOf(ids, 0, ids.length), item);
        continue;
      }
      for (let i = 0; i + n <= ids.length; i++) addTo(this.grams, keyOf(ids, i, n), item);
    }
  }

  /** The eval items a sample overlaps, the most overlapping first. */
  check(text: string): ContaminationHit[] {
    const tokenized = tokenizeDetailed(text);
    const tokens = tokenized.tokens;
    if (tokens.length === 0 || this.refs.length === 0) return [];
    const n = isMostlyCjk(tokenized) ? this.cjkN : this.wordN;
    // Token ids; -1 for a token no eval item has, which no shared run can contain.
    const ids = new Int32Array(tokens.length);
    for (const [i, token] of tokens.entries()) ids[i] = this.interner.lookup(token) ?? -1;

    const overlaps = new Map<number, Overlap>();
    const note = (item: number, first: number, length: number): void => {
      const overlap = overlaps.get(item);
      if (overlap === undefined) overlaps.set(item, { first, length, count: 1 });
      else overlap.count++;
    };

    if (tokens.length < n) {
      for (const item of this.itemsContainingRun(ids)) note(item, 0, ids.length);
    } else {
      this.scan(ids, n, this.grams, note);
    }
    // Eval items shorter than n, contained whole in the sample.
    for (const length of this.wholeLengths) {
      if (length < n && length < ids.length) this.scan(ids, length, this.wholeItems, note);
    }

    return [...overlaps.entries()]
      .sort(([a, x], [b, y]) => y.count - x.count || a - b)
      .map(([item, overlap]) => ({
        ref: this.refs[item] as EvalRef,
        ngram: joinTokens(tokens.slice(overlap.first, overlap.first + overlap.length)),
        overlapCount: overlap.count,
      }));
  }

  /** Notes, per eval item, each distinct run of `length` the sample shares with it. */
  private scan(ids: Int32Array, length: number, index: ReadonlyMap<string, number | number[]>, note: (item: number, first: number, length: number) => void): void {
    const seen = new Set<string>();
    // nextUnknown[i]: the first position at or after i holding a token no eval item has.
    const nextUnknown = new Int32Array(ids.length + 1);
    nextUnknown[ids.length] = ids.length;
    for (let i = ids.length - 1; i >= 0; i--) nextUnknown[i] = (ids[i] as number) < 0 ? i : (nextUnknown[i + 1] as number);
    for (let i = 0; i + length <= ids.length; i++) {
      if ((nextUnknown[i] as number) < i + length) continue;
      const key = keyOf(ids, i, length);
      if (seen.has(key)) continue;
      seen.add(key);
      const items = index.get(key);
      if (items === undefined) continue;
      if (typeof items === 'number') note(items, i, length);
      else for (const item of items) note(item, i, length);
    }
  }

  /** Eval items containing the whole run `ids` (a sample shorter than n). */
  private itemsContainingRun(ids: Int32Array): number[] {
    let rarest: number[] | undefined;
    for (const id of ids) {
      if (id < 0) return [];
      const items = this.itemsWithToken.get(id);
      if (items === undefined) return [];
      if (rarest === undefined || items.length < rarest.length) rarest = items;
    }
    return (rarest ?? []).filter((item) => containsRun(this.itemTokens[item] as Int32Array, ids));
  }
}

function addTo(index: Map<string, number | number[]>, key: string, item: number): void {
  const items = index.get(key);
  if (items === undefined) index.set(key, item);
  else if (typeof items === 'number') {
    if (items !== item) index.set(key, [items, item]);
  } else if (items[items.length - 1] !== item) items.push(item);
}
