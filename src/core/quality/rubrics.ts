// What the judge scores, per kind of sample. Workspaces can override a rubric with
// .seedling/rubrics/<id>.json.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Sample, SampleKind } from '../model/sample';
import { RUBRIC_IDS, type RubricId } from './rubricIds';


export const criterion = z.strictObject({
  /** snake_case: it is a JSON property name in the judge's answer. */
  name: z.string().regex(/^[a-z][a-z0-9_]*$/),
  description: z.string().min(1),
  descriptionZh: z.string().min(1),
});
export type Criterion = z.infer<typeof criterion>;

export const rubric = z.strictObject({
  id: z.enum(RUBRIC_IDS),
  criteria: z.array(criterion).min(1).max(12),
  /** Overall score at or above which a candidate passes the judge. */
  passScore: z.number().min(1).max(5).default(3.5),
});
export type Rubric = z.infer<typeof rubric>;

export const DEFAULT_RUBRICS: Readonly<Record<RubricId, Rubric>> = {
  instruction: {
    id: 'instruction',
    passScore: 3.5,
    criteria: [
      { name: 'accuracy', description: 'The answer is correct and complete for what is asked.', descriptionZh: '回答对所问内容正确且完整。' },
      { name: 'instruction_following', description: 'The answer does exactly what the instruction asks, no more and no less.', descriptionZh: '回答恰好完成指令要求，不多也不少。' },
      { name: 'format', description: 'Structure, length and formatting suit the task and match the reference samples.', descriptionZh: '结构、长度和格式符合任务要求，并与参考样本一致。' },
      { name: 'no_fabrication', description: 'No invented facts, numbers, names, policies or terms beyond what the references or common knowledge support.', descriptionZh: '没有参考样本或常识无法支撑的编造事实、数字、名称、政策或术语。' },
      { name: 'style_consistency', description: 'Tone, register and language are consistent with the seed samples.', descriptionZh: '语气、语体和语言与种子样本保持一致。' },
    ],
  },
  dialogue: {
    id: 'dialogue',
    passScore: 3.5,
    criteria: [
      { name: 'coherence', description: 'Every turn follows from the previous ones; nothing contradicts what was said earlier.', descriptionZh: '每一轮都承接前文，与前面的内容没有矛盾。' },
      { name: 'role_discipline', description: 'The user speaks as the user and the assistant as the assistant throughout; no role switches or meta talk.', descriptionZh: '用户始终以用户身份发言、助手始终以助手身份发言，没有角色混乱或跳出对话的话语。' },
      { name: 'progression', description: 'Each turn moves the task forward within the topic; no loops or filler.', descriptionZh: '每一轮都在主题范围内推进任务，没有原地打转或空话。' },
      { name: 'accuracy', description: "The assistant's statements are correct.", descriptionZh: '助手所说的内容正确。' },
      { name: 'no_fabrication', description: 'No invented facts, numbers, names or policies.', descriptionZh: '没有编造的事实、数字、名称或政策。' },
    ],
  },
  classification: {
    id: 'classification',
    passScore: 4,
    criteria: [
      { name: 'label_correctness', description: 'The label is the right one for the text among the allowed labels.', descriptionZh: '在允许的标签中，该标签对这段文本是正确的。' },
      { name: 'text_realism', description: 'The text reads like real data of this domain, not like a template.', descriptionZh: '文本读起来像该领域的真实数据，而不像模板。' },
      { name: 'unambiguous', description: 'A careful annotator would assign the same label without hesitation.', descriptionZh: '细心的标注员会毫不犹豫地标出相同的标签。' },
    ],
  },
  preference: {
    id: 'preference',
    passScore: 3.5,
    criteria: [
      { name: 'clear_preference', description: 'One response is clearly better than the other.', descriptionZh: '一个回答明显优于另一个。' },
      { name: 'chosen_quality', description: 'The better response is correct, helpful and honest on its own.', descriptionZh: '较好的回答本身正确、有用且诚实。' },
      { name: 'contrast_relevance', description: 'The worse response fails in a realistic, instructive way (not nonsense).', descriptionZh: '较差的回答以真实、有启发性的方式出错（而不是胡言乱语）。' },
    ],
  },
};

/** Which rubric judges a sample: multi-turn chats are dialogues. */
export function rubricIdFor(sample: Sample): RubricId {
  return rubricIdForKind(sample.kind, sample.kind === 'chat' && sample.messages.filter((m) => m.role === 'user').length > 1);
}

/** Which rubric judges samples of a kind, before there are any (the Generate panel shows it). */
export function rubricIdForKind(kind: SampleKind, multiTurn: boolean): RubricId {
  switch (kind) {
    case 'chat':
      return multiTurn ? 'dialogue' : 'instruction';
    case 'instruction':
    case 'completion':
      return 'instruction';
    case 'classification':
      return 'classification';
    case 'preference':
      return 'preference';
  }
}

export interface RubricSet {
  readonly rubrics: Readonly<Record<RubricId, Rubric>>;
  readonly problems: readonly { readonly file: string; readonly message: string }[];
}

/** The default rubrics with the workspace's overrides from `<dir>/<id>.json`. */
export async function loadRubrics(dir?: string): Promise<RubricSet> {
  const rubrics: Record<RubricId, Rubric> = { ...DEFAULT_RUBRICS };
  const problems: { file: string; message: string }[] = [];
  if (dir === undefined) return { rubrics, problems };
  for (const id of RUBRIC_IDS) {
    const file = join(dir, `${id}.json`);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      continue;
    }
    try {
      const parsed = rubric.safeParse(JSON.parse(text));
      if (!parsed.success) problems.push({ file, message: parsed.error.issues.map((i) => `${i.path.join('.') || 'rubric'}: ${i.message}`).join('; ') });
      else if (parsed.data.id !== id) problems.push({ file, message: `the rubric's id is "${parsed.data.id}", but the file is for "${id}"` });
      else rubrics[id] = parsed.data;
    } catch (error: unknown) {
      problems.push({ file, message: error instanceof Error ? error.message : String(error) });
    }
  }
  return { rubrics, problems };
}
