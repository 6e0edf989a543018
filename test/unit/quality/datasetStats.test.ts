import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Sample } from '../../../src/core/model/sample';
import { jsDivergence, StatsAccumulator } from '../../../src/core/quality/datasetStats';

const cls = (text: string, label: string): Sample => ({ kind: 'classification', text, label });
const inst = (output: string): Sample => ({ kind: 'instruction', instruction: 'q', input: '', output });

describe('dataset statistics', () => {
  it('computes Jensen–Shannon divergence as worked out by hand', () => {
    const p = new Map([['a', 1]]);
    const q = new Map([['b', 1]]);
    assert.equal(jsDivergence(p, 1, q, 1), 1, 'disjoint distributions');
    assert.equal(jsDivergence(p, 1, p, 1), 0, 'identical distributions');
    // P = (1/2, 1/2, 0), Q = (0, 1/2, 1/2): M = (1/4, 1/2, 1/4);
    // KL(P‖M) = 1/2·log2(2) + 1/2·log2(1) = 1/2, likewise KL(Q‖M) = 1/2, so JSD = 1/2.
    assert.equal(jsDivergence(new Map([['a', 1], ['b', 1]]), 2, new Map([['b', 1], ['c', 1]]), 2), 0.5);
  });

  it('counts kinds, labels and distinct n-grams', () => {
    const stats = new StatsAccumulator();
    stats.add(cls('好', '积极'));
    stats.add(cls('差', '消极'));
    stats.add(cls('还行', '积极'));
    const result = stats.result();
    assert.deepEqual(result.kinds, { classification: 3 });
    assert.deepEqual(result.labels, [{ label: '积极', count: 2 }, { label: '消极', count: 1 }]);
    assert.deepEqual(result.languages, { zh: 3 });
    const repeat = new StatsAccumulator();
    repeat.add(inst('the cat the cat'));
    // tokens: the cat the cat → 2 distinct of 4 unigrams; bigrams: (the cat)(cat the)(the cat) → 2 of 3.
    assert.equal(repeat.result().distinct1, 0.5);
    assert.equal(repeat.result().distinct2, 2 / 3);
  });

  it('measures length distributions with their histogram', () => {
    const stats = new StatsAccumulator();
    for (const output of ['a'.repeat(10), 'b'.repeat(30), 'c'.repeat(30), 'd'.repeat(3000)]) stats.add(inst(output));
    const lengths = stats.result().responseChars;
    assert.deepEqual([lengths.min, lengths.median, lengths.max], [10, 30, 3000]);
    assert.deepEqual(lengths.histogram, [1, 2, 0, 0, 0, 0, 0, 1, 0]);
  });

  it('compares synthetic data with its seeds: drift, length ratio, label shift', () => {
    const seeds = new StatsAccumulator();
    const synthetic = new StatsAccumulator();
    for (const [text, label] of [['物流很快', '积极'], ['质量一般', '中性'], ['太差了', '消极'], ['非常满意', '积极']] as const) seeds.add(cls(text, label));
    for (const [text, label] of [['物流很快，包装完好', '积极'], ['质量很好，非常满意', '积极']] as const) synthetic.add(cls(text, label));
    const comparison = synthetic.compareWith(seeds);
    assert.ok(comparison.unigramJsDivergence > 0 && comparison.unigramJsDivergence < 1);
    assert.ok(comparison.responseLengthRatio > 1);
    // Seeds: 积极 1/2, 中性 1/4, 消极 1/4; synthetic: 积极 1 → TV = (1/2 + 1/4 + 1/4)/2 = 1/2.
    assert.equal(comparison.labelShift, 0.5);
  });

  it('keeps a histogram of judge scores', () => {
    const stats = new StatsAccumulator();
    for (const score of [4.6, 4, 2.2, 5]) stats.add(inst('x'), score);
    assert.deepEqual(stats.result().scores, { histogram: [0, 1, 0, 1, 2], mean: 3.95, count: 4 });
  });
});
