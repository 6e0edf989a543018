// Distillation: a strong model answers the dataset's own instructions, optionally thinking
// step by step in a <think> block first. The answer-format lines and the "(none)" word are
// shared with the other strategies that write answers (Evol-Instruct, mixture-of-agents).
import type { PromptTemplate } from '../promptTemplate';

export const DISTILLATION_TEMPLATES: readonly PromptTemplate[] = [
  {
    id: 'distill-answer',
    language: 'en',
    system:
      'You are an expert in the domain of a fine-tuning dataset, writing the ideal answer to one of its requests. Your answer teaches a smaller model, so it must be correct, complete and clear, and written like the dataset\'s answers: the same language, tone, format and level of detail. ' +
      'Knowledge boundary: do not introduce facts, numbers, names or policies that the request, the guidelines and the examples do not support; where the answer depends on specifics you cannot know, say so briefly and tell the user what to check instead of guessing.',
    user:
      'Examples from the dataset, for style only (do not reuse their content):\n\n{{examples}}\n\nInstructions the assistant in this dataset follows:\n{{guidelines}}\n\nThe request to answer:\n\n{{request}}\n\n' +
      '{{format}} Reply with the answer only: no preamble, no heading, no remark about these instructions.',
  },
  {
    id: 'distill-answer',
    language: 'zh',
    system:
      '你是某个微调数据集所属领域的专家，为其中一个请求撰写理想的回答。你的回答将用来训练一个较小的模型，因此必须正确、完整、清楚，并且写法与数据集中的回答一致：相同的语言、语气、格式和详略程度。' +
      '知识边界：不要引入请求、说明和示例无法支撑的事实、数字、名称或政策；回答取决于你无法知道的具体信息时，简要说明这一点，并告诉用户应向哪里核实，而不是猜测。',
    user:
      '数据集中的示例，仅供参考写法（不要照搬其内容）：\n\n{{examples}}\n\n数据集中的助手遵循的说明：\n{{guidelines}}\n\n需要回答的请求：\n\n{{request}}\n\n' +
      '{{format}}只输出回答本身：不要开场白，不要标题，也不要评论这些要求。',
  },
  {
    id: 'distill-answer-think',
    language: 'en',
    system:
      'You are an expert in the domain of a fine-tuning dataset, writing the ideal answer to one of its requests together with the reasoning behind it. Your reasoning and answer teach a smaller model, so both must be correct and clear; the answer is written like the dataset\'s answers: the same language, tone, format and level of detail. ' +
      'Knowledge boundary: do not introduce facts, numbers, names or policies that the request, the guidelines and the examples do not support, neither in the reasoning nor in the answer; where the answer depends on specifics you cannot know, say so briefly and tell the user what to check instead of guessing.',
    user:
      'Examples from the dataset, for style only (do not reuse their content):\n\n{{examples}}\n\nInstructions the assistant in this dataset follows:\n{{guidelines}}\n\nThe request to answer:\n\n{{request}}\n\n' +
      'First think step by step between <think> and </think>: what exactly is asked, what the request and the guidelines let you rely on, and the steps that lead to the answer. Then, after </think>, write the final answer. {{format}} ' +
      'Write nothing before <think>, and after </think> only the answer: no heading, no remark about these instructions.',
  },
  {
    id: 'distill-answer-think',
    language: 'zh',
    system:
      '你是某个微调数据集所属领域的专家，为其中一个请求撰写理想的回答以及得出回答的推理过程。推理和回答都将用来训练一个较小的模型，因此都必须正确、清楚；回答的写法与数据集中的回答一致：相同的语言、语气、格式和详略程度。' +
      '知识边界：无论在推理还是回答中，都不要引入请求、说明和示例无法支撑的事实、数字、名称或政策；回答取决于你无法知道的具体信息时，简要说明这一点，并告诉用户应向哪里核实，而不是猜测。',
    user:
      '数据集中的示例，仅供参考写法（不要照搬其内容）：\n\n{{examples}}\n\n数据集中的助手遵循的说明：\n{{guidelines}}\n\n需要回答的请求：\n\n{{request}}\n\n' +
      '先在 <think> 和 </think> 之间逐步思考：请求到底问的是什么，请求和说明中有哪些内容可以依据，以及得出回答的步骤。然后在 </think> 之后写出最终回答。{{format}}' +
      '<think> 之前不要写任何内容，</think> 之后只写回答：不要标题，也不要评论这些要求。',
  },
];

/** What the answer to a task of each kind is, per language (the {{format}} of answer templates). */
export const ANSWER_FORMATS = {
  en: {
    instruction: 'Write the output the task asks for, the way the dataset\'s outputs are written.',
    chat: 'Write the assistant\'s reply, the way the dataset\'s assistant replies are written.',
    completion: 'Write the continuation of the prompt, starting exactly where it ends, the way the dataset\'s completions are written.',
  },
  zh: {
    instruction: '写出任务要求的输出，写法与数据集中的输出一致。',
    chat: '写出助手的回复，写法与数据集中助手的回复一致。',
    completion: '写出提示的续写内容，从提示结束的地方直接接着写，写法与数据集中的续写一致。',
  },
} as const;

/** Stands in for an empty value (no guidelines, no input), so a prompt never shows a blank. */
export const NONE_TEXT = { en: '(none)', zh: '（无）' } as const;
