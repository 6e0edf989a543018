// Classification data with a target label distribution: each task writes several texts for
// one label, chosen by a deterministic quota schedule over task indices, and the judge
// model labels every text independently; a text it labels differently is discarded.
import { z } from 'zod';
import type { SampleKind } from '../model/sample';
import { renderExamples } from '../prompts/renderSample';
import { askStructured, inCallOrder } from './modelCalls';
import { classificationShape, JSON_SHAPES, listOf } from './sampleShapes';
import { type Generated, optionNumber, optionString, type SeedRecord, type Strategy, type StrategyContext, TaskMeter } from './strategy';

type Label = string | number;

const DISTRIBUTIONS = ['balanced', 'seed'] as const;

/** Examples of the target label shown per request, and of each label to the judge. */
const TARGET_EXAMPLES = 5;
const JUDGE_EXAMPLES_PER_LABEL = 2;

/** The seeds' labels in the order they first appear (a stable order for the schedule). */
function seedLabels(seeds: readonly SeedRecord[]): Label[] {
  const labels = new Map<string, Label>();
  for (const seed of seeds) if (seed.sample.kind === 'classification' && !labels.has(String(seed.sample.label))) labels.set(String(seed.sample.label), seed.sample.label);
  return [...labels.values()];
}

function labelOf(seed: SeedRecord): string | undefined {
  return seed.sample.kind === 'classification' ? String(seed.sample.label) : undefined;
}

/** `积极=2,中性=1` (also with `:` or full-width punctuation) as one weight per label; unnamed labels get 0. */
function parseWeights(spec: string, labels: readonly Label[]): number[] {
  const names = labels.map(String);
  const weights = names.map(() => 0);
  const given = new Set<string>();
  for (const entry of spec.split(/[,，;；]/).map((e) => e.trim()).filter((e) => e !== '')) {
    const match = /^(.+?)\s*[=:：]\s*([0-9]+(?:\.[0-9]+)?)$/.exec(entry);
    if (!match) throw new Error(`the option "weights" takes label=weight pairs separated by commas (like ${names.map((n) => `${n}=1`).join(',')}), got "${entry}"`);
    const name = (match[1] ?? '').trim();
    const at = names.indexOf(name);
    if (at === -1) throw new Error(`the option "weights" names the label "${name}", which no seed has (the labels: ${names.join(', ')})`);
    if (given.has(name)) throw new Error(`the option "weights" gives the label "${name}" twice`);
    given.add(name);
    weights[at] = Number(match[2]);
  }
  if (!weights.some((w) => w > 0)) throw new Error('the option "weights" must give at least one label a weight above 0');
  return weights;
}

function targetWeights(context: StrategyContext, labels: readonly Label[]): number[] {
  const spec = optionString(context, 'weights').trim();
  if (spec !== '') return parseWeights(spec, labels);
  const distribution = optionString(context, 'distribution');
  if (distribution === 'seed') return labels.map((label) => context.seeds.filter((s) => labelOf(s) === String(label)).length);
  if (distribution !== 'balanced') throw new Error(`the option "distribution" is one of ${DISTRIBUTIONS.join(', ')}`);
  return labels.map(() => 1);
}

/**
 * Which label each task index gets: task t takes the label furthest below its quota
 * (t + 1) · w / W given the picks of tasks 0..t-1, ties to the earlier label. Counts never
 * stray a whole unit from their quotas, so after any multiple of W tasks they match the
 * weights exactly. Integer arithmetic, so no rounding drift over long runs.
 */
class QuotaSchedule {
  private readonly weights: number[];
  private readonly total: number;
  private readonly counts: number[];
  private readonly picks: number[] = [];

  constructor(weights: readonly number[]) {
    // Decimal weights scaled to integers: the deficits are then exact.
    const scale = weights.every((w) => Number.isInteger(w)) ? 1 : 1000;
    this.weights = weights.map((w) => Math.round(w * scale));
    this.total = this.weights.reduce((a, b) => a + b, 0);
    this.counts = this.weights.map(() => 0);
  }

  labelAt(task: number): number {
    while (this.picks.length <= task) {
      const step = this.picks.length + 1;
      let best = 0;
      let bestDeficit = Number.NEGATIVE_INFINITY;
      this.weights.forEach((weight, i) => {
        if (weight === 0) return;
        // (quota − count) · W, kept in integers.
        const deficit = step * weight - (this.counts[i] ?? 0) * this.total;
        if (deficit > bestDeficit) {
          best = i;
          bestDeficit = deficit;
        }
      });
      this.counts[best] = (this.counts[best] ?? 0) + 1;
      this.picks.push(best);
    }
    return this.picks[task] ?? 0;
  }
}

/** Schedules per seed set and weights, so task n does not replay tasks 0..n-1 each time. */
const schedules = new WeakMap<readonly SeedRecord[], Map<string, QuotaSchedule>>();

function scheduleFor(seeds: readonly SeedRecord[], weights: readonly number[]): QuotaSchedule {
  let bySeeds = schedules.get(seeds);
  if (!bySeeds) {
    bySeeds = new Map();
    schedules.set(seeds, bySeeds);
  }
  const key = weights.join(',');
  let schedule = bySeeds.get(key);
  if (!schedule) {
    schedule = new QuotaSchedule(weights);
    bySeeds.set(key, schedule);
  }
  return schedule;
}

export const classification: Strategy = {
  id: 'classification',
  label: 'Classification data',
  description: {
    en: 'New labelled texts in the seeds’ domain, following a target label distribution; the judge model re-labels each text and those it labels differently are discarded.',
    zh: '按目标标签分布，在种子所属领域编写新的带标签文本；评审模型重新标注每条文本，标注不一致的会被剔除。',
  },
  options: [
    { name: 'distribution', description: { en: 'target label distribution: balanced (every label equally) or seed (the seeds’ proportions)', zh: '目标标签分布：balanced（各标签均等）或 seed（按种子中的比例）' }, default: 'balanced', choices: DISTRIBUTIONS },
    { name: 'weights', description: { en: 'explicit label weights like 积极=2,中性=1,消极=1 (overrides distribution; unnamed labels get none)', zh: '显式标签权重，如 积极=2,中性=1,消极=1（优先于 distribution；未列出的标签不生成）' }, default: '' },
    { name: 'perRequest', description: { en: 'texts written per request, all with the task’s label', zh: '每次请求写出的文本数，都带该任务的标签' }, default: 3 },
  ],
  // Three texts per task by default; the judge rejects some.
  expectedYield: 2.2,
  unsupportedKind(kind: SampleKind) {
    if (kind === 'classification') return undefined;
    if (kind === 'preference') return 'Classification data needs labelled seeds (text and label); for preference pairs use the Preference strategy';
    return `Classification data needs labelled seeds (text and label), not ${kind} samples; for those use Self-Instruct or Augmentation`;
  },
  outputKind: () => 'classification',
  async run(context, task) {
    const meter = new TaskMeter();
    const reason = this.unsupportedKind(context.seedKind);
    if (reason !== undefined) throw new Error(reason);
    const labels = seedLabels(context.seeds);
    if (labels.length < 2) throw new Error(`classification data needs seeds with at least two labels; these have ${labels.length === 0 ? 'none' : `only "${String(labels[0])}"`}`);
    const target = labels[scheduleFor(context.seeds, targetWeights(context, labels)).labelAt(task.index)] ?? labels[0] ?? '';
    const targetName = String(target);
    const names = labels.map(String);
    const count = Math.max(1, Math.round(optionNumber(context, 'perRequest')));

    const shown = task.random.sample(context.seeds.filter((s) => labelOf(s) === targetName), TARGET_EXAMPLES);
    const written = await askStructured(
      context,
      meter,
      'classification-generate',
      {
        label: targetName,
        otherLabels: names.filter((n) => n !== targetName).join(', '),
        examples: renderExamples(shown.map((s) => s.sample), context.language),
        count: String(count),
      },
      listOf('labelled_texts', classificationShape, JSON_SHAPES.classification, count),
      { seed: task.index },
    );

    // The judge sees a few examples of every label, not only the target's, so it is not primed.
    const reference = names.flatMap((name) => task.random.sample(context.seeds.filter((s) => labelOf(s) === name), JUDGE_EXAMPLES_PER_LABEL));
    const judgeExamples = renderExamples(reference.map((s) => s.sample), context.language);
    const [first, ...rest] = names;
    if (first === undefined) throw new Error('no labels');
    const verdictSchema = {
      name: 'label_verdict',
      schema: z.object({ reason: z.string(), label: z.enum([first, ...rest]) }),
      // The reason comes first so that the label follows from it.
      jsonSchema: { type: 'object', properties: { reason: { type: 'string' }, label: { type: 'string', enum: names } }, required: ['reason', 'label'], additionalProperties: false },
    };
    const texts = written.items.slice(0, count).map((item) => item.text.trim());
    const verdicts = await inCallOrder(
      meter,
      texts.map((text) => (own: TaskMeter) => askStructured(context, own, 'classification-verify', { labels: names.join(', '), examples: judgeExamples, text }, verdictSchema, { model: context.judgeModel, temperature: 0, seed: task.index })),
    );
    const seedIds = shown.map((s) => s.id);
    const candidates = texts.map((text, i): Generated => {
      const verdict = verdicts[i];
      const sample = { kind: 'classification' as const, text, label: target };
      if (verdict === undefined || verdict.label === targetName) return { sample, seedIds };
      return { sample, seedIds, discardedBecause: `written as "${targetName}", but the judge labelled it "${verdict.label}": ${verdict.reason.trim()}` };
    });
    return meter.result(candidates);
  },
};
