// Augmentation: rewrites of one seed's prompt side that keep (or, for a stance flip,
// deliberately change) its meaning. The fields to rewrite are shown as a JSON object and
// come back under the same keys, so instruction and input stay apart.
import type { PromptTemplate } from '../promptTemplate';

export const AUGMENTATION_TEMPLATES: readonly PromptTemplate[] = [
  {
    id: 'augmentation-paraphrase',
    language: 'en',
    system:
      'You create training data for fine-tuning a language model by paraphrasing requests. A paraphrase says exactly the same thing in different words: other vocabulary, other sentence structure, another way a real person would put it. ' +
      'It keeps every fact, number, name, condition, constraint and the intent; code, file names, commands, product names and quoted text stay verbatim. ' +
      'Knowledge boundary: add nothing the original does not say and drop nothing it says, so the unchanged answer still fits the paraphrase exactly. ' +
      'For example, "How do I export all my notes at once?" could become "Is there a way to save every note I have in one go?"',
    user:
      'The text to paraphrase (a JSON object):\n{{original}}\n\nThe answer it has, which stays unchanged and must still fit:\n{{answer}}\n\n' +
      'Write {{count}} paraphrases that differ from the original wording and from each other, in the same language as the original. ' +
      'Answer with a JSON object whose "variants" is a list of {{count}} objects, each with the fields {{fields}}.',
  },
  {
    id: 'augmentation-paraphrase',
    language: 'zh',
    system:
      '你通过改写请求为语言模型微调编写训练数据。改写（同义转述）用不同的措辞表达完全相同的意思：换用词语、换句式、换成真实用户可能的另一种说法。' +
      '改写必须保留所有事实、数字、名称、条件、限制和意图；代码、文件名、命令、产品名称和引用的原文保持原样。' +
      '知识边界：不添加原文没有的内容，也不删去原文有的内容，使原来的回答仍然完全适用于改写后的文本。' +
      '例如，“怎么一次导出所有笔记？”可以改写为“有没有办法把我全部的笔记一次性保存下来？”',
    user:
      '需要改写的文本（JSON 对象）：\n{{original}}\n\n它的回答（保持不变，改写后必须仍然适用）：\n{{answer}}\n\n' +
      '请用与原文相同的语言写出 {{count}} 个改写，与原文措辞不同，彼此也不同。' +
      '请以 JSON 对象作答，其中 "variants" 是 {{count}} 个对象的列表，每个对象包含字段 {{fields}}。',
  },
  {
    id: 'augmentation-translate',
    language: 'en',
    system:
      'You are a professional translator preparing training data. You translate faithfully: the same meaning, intent, tone and level of formality, in natural wording a native speaker would use. ' +
      'Code, commands, file names, product names, numbers and units stay as they are. ' +
      'Knowledge boundary: translate only. Do not answer, explain, correct or shorten the text, and add no notes. ' +
      'For example, {"question": "请问周末可以办理吗？"} translated into English is {"question": "Can I get this done at the weekend?"}',
    user: 'Translate every field of this JSON object into {{target}}:\n{{original}}\n\nAnswer with a JSON object with the same fields ({{fields}}), each holding its translation.',
  },
  {
    id: 'augmentation-translate',
    language: 'zh',
    system:
      '你是为训练数据做翻译的专业译者。你忠实地翻译：意思、意图、语气和正式程度都不变，用母语者自然的说法表达。' +
      '代码、命令、文件名、产品名称、数字和单位保持原样。' +
      '知识边界：只做翻译。不要回答、解释、纠正或删减原文，也不要添加任何说明。' +
      '例如，{"question": "Can I get this done at the weekend?"} 译成中文是 {"question": "请问周末可以办理吗？"}',
    user: '请把下面这个 JSON 对象的每个字段翻译成{{target}}：\n{{original}}\n\n请以 JSON 对象作答，字段与原对象相同（{{fields}}），每个字段是对应的译文。',
  },
  {
    id: 'augmentation-style',
    language: 'en',
    system:
      'You create training data for fine-tuning a language model by rewriting requests in another style, so the model learns to handle the many ways people ask. ' +
      'The rewrite keeps the meaning, every fact, number, name, condition and the intent; code, commands and product names stay verbatim. Only the style changes. ' +
      'Knowledge boundary: add no facts or requirements the original does not have, so the unchanged answer still fits. ' +
      'For example, in a casual style "Please explain the procedure for cancelling a subscription." could become "hey, how do I cancel my subscription?"',
    user:
      'The text to rewrite (a JSON object):\n{{original}}\n\nThe answer it has, which stays unchanged and must still fit:\n{{answer}}\n\n' +
      'Rewrite it in this style: {{style}}\nWrite in the same language as the original. Answer with a JSON object with the fields {{fields}}.',
  },
  {
    id: 'augmentation-style',
    language: 'zh',
    system:
      '你通过改写请求的风格为语言模型微调编写训练数据，让模型学会应对各种各样的提问方式。' +
      '改写保留原意以及所有事实、数字、名称、条件和意图；代码、命令和产品名称保持原样。只改变风格。' +
      '知识边界：不添加原文没有的事实或要求，使原来的回答仍然适用。' +
      '例如，用口语化风格，“请说明取消订阅的办理流程。”可以改写为“订阅咋取消啊？”',
    user:
      '需要改写的文本（JSON 对象）：\n{{original}}\n\n它的回答（保持不变，改写后必须仍然适用）：\n{{answer}}\n\n' +
      '请按这种风格改写：{{style}}\n使用与原文相同的语言。请以 JSON 对象作答，包含字段 {{fields}}。',
  },
  {
    id: 'augmentation-stance-flip',
    language: 'en',
    system:
      'You create training data for fine-tuning a language model by flipping the perspective of a request: the same topic and domain, asked from the opposite side. ' +
      'The other party asks (a tenant becomes the landlord, an employee becomes the approving manager, a buyer becomes the seller), or the user holds the opposite position (for becomes against, keen becomes reluctant). ' +
      'The flipped request must still be a valid, answerable task in the same domain, and the roles stay fixed: the user asks, the assistant answers. ' +
      'Then decide whether the original answer still answers the flipped request completely and correctly. If it does not, write a new answer in the same style, format and level of detail as the original. ' +
      'Knowledge boundary: use only facts the original request and answer support; where the new answer needs specifics they do not give, stay general and say what to check.',
    user:
      'The request to flip (a JSON object):\n{{original}}\n\nIts original answer:\n{{answer}}\n\n' +
      'Write in the same language as the original. Answer with a JSON object with "request" (the flipped request: an object with the fields {{fields}}), ' +
      '"original_answer_fits" (true when the original answer still answers the flipped request, else false) and "answer" (the new answer when it does not fit; "" when it does).',
  },
  {
    id: 'augmentation-stance-flip',
    language: 'zh',
    system:
      '你通过翻转请求的立场为语言模型微调编写训练数据：话题和领域不变，从相反的一方提出。' +
      '可以换成另一方来问（租客换成房东、员工换成审批的主管、买家换成卖家），也可以让用户持相反的立场（支持变为反对、积极变为犹豫）。' +
      '翻转后的请求必须仍是同一领域中合理、可回答的任务，角色保持固定：用户提问，助手回答。' +
      '然后判断原来的回答是否仍能完整、正确地回答翻转后的请求。如果不能，请按原回答的风格、格式和详略程度写一个新回答。' +
      '知识边界：只使用原请求和原回答能支撑的事实；新回答需要它们没有提供的具体信息时，保持概括，并说明需要向哪里核实。',
    user:
      '需要翻转立场的请求（JSON 对象）：\n{{original}}\n\n它原来的回答：\n{{answer}}\n\n' +
      '请使用与原文相同的语言。请以 JSON 对象作答，包含 "request"（翻转后的请求：包含字段 {{fields}} 的对象）、' +
      '"original_answer_fits"（原回答仍能回答翻转后的请求时为 true，否则为 false）和 "answer"（不适用时写新回答；适用时为 ""）。',
  },
  {
    id: 'augmentation-label-flip',
    language: 'en',
    system:
      'You create training data for a text classifier by writing contrast examples: the same text rewritten so that it expresses the opposite sentiment or stance. ' +
      'Keep the topic, the situation, the domain, the length and the writing style (a short casual review stays short and casual); change only what carries the sentiment or stance, so the new text clearly belongs to another label. ' +
      'Knowledge boundary: invent no new products, places or facts beyond what the text is about. ' +
      'For example, "Arrived a day early and works perfectly." labelled positive could become "Arrived a week late and stopped working after two days." labelled negative.',
    user:
      'The text, labelled "{{label}}":\n{{text}}\n\nRewrite it so that it expresses the opposite sentiment or stance, in the same language, and choose its new label from: {{labels}}.\n' +
      'Answer with a JSON object with "text" (the rewritten text) and "label" (its new label).',
  },
  {
    id: 'augmentation-label-flip',
    language: 'zh',
    system:
      '你为文本分类器编写对照样本：把同一段文本改写成表达相反的情感或立场。' +
      '保留话题、情境、领域、长度和写作风格（简短随意的评论仍然简短随意），只改动承载情感或立场的部分，使新文本明确属于另一个标签。' +
      '知识边界：不编造文本所谈内容以外的新产品、新地点或新事实。' +
      '例如，标签为“正面”的“提前一天就到了，用起来很顺手。”可以改写为标签为“负面”的“晚到了一周，用了两天就坏了。”',
    user:
      '这段文本的标签是“{{label}}”：\n{{text}}\n\n请用相同的语言把它改写成表达相反情感或立场的文本，并从以下标签中为它选择新标签：{{labels}}。\n' +
      '请以 JSON 对象作答，包含 "text"（改写后的文本）和 "label"（新标签）。',
  },
];

/** How each style option is described to the model. */
export const AUGMENTATION_STYLES = {
  en: {
    casual: 'casual, the way someone types a quick message: everyday words, short sentences, contractions, no formalities',
    formal: 'formal and polite, as in a written request to an official body: complete sentences, precise wording, no slang',
    concise: 'concise: as short as possible while keeping every fact and condition; no pleasantries or filler',
    detailed: 'detailed: spell the request out fully in complete sentences, making explicit what it already implies, without adding any new facts or requirements',
  },
  zh: {
    casual: '口语化，像随手发的一条消息：日常用语、短句、不拘礼节',
    formal: '正式、礼貌，像写给办事机构的书面咨询：句子完整、措辞准确、不用俚语',
    concise: '简洁：在保留所有事实和条件的前提下尽量简短，不要客套话和多余的词',
    detailed: '详细：用完整的句子把请求说清楚，把原文已经隐含的内容明确写出来，但不添加任何新的事实或要求',
  },
} as const;
