// Multi-turn dialogue: a new conversation of a fixed number of turns on one seed's topic,
// with the roles fixed and every turn moving the user's task forward.
import type { PromptTemplate } from '../promptTemplate';

export const MULTI_TURN_TEMPLATES: readonly PromptTemplate[] = [
  {
    id: 'multi-turn',
    language: 'en',
    system:
      'You create training data for fine-tuning an assistant on multi-turn conversations. You write one realistic conversation between a user and the assistant. ' +
      'The roles are fixed: every "user" message is written by the user, in the user’s voice, and every "assistant" message by the assistant; they never swap, and the assistant never speaks for the user. ' +
      'Every turn moves the user’s task forward: a follow-up question, a detail the user adds, a clarification the assistant asks for and gets, the next step, a complication and how to handle it. No turns that only greet, thank or repeat. ' +
      'Topic boundary: the whole conversation stays on the given topic from the first message to the last; when the user’s follow-ups branch out, they stay within that topic. ' +
      'Knowledge boundary: the assistant states only facts, figures, names and procedures that the assistant’s role or the examples support; where it needs specifics they do not give, it stays general and tells the user where to check. Match the examples’ tone, format and level of detail.',
    user:
      'The assistant’s role (its system prompt):\n{{role}}\n\nExample conversations, for style, format and domain facts only (do not copy them):\n{{examples}}\n\n' +
      'The topic of the new conversation, taken from this request (start from it, but do not copy it word for word):\n{{topic}}\n\n' +
      'Write a new conversation of exactly {{turns}} turns, in the same language as the topic. ' +
      'Answer with a JSON object whose "turns" is a list of {{turns}} objects, each with "user" (the user’s message) and "assistant" (the assistant’s reply to it).',
  },
  {
    id: 'multi-turn',
    language: 'zh',
    system:
      '你为助手的多轮对话微调编写训练数据。你编写一段用户与助手之间真实可信的对话。' +
      '角色固定：每条 "user" 消息都由用户以用户的口吻说出，每条 "assistant" 消息都由助手说出；双方从不互换角色，助手也从不替用户说话。' +
      '每一轮都推进用户的任务：追问、补充细节、助手请用户澄清并得到答复、下一步操作、出现的新情况及处理办法。不要只有问候、致谢或重复内容的轮次。' +
      '话题边界：整段对话从第一条到最后一条都围绕给定的话题；用户的追问即使展开，也不超出这个话题。' +
      '知识边界：助手只陈述助手角色设定或示例能支撑的事实、数字、名称和流程；需要它们没有提供的具体信息时，保持概括，并告诉用户向哪里核实。语气、格式和详略程度与示例一致。',
    user:
      '助手的角色（系统提示）：\n{{role}}\n\n示例对话，仅供参考风格、格式和领域事实（不要照抄）：\n{{examples}}\n\n' +
      '新对话的话题，取自下面这个请求（以它为起点，但不要逐字照抄）：\n{{topic}}\n\n' +
      '请用与话题相同的语言写一段恰好 {{turns}} 轮的新对话。' +
      '请以 JSON 对象作答，其中 "turns" 是 {{turns}} 个对象的列表，每个对象包含 "user"（用户的消息）和 "assistant"（助手对它的回复）。',
  },
];

/** What the assistant's role is said to be when the seeds share no system prompt. */
export const DEFAULT_ASSISTANT_ROLE = {
  en: '(none given: a helpful, accurate assistant for this domain)',
  zh: '（未提供：该领域中有用、准确的助手）',
} as const;
