// Salient words and phrases of a request, so that an answer talks about what was asked.
import type { Lang } from './answers';
import type { Rng } from './random';

const ENGLISH_STOPWORDS = new Set(`
a about above after again against all also am an and any are aren't as at be because been before being below
between both but by can can't cannot could did do does doing don't down during each either else even ever every
few for from further had has have having he her here hers herself him himself his how however i if in into is
isn't it it's its itself just let like made make many may me might more most much must my myself need never no
nor not now of off often on once one only or other our ours ourselves out over own per please rather really same
shall she should so some such than that the their theirs them themselves then there these they this those
through to too under until up upon us use used using very via was we were what when where whether which while
who whom whose why will with within without would yet you your yours yourself yourselves
answer answers ask asked brief briefly create describe detail detailed example examples explain field fields following
format generate give given json new object output paragraph provide question questions respond response return
sentence sentences short show string tell text thing things way ways word words write
schema matching match valid only based according below above must exactly tip tips list summary
summarize summarise compare discuss translate rewrite classify analyze analyse suggest recommend make help want know get
`.split(/\s+/).filter((word) => word !== ''));

/** Longest first, so that 为什么 is removed before 什么. */
const CHINESE_STOPWORDS = [
  '为什么', '怎么样', '什么', '如何', '怎么', '怎样', '哪些', '一下', '一个', '一些', '一条', '一首', '一种', '一篇',
  '一段', '可以', '能够', '需要', '应该', '关于', '对于', '以及', '如果', '因为', '所以', '但是', '而且', '并且',
  '还是', '没有', '请你', '帮我', '给我', '告诉', '根据', '下面', '以下', '上面', '示例', '例子', '指令', '找到',
  '生成', '解释', '介绍', '描述', '回答', '问题', '简单', '简要', '详细', '我们', '你们', '他们', '这个', '那个',
  '这些', '那些', '现在', '正在', '中的', '里的', '上的', '的', '了', '吗', '呢', '吧', '啊', '和', '与', '及', '或',
  '在', '是', '把', '被', '给', '让', '请', '我', '你', '他', '她', '它', '这', '那', '都', '也', '就', '很', '还', '更',
  '写', '新',
];

/** Prose only: code blocks and JSON lines are instructions, not the topic. */
function prose(text: string): string {
  return text
    .replace(/```[\s\S]*?```/g, '\n')
    .replace(/https?:\/\/\S+/g, ' ')
    .split('\n')
    .filter((line) => !/^\s*([{}[\]]|"[^"]*"\s*:)/.test(line))
    .join('\n');
}

interface Candidate {
  readonly text: string;
  score: number;
  readonly first: number;
}

/** Weaker than this is a fallback: used only when there are too few better candidates. */
const WEAK = 0.5;

function rank(found: readonly { text: string; weight: number }[], limit: number): string[] {
  const byText = new Map<string, Candidate>();
  found.forEach(({ text, weight }, i) => {
    const seen = byText.get(text);
    if (seen) seen.score += weight;
    else byText.set(text, { text, score: weight, first: i });
  });
  const ranked = [...byText.values()].sort((x, y) => y.score - x.score || x.first - y.first);
  const strong = ranked.filter((c) => c.score >= WEAK);
  return (strong.length >= 2 ? strong : ranked).slice(0, limit).map((c) => c.text);
}

/** Words that are rarely the thing talked about: adverbs and common adjectives. */
const NOT_A_TOPIC = /(ly|ful|ous|ive|able|ible|less|ish)$/;
const ADJECTIVES = new Set('good bad better best simple easy hard clear short long new old big small large huge tiny high low fast slow important different possible healthy happy safe free main common useful basic'.split(' '));

function englishCandidates(text: string): { text: string; weight: number }[] {
  const found: { text: string; weight: number }[] = [];
  // A full stop ends a clause only before a space: "Node.js" is one word.
  for (const clause of prose(text).split(/[,;:!?()"“”\n]+|\.(?=\s|$)/)) {
    const words = clause.match(/[A-Za-z][A-Za-z0-9+#'.-]*[A-Za-z0-9+#]|[A-Za-z]/g) ?? [];
    let run: string[] = [];
    const flush = (): void => {
      // Two content words in a row are usually a term ("gradient descent"), unless the first
      // is a verb in -ing ("keeping plants") or the second describes rather than names.
      for (let i = 0; i + 1 < run.length; i += 1) {
        const [first = '', second = ''] = [run[i], run[i + 1]];
        const describes = (word: string): boolean => NOT_A_TOPIC.test(word) || ADJECTIVES.has(word.toLowerCase());
        if (first.endsWith('ing') || describes(first) || describes(second)) continue;
        found.push({ text: `${first} ${second}`, weight: 2.5 });
      }
      run = [];
    };
    words.forEach((word, i) => {
      const lower = word.toLowerCase();
      const isAcronym = /^[A-Z0-9+#]{2,}$/.test(word);
      if (ENGLISH_STOPWORDS.has(lower) || (word.length < 3 && !isAcronym)) {
        flush();
        return;
      }
      // A capital only because the word starts the clause is not a proper noun.
      const shown = i === 0 && /^[A-Z][a-z]+$/.test(word) ? lower : word;
      run.push(shown);
      if (NOT_A_TOPIC.test(lower) || ADJECTIVES.has(lower)) return;
      // A word in -ing is more often an action than a subject: keep it, but last.
      found.push({ text: shown, weight: lower.endsWith('ing') ? 0.3 : 1 + Math.min(word.length, 12) / 12 });
    });
    flush();
  }
  return found;
}

function chineseCandidates(text: string): { text: string; weight: number }[] {
  const found: { text: string; weight: number }[] = [];
  for (const run of prose(text).match(/\p{Script=Han}+/gu) ?? []) {
    let rest = run;
    for (const stop of CHINESE_STOPWORDS) rest = rest.split(stop).join('|');
    for (const piece of rest.split('|')) {
      const chars = Array.from(piece);
      if (chars.length < 2) continue;
      // Long runs are several words: cut them into pieces of about four characters.
      for (let i = 0; i < chars.length; i += 4) {
        const part = chars.slice(i, chars.length - i <= 5 ? chars.length : i + 4).join('');
        if (Array.from(part).length >= 2) found.push({ text: part, weight: Array.from(part).length <= 4 ? 2 : 1.5 });
        if (chars.length - i <= 5) break;
      }
    }
  }
  return found;
}

/** Up to eight salient words or phrases of `text`, most salient first. */
export function topicCandidates(text: string, lang: Lang): string[] {
  const primary = lang === 'zh' ? chineseCandidates(text) : englishCandidates(text);
  const ranked = rank(primary, 8);
  // A Chinese question about "Python" still has a topic, and so has an English one about 机器学习.
  if (ranked.length >= 2) return ranked;
  const other = lang === 'zh' ? englishCandidates(text) : chineseCandidates(text);
  return [...ranked, ...rank(other, 8 - ranked.length)];
}

/** Two to four topics for one answer: the most salient one, then a few others. */
export function chooseTopics(candidates: readonly string[], rng: Rng): string[] {
  const [first, ...rest] = candidates;
  if (first === undefined) return [];
  const pool = rest.slice(0, 6);
  const wanted = Math.min(rng.int(1, 3), pool.length);
  const chosen = [first];
  while (chosen.length < wanted + 1) {
    const pick = rng.pick(pool);
    if (!chosen.includes(pick)) chosen.push(pick);
  }
  return chosen;
}
