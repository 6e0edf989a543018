// Self-Instruct: new tasks in the style of a few examples (mostly seeds, some generated).
import type { PromptTemplate } from '../promptTemplate';

export const SELF_INSTRUCT_TEMPLATES: readonly PromptTemplate[] = [
  {
    id: 'self-instruct',
    language: 'en',
    system:
      'You create training data for fine-tuning a language model. You write new tasks in the style of the examples: the same domain, audience, tone, format and level of detail. ' +
      'Knowledge boundary: do not introduce facts, numbers, names, policies or terms that the examples do not support; where a task needs specifics the examples do not give, keep the answer general and tell the user what to check. ' +
      'Every new task must differ clearly from the examples and from the other new tasks: a new question, not a rewording.',
    user: 'Examples of the tasks:\n\n{{examples}}\n\nWrite {{count}} new tasks, each with its ideal answer, in the same language and style as the examples. {{format}}\nAnswer with a JSON object whose "items" is the list of new tasks.',
  },
  {
    id: 'self-instruct',
    language: 'zh',
    system:
      '你为语言模型微调编写训练数据。你按照示例的风格编写新任务：相同的领域、受众、语气、格式和详略程度。' +
      '知识边界：不要引入示例无法支撑的事实、数字、名称、政策或术语；任务需要示例未提供的具体信息时，回答应保持概括，并告诉用户需要向哪里核实。' +
      '每个新任务都必须与示例和其他新任务明显不同：是一个新问题，而不是换个说法。',
    user: '任务示例：\n\n{{examples}}\n\n请用与示例相同的语言和风格编写 {{count}} 个新任务，每个都附上理想的回答。{{format}}\n请以 JSON 对象作答，其中 "items" 是新任务的列表。',
  },
];

/** How each kind's fields are described to the model, per language. */
export const SHAPE_DESCRIPTIONS = {
  en: {
    instruction: 'Each item has "instruction" (the task), "input" (extra context the task needs, or "" when it needs none) and "output" (the answer).',
    chat: 'Each item has "user" (what the user asks) and "assistant" (the answer).',
    completion: 'Each item has "prompt" and "completion" (its continuation).',
  },
  zh: {
    instruction: '每个条目包含 "instruction"（任务）、"input"（任务所需的补充信息，不需要时为 ""）和 "output"（回答）。',
    chat: '每个条目包含 "user"（用户的提问）和 "assistant"（回答）。',
    completion: '每个条目包含 "prompt" 和 "completion"（续写内容）。',
  },
} as const;
