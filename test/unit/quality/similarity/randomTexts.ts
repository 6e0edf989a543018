// Deterministic random texts for the similarity tests: instructions from templates and word
// banks in English and Chinese, with near-duplicates planted.

/** A small seeded PRNG (xorshift32) returning floats in [0, 1). */
export function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x100000000;
  };
}

export function pick<T>(rnd: () => number, items: readonly T[]): T {
  const item = items[Math.floor(rnd() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

const VERBS = ['write', 'explain', 'summarize', 'describe', 'compare', 'list', 'translate', 'rewrite', 'analyze', 'outline', 'draft', 'review'];
const OBJECTS = ['a python function', 'a short poem', 'an email', 'a product description', 'a sql query', 'a cover letter', 'a recipe', 'a lesson plan', 'a bash script', 'a story', 'a tweet', 'a summary', 'three tips', 'a checklist'];
const TOPICS = ['climate change', 'sorting algorithms', 'remote work', 'healthy breakfast', 'machine learning', 'the french revolution', 'personal finance', 'job interviews', 'time management', 'quantum computing', 'gardening', 'photography', 'public speaking', 'database indexing', 'marathon training', 'tax returns'];
const AUDIENCES = ['for beginners', 'for a ten year old', 'for busy parents', 'for senior engineers', 'for a job application', 'in plain language', 'in a formal tone', 'with examples', 'in under 100 words', 'as a numbered list'];
const ZH_VERBS = ['写', '解释', '总结', '描述', '比较', '列出', '翻译', '改写', '分析', '起草'];
const ZH_OBJECTS = ['一个函数', '一首短诗', '一封邮件', '一段产品介绍', '一个查询语句', '一份求职信', '一份菜谱', '一个教案', '一个脚本', '一个故事'];
const ZH_TOPICS = ['住房公积金', '气候变化', '排序算法', '远程办公', '健康早餐', '机器学习', '个人理财', '面试技巧', '时间管理', '量子计算', '发票报销', '医保报销'];
const ZH_AUDIENCES = ['给初学者', '给小学生', '给忙碌的父母', '用正式的语气', '举几个例子', '不超过一百字', '分点列出'];

/** One instruction, English or Chinese. */
export function instruction(rnd: () => number): string {
  if (rnd() < 0.3) {
    return `请${pick(rnd, ZH_VERBS)}${pick(rnd, ZH_OBJECTS)}，主题是${pick(rnd, ZH_TOPICS)}，${pick(rnd, ZH_AUDIENCES)}。`;
  }
  const verb = pick(rnd, VERBS);
  const core = rnd() < 0.5 ? `${verb} ${pick(rnd, OBJECTS)} about ${pick(rnd, TOPICS)}` : `${verb} how ${pick(rnd, TOPICS)} relates to ${pick(rnd, TOPICS)}`;
  const tail = rnd() < 0.6 ? ` ${pick(rnd, AUDIENCES)}` : '';
  const extra = rnd() < 0.3 ? ` and mention ${pick(rnd, TOPICS)}` : '';
  return `${core[0]?.toUpperCase() ?? ''}${core.slice(1)}${tail}${extra}.`;
}

/** A small edit of a text: a word dropped, replaced or inserted, or case and punctuation changed. */
export function nearDuplicate(rnd: () => number, text: string): string {
  const cjk = /[\u4e00-\u9fff]/.test(text);
  const units = cjk ? Array.from(text) : text.split(' ');
  const at = Math.floor(rnd() * units.length);
  const choice = rnd();
  if (choice < 0.3) units.splice(at, 1);
  else if (choice < 0.6) units.splice(at, 1, cjk ? pick(rnd, ['的', '了', '请', '和']) : pick(rnd, ['please', 'quickly', 'the', 'clearly']));
  else if (choice < 0.85) units.splice(at, 0, cjk ? pick(rnd, ['简单地', '详细']) : pick(rnd, ['briefly', 'also', 'carefully']));
  else return `${text.toLowerCase()}!`;
  return units.join(cjk ? '' : ' ');
}

/** `count` instructions, about `share` of them near-duplicates of an earlier one. */
export function instructions(seed: number, count: number, share = 0.15): string[] {
  const rnd = random(seed);
  const texts: string[] = [];
  for (let i = 0; i < count; i++) {
    const earlier = texts.length > 0 && rnd() < share ? pick(rnd, texts) : undefined;
    texts.push(earlier === undefined ? instruction(rnd) : nearDuplicate(rnd, earlier));
  }
  return texts;
}

const SYLLABLES = ['ka', 'lo', 'mi', 'ter', 'san', 'vu', 're', 'po', 'lin', 'da', 'gor', 'e', 'shi', 'nu', 'ba', 'tal', 'quo', 'fen', 'zi', 'mar'];

/** A vocabulary of pseudo-words (plus common English words) for short random texts. */
export function vocabulary(size: number, rnd: () => number): string[] {
  const words = new Set<string>(['the', 'a', 'of', 'to', 'and', 'in', 'is', 'for', 'how', 'what']);
  while (words.size < size) words.add(Array.from({ length: 2 + Math.floor(rnd() * 2) }, () => pick(rnd, SYLLABLES)).join(''));
  return [...words];
}

/** A text of `words` words drawn from `vocab`, common words more often. */
export function shortText(rnd: () => number, vocab: readonly string[], words: number): string {
  return Array.from({ length: words }, () => (rnd() < 0.2 ? pick(rnd, vocab.slice(0, 10)) : pick(rnd, vocab))).join(' ');
}
