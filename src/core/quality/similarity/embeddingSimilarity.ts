// Near-duplicates by embedding: cosine similarity of Float32Array vectors. Vectors are
// normalised to unit length once, so every comparison after that is one dot product.

function checkSameLength(a: Float32Array, b: Float32Array): void {
  if (a.length !== b.length) throw new RangeError(`vectors of different dimensions: ${a.length} and ${b.length}`);
}

function dot(a: Float32Array, aAt: number, b: Float32Array, bAt: number, dimensions: number): number {
  let sum = 0;
  for (let i = 0; i < dimensions; i++) sum += (a[aAt + i] as number) * (b[bAt + i] as number);
  return sum;
}

/** A unit-length copy of a vector (all zeros stays all zeros). */
export function normalizeVector(vector: Float32Array): Float32Array {
  const norm = Math.sqrt(dot(vector, 0, vector, 0, vector.length));
  const unit = new Float32Array(vector.length);
  if (norm > 0) for (let i = 0; i < vector.length; i++) unit[i] = (vector[i] as number) / norm;
  return unit;
}

/** Cosine similarity in [-1, 1]; 0 when either vector is all zeros. */
export function cosineSimilarity(a: Float32Array, b: Float32Array): number {
  checkSameLength(a, b);
  const na = dot(a, 0, a, 0, a.length);
  const nb = dot(b, 0, b, 0, b.length);
  if (na === 0 || nb === 0) return 0;
  return Math.max(-1, Math.min(1, dot(a, 0, b, 0, a.length) / Math.sqrt(na * nb)));
}

/** Vectors normalised into one contiguous matrix, a row each. */
function unitMatrix(vectors: readonly Float32Array[], dimensions: number): Float32Array {
  const matrix = new Float32Array(vectors.length * dimensions);
  for (const [i, vector] of vectors.entries()) {
    if (vector.length !== dimensions) throw new RangeError(`vector ${i} has ${vector.length} dimensions, not ${dimensions}`);
    matrix.set(normalizeVector(vector), i * dimensions);
  }
  return matrix;
}

/** Two vectors (by index, a < b) and their cosine similarity. */
export interface SimilarPair {
  readonly a: number;
  readonly b: number;
  readonly score: number;
}

/** Every pair of vectors whose cosine similarity is at least `threshold`, in index order. */
export function similarPairs(vectors: readonly Float32Array[], threshold: number): SimilarPair[] {
  const first = vectors[0];
  if (first === undefined) return [];
  const dimensions = first.length;
  const matrix = unitMatrix(vectors, dimensions);
  const pairs: SimilarPair[] = [];
  for (let a = 0; a < vectors.length; a++) {
    for (let b = a + 1; b < vectors.length; b++) {
      const score = dot(matrix, a * dimensions, matrix, b * dimensions, dimensions);
      if (score >= threshold) pairs.push({ a, b, score: Math.min(1, score) });
    }
  }
  return pairs;
}

/** The pool vector (by index) most similar to `vector`, if its cosine similarity is at least `threshold`; the first among equals. */
export function mostSimilar(vector: Float32Array, pool: readonly Float32Array[], threshold: number): { readonly index: number; readonly score: number } | undefined {
  if (pool.length === 0) return undefined;
  const dimensions = vector.length;
  const query = normalizeVector(vector);
  let best = -1;
  let bestScore = -Infinity;
  for (const [i, candidate] of pool.entries()) {
    checkSameLength(vector, candidate);
    const norm = Math.sqrt(dot(candidate, 0, candidate, 0, dimensions));
    const score = norm === 0 ? 0 : dot(query, 0, candidate, 0, dimensions) / norm;
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  }
  return best >= 0 && bestScore >= threshold ? { index: best, score: Math.max(-1, Math.min(1, bestScore)) } : undefined;
}

/**
 * A pool of vectors normalised once, for repeated "most similar" queries as items arrive.
 */
export class EmbeddingIndex {
  private matrix: Float32Array;
  private count = 0;

  constructor(readonly dimensions: number) {
    this.matrix = new Float32Array(dimensions * 64);
  }

  get size(): number {
    return this.count;
  }

  add(vector: Float32Array): number {
    if (vector.length !== this.dimensions) throw new RangeError(`expected ${this.dimensions} dimensions, got ${vector.length}`);
    if ((this.count + 1) * this.dimensions > this.matrix.length) {
      const grown = new Float32Array(this.matrix.length * 2);
      grown.set(this.matrix);
      this.matrix = grown;
    }
    this.matrix.set(normalizeVector(vector), this.count * this.dimensions);
    return this.count++;
  }

  /** The indexed vector most similar to `vector` if at least `threshold`; the first among equals. */
  mostSimilar(vector: Float32Array, threshold: number): { readonly index: number; readonly score: number } | undefined {
    if (vector.length !== this.dimensions) throw new RangeError(`expected ${this.dimensions} dimensions, got ${vector.length}`);
    const query = normalizeVector(vector);
    let best = -1;
    let bestScore = -Infinity;
    for (let i = 0; i < this.count; i++) {
      const score = dot(query, 0, this.matrix, i * this.dimensions, this.dimensions);
      if (score > bestScore) {
        best = i;
        bestScore = score;
      }
    }
    return best >= 0 && bestScore >= threshold ? { index: best, score: Math.max(-1, Math.min(1, bestScore)) } : undefined;
  }
}
