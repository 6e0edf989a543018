// Dataset statistics, for any dataset and for synthetic data against its seeds: counts by
// kind and label, lengths in characters and tokens, distinct-n, the language mix, judge
// scores, and how far the synthetic n-gram distribution has drifted from the seeds'.
// One pass, memory bounded by the vocabulary (n-grams are counted by 32-bit hash).
import { estimateTokens } from '../llm/tokenEstimate';
import type { Sample, SampleKind } from '../model/sample';
import { promptText, responseText } from '../model/sampleText';
import { detectLanguage, type Language } from './language';
import { tokenize } from './similarity/tokenize';

/** Upper bounds of the length histogram's bins, in characters; the last bin is open. */
export const LENGTH_BINS: readonly number[] = [20, 50, 100, 200, 500, 1000, 2000, 5000];

export interface Distribution {
  readonly count: number;
  readonly min: number;
  readonly mean: number;
  readonly median: number;
  readonly p90: number;
  readonly max: number;
  /** Counts per LENGTH_BINS bin, plus one for everything longer. */
  readonly histogram: readonly number[];
}

export interface DatasetStats {
  readonly records: number;
  readonly kinds: Readonly<Partial<Record<SampleKind, number>>>;
  /** Classification: records per label, most frequent first. */
  readonly labels: readonly { readonly label: string; readonly count: number }[];
  readonly promptChars: Distribution;
  readonly responseChars: Distribution;
  readonly promptTokens: Distribution;
  readonly responseTokens: Distribution;
  /** Distinct unigrams and bigrams over all tokens of the responses (0–1; higher is more varied). */
  readonly distinct1: number;
  readonly distinct2: number;
  readonly languages: Readonly<Partial<Record<Language, number>>>;
  /** Judge overall scores, rounded, 1–5, when scores were given. */
  readonly scores?: { readonly histogram: readonly number[]; readonly mean: number; readonly count: number };
}

export interface SeedComparison {
  /** Jensen–Shannon divergence (base 2, 0–1) of the unigram distributions. */
  readonly unigramJsDivergence: number;
  readonly bigramJsDivergence: number;
  /** Median length of synthetic responses over the seeds' (1 = same). */
  readonly responseLengthRatio: number;
  readonly promptLengthRatio: number;
  /** Total variation distance of the label distributions (0 = same balance, 1 = disjoint). */
  readonly labelShift?: number;
}

class Lengths {
  private readonly values: number[] = [];
  private readonly bins = new Array<number>(LENGTH_BINS.length + 1).fill(0);

  add(value: number): void {
    this.values.push(value);
    const bin = LENGTH_BINS.findIndex((limit) => value <= limit);
    this.bins[bin === -1 ? LENGTH_BINS.length : bin] = (this.bins[bin === -1 ? LENGTH_BINS.length : bin] ?? 0) + 1;
  }

  result(): Distribution {
    const sorted = [...this.values].sort((a, b) => a - b);
    const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
    const sum = sorted.reduce((a, b) => a + b, 0);
    return { count: sorted.length, min: sorted[0] ?? 0, mean: sorted.length > 0 ? sum / sorted.length : 0, median: at(0.5), p90: at(0.9), max: sorted.at(-1) ?? 0, histogram: [...this.bins] };
  }
}

/** FNV-1a, enough to count n-grams in a Map without keeping their strings. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function characters(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

export class StatsAccumulator {
  private records = 0;
  private readonly kinds = new Map<SampleKind, number>();
  private readonly labels = new Map<string, number>();
  private readonly lengths = { promptChars: new Lengths(), responseChars: new Lengths(), promptTokens: new Lengths(), responseTokens: new Lengths() };
  private readonly unigrams = new Map<number, number>();
  private readonly bigrams = new Map<number, number>();
  private unigramTotal = 0;
  private bigramTotal = 0;
  private readonly languages = new Map<Language, number>();
  private readonly scores: number[] = [];

  add(sample: Sample, score?: number): void {
    this.records++;
    this.kinds.set(sample.kind, (this.kinds.get(sample.kind) ?? 0) + 1);
    if (sample.kind === 'classification') this.labels.set(String(sample.label), (this.labels.get(String(sample.label)) ?? 0) + 1);
    const prompt = promptText(sample);
    const response = sample.kind === 'classification' ? sample.text : responseText(sample);
    this.lengths.promptChars.add(characters(prompt));
    this.lengths.responseChars.add(characters(response));
    this.lengths.promptTokens.add(estimateTokens(prompt));
    this.lengths.responseTokens.add(estimateTokens(response));
    const tokens = tokenize(response);
    for (let i = 0; i < tokens.length; i++) {
      const unigram = hash(tokens[i] ?? '');
      this.unigrams.set(unigram, (this.unigrams.get(unigram) ?? 0) + 1);
      this.unigramTotal++;
      if (i > 0) {
        const bigram = hash(`${tokens[i - 1] ?? ''}\u0001${tokens[i] ?? ''}`);
        this.bigrams.set(bigram, (this.bigrams.get(bigram) ?? 0) + 1);
        this.bigramTotal++;
      }
    }
    const language = detectLanguage(`${prompt}\n${response}`);
    this.languages.set(language, (this.languages.get(language) ?? 0) + 1);
    if (score !== undefined) this.scores.push(score);
  }

  result(): DatasetStats {
    const scores = this.scores.length > 0
      ? {
          histogram: [1, 2, 3, 4, 5].map((s) => this.scores.filter((x) => Math.min(5, Math.max(1, Math.round(x))) === s).length),
          mean: this.scores.reduce((a, b) => a + b, 0) / this.scores.length,
          count: this.scores.length,
        }
      : undefined;
    return {
      records: this.records,
      kinds: Object.fromEntries(this.kinds),
      labels: [...this.labels].map(([label, count]) => ({ label, count })).sort((a, b) => b.count - a.count || a.label.localeCompare(b.label)),
      promptChars: this.lengths.promptChars.result(),
      responseChars: this.lengths.responseChars.result(),
      promptTokens: this.lengths.promptTokens.result(),
      responseTokens: this.lengths.responseTokens.result(),
      distinct1: this.unigramTotal > 0 ? this.unigrams.size / this.unigramTotal : 0,
      distinct2: this.bigramTotal > 0 ? this.bigrams.size / this.bigramTotal : 0,
      languages: Object.fromEntries(this.languages),
      ...(scores ? { scores } : {}),
    };
  }

  /** How the synthetic data (this) differs from its seeds (`seeds`). */
  compareWith(seeds: StatsAccumulator): SeedComparison {
    const mine = this.result();
    const theirs = seeds.result();
    const ratio = (a: number, b: number): number => (b > 0 ? a / b : a > 0 ? Infinity : 1);
    const labelShift = mine.labels.length > 0 || theirs.labels.length > 0 ? totalVariation(this.labels, seeds.labels) : undefined;
    return {
      unigramJsDivergence: jsDivergence(this.unigrams, this.unigramTotal, seeds.unigrams, seeds.unigramTotal),
      bigramJsDivergence: jsDivergence(this.bigrams, this.bigramTotal, seeds.bigrams, seeds.bigramTotal),
      responseLengthRatio: ratio(mine.responseChars.median, theirs.responseChars.median),
      promptLengthRatio: ratio(mine.promptChars.median, theirs.promptChars.median),
      ...(labelShift !== undefined ? { labelShift } : {}),
    };
  }
}

/** Jensen–Shannon divergence, base 2: 0 for identical distributions, 1 for disjoint ones. */
export function jsDivergence<K>(p: ReadonlyMap<K, number>, pTotal: number, q: ReadonlyMap<K, number>, qTotal: number): number {
  if (pTotal === 0 || qTotal === 0) return pTotal === qTotal ? 0 : 1;
  let divergence = 0;
  const term = (a: number, m: number): number => (a > 0 ? a * Math.log2(a / m) : 0);
  for (const [key, count] of p) {
    const a = count / pTotal;
    const b = (q.get(key) ?? 0) / qTotal;
    const m = (a + b) / 2;
    divergence += term(a, m) + term(b, m);
  }
  for (const [key, count] of q) {
    if (p.has(key)) continue;
    const b = count / qTotal;
    divergence += term(b, b / 2);
  }
  return Math.min(1, Math.max(0, divergence / 2));
}

function totalVariation(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  const totalA = [...a.values()].reduce((s, n) => s + n, 0);
  const totalB = [...b.values()].reduce((s, n) => s + n, 0);
  if (totalA === 0 || totalB === 0) return totalA === totalB ? 0 : 1;
  let sum = 0;
  for (const key of new Set([...a.keys(), ...b.keys()])) sum += Math.abs((a.get(key) ?? 0) / totalA - (b.get(key) ?? 0) / totalB);
  return sum / 2;
}

function line(label: string, value: string): string {
  return `  ${label.padEnd(18)}${value}`;
}

function distribution(d: Distribution): string {
  return d.count === 0 ? '—' : `median ${d.median}, mean ${d.mean.toFixed(0)}, p90 ${d.p90}, max ${d.max}`;
}

/** A readable report of the statistics (and of the comparison with the seeds). */
export function formatStatsReport(title: string, stats: DatasetStats, comparison?: SeedComparison): string {
  const lines = [title];
  lines.push(line('records', String(stats.records)));
  lines.push(line('kinds', Object.entries(stats.kinds).map(([k, n]) => `${n} ${k}`).join(', ') || '—'));
  if (stats.labels.length > 0) lines.push(line('labels', stats.labels.map((l) => `${l.label} ${l.count} (${Math.round((100 * l.count) / stats.records)}%)`).join(', ')));
  lines.push(line('prompt chars', distribution(stats.promptChars)));
  lines.push(line('response chars', distribution(stats.responseChars)));
  lines.push(line('response tokens', distribution(stats.responseTokens)));
  lines.push(line('distinct-1 / -2', `${stats.distinct1.toFixed(3)} / ${stats.distinct2.toFixed(3)}`));
  lines.push(line('languages', Object.entries(stats.languages).map(([l, n]) => `${l} ${n}`).join(', ') || '—'));
  if (stats.scores) lines.push(line('judge scores', `mean ${stats.scores.mean.toFixed(2)}; 1–5: ${stats.scores.histogram.join(' / ')}`));
  if (comparison) {
    lines.push('  compared with the seeds');
    lines.push(line('  unigram JSD', `${comparison.unigramJsDivergence.toFixed(3)} (0 = same vocabulary, 1 = none shared)`));
    lines.push(line('  bigram JSD', comparison.bigramJsDivergence.toFixed(3)));
    lines.push(line('  length ratio', `responses ${comparison.responseLengthRatio.toFixed(2)}×, prompts ${comparison.promptLengthRatio.toFixed(2)}× the seeds' median`));
    if (comparison.labelShift !== undefined) lines.push(line('  label shift', `${comparison.labelShift.toFixed(3)} (total variation; 0 = same balance)`));
  }
  return lines.join('\n');
}
