// Exact duplicates after normalisation: texts that differ only in case, white space,
// punctuation or full-width forms are the same text.
import { createHash } from 'node:crypto';
import { normalizeText } from './tokenize';

/** NFKC, lower case, punctuation removed, white space collapsed to single spaces and trimmed. */
export function normalizeForDuplicates(text: string): string {
  return normalizeText(text)
    .replace(/\p{P}+/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** SHA-1 (hex) of the normalised text: equal for texts that are duplicates of each other. */
export function duplicateKey(text: string): string {
  return createHash('sha1').update(normalizeForDuplicates(text)).digest('hex');
}

/** Remembers keys as texts arrive and tells which earlier text each one duplicates. */
export class ExactDuplicateIndex<Id = number> {
  private readonly firstByKey = new Map<string, Id>();

  /** Adds a text; returns the id of the first text it duplicates, or undefined if it is new. */
  add(id: Id, text: string): Id | undefined {
    const key = duplicateKey(text);
    const first = this.firstByKey.get(key);
    if (first !== undefined) return first;
    this.firstByKey.set(key, id);
    return undefined;
  }

  /** The id of an indexed text `text` duplicates, without adding it. */
  find(text: string): Id | undefined {
    return this.firstByKey.get(duplicateKey(text));
  }

  get size(): number {
    return this.firstByKey.size;
  }
}

/** Groups of indices (two or more) of texts that are exact duplicates, each in order, groups by first member. */
export function groupExactDuplicates(texts: readonly string[]): number[][] {
  const groups = new Map<string, number[]>();
  for (const [i, text] of texts.entries()) {
    const key = duplicateKey(text);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [i]);
    else group.push(i);
  }
  return [...groups.values()].filter((group) => group.length > 1);
}
