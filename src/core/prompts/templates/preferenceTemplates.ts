// Preference pairs: an answer, a critique of it and a revision that fixes it (chosen =
// revised, rejected = original), or two answers compared by a pairwise judge.
import type { PromptTemplate } from '../promptTemplate';

export const PREFERENCE_TEMPLATES: readonly PromptTemplate[] = [
  {
    id: 'preference-answer',
    language: 'en',
    system:
      'You are the assistant in the conversation you are shown. Write your reply to the user’s last message: accurate, helpful and in the format the request calls for, following the assistant’s system prompt when there is one. ' +
      'The examples show the expected tone, format and level of detail; do not copy them. ' +
      'Knowledge boundary: state only facts you are sure of; where the answer depends on specifics you do not know, say so and tell the user what to check. ' +
      'Reply with the answer only: no preamble, no notes about these instructions.',
    user: 'Examples of requests with good answers:\n{{examples}}\n\nThe conversation:\n{{conversation}}\n\nWrite the assistant’s reply to the last user message, in the same language as the user.',
  },
  {
    id: 'preference-answer',
    language: 'zh',
    system:
      '你是所示对话中的助手。请写出你对用户最后一条消息的回复：准确、有用，采用请求所需的格式；有系统提示时遵循系统提示。' +
      '示例展示期望的语气、格式和详略程度，不要照抄。' +
      '知识边界：只陈述你确信的事实；回答取决于你不了解的具体情况时，要说明这一点，并告诉用户需要核实什么。' +
      '只输出回复本身：不要开场白，也不要对这些要求作任何说明。',
    user: '请求及优质回答示例：\n{{examples}}\n\n对话：\n{{conversation}}\n\n请用与用户相同的语言写出助手对最后一条用户消息的回复。',
  },
  {
    id: 'preference-critique',
    language: 'en',
    system:
      'You are a demanding reviewer of assistant answers, writing critiques that will be used to improve them. ' +
      'Check the answer for factual errors, wrong or unsafe advice, parts of the request it ignores, missing steps or caveats the user needs, unclear structure, padding and a tone that does not fit. ' +
      'Be concrete: name each problem and say how to fix it, most important first. ' +
      'Knowledge boundary: flag a fact as wrong only when you are sure; never ask for specifics nobody in the conversation could know. If the answer has no real problem, say exactly "No changes needed." ' +
      'For example: "Step 2 tells the user to delete the cache folder, which also removes unsynced notes; say to sync first. The answer never says which plan the feature needs."',
    user: 'The conversation:\n{{conversation}}\n\nThe assistant’s answer to review:\n{{answer}}\n\nAnswer with a JSON object with "critique" (your critique, in the same language as the conversation).',
  },
  {
    id: 'preference-critique',
    language: 'zh',
    system:
      '你是一名要求严格的助手回答审阅者，你写的评审意见将用于改进回答。' +
      '请检查回答中的事实错误、错误或不安全的建议、忽略了请求的哪些部分、缺少用户需要的步骤或注意事项、结构不清、冗余内容以及不合适的语气。' +
      '要具体：指出每个问题并说明如何修改，最重要的放在前面。' +
      '知识边界：只有在确定时才指出事实错误；不要要求对话中任何人都无法知道的具体信息。如果回答没有实质问题，请只写“无需修改。”' +
      '例如：“第 2 步让用户删除缓存文件夹，这会同时删掉未同步的笔记，应先提醒同步。回答没有说明该功能需要哪个套餐。”',
    user: '对话：\n{{conversation}}\n\n需要审阅的助手回答：\n{{answer}}\n\n请以 JSON 对象作答，包含 "critique"（你的评审意见，使用与对话相同的语言）。',
  },
  {
    id: 'preference-revise',
    language: 'en',
    system:
      'You revise an assistant’s answer so that it fixes every problem a critique names, and keep everything the critique does not question. ' +
      'The revision is a complete answer that replaces the original, in the same language and format. ' +
      'Knowledge boundary: add no facts, figures or names that neither the conversation nor the critique supports; where a fix needs specifics you do not have, say what the user should check. ' +
      'Reply with the revised answer only: no preamble, and no mention of the critique or the revision.',
    user: 'The conversation:\n{{conversation}}\n\nThe original answer:\n{{answer}}\n\nThe critique:\n{{critique}}\n\nWrite the revised answer.',
  },
  {
    id: 'preference-revise',
    language: 'zh',
    system:
      '你修改助手的回答，改正评审意见指出的每一个问题，评审意见没有质疑的内容保持不变。' +
      '修改后的回答是一个完整的回答，用来替换原回答，语言和格式与原回答相同。' +
      '知识边界：不添加对话和评审意见都无法支撑的事实、数字或名称；修改需要你不掌握的具体信息时，说明用户应核实什么。' +
      '只输出修改后的回答：不要开场白，也不要提及评审意见或修改过程。',
    user: '对话：\n{{conversation}}\n\n原回答：\n{{answer}}\n\n评审意见：\n{{critique}}\n\n请写出修改后的回答。',
  },
  {
    id: 'preference-pairwise',
    language: 'en',
    system:
      'You are a strict, fair judge of assistant answers. You compare two answers to the same conversation and decide which one is better as a reply to the user’s last message. ' +
      'Judge accuracy first, then how well the answer does what was asked, then helpfulness, safety, clarity and fitting format and tone. ' +
      'Do not prefer an answer because it is longer or because of its position: A and B are in no particular order. ' +
      'Knowledge boundary: judge facts only where you are sure; an answer that admits what it cannot know beats one that invents it. ' +
      'Answer "tie" only when neither is clearly better.',
    user:
      'The conversation:\n{{conversation}}\n\nAnswer A:\n{{responseA}}\n\nAnswer B:\n{{responseB}}\n\n' +
      'Answer with a JSON object with "reason" (why one answer is better, in one or two sentences) and "preferred" ("A", "B" or "tie").',
  },
  {
    id: 'preference-pairwise',
    language: 'zh',
    system:
      '你是一名严格而公正的助手回答评审员。你比较同一段对话的两个回答，判断哪一个作为对用户最后一条消息的回复更好。' +
      '首先看准确性，其次看是否完成了用户的要求，然后看有用性、安全性、清晰度以及格式和语气是否合适。' +
      '不要因为回答更长或位置靠前而偏向它：A 和 B 的顺序是随机的。' +
      '知识边界：只在确定时评判事实；坦承自己不知道的回答胜过编造内容的回答。' +
      '只有两者都没有明显更好时才回答 "tie"。',
    user:
      '对话：\n{{conversation}}\n\n回答 A：\n{{responseA}}\n\n回答 B：\n{{responseB}}\n\n' +
      '请以 JSON 对象作答，包含 "reason"（用一两句话说明为什么某个回答更好）和 "preferred"（"A"、"B" 或 "tie"）。',
  },
];
