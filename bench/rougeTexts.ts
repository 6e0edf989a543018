// Realistic generated instructions for the ROUGE-L benchmark: English and Chinese, from
// templates and word banks, about a tenth of them paraphrases or near-duplicates of an earlier
// one — what an LLM asked for "more instructions like these" produces.

/** A seeded PRNG (xorshift32) returning floats in [0, 1). */
export function benchRandom(seed: number): () => number {
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

function pick<T>(rnd: () => number, items: readonly T[]): T {
  const item = items[Math.floor(rnd() * items.length)];
  if (item === undefined) throw new Error('empty word bank');
  return item;
}

const NOUNS = [
  'budget', 'garden', 'database', 'classroom', 'bicycle', 'startup', 'hospital', 'library', 'kitchen', 'museum', 'satellite', 'river', 'volcano',
  'playlist', 'spreadsheet', 'compiler', 'vaccine', 'mortgage', 'podcast', 'wedding', 'marathon', 'newsletter', 'warehouse', 'airport', 'bakery',
  'laptop', 'router', 'glacier', 'forest', 'election', 'contract', 'invoice', 'sensor', 'robot', 'drone', 'telescope', 'orchestra', 'novel',
  'website', 'chatbot', 'password', 'backup', 'sandwich', 'smoothie', 'apartment', 'neighborhood', 'festival', 'exam', 'resume', 'interview',
  'algorithm', 'API', 'microservice', 'cache', 'queue', 'graph', 'matrix', 'protein', 'enzyme', 'planet', 'comet', 'tsunami', 'earthquake',
  'coral reef', 'honeybee', 'rainforest', 'desert', 'city council', 'school board', 'pension', 'tax refund', 'credit card', 'loan', 'stock',
  'bond', 'currency', 'supply chain', 'factory', 'farm', 'tractor', 'harvest', 'recipe', 'dumpling', 'curry', 'bread', 'coffee', 'tea ceremony',
  'chess opening', 'soccer team', 'yoga class', 'dance studio', 'art gallery', 'comic book', 'video game', 'board game', 'theme park',
  'train station', 'ferry', 'electric car', 'solar panel', 'wind turbine', 'battery', 'heat pump', 'thermostat', 'smartwatch', 'keyboard',
];
const ADJECTIVES = [
  'small', 'busy', 'remote', 'modern', 'ancient', 'noisy', 'quiet', 'affordable', 'secure', 'slow', 'fast', 'local', 'global', 'rural', 'urban',
  'healthy', 'vegan', 'seasonal', 'beginner-friendly', 'advanced', 'open-source', 'distributed', 'legacy', 'family-run', 'eco-friendly',
  'underfunded', 'crowded', 'flooded', 'overpriced', 'reliable', 'experimental', 'traditional', 'digital', 'hand-made', 'long-distance',
];
const ACTIONS = [
  'write', 'explain', 'summarize', 'describe', 'compare', 'list', 'outline', 'draft', 'review', 'design', 'create', 'suggest', 'plan', 'analyze',
  'evaluate', 'propose', 'compose', 'prepare', 'critique', 'rank', 'estimate', 'improve', 'simplify', 'debug', 'translate', 'brainstorm',
];
const ARTIFACTS = [
  'a short poem', 'a polite email', 'a product description', 'a SQL query', 'a cover letter', 'a lesson plan', 'a bash script', 'a bedtime story',
  'a tweet', 'a one-page summary', 'a checklist', 'a haiku', 'a blog post outline', 'a job posting', 'a unit test', 'a regular expression',
  'a marketing slogan', 'a meeting agenda', 'a press release', 'a workout routine', 'a study schedule', 'a customer support reply', 'a limerick',
  'a podcast intro', 'a README section', 'a Python function', 'a JavaScript class', 'a quiz', 'a grant proposal', 'a speech', 'a FAQ', 'a dialogue',
  'a risk assessment', 'a packing list', 'a shopping list', 'an elevator pitch', 'a status update', 'a thank-you note', 'a decision matrix',
];
const AUDIENCES = [
  'for complete beginners', 'for a ten-year-old', 'for busy parents', 'for senior engineers', 'for a high school class', 'in plain language',
  'in a formal tone', 'in a friendly tone', 'with two concrete examples', 'in under 100 words', 'as a numbered list', 'as a table',
  'for a non-technical manager', 'for retirees', 'in the style of a news anchor', 'with a touch of humor', 'for an international audience',
  'for investors', 'for new employees', 'for tourists', 'for nurses', 'for a school newspaper',
];
const CONSTRAINTS = [
  'without using jargon', 'and keep it under five sentences', 'and end with a question', 'using at most three bullet points',
  'and cite one common misconception', 'and include a short title', 'and avoid passive voice', 'and mention one risk',
  'and suggest a next step', 'and explain why it matters', 'using simple words only', 'and add a one-line summary at the end',
  'and give a rough cost', 'and compare it with last year', 'and note any safety concerns', 'and keep a hopeful tone',
];
const PERSONAS = ['a nurse', 'a first-year student', 'a small bakery owner', 'a software tester', 'a retired teacher', 'a freelance designer', 'a new manager', 'a data analyst', 'a farmer', 'a city planner', 'a librarian', 'a bus driver'];
const LANGUAGES = ['French', 'Spanish', 'German', 'Japanese', 'Chinese', 'Portuguese', 'Italian', 'Korean', 'Arabic', 'Hindi'];
const OPENERS = ['', '', '', '', 'Please ', 'Quick question: ', 'I need help. ', 'Hi! ', 'For a project, ', 'Urgent: '];

const ZH_NOUNS = [
  '住房公积金', '养老保险', '个人所得税', '新能源汽车', '垃圾分类', '网络安全', '高铁', '社区团购', '短视频', '中医', '跨境电商', '二十四节气',
  '唐诗', '宋词', '人工智能', '城市内涝', '智能手机', '近视', '租房合同', '信用卡', '医保卡', '电子发票', '快递柜', '共享单车', '地铁线路',
  '图书馆', '博物馆', '菜市场', '幼儿园', '养老院', '火锅店', '奶茶店', '咖啡馆', '健身房', '游泳馆', '数据库', '服务器', '路由器', '笔记本电脑',
  '排序算法', '链表', '二叉树', '缓存', '接口', '小程序', '公众号', '直播间', '网店', '工厂', '农场', '果园', '茶园', '稻田', '水库', '大桥',
  '春节', '中秋节', '端午节', '婚礼', '毕业典礼', '运动会', '期末考试', '简历', '面试', '年终总结', '周报', '预算', '报销单', '合同',
];
const ZH_ADJECTIVES = ['小型', '老旧', '新建', '热门', '偏远', '繁忙', '安静', '便宜', '安全', '传统', '现代', '本地', '农村', '城市', '家庭式', '开源', '分布式', '环保'];
const ZH_ACTIONS = ['写', '解释', '总结', '描述', '比较', '列出', '梳理', '起草', '设计', '分析', '评价', '介绍', '规划', '整理', '改写', '翻译', '点评', '优化'];
const ZH_ARTIFACTS = [
  '一首短诗', '一封邮件', '一段产品介绍', '一个查询语句', '一份求职信', '一份菜谱', '一个教案', '一个脚本', '一个睡前故事', '一条微博',
  '一份摘要', '一份清单', '一个会议议程', '一篇新闻稿', '一份健身计划', '一份学习计划', '一段客服回复', '一个单元测试', '一份说明书',
  '一段演讲稿', '一份问卷', '一个宣传口号', '一篇游记', '一份风险评估', '一段对话',
];
const ZH_AUDIENCES = [
  '给初学者看', '给小学生看', '给忙碌的上班族看', '用正式的语气', '举两个具体例子', '不超过一百字', '分点列出', '用通俗易懂的话',
  '面向老年人', '适合发在朋友圈', '给新员工看', '语气轻松一些', '附上注意事项', '最后给出建议',
];
const ZH_PERSONAS = ['上班族', '大学生', '退休老人', '外地人', '新手', '个体户', '护士', '老师', '程序员', '宝妈'];

function plural(noun: string): string {
  if (/(s|sh|ch|x)$/.test(noun)) return `${noun}es`;
  if (/[^aeiou]y$/.test(noun)) return `${noun.slice(0, -1)}ies`;
  return `${noun}s`;
}

function nounPhrase(rnd: () => number): string {
  const noun = pick(rnd, NOUNS);
  return rnd() < 0.5 ? `${pick(rnd, ADJECTIVES)} ${noun}` : rnd() < 0.5 ? `the ${noun}` : plural(noun);
}

function zhNounPhrase(rnd: () => number): string {
  return rnd() < 0.4 ? `${pick(rnd, ZH_ADJECTIVES)}${pick(rnd, ZH_NOUNS)}` : pick(rnd, ZH_NOUNS);
}

function capitalize(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

function maybe(rnd: () => number, probability: number, text: () => string): string {
  return rnd() < probability ? text() : '';
}

/** A sentence of context, as people add to a request. */
function context(rnd: () => number): string {
  switch (Math.floor(rnd() * 6)) {
    case 0:
      return ` This is for ${pick(rnd, PERSONAS)} working on ${nounPhrase(rnd)}.`;
    case 1:
      return ` Our ${pick(rnd, NOUNS)} team keeps asking about ${nounPhrase(rnd)}.`;
    case 2:
      return ` Keep in mind that ${nounPhrase(rnd)} ${pick(rnd, ['changed last year', 'is new to me', 'matters a lot here', 'is on a tight deadline', 'is shared with another office'])}.`;
    case 3:
      return ` Use ${nounPhrase(rnd)} as the running example.`;
    case 4:
      return ` I already tried ${pick(rnd, ['reading about', 'asking my friends about', 'searching online for', 'watching videos on'])} ${nounPhrase(rnd)}.`;
    default:
      return ` The deadline is ${pick(rnd, ['tomorrow', 'Friday', 'next week', 'in two hours', 'the end of the month'])}.`;
  }
}

function zhContext(rnd: () => number): string {
  return `${pick(rnd, ['我们', '我的', '我所在的'])}${pick(rnd, ['公司', '学校', '社区', '团队', '家里'])}最近在${pick(rnd, ['讨论', '研究', '推广', '整顿', '关注'])}${zhNounPhrase(rnd)}。`;
}

/** One instruction from a random template. */
export function generatedInstruction(rnd: () => number): string {
  if (rnd() < 0.35) return `${maybe(rnd, 0.5, () => zhContext(rnd))}${zhInstruction(rnd)}`;
  return `${englishInstruction(rnd)}${maybe(rnd, 0.6, () => context(rnd))}`;
}

function zhInstruction(rnd: () => number): string {
  const tail = (): string => maybe(rnd, 0.6, () => `，${pick(rnd, ZH_AUDIENCES)}`);
  switch (Math.floor(rnd() * 6)) {
    case 0:
      return `请${pick(rnd, ZH_ACTIONS)}${pick(rnd, ZH_ARTIFACTS)}，主题是${zhNounPhrase(rnd)}${tail()}。`;
    case 1:
      return `${maybe(rnd, 0.5, () => `我是${pick(rnd, ZH_PERSONAS)}，`)}${pick(rnd, ['怎样', '如何', '怎么'])}${pick(rnd, ['办理', '选择', '使用', '申请', '维护', '评估'])}${zhNounPhrase(rnd)}？${maybe(rnd, 0.6, () => `${pick(rnd, ZH_AUDIENCES)}。`)}`;
    case 2:
      return `${zhNounPhrase(rnd)}和${zhNounPhrase(rnd)}有什么${pick(rnd, ['关系', '区别', '共同点'])}？${maybe(rnd, 0.6, () => `${pick(rnd, ZH_AUDIENCES)}。`)}`;
    case 3:
      return `帮我${pick(rnd, ZH_ACTIONS)}一下关于${zhNounPhrase(rnd)}的${pick(rnd, ['常见误区', '基本流程', '优缺点', '最新政策', '注意事项'])}${tail()}。`;
    case 4:
      return `用 ${pick(rnd, ['Python', 'Java', 'Go', 'SQL', 'JavaScript'])} ${pick(rnd, ['写一个函数', '实现一个类', '写一段脚本'])}，${pick(rnd, ['统计', '解析', '去重', '排序', '校验', '下载', '汇总'])}${zhNounPhrase(rnd)}的${pick(rnd, ['数据', '记录', '日志', '明细', '评论'])}。`;
    default:
      return `以${zhNounPhrase(rnd)}为题，${pick(rnd, ZH_ACTIONS)}${pick(rnd, ZH_ARTIFACTS)}${tail()}。`;
  }
}

function englishInstruction(rnd: () => number): string {
  const opener = pick(rnd, OPENERS);
  const audience = (): string => maybe(rnd, 0.5, () => ` ${pick(rnd, AUDIENCES)}`);
  const constraint = (): string => maybe(rnd, 0.35, () => ` ${pick(rnd, CONSTRAINTS)}`);
  let body: string;
  switch (Math.floor(rnd() * 8)) {
    case 0:
      body = `${pick(rnd, ACTIONS)} ${pick(rnd, ARTIFACTS)} about ${nounPhrase(rnd)}${audience()}${constraint()}.`;
      break;
    case 1:
      body = `how do I ${pick(rnd, ['fix', 'choose', 'clean', 'maintain', 'set up', 'pay for', 'insure', 'organize'])} ${nounPhrase(rnd)}${maybe(rnd, 0.5, () => ` ${pick(rnd, ['on a tight budget', 'in under an hour', 'when traveling', 'without special tools', 'at work', 'as a beginner', 'with a small team'])}`)}?`;
      break;
    case 2:
      body = `what is the difference between ${nounPhrase(rnd)} and ${nounPhrase(rnd)}?${maybe(rnd, 0.5, () => ` Answer${pick(rnd, AUDIENCES).replace(/^/, ' ')}.`)}`;
      break;
    case 3:
      body = `give me ${pick(rnd, ['three', 'five', 'seven', 'ten'])} ${pick(rnd, ['tips', 'ideas', 'questions', 'facts', 'mistakes to avoid'])} about ${nounPhrase(rnd)}${audience()}.`;
      break;
    case 4:
      body = `I am ${pick(rnd, PERSONAS)}. ${capitalize(pick(rnd, ACTIONS))} ${pick(rnd, ARTIFACTS)} that helps me with ${nounPhrase(rnd)}${constraint()}.`;
      break;
    case 5:
      body = `translate "${capitalize(nounPhrase(rnd))} ${pick(rnd, ['is closed today', 'needs repair', 'was a great success', 'costs too much', 'arrives on Monday'])}" into ${pick(rnd, LANGUAGES)}${maybe(rnd, 0.5, () => ` and explain ${pick(rnd, ['the grammar', 'one tricky word', 'the tone'])}`)}.`;
      break;
    case 6:
      body = `can you ${pick(rnd, ACTIONS)} how ${nounPhrase(rnd)} affects ${nounPhrase(rnd)}${audience()}?`;
      break;
    default:
      body = `${pick(rnd, ACTIONS)} the pros and cons of ${nounPhrase(rnd)} for ${nounPhrase(rnd)}${constraint()}.`;
  }
  return `${opener}${opener === '' || opener.endsWith('. ') || opener.endsWith('! ') ? capitalize(body) : body}`;
}

const SYNONYMS: readonly (readonly [string, string])[] = [
  ['write', 'compose'], ['explain', 'describe'], ['summarize', 'sum up'], ['list', 'enumerate'], ['short', 'brief'], ['how do i', 'how can i'],
  ['give me', 'provide'], ['tips', 'suggestions'], ['can you', 'could you'], ['about', 'on'], ['difference', 'distinction'], ['affects', 'influences'],
  ['写', '编写'], ['解释', '说明'], ['总结', '概括'], ['怎样', '如何'], ['请', '麻烦'], ['一个', '一段'], ['帮我', '请帮我'], ['区别', '不同'],
];

/** Replaces the first `from`, ignoring case. */
function replaceWord(text: string, from: string, to: string): string {
  const at = text.toLowerCase().indexOf(from);
  return at < 0 ? text : `${text.slice(0, at)}${to}${text.slice(at + from.length)}`;
}

/** A paraphrase or near-duplicate of a text: synonyms, politeness, a dropped clause, case and punctuation. */
export function paraphrase(rnd: () => number, text: string): string {
  let result = text;
  const edits = 1 + Math.floor(rnd() * 2);
  for (let e = 0; e < edits; e++) {
    const choice = rnd();
    if (choice < 0.45) {
      const [from, to] = pick(rnd, SYNONYMS);
      result = result.toLowerCase().includes(from) ? replaceWord(result, from, to) : replaceWord(result, to, from);
    } else if (choice < 0.6) {
      result = /[\u4e00-\u9fff]/.test(result) ? `请问，${result}` : `Please ${result.charAt(0).toLowerCase()}${result.slice(1)}`;
    } else if (choice < 0.75) {
      const cut = Math.max(result.lastIndexOf(','), result.lastIndexOf('，'), result.lastIndexOf(' and '));
      result = cut > result.length / 2 ? `${result.slice(0, cut)}${/[\u4e00-\u9fff]/.test(result) ? '。' : '.'}` : `${result} Thanks!`;
    } else if (choice < 0.9) {
      result = result.toLowerCase().replace(/[.?!。？]$/u, '');
    } else {
      result = /[\u4e00-\u9fff]/.test(result) ? result.replace('，', '，尽量') : result.replace(/ (\w+)/, ' really $1');
    }
  }
  return result;
}

/** `count` instructions, about `share` of them paraphrases of an earlier one. */
export function generatedInstructions(seed: number, count: number, share = 0.1): string[] {
  const rnd = benchRandom(seed);
  const texts: string[] = [];
  for (let i = 0; i < count; i++) {
    const earlier = texts.length > 0 && rnd() < share ? texts[Math.floor(rnd() * texts.length)] : undefined;
    texts.push(earlier === undefined ? generatedInstruction(rnd) : paraphrase(rnd, earlier));
  }
  return texts;
}
