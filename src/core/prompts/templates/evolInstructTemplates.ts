// Evol-Instruct: rewrite a task into a harder one (in depth, one operation at a time) or into
// a new, rarer one in the same domain (in breadth), then answer the result. The in-depth
// operations are data too: {{operation}} of 'evol-depth' is one of EVOL_DEPTH_OPERATIONS.
import type { PromptTemplate } from '../promptTemplate';

/** The output-format constraint both evolution templates end with. */
const EVOLVED_FORMAT_EN = 'Answer with a JSON object: "instruction" is the task as the user would ask it, and "input" is the material the task needs to work on (a text, a list, a table, data), or "" when it needs none.';
const EVOLVED_FORMAT_ZH = '请以 JSON 对象作答："instruction" 是用户会提出的任务本身，"input" 是任务需要处理的材料（一段文字、一个列表、一张表格、一些数据），不需要时为 ""。';

export const EVOL_INSTRUCT_TEMPLATES: readonly PromptTemplate[] = [
  {
    id: 'evol-depth',
    language: 'en',
    system:
      'You make the tasks of a fine-tuning dataset harder, one change at a time, so that a model trained on them learns to handle more demanding requests. You keep the domain, the audience, the language and the tone of the task, make exactly the change you are asked for, and keep the task reasonable: a real user could ask it and a capable assistant could answer it. ' +
      'Add no more than a sentence or two (or a short piece of input); a harder task is not a longer one. ' +
      'Knowledge boundary: do not introduce facts, numbers, names or policies about the domain that the task and the examples do not support. You may make the user\'s own situation more concrete, but the task must not depend on rules or figures the dataset does not contain.',
    user:
      'Examples from the dataset, for its domain and style:\n\n{{examples}}\n\nThe task to make harder:\n\n{{task}}\n\nIts input:\n\n{{input}}\n\nThe change to make: {{operation}}\n\n' +
      'Write the harder task itself, as the user would put it. Do not answer it, do not say that it was changed, and do not refer to an earlier or original version.\n' +
      EVOLVED_FORMAT_EN,
  },
  {
    id: 'evol-depth',
    language: 'zh',
    system:
      '你负责让微调数据集中的任务变得更难，每次只做一处改动，使在这些数据上训练的模型学会应对要求更高的请求。你保持任务的领域、受众、语言和语气不变，只做要求的那一处改动，并且任务必须合理：真实用户会这样问，能力强的助手能够回答。' +
      '最多增加一两句话（或一小段输入材料）；更难不等于更长。' +
      '知识边界：不要引入任务和示例无法支撑的关于该领域的事实、数字、名称或政策。可以把用户自身的情况写得更具体，但任务不能依赖数据集中没有的规定或数字。',
    user:
      '数据集中的示例，供参考领域和风格：\n\n{{examples}}\n\n需要加大难度的任务：\n\n{{task}}\n\n它的输入：\n\n{{input}}\n\n需要做的改动：{{operation}}\n\n' +
      '直接写出更难的任务，采用用户提问的口吻。不要回答它，不要说明做了改动，也不要提及之前或原来的版本。\n' +
      EVOLVED_FORMAT_ZH,
  },
  {
    id: 'evol-breadth',
    language: 'en',
    system:
      'You widen the coverage of a fine-tuning dataset. Starting from one of its tasks, you write a brand-new task in the same domain, for the same audience and in the same language and tone, about a rarer, more specific situation that such a dataset seldom covers. The new task is about as long and as difficult as the one you start from, and a capable assistant could answer it. ' +
      'Knowledge boundary: do not introduce facts, numbers, names or policies about the domain that the task and the examples do not support. The new situation may be unusual, but the task must not depend on rules or figures the dataset does not contain.',
    user:
      'Examples from the dataset, for its domain and style:\n\n{{examples}}\n\nThe task to start from:\n\n{{task}}\n\nIts input:\n\n{{input}}\n\n' +
      'Write one new task about a different, less common situation in this domain, as the user would put it. Do not answer it, and do not refer to the task you started from.\n' +
      EVOLVED_FORMAT_EN,
  },
  {
    id: 'evol-breadth',
    language: 'zh',
    system:
      '你负责扩大微调数据集的覆盖面。以其中一个任务为起点，你编写一个全新的任务：领域、受众、语言和语气都相同，但针对一种此类数据集很少覆盖的、更少见也更具体的情况。新任务的长度和难度与起点任务相当，能力强的助手能够回答。' +
      '知识边界：不要引入任务和示例无法支撑的关于该领域的事实、数字、名称或政策。新的情况可以不常见，但任务不能依赖数据集中没有的规定或数字。',
    user:
      '数据集中的示例，供参考领域和风格：\n\n{{examples}}\n\n作为起点的任务：\n\n{{task}}\n\n它的输入：\n\n{{input}}\n\n' +
      '针对该领域中另一种较少见的情况，写出一个新任务，采用用户提问的口吻。不要回答它，也不要提及作为起点的任务。\n' +
      EVOLVED_FORMAT_ZH,
  },
  {
    id: 'evol-answer',
    language: 'en',
    system:
      'You are an expert in the domain of a fine-tuning dataset, writing the ideal answer to a demanding task. Meet every requirement and constraint the task sets, work through it step by step where it needs reasoning, and write like the dataset\'s answers: the same language, tone and format. ' +
      'Knowledge boundary: do not introduce facts, numbers, names or policies that the task, its input, the guidelines and the examples do not support; where the answer depends on specifics you cannot know, say so briefly and tell the user what to check instead of guessing.',
    user:
      'Examples from the dataset, for style only (do not reuse their content):\n\n{{examples}}\n\nInstructions the assistant in this dataset follows:\n{{guidelines}}\n\nThe task:\n\n{{task}}\n\nIts input:\n\n{{input}}\n\n' +
      '{{format}} Reply with the answer only: no preamble, no heading, no remark about these instructions.',
  },
  {
    id: 'evol-answer',
    language: 'zh',
    system:
      '你是某个微调数据集所属领域的专家，为一个要求较高的任务撰写理想的回答。满足任务提出的每一项要求和约束，需要推理时逐步推导，写法与数据集中的回答一致：相同的语言、语气和格式。' +
      '知识边界：不要引入任务、输入、说明和示例无法支撑的事实、数字、名称或政策；回答取决于你无法知道的具体信息时，简要说明这一点，并告诉用户应向哪里核实，而不是猜测。',
    user:
      '数据集中的示例，仅供参考写法（不要照搬其内容）：\n\n{{examples}}\n\n数据集中的助手遵循的说明：\n{{guidelines}}\n\n任务：\n\n{{task}}\n\n它的输入：\n\n{{input}}\n\n' +
      '{{format}}只输出回答本身：不要开场白，不要标题，也不要评论这些要求。',
  },
];

/** The in-depth evolutions, as the {{operation}} of 'evol-depth', per language. */
export const EVOL_DEPTH_OPERATIONS = {
  en: {
    'add-constraints': 'Add one constraint or requirement the answer must meet (a condition, a limit, a case it must also handle, or a form it must take) that fits the domain.',
    deepen: 'Ask about the subject in more depth: where the task asks about one aspect, make it also ask about the reasons behind it, its exceptions or its consequences.',
    concretize: 'Replace a general notion with a specific one: a concrete situation, a particular case or a particular kind of user that the answer has to address.',
    'more-reasoning': 'If the task can be answered with a simple lookup or a step or two, rewrite it so that answering takes several explicit steps of reasoning (comparing options, working out an order, checking conditions one by one).',
    'complicate-input': 'Give the task input material the answer has to work with: a short text, a list, a table, a record or a few lines of data, in a form that fits the domain.',
  },
  zh: {
    'add-constraints': '增加一个回答必须满足的约束或要求（一个条件、一个限制、一种也必须处理的情况，或回答必须采用的形式），且要符合该领域。',
    deepen: '加深对主题的追问：任务只问了某一方面时，让它同时追问背后的原因、例外情况或后果。',
    concretize: '把一个笼统的概念换成具体的：一个具体的情境、一个特定的情况或一类特定的用户，使回答必须针对它。',
    'more-reasoning': '如果任务只需简单查询或一两步就能回答，请把它改写成需要多步明确推理才能回答的任务（比较几个选项、理清先后顺序、逐条核对条件）。',
    'complicate-input': '给任务加上回答必须处理的输入材料：一段简短的文字、一个列表、一张表格、一条记录或几行数据，形式要符合该领域。',
  },
} as const;
