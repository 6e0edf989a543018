// The Self-Instruct ROUGE-L filter on 50,000 generated instructions, and side by side on a
// 5,000 subsample with a brute-force filter comparing every text with every kept one.
import { greedyFilter, type GreedyDecision } from '../src/core/quality/similarity/rougeFilter';
import { LcsKernel, rougeLFromLcs } from '../src/core/quality/similarity/rougeL';
import { TokenInterner } from '../src/core/quality/similarity/tokenize';
import type { Benchmark, BenchmarkResult } from './benchmark';
import { generatedInstructions } from './rougeTexts';

const THRESHOLD = 0.7;

/** Self-Instruct's filter without pruning: the same bit-parallel LCS kernel against every kept text. */
export function bruteForceGreedy(texts: readonly string[], threshold: number): GreedyDecision[] {
  const interner = new TokenInterner();
  const kept: { tokens: Uint32Array; index: number }[] = [];
  const kernel = new LcsKernel();
  return texts.map((text, index) => {
    const tokens = interner.internText(text);
    kernel.setPattern(tokens);
    let best = -1;
    let bestScore = threshold;
    for (const [k, item] of kept.entries()) {
      const score = rougeLFromLcs(kernel.lcs(item.tokens), tokens.length, item.tokens.length);
      if (score > bestScore) {
        best = k;
        bestScore = score;
      }
    }
    if (best < 0) {
      kept.push({ tokens, index });
      return { kept: true };
    }
    return { kept: false, similarTo: { source: 'text', index: kept[best]?.index ?? -1 }, score: bestScore };
  });
}

function same(a: GreedyDecision | undefined, b: GreedyDecision | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  if (a.kept || b.kept) return a.kept === b.kept;
  return a.similarTo.source === b.similarTo.source && a.similarTo.index === b.similarTo.index && a.score === b.score;
}

function seconds<T>(run: () => T): [T, number] {
  const started = process.hrtime.bigint();
  const result = run();
  return [result, Number(process.hrtime.bigint() - started) / 1e9];
}

export const rougeBenchmark: Benchmark = {
  name: 'rouge',
  run(): Promise<BenchmarkResult> {
    const count = Number(process.env['SEEDLING_BENCH_ROUGE_TEXTS'] ?? 50_000);
    const sampleCount = Math.min(count, 5_000);
    const texts = generatedInstructions(2024, count, 0.1);
    const sample = texts.slice(0, sampleCount);
    greedyFilter(generatedInstructions(1, 2_000, 0.1), THRESHOLD); // warm up the JIT

    const [all, allSeconds] = seconds(() => greedyFilter(texts, THRESHOLD));
    const [fast, fastSeconds] = seconds(() => greedyFilter(sample, THRESHOLD));
    const [brute, bruteSeconds] = seconds(() => bruteForceGreedy(sample, THRESHOLD));
    const differing = sample.filter((_, i) => !same(fast[i], brute[i])).length;
    // The pool grows with the texts, and so does what pruning saves: the same comparison on more.
    const largeCount = Math.min(count, 20_000);
    const large = texts.slice(0, largeCount);
    const [fastLarge, fastLargeSeconds] = seconds(() => greedyFilter(large, THRESHOLD));
    const [bruteLarge, bruteLargeSeconds] = seconds(() => bruteForceGreedy(large, THRESHOLD));
    const differingLarge = large.filter((_, i) => !same(fastLarge[i], bruteLarge[i])).length;
    const keptAll = all.filter((d) => d.kept).length;
    const keptSample = fast.filter((d) => d.kept).length;
    const zh = texts.filter((t) => /[\u4e00-\u9fff]/.test(t)).length;
    return Promise.resolve({
      title: 'ROUGE-L near-duplicate filter (Self-Instruct, threshold 0.7)',
      setup: `${count.toLocaleString('en')} generated instructions (${Math.round((100 * zh) / count)}% Chinese, ~10% planted paraphrases and near-duplicates), greedy pass at ROUGE-L > ${THRESHOLD}; brute force = bit-parallel LCS against every kept text, same process, on the first ${sampleCount.toLocaleString('en')} and the first ${Math.min(count, 20_000).toLocaleString('en')}`,
      figures: [
        { name: `greedy filter, ${count.toLocaleString('en')} texts`, value: allSeconds, unit: 's', target: '< 60 s', met: allSeconds < 60, note: `${Math.round(count / allSeconds).toLocaleString('en')} texts/s` },
        { name: `kept of ${count.toLocaleString('en')}`, value: keptAll, unit: 'texts', note: `${((100 * keptAll) / count).toFixed(1)}%` },
        { name: `speed ratio to brute force, ${sampleCount.toLocaleString('en')} texts`, value: bruteSeconds / fastSeconds, unit: '×', note: `index ${fastSeconds.toFixed(2)} s, brute force ${bruteSeconds.toFixed(1)} s` },
        { name: `decisions differing from brute force, ${sampleCount.toLocaleString('en')} texts`, value: differing, unit: 'texts', target: '0 (identical decisions and scores)', met: differing === 0 },
        { name: `kept of ${sampleCount.toLocaleString('en')}`, value: keptSample, unit: 'texts' },
        { name: `speed ratio to brute force, ${largeCount.toLocaleString('en')} texts`, value: bruteLargeSeconds / fastLargeSeconds, unit: '×', note: `index ${fastLargeSeconds.toFixed(2)} s, brute force ${bruteLargeSeconds.toFixed(1)} s` },
        { name: `decisions differing from brute force, ${largeCount.toLocaleString('en')} texts`, value: differingLarge, unit: 'texts', target: '0', met: differingLarge === 0 },
      ],
    });
  },
};
