// Multi-turn dialogue: a new conversation of minTurns..maxTurns user/assistant turns on the
// topic of one random seed, with fixed roles, written in one request. The seeds' shared
// system prompt is kept, so the dialogue belongs to the same assistant.
import type { Sample, SampleKind } from '../model/sample';
import { renderExamples } from '../prompts/renderSample';
import { DEFAULT_ASSISTANT_ROLE } from '../prompts/templates/multiTurnTemplates';
import { askStructured } from './modelCalls';
import { dialogueSample, dialogueShape, instructionOf, JSON_SHAPES, sharedSystemPrompt } from './sampleShapes';
import { type Generated, optionNumber, type SeedRecord, type Strategy, TaskMeter } from './strategy';

/** The system prompt of the seeds: the chat seeds' shared one, or the instruction seeds' shared `system`. */
function assistantRole(seeds: readonly SeedRecord[]): string | undefined {
  const chat = sharedSystemPrompt(seeds);
  if (chat !== undefined) return chat;
  const systems = new Set(seeds.map((s) => (s.sample.kind === 'instruction' ? (s.sample.system ?? '') : '')));
  const [only] = [...systems];
  return systems.size === 1 && only !== undefined && only.trim() !== '' ? only : undefined;
}

/** An example without the system prompt the request already states as the role. */
function withoutSystem(sample: Sample, system: string | undefined): Sample {
  if (sample.kind !== 'chat' || system === undefined || sample.messages[0]?.role !== 'system' || sample.messages[0].content !== system) return sample;
  return { kind: 'chat', messages: sample.messages.slice(1) };
}

function turnLimits(minTurns: number, maxTurns: number): { min: number; max: number } {
  const min = Math.round(minTurns);
  const max = Math.round(maxTurns);
  if (min < 1) throw new Error(`the option "minTurns" must be at least 1, got ${minTurns}`);
  if (max < min) throw new Error(`the option "maxTurns" (${maxTurns}) must not be below "minTurns" (${minTurns})`);
  return { min, max };
}

export const multiTurn: Strategy = {
  id: 'multi-turn',
  label: 'Multi-turn dialogue',
  description: {
    en: 'New multi-turn conversations (3–6 turns by default) on the topic of a random seed, with fixed user/assistant roles and every turn moving the task forward.',
    zh: '以随机种子的话题编写新的多轮对话（默认 3–6 轮），用户与助手角色固定，每一轮都推进任务。',
  },
  options: [
    { name: 'minTurns', description: { en: 'fewest user/assistant turns in a dialogue; shorter answers are discarded', zh: '对话中最少的用户/助手轮数；更短的对话会被丢弃' }, default: 3 },
    { name: 'maxTurns', description: { en: 'most user/assistant turns in a dialogue', zh: '对话中最多的用户/助手轮数' }, default: 6 },
  ],
  // One dialogue per task; an answer with too few turns is rare with structured output.
  expectedYield: 0.9,
  unsupportedKind(kind: SampleKind) {
    if (kind === 'completion') return 'Multi-turn dialogue needs questions to talk about (chat or instruction seeds); for raw prompt/completion text use Self-Instruct or Augmentation';
    if (kind === 'classification') return 'Multi-turn dialogue writes conversations, not labelled text; for classification data use the Classification strategy';
    if (kind === 'preference') return 'Multi-turn dialogue writes single conversations, not preference pairs; for those use the Preference strategy';
    return undefined;
  },
  outputKind: () => 'chat',
  async run(context, task) {
    const meter = new TaskMeter();
    const reason = this.unsupportedKind(context.seedKind);
    if (reason !== undefined) throw new Error(reason);
    const { min, max } = turnLimits(optionNumber(context, 'minTurns'), optionNumber(context, 'maxTurns'));
    const topics = context.seeds.filter((s) => instructionOf(s.sample).trim().length > 0);
    if (topics.length === 0) throw new Error('no seed has a question to take a topic from');
    const turns = task.random.int(min, max);
    const topic = task.random.pick(topics);
    const others = context.seeds.filter((s) => s.id !== topic.id);
    // The topic seed is an example only when there is no other: seeing it invites a copy.
    const examples = others.length > 0 ? task.random.sample(others, 2) : [topic];
    const system = assistantRole(context.seeds);
    const answer = await askStructured(
      context,
      meter,
      'multi-turn',
      {
        role: system ?? DEFAULT_ASSISTANT_ROLE[context.language],
        examples: renderExamples(examples.map((e) => withoutSystem(e.sample, system)), context.language),
        topic: instructionOf(topic.sample),
        turns: String(turns),
      },
      { name: 'dialogue', schema: dialogueShape, jsonSchema: JSON_SHAPES.dialogue(turns, turns) },
      { seed: task.index },
    );
    const written = answer.turns.slice(0, max);
    const seedIds = [...new Set([topic.id, ...examples.map((e) => e.id)])];
    const generated: Generated = {
      sample: dialogueSample(written, system),
      seedIds,
      nearestSeedId: topic.id,
      ...(written.length < min ? { discardedBecause: `the dialogue has ${written.length} turn${written.length === 1 ? '' : 's'}, fewer than the minimum of ${min} (${turns} were asked for)` } : {}),
    };
    return meter.result([generated]);
  },
};
