import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cosineSimilarity, EmbeddingIndex, mostSimilar, normalizeVector, similarPairs } from '../../../../src/core/quality/similarity/embeddingSimilarity';

const v = (...values: number[]): Float32Array => Float32Array.from(values);

describe('embedding similarity', () => {
  it('computes cosine similarity as worked by hand', () => {
    assert.equal(cosineSimilarity(v(1, 0), v(1, 0)), 1);
    // (1,0)·(1,1) = 1; |(1,1)| = √2 → 1/√2
    assert.ok(Math.abs(cosineSimilarity(v(1, 0), v(1, 1)) - Math.SQRT1_2) < 1e-7);
    // (1,2,3)·(4,5,6) = 32; |a| = √14, |b| = √77 → 32/√1078 ≈ 0.97463
    assert.ok(Math.abs(cosineSimilarity(v(1, 2, 3), v(4, 5, 6)) - 32 / Math.sqrt(1078)) < 1e-6);
    assert.equal(cosineSimilarity(v(1, 0), v(-2, 0)), -1);
    assert.equal(cosineSimilarity(v(0, 0), v(1, 1)), 0);
    assert.equal(cosineSimilarity(v(3, 4), v(6, 8)), 1); // length does not matter
    assert.throws(() => cosineSimilarity(v(1), v(1, 2)), RangeError);
  });

  it('normalises to unit length', () => {
    assert.deepEqual([...normalizeVector(v(3, 4))], [Math.fround(0.6), Math.fround(0.8)]);
    assert.deepEqual([...normalizeVector(v(0, 0))], [0, 0]);
  });

  it('lists every pair at or above a threshold', () => {
    const vectors = [v(1, 0, 0), v(0.99, 0.1, 0), v(0, 1, 0), v(0, 0.98, 0.2), v(0, 0, 1)];
    const pairs = similarPairs(vectors, 0.95);
    assert.deepEqual(pairs.map(({ a, b }) => [a, b]), [[0, 1], [2, 3]]);
    for (const { a, b, score } of pairs) assert.ok(Math.abs(score - cosineSimilarity(vectors[a] ?? v(), vectors[b] ?? v())) < 1e-6);
    assert.deepEqual(similarPairs([], 0.5), []);
    assert.throws(() => similarPairs([v(1, 0), v(1)], 0.5), RangeError);
  });

  it('finds the most similar pool vector above a threshold, the first among equals', () => {
    const pool = [v(0, 1), v(1, 1), v(2, 2), v(1, 0.1)];
    const found = mostSimilar(v(1, 1.05), pool, 0.9);
    assert.equal(found?.index, 1); // (1,1) and (2,2) tie; the first wins
    assert.ok(found.score > 0.99);
    assert.equal(mostSimilar(v(-1, -1), pool, 0.5), undefined);
    assert.equal(mostSimilar(v(1, 1), [], 0), undefined);

    const index = new EmbeddingIndex(2);
    for (const vector of pool) index.add(vector);
    assert.equal(index.size, 4);
    assert.deepEqual(index.mostSimilar(v(1, 1.05), 0.9)?.index, 1);
    assert.equal(index.mostSimilar(v(-1, 0), 0.1), undefined);
    assert.throws(() => index.add(v(1, 2, 3)), RangeError);
  });
});
