// Short texts for the MinHash benchmark: English (90%) and Chinese (10%) messages of 5–30 words,
// words drawn with a Zipf-like skew so common words and phrases recur as they do in real text,
// and near-duplicates planted against earlier texts with exact Jaccard ≥ 0.8.
import { exactJaccard } from '../src/core/quality/similarity/minhash';

/** A seeded PRNG (xorshift32) returning floats in [0, 1). */
export function minhashRandom(seed: number): () => number {
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

const COMMON = [
  'the', 'a', 'to', 'of', 'and', 'in', 'is', 'for', 'how', 'what', 'my', 'i', 'can', 'you', 'do', 'with', 'on', 'it', 'this', 'please',
  'help', 'me', 'write', 'explain', 'best', 'way', 'why', 'does', 'should', 'about', 'make', 'get', 'use', 'need', 'from', 'when', 'new', 'your',
];
const STEMS = ['ka', 'lo', 'mi', 'ter', 'san', 'vu', 're', 'po', 'lin', 'da', 'gor', 'el', 'shi', 'nu', 'ba', 'tal', 'quo', 'fen', 'zi', 'mar', 'ost', 'ib', 'cra', 'yun'];

/** Words by rank, and the cumulative Zipf weights to draw them with. */
class Vocabulary {
  readonly words: string[];
  private readonly cumulative: Float64Array;

  constructor(size: number, make: (rank: number) => string, common: readonly string[] = []) {
    const words = new Set(common);
    for (let rank = 0; words.size < size; rank++) words.add(make(rank));
    this.words = [...words];
    this.cumulative = new Float64Array(this.words.length);
    let total = 0;
    for (let i = 0; i < this.words.length; i++) {
      total += 1 / Math.pow(i + 2, 0.9);
      this.cumulative[i] = total;
    }
  }

  draw(rnd: () => number): string {
    const target = rnd() * (this.cumulative[this.cumulative.length - 1] as number);
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.cumulative[middle] as number) < target) low = middle + 1;
      else high = middle;
    }
    return this.words[low] as string;
  }
}

function pseudoWord(rank: number): string {
  let word = '';
  let n = rank + STEMS.length;
  while (n > 0) {
    word += STEMS[n % STEMS.length] ?? '';
    n = Math.floor(n / STEMS.length);
  }
  return word;
}

/** Common Chinese characters first, then the rest of the CJK block in a scrambled order. */
const COMMON_HAN = '的一是不了人我在有他这中大来上个国到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首单据导影失拿网香似斯专石若兵弟谁校读志飞观争究包组造落视济喜离虽坏兴夜急准叶讲照推乎术养衣顾';

export interface PlantedTexts {
  readonly texts: string[];
  /** Pairs [original, near-duplicate] by index, exact Jaccard ≥ 0.8. */
  readonly planted: [number, number][];
}

/** `count` texts, about `share` of them near-duplicates (exact Jaccard ≥ 0.8) of an earlier text. */
export function plantedTexts(seed: number, count: number, share = 0.05): PlantedTexts {
  const rnd = minhashRandom(seed);
  const english = new Vocabulary(30_000, pseudoWord, COMMON);
  const chinese = new Vocabulary(3_000, (rank) => COMMON_HAN.charAt(rank) || String.fromCharCode(0x4e00 + ((rank * 7919) % 20_000)));
  const texts: string[] = [];
  const planted: [number, number][] = [];
  for (let i = 0; i < count; i++) {
    const original = i > 1000 && rnd() < share ? Math.floor(rnd() * i) : -1;
    if (original >= 0) {
      const source = texts[original] ?? '';
      texts.push(nearDuplicate(rnd, source, /[\u4e00-\u9fff]/.test(source) ? chinese : english));
      planted.push([original, i]);
    } else if (rnd() < 0.1) {
      const length = 8 + Math.floor(rnd() * 33); // 8–40 characters: 5–30 "words"' worth of Chinese
      const characters: string[] = [];
      for (let c = 0; c < length; c++) characters.push(chinese.draw(rnd), rnd() < 0.08 ? '，' : '');
      characters.push('。');
      texts.push(characters.join('')); // joined, so the string is flat as if read from a file
    } else {
      const length = 5 + Math.floor(rnd() * 26);
      const words: string[] = [];
      for (let w = 0; w < length; w++) words.push(english.draw(rnd));
      words.push(rnd() < 0.5 ? '?' : '.');
      texts.push(words.join(' ').replace(/ (?=[.?]$)/, ''));
    }
  }
  return { texts, planted };
}

/** An edit of a text with exact Jaccard ≥ 0.8 to it: a word or character added, swapped or dropped near an end, or a case and punctuation change. */
function nearDuplicate(rnd: () => number, text: string, vocabulary: Vocabulary): string {
  const cjk = /[\u4e00-\u9fff]/.test(text);
  for (let attempt = 0; attempt < 4; attempt++) {
    const units = cjk ? Array.from(text.replace(/。$/, '')) : text.replace(/[.?]$/, '').split(' ');
    const choice = rnd();
    if (choice < 0.35) units.push(vocabulary.draw(rnd));
    else if (choice < 0.6) units.shift();
    else if (choice < 0.8) units[units.length - 1] = vocabulary.draw(rnd);
    else units[Math.floor(rnd() * units.length)] = vocabulary.draw(rnd);
    const edited = units.join(cjk ? '' : ' ');
    if (exactJaccard(text, edited) >= 0.8) return edited;
  }
  return cjk ? [text, '！'].join('') : [text.toUpperCase(), '!!'].join('');
}
