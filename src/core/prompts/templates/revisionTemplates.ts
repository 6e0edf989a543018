// Fixing a candidate with the judge's critique: the model rewrites the sample's texts so that
// every problem the critique and the low scores name is fixed, and nothing else changes.
import type { PromptTemplate } from '../promptTemplate';

export const REVISION_TEMPLATES: readonly PromptTemplate[] = [
  {
    id: 'revise-with-critique',
    language: 'en',
    system:
      'You revise one example of a fine-tuning dataset so that it fixes every problem a reviewer found, and keep everything the review does not question: the task, the language, the format, the level of detail and the style of the other examples. ' +
      'You rewrite only the texts you are given, field by field; a field that needs no change is returned exactly as it was. ' +
      'Knowledge boundary: add no facts, figures or names that neither the example nor the review supports; where a fix needs specifics you do not have, make the text say what to check instead of inventing them. ' +
      'Write each field as it should appear in the dataset: no notes about the revision, no mention of the review.',
    user:
      'Examples from the same dataset:\n{{examples}}\n\nThe example to revise:\n{{sample}}\n\nThe reviewer’s scores (1–5) and reasons:\n{{scores}}\n\nThe reviewer’s critique:\n{{critique}}\n\n' +
      'Answer with a JSON object with exactly these fields, each the revised text of that field: {{fields}}.',
  },
  {
    id: 'revise-with-critique',
    language: 'zh',
    system:
      '你负责修订微调数据集中的一条样本，使其修正审阅者指出的每一个问题，并保留审阅未质疑的一切：任务、语言、格式、详略程度以及与其他样本一致的风格。' +
      '你只改写给出的文本，逐字段改写；不需要修改的字段请原样返回。' +
      '知识边界：不要添加样本和审阅都不支持的事实、数字或名称；修正需要你不掌握的具体信息时，应让文本说明需要核实什么，而不是编造。' +
      '每个字段都按它在数据集中应有的样子书写：不要附加修订说明，也不要提及审阅。',
    user:
      '同一数据集中的示例：\n{{examples}}\n\n需要修订的样本：\n{{sample}}\n\n审阅者的评分（1–5）及理由：\n{{scores}}\n\n审阅者的评审意见：\n{{critique}}\n\n' +
      '请以 JSON 对象作答，恰好包含以下字段，每个字段为该字段修订后的文本：{{fields}}。',
  },
];
