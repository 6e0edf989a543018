// Embedding vectors by feature hashing: texts that share words and character n-grams point
// the same way, unrelated texts are close to orthogonal. Enough for dedup and similarity
// code to behave as it does with a real embedding model, with no model at all.
import { isCjkChar } from './tokens';

export const EMBEDDING_DIMENSIONS = 256;

/** Function words weigh little: two unrelated sentences both contain "the". */
const LIGHT_WORDS = new Set(('a an and are as at be but by can could did do does for from has have how i if in into is it its my no not of on or our so than that the their then there these this those to was we were what when where which who why will with would you your').split(' '));

/** FNV-1a, then a final avalanche so that the sign bit is independent of the bucket. */
function hash(feature: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < feature.length; i += 1) {
    h ^= feature.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function add(vector: Float64Array, feature: string, weight: number): void {
  const h = hash(feature);
  const sign = h & 0x80000000 ? -1 : 1;
  vector[h % vector.length] = (vector[h % vector.length] ?? 0) + sign * weight;
}

function addLatin(vector: Float64Array, text: string): void {
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    if (LIGHT_WORDS.has(word)) {
      add(vector, `w:${word}`, 0.3);
      continue;
    }
    add(vector, `w:${word}`, 1);
    // Character trigrams make "generate" and "generated" alike.
    const padded = `<${word}>`;
    for (let i = 0; i + 3 <= padded.length; i += 1) add(vector, `c:${padded.slice(i, i + 3)}`, 0.4);
  }
}

/** Function characters and question words: like LIGHT_WORDS, shared by unrelated texts. */
const LIGHT_CHARS = new Set(Array.from('的一个了是在和与及或吗呢吧啊请把被给让这那就都也很还更最如何怎样么什为哪些'));

/** Gram weights: single characters count fully, longer grams add word order. */
const GRAM_WEIGHTS = [1, 0.7, 0.2] as const;

function addCjk(vector: Float64Array, run: string): void {
  const chars = Array.from(run);
  GRAM_WEIGHTS.forEach((weight, size) => {
    const n = size + 1;
    for (let i = 0; i + n <= chars.length; i += 1) {
      const gram = chars.slice(i, i + n);
      const content = gram.filter((char) => !LIGHT_CHARS.has(char)).length / n;
      add(vector, `h${n}:${gram.join('')}`, weight * Math.max(0.2, content));
    }
  });
}

function normalise(values: ArrayLike<number>): number[] {
  let norm = 0;
  for (let i = 0; i < values.length; i += 1) norm += (values[i] ?? 0) ** 2;
  norm = Math.sqrt(norm);
  const out: number[] = [];
  // An input with no features (only punctuation) gets a fixed unit vector, never NaNs.
  for (let i = 0; i < values.length; i += 1) out.push(norm === 0 ? (i === 0 ? 1 : 0) : (values[i] ?? 0) / norm);
  return out;
}

/** An L2-normalised vector of `dimensions` (at most EMBEDDING_DIMENSIONS) numbers. */
export function embed(text: string, dimensions = EMBEDDING_DIMENSIONS): number[] {
  const vector = new Float64Array(EMBEDDING_DIMENSIONS);
  let latin = '';
  let cjk = '';
  const flush = (): void => {
    if (latin !== '') addLatin(vector, latin);
    if (cjk !== '') addCjk(vector, cjk);
    latin = '';
    cjk = '';
  };
  for (const char of text) {
    if (isCjkChar(char)) {
      if (latin !== '') flush();
      // CJK punctuation separates runs instead of joining n-grams across sentences.
      if (/[\u3000-\u303f\uff00-\uffef]/.test(char)) flush();
      else cjk += char;
    } else {
      if (cjk !== '') flush();
      latin += char;
    }
  }
  flush();
  // Truncating then renormalising is what OpenAI's `dimensions` does to its vectors.
  return normalise(vector.subarray(0, Math.min(dimensions, EMBEDDING_DIMENSIONS)));
}

export function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    normA += x * x;
    normB += y * y;
  }
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}

/** The base64 form (little-endian float32) the openai SDK asks for by default. */
export function toBase64(vector: readonly number[]): string {
  const floats = new Float32Array(vector);
  return Buffer.from(floats.buffer, floats.byteOffset, floats.byteLength).toString('base64');
}
