// Self-Instruct (Wang et al., 2023): random few-shot prompts mixing seeds with tasks the run
// already kept, asking for several new tasks at once. Near-copies of anything in the pool
// (ROUGE-L > 0.7) are rejected by the pipeline's duplicate filter, as in the paper.
import type { SampleKind } from '../model/sample';
import { renderExamples } from '../prompts/renderSample';
import { SHAPE_DESCRIPTIONS } from '../prompts/templates/selfInstructTemplates';
import { askStructured } from './modelCalls';
import { listOf, newSampleShape, sampleFromShape } from './sampleShapes';
import { type Generated, optionNumber, type Strategy, TaskMeter } from './strategy';

export const selfInstruct: Strategy = {
  id: 'self-instruct',
  label: 'Self-Instruct',
  description: {
    en: 'New tasks in the style of random seed examples (plus some already generated), several per request; near-copies are rejected.',
    zh: '仿照随机抽取的种子示例（及部分已生成样本）编写新任务，每次请求生成多条；与已有样本过于相似的会被剔除。',
  },
  options: [
    { name: 'examples', description: { en: 'examples shown per request', zh: '每次请求展示的示例数' }, default: 8 },
    { name: 'generatedExamples', description: { en: 'how many of them come from the run’s kept candidates, once there are some', zh: '其中来自本次运行已保留候选的数量（已有候选时）' }, default: 2 },
    { name: 'perRequest', description: { en: 'new tasks asked for per request', zh: '每次请求要求生成的新任务数' }, default: 4 },
  ],
  expectedYield: 3,
  unsupportedKind(kind: SampleKind) {
    if (kind === 'classification') return 'Self-Instruct writes instructions with answers; for labelled text use the Classification strategy';
    if (kind === 'preference') return 'Self-Instruct writes single answers; for preference pairs use the Preference strategy';
    return undefined;
  },
  outputKind: (kind) => kind,
  async run(context, task) {
    const meter = new TaskMeter();
    const shape = newSampleShape(context.seedKind);
    const format = context.seedKind === 'instruction' || context.seedKind === 'chat' || context.seedKind === 'completion' ? SHAPE_DESCRIPTIONS[context.language][context.seedKind] : undefined;
    if (!shape || format === undefined) throw new Error(this.unsupportedKind(context.seedKind) ?? 'unsupported seed kind');
    const total = optionNumber(context, 'examples');
    const kept = context.pool.kept();
    const fromRun = task.random.sample(kept, Math.min(optionNumber(context, 'generatedExamples'), kept.length));
    const fromSeeds = task.random.sample(context.seeds, Math.max(1, total - fromRun.length));
    const examples = task.random.sample([...fromSeeds, ...fromRun], fromSeeds.length + fromRun.length);
    const count = optionNumber(context, 'perRequest');
    const answer = await askStructured(
      context,
      meter,
      'self-instruct',
      { examples: renderExamples(examples.map((e) => e.sample), context.language), count: String(count), format },
      listOf('new_tasks', shape.schema, shape.json, count),
      { seed: task.index },
    );
    const seedIds = fromSeeds.map((s) => s.id);
    const candidates: Generated[] = [];
    for (const item of answer.items.slice(0, count)) {
      const sample = sampleFromShape(context.seedKind, item, context.seeds);
      if (sample) candidates.push({ sample, seedIds });
    }
    return meter.result(candidates);
  },
};
