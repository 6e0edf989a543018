import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { greedyFilter, RougeLIndex, type GreedyDecision } from '../../../../src/core/quality/similarity/rougeFilter';
import { lcsLength, lcsLengthReference, rougeLFromLcs } from '../../../../src/core/quality/similarity/rougeL';
import { TokenInterner } from '../../../../src/core/quality/similarity/tokenize';
import { instructions, random } from './randomTexts';

type Lcs = (a: Uint32Array, b: Uint32Array) => number;

/** The highest ROUGE-L over the pool if above the threshold, the first among equals: every item compared. */
function bruteMostSimilar(pool: readonly Uint32Array[], query: Uint32Array, threshold: number, lcs: Lcs): { id: number; score: number } | undefined {
  let best: { id: number; score: number } | undefined;
  for (const [id, item] of pool.entries()) {
    const score = rougeLFromLcs(lcs(query, item), query.length, item.length);
    if (score > threshold && (best === undefined || score > best.score)) best = { id, score };
  }
  return best;
}

/** Self-Instruct's greedy pass comparing with every kept text and seed. */
function bruteGreedy(texts: readonly string[], threshold: number, seeds: readonly string[], lcs: Lcs): GreedyDecision[] {
  const interner = new TokenInterner();
  const pool: Uint32Array[] = seeds.map((seed) => interner.internText(seed));
  const origin: { source: 'seed' | 'text'; index: number }[] = seeds.map((_, index) => ({ source: 'seed', index }));
  return texts.map((text, index) => {
    const tokens = interner.internText(text);
    const best = bruteMostSimilar(pool, tokens, threshold, lcs);
    if (best === undefined) {
      pool.push(tokens);
      origin.push({ source: 'text', index });
      return { kept: true };
    }
    return { kept: false, similarTo: origin[best.id] ?? { source: 'text', index: -1 }, score: best.score };
  });
}

describe('RougeLIndex and the greedy Self-Instruct filter', () => {
  it('finds the most similar item above a threshold, strictly greater, earliest among equals', () => {
    const interner = new TokenInterner();
    const index = new RougeLIndex<string>();
    index.add('a', interner.internText('the cat sat on the mat'));
    index.add('b', interner.internText('a dog ran in the park'));
    index.add('c', interner.internText('the cat lay on the mat')); // same score as a against the query below
    const query = interner.internText('the cat stood on the mat');
    assert.deepEqual(index.mostSimilar(query, 0.7), { id: 'a', score: 10 / 12 });
    assert.equal(index.mostSimilar(query, 10 / 12), undefined); // not strictly greater
    assert.equal(index.mostSimilar(interner.internText('quantum field theory'), 0), undefined);
    assert.equal(index.mostSimilar(new Uint32Array(0), 0.5), undefined);
    assert.equal(index.size, 3);
    assert.throws(() => index.mostSimilar(query, Number.NaN), RangeError);
  });

  it('keeps a Chinese pair at exactly 0.7 and rejects one above it', () => {
    // 住房公积金提取条件 vs 公积金提取需要什么条件: F = 14/20 = 0.7, not > 0.7: kept.
    // 住房公积金提取条件 vs 住房公积金提取的条件 (10): LCS 9, F = 18/19 > 0.7: rejected.
    const decisions = greedyFilter(['住房公积金提取条件', '公积金提取需要什么条件', '住房公积金提取的条件'], 0.7);
    assert.deepEqual(decisions, [{ kept: true }, { kept: true }, { kept: false, similarTo: { source: 'text', index: 0 }, score: 18 / 19 }]);
  });

  it('compares with the seeds first and names them', () => {
    const decisions = greedyFilter(['Write a poem about the sea.', 'Write a poem about the sea, please', 'Explain tax returns'], 0.7, ['write a poem about the sea']);
    assert.deepEqual(decisions, [
      { kept: false, similarTo: { source: 'seed', index: 0 }, score: 1 },
      { kept: false, similarTo: { source: 'seed', index: 0 }, score: 12 / 13 },
      { kept: true },
    ]);
  });

  it('answers mostSimilar exactly as brute force (dynamic-programme LCS) on realistic texts, for 0.5, 0.7 and 0.9', () => {
    const texts = instructions(11, 1600, 0.25);
    const interner = new TokenInterner();
    const tokens = texts.map((text) => interner.internText(text));
    const pool = tokens.slice(0, 1200);
    const index = new RougeLIndex();
    for (const [id, item] of pool.entries()) index.add(id, item);
    let hits = 0;
    for (const threshold of [0.5, 0.7, 0.9]) {
      for (const query of tokens.slice(1200)) {
        const expected = bruteMostSimilar(pool, query, threshold, lcsLengthReference);
        assert.deepEqual(index.mostSimilar(query, threshold), expected);
        if (expected !== undefined) hits++;
      }
    }
    assert.ok(hits > 300, `the test should find similar items often (found ${hits})`);
  });

  it('lists every item above a threshold exactly as brute force does, most similar first', () => {
    const texts = instructions(17, 900, 0.3);
    const interner = new TokenInterner();
    const tokens = texts.map((text) => interner.internText(text));
    const pool = tokens.slice(0, 700);
    const index = new RougeLIndex();
    for (const [id, item] of pool.entries()) index.add(id, item);
    let multiple = 0;
    for (const query of tokens.slice(700)) {
      const expected = pool
        .map((item, id) => ({ id, score: rougeLFromLcs(lcsLengthReference(query, item), query.length, item.length) }))
        .filter((found) => found.score > 0.7)
        .sort((a, b) => b.score - a.score || a.id - b.id);
      assert.deepEqual(index.allSimilar(query, 0.7), expected);
      if (expected.length > 1) multiple++;
    }
    assert.ok(multiple > 10, `some queries should have several similar items (found ${multiple})`);
  });

  it('makes the same greedy decisions with the same scores as brute force on 3,000 texts, for 0.5, 0.7 and 0.9', () => {
    const texts = instructions(5, 3000, 0.12);
    const seeds = instructions(99, 20, 0);
    for (const threshold of [0.5, 0.7, 0.9]) {
      const fast = greedyFilter(texts, threshold, seeds);
      const brute = bruteGreedy(texts, threshold, seeds, lcsLength);
      assert.deepEqual(fast, brute, `threshold ${threshold}`);
      const kept = fast.filter((d) => d.kept).length;
      assert.ok(kept > 50 && kept < texts.length, `threshold ${threshold}: kept ${kept} of ${texts.length}`);
    }
  });

  it('stays exact on pools of long texts with frequent tokens and repeated tokens', () => {
    const rnd = random(3);
    const interner = new TokenInterner();
    const vocabulary = ['the', 'the', 'the', 'a', 'a', 'of', 'to', 'and', ...Array.from({ length: 60 }, (_, i) => `w${i}`)];
    const make = (length: number): Uint32Array => interner.internAll(Array.from({ length }, () => vocabulary[Math.floor(rnd() * vocabulary.length)] ?? 'the'));
    const pool = Array.from({ length: 400 }, () => make(5 + Math.floor(rnd() * 120)));
    const index = new RougeLIndex();
    for (const [id, item] of pool.entries()) index.add(id, item);
    for (let q = 0; q < 150; q++) {
      const base = pool[Math.floor(rnd() * pool.length)] ?? make(10);
      const query = rnd() < 0.5 ? make(5 + Math.floor(rnd() * 120)) : base.filter(() => rnd() < 0.85);
      for (const threshold of [0, 0.3, 0.5, 0.7, 0.9]) assert.deepEqual(index.mostSimilar(query, threshold), bruteMostSimilar(pool, query, threshold, lcsLength));
    }
  });
});
