import { createHash } from 'node:crypto';
import type { Sample } from './sample';

/** JSON with object keys sorted at every level: the same content gives the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Identity of a sample's content, whatever format or key order it is written in: saving a
 * sample whose hash the output already holds writes nothing.
 */
export function sampleContentHash(sample: Sample): string {
  return createHash('sha256').update(canonicalJson(sample)).digest('hex');
}
