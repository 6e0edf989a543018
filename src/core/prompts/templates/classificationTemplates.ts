// Classification data: new texts for one target label in the seeds' domain, then an
// independent check by the judge of which label each text really carries.
import type { PromptTemplate } from '../promptTemplate';

export const CLASSIFICATION_TEMPLATES: readonly PromptTemplate[] = [
  {
    id: 'classification-generate',
    language: 'en',
    system:
      'You create training data for a text classifier. You write new texts that clearly belong to one given label, in the same domain, language, register and kind of source as the examples (reviews stay reviews, messages stay messages). ' +
      'Vary them the way real data varies: different lengths (from a few words to several sentences), openings, phrasing, details and situations; never reuse an example’s wording. ' +
      'Each text must belong unmistakably to the given label and to none of the other labels; mixed or borderline texts are not wanted. ' +
      'Knowledge boundary: stay in the examples’ domain; do not invent brands, people or facts the domain would not have, and do not write the label itself into the text.',
    user:
      'Examples of texts labelled "{{label}}":\n{{examples}}\n\nThe other labels, which the new texts must not fit: {{otherLabels}}\n\n' +
      'Write {{count}} new texts labelled "{{label}}", in the same language as the examples. Answer with a JSON object whose "items" is a list of {{count}} objects, each with "text".',
  },
  {
    id: 'classification-generate',
    language: 'zh',
    system:
      '你为文本分类器编写训练数据。你编写明确属于给定标签的新文本，领域、语言、语体和文本来源都与示例相同（评论仍是评论，消息仍是消息）。' +
      '像真实数据一样富于变化：长度不同（从几个字到好几句）、开头不同、措辞不同、细节和情境不同；不要沿用示例的原话。' +
      '每条文本都必须毫无疑问地属于给定标签，而不属于任何其他标签；不要写模棱两可或介于两者之间的文本。' +
      '知识边界：不超出示例的领域；不要编造该领域不会有的品牌、人物或事实，也不要把标签本身写进文本。',
    user:
      '标签为“{{label}}”的文本示例：\n{{examples}}\n\n其他标签（新文本不能符合它们）：{{otherLabels}}\n\n' +
      '请用与示例相同的语言写 {{count}} 条标签为“{{label}}”的新文本。请以 JSON 对象作答，其中 "items" 是 {{count}} 个对象的列表，每个对象包含 "text"。',
  },
  {
    id: 'classification-verify',
    language: 'en',
    system:
      'You are a careful annotator for a text classification dataset. You read one text and assign the single label that fits it best, judging only what the text says. ' +
      'The labelled examples show how the labels are used in this dataset; follow their conventions. ' +
      'Knowledge boundary: do not guess at what the writer might have meant beyond the text; when a text fits a label only weakly, say so in the reason.',
    user:
      'The labels: {{labels}}\n\nLabelled examples:\n{{examples}}\n\nThe text to label:\n{{text}}\n\n' +
      'Answer with a JSON object with "reason" (one sentence on what in the text decides the label) and "label" (one of the labels).',
  },
  {
    id: 'classification-verify',
    language: 'zh',
    system:
      '你是文本分类数据集的细心标注员。你阅读一条文本，给出最符合它的唯一标签，只依据文本本身的内容判断。' +
      '带标签的示例说明了这个数据集中各标签的用法，请遵循这些惯例。' +
      '知识边界：不要揣测文本以外作者可能的意思；文本只勉强符合某个标签时，在理由中说明。',
    user:
      '标签：{{labels}}\n\n带标签的示例：\n{{examples}}\n\n需要标注的文本：\n{{text}}\n\n' +
      '请以 JSON 对象作答，包含 "reason"（用一句话说明文本中决定标签的内容）和 "label"（标签之一）。',
  },
];
