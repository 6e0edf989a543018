// MinHash LSH over a million short texts with planted near-duplicates: time, recall of the
// planted pairs, precision of the reported pairs against exact Jaccard, and peak memory — the
// measurement runs in a child process of its own so its peak memory is its own.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Benchmark, BenchmarkResult } from './benchmark';
import type { MinhashMeasurement } from './minhashMeasure';

export const minhashBenchmark: Benchmark = {
  name: 'minhash',
  run(): Promise<BenchmarkResult> {
    const count = Number(process.env['SEEDLING_BENCH_MINHASH_TEXTS'] ?? 1_000_000);
    const started = process.hrtime.bigint();
    const child = spawnSync(process.execPath, [join(__dirname, 'minhashMeasure.js'), String(count)], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (child.status !== 0) throw new Error(`the MinHash measurement failed: ${child.stderr}`);
    const m = JSON.parse(child.stdout) as MinhashMeasurement;
    const wholeSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    const recall = m.recalled / m.planted;
    const precision = m.reportedPairs === 0 ? 0 : m.truePairs / m.reportedPairs;
    const n = count.toLocaleString('en');
    return Promise.resolve({
      title: 'MinHash LSH near-duplicate pairs',
      setup: `${n} short texts (5–30 words; ${Math.round((100 * m.chineseTexts) / count)}% Chinese, shingled by characters), ${m.planted.toLocaleString('en')} planted near-duplicates (exact Jaccard ≥ 0.8 with their original); threshold 0.7, 128 permutations, ${m.bands} bands × ${m.rows} rows; one child process`,
      figures: [
        { name: `index ${n} texts`, value: m.indexSeconds, unit: 's', note: `${Math.round(count / m.indexSeconds).toLocaleString('en')} texts/s` },
        { name: 'find all pairs', value: m.pairsSeconds, unit: 's', note: `${m.reportedPairs.toLocaleString('en')} pairs with estimated Jaccard ≥ 0.7` },
        { name: 'recall of planted pairs', value: 100 * recall, unit: '%', target: '>= 90%', met: recall >= 0.9, note: `${m.recalled.toLocaleString('en')} of ${m.planted.toLocaleString('en')}` },
        { name: 'precision of reported pairs (exact Jaccard ≥ 0.7)', value: 100 * precision, unit: '%', note: `${m.truePairs.toLocaleString('en')} of ${m.reportedPairs.toLocaleString('en')}; ${m.familyPairs.toLocaleString('en')} of the ${(m.reportedPairs - m.recalled).toLocaleString('en')} pairs beyond the planted ones join two copies of one original or a copy of a copy` },
        { name: 'index arrays', value: m.indexMb, unit: 'MB', note: 'signature bytes, band keys, chain links, bucket tables' },
        { name: 'peak memory of the process', value: m.maxRssMb, unit: 'MB', target: '< 1024 MB', met: m.maxRssMb < 1024, note: `${m.rssAfterTextsMb.toFixed(0)} MB of it before indexing: Node and the ${n} texts themselves` },
        { name: 'whole benchmark (generate, index, pairs, exact check)', value: wholeSeconds, unit: 's', target: '< 180 s', met: wholeSeconds < 180 },
      ],
    });
  },
};
