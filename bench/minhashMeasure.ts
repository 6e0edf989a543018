// Child process of the MinHash benchmark: generates the texts, indexes them, finds the pairs
// and checks them against exact Jaccard; prints the measurement as JSON. Its own process, so
// its peak memory is its own.
import { exactJaccard, MinHashLsh } from '../src/core/quality/similarity/minhash';
import { plantedTexts } from './minhashTexts';

export interface MinhashMeasurement {
  readonly texts: number;
  readonly chineseTexts: number;
  readonly planted: number;
  readonly bands: number;
  readonly rows: number;
  readonly generateSeconds: number;
  readonly indexSeconds: number;
  readonly pairsSeconds: number;
  readonly reportedPairs: number;
  readonly recalled: number;
  readonly truePairs: number;
  /** Reported pairs that are not planted pairs but join two texts of one planted family (copies of one original, copies of copies). */
  readonly familyPairs: number;
  readonly indexMb: number;
  readonly rssAfterTextsMb: number;
  readonly maxRssMb: number;
}

function since(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9;
}

function measure(count: number): MinhashMeasurement {
  let started = process.hrtime.bigint();
  const { texts, planted } = plantedTexts(77, count, 0.05);
  const generateSeconds = since(started);
  const rssAfterTextsMb = process.memoryUsage().rss / 1024 / 1024;

  started = process.hrtime.bigint();
  const lsh = new MinHashLsh({ threshold: 0.7, permutations: 128, expectedSize: count });
  for (let i = 0; i < texts.length; i++) lsh.add(i, texts[i] ?? '');
  const indexSeconds = since(started);

  started = process.hrtime.bigint();
  const pairs = lsh.findPairs();
  const pairsSeconds = since(started);

  const reported = new Set(pairs.map(({ a, b }) => a * count + b));
  const recalled = planted.filter(([a, b]) => reported.has(Math.min(a, b) * count + Math.max(a, b))).length;
  const truePairs = pairs.filter(({ a, b }) => exactJaccard(texts[a] ?? '', texts[b] ?? '') >= 0.7).length;
  // Families of planted copies (union-find over the planted pairs).
  const parent = new Int32Array(count).map((_, i) => i);
  const root = (x: number): number => {
    let r = x;
    while (parent[r] !== r) r = parent[r] as number;
    return r;
  };
  for (const [a, b] of planted) parent[root(b)] = root(a);
  const plantedKeys = new Set(planted.map(([a, b]) => Math.min(a, b) * count + Math.max(a, b)));
  const familyPairs = pairs.filter(({ a, b }) => !plantedKeys.has(a * count + b) && root(a) === root(b)).length;
  return {
    texts: count,
    chineseTexts: texts.filter((t) => /[\u4e00-\u9fff]/.test(t)).length,
    planted: planted.length,
    bands: lsh.banding.bands,
    rows: lsh.banding.rows,
    generateSeconds,
    indexSeconds,
    pairsSeconds,
    reportedPairs: pairs.length,
    recalled,
    truePairs,
    familyPairs,
    indexMb: lsh.memoryBytes / 1024 / 1024,
    rssAfterTextsMb,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

const count = Number(process.argv[2] ?? 1_000_000);
if (!Number.isInteger(count) || count < 2000) {
  console.error('usage: minhashMeasure.js [COUNT >= 2000]');
  process.exit(2);
}
process.stdout.write(JSON.stringify(measure(count)));
