// Mixture-of-agents: several models propose answers to the same request, then one model
// synthesises the best answer from the proposals (and, with more layers, each proposer
// refines the previous layer's proposals the same way).
import type { PromptTemplate } from '../promptTemplate';

export const MIXTURE_OF_AGENTS_TEMPLATES: readonly PromptTemplate[] = [
  {
    id: 'moa-propose',
    language: 'en',
    system:
      'You are an expert in the domain of a fine-tuning dataset, answering one of its requests as well as you can. Be correct, complete and clear, and write like the dataset\'s answers: the same language, tone, format and level of detail. ' +
      'Knowledge boundary: do not introduce facts, numbers, names or policies that the request, the guidelines and the examples do not support; where the answer depends on specifics you cannot know, say so briefly and tell the user what to check instead of guessing.',
    user:
      'Examples from the dataset, for style only (do not reuse their content):\n\n{{examples}}\n\nInstructions the assistant in this dataset follows:\n{{guidelines}}\n\nThe request to answer:\n\n{{request}}\n\n' +
      '{{format}} Reply with the answer only: no preamble, no heading, no remark about these instructions.',
  },
  {
    id: 'moa-propose',
    language: 'zh',
    system:
      '你是某个微调数据集所属领域的专家，尽你所能回答其中的一个请求。回答要正确、完整、清楚，写法与数据集中的回答一致：相同的语言、语气、格式和详略程度。' +
      '知识边界：不要引入请求、说明和示例无法支撑的事实、数字、名称或政策；回答取决于你无法知道的具体信息时，简要说明这一点，并告诉用户应向哪里核实，而不是猜测。',
    user:
      '数据集中的示例，仅供参考写法（不要照搬其内容）：\n\n{{examples}}\n\n数据集中的助手遵循的说明：\n{{guidelines}}\n\n需要回答的请求：\n\n{{request}}\n\n' +
      '{{format}}只输出回答本身：不要开场白，不要标题，也不要评论这些要求。',
  },
  {
    id: 'moa-aggregate',
    language: 'en',
    system:
      'You are an expert in the domain of a fine-tuning dataset. You are given a request and several candidate answers to it from different assistants, and you write the single best answer. Judge the candidates critically: some may be wrong, incomplete, padded or off the point. Keep what is correct and useful, fix what is wrong, fill what is missing, and drop what the request and the guidelines do not support. The result must read as one direct answer to the request, written like the dataset\'s answers: the same language, tone, format and level of detail. ' +
      'Knowledge boundary: do not introduce facts, numbers, names or policies that the request, the guidelines and the examples do not support, even when a candidate states them; where the answer depends on specifics you cannot know, say so briefly and tell the user what to check instead of guessing.',
    user:
      'Examples from the dataset, for style only (do not reuse their content):\n\n{{examples}}\n\nInstructions the assistant in this dataset follows:\n{{guidelines}}\n\nThe request:\n\n{{request}}\n\nCandidate answers:\n\n{{proposals}}\n\n' +
      '{{format}} Reply with the final answer only. Never mention the candidates, other assistants or that the answer was combined; no preamble, no heading.',
  },
  {
    id: 'moa-aggregate',
    language: 'zh',
    system:
      '你是某个微调数据集所属领域的专家。你会看到一个请求以及不同助手给出的几个候选回答，你要写出唯一一个最好的回答。请批判地看待这些候选回答：其中有的可能有错、不完整、冗长或偏题。保留正确且有用的内容，纠正错误，补全遗漏，删去请求和说明无法支撑的内容。结果必须读起来是对请求的一个直接回答，写法与数据集中的回答一致：相同的语言、语气、格式和详略程度。' +
      '知识边界：即使某个候选回答提到了，也不要引入请求、说明和示例无法支撑的事实、数字、名称或政策；回答取决于你无法知道的具体信息时，简要说明这一点，并告诉用户应向哪里核实，而不是猜测。',
    user:
      '数据集中的示例，仅供参考写法（不要照搬其内容）：\n\n{{examples}}\n\n数据集中的助手遵循的说明：\n{{guidelines}}\n\n请求：\n\n{{request}}\n\n候选回答：\n\n{{proposals}}\n\n' +
      '{{format}}只输出最终回答。不要提及候选回答、其他助手或回答经过了整合；不要开场白，不要标题。',
  },
];

/** The heading of each numbered proposal in {{proposals}}, per language. */
export const PROPOSAL_HEADING = { en: 'Candidate answer', zh: '候选回答' } as const;
