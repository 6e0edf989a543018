// Plausible answer text from sentence templates and word banks: varied, grammatical enough,
// about the request's own topic, and a pure function of the PRNG it is given.
import { CHINESE } from './chineseBank';
import { ENGLISH } from './englishBank';
import type { Rng } from './random';
import { isCjkChar } from './tokens';

export type Lang = 'en' | 'zh';

export interface WordBank {
  readonly nouns: readonly string[];
  readonly adjectives: readonly string[];
  readonly verbs: readonly string[];
  readonly adverbs: readonly string[];
  readonly openers: readonly string[];
  readonly openings: readonly string[];
  readonly statements: readonly string[];
  readonly closings: readonly string[];
  readonly questions: readonly string[];
  readonly reasons: readonly string[];
  readonly phrases: readonly string[];
  /** The sentence a model puts before a fenced JSON block. */
  readonly leadIns: readonly string[];
  /** An optional sentence after it ('' for none). */
  readonly afterwords: readonly string[];
}

/** What one answer is written with: its randomness, language and topic words. */
export interface Writer {
  readonly rng: Rng;
  readonly lang: Lang;
  /** Two to four words or phrases from the request, reused so the answer relates to it. */
  readonly topics: readonly string[];
}

export type SentenceKind = 'opening' | 'statement' | 'closing' | 'question' | 'reason' | 'phrase';

const BANKS: Record<Lang, WordBank> = { en: ENGLISH, zh: CHINESE };

export function bankFor(lang: Lang): WordBank {
  return BANKS[lang];
}

/** Words for English, CJK characters plus Latin words for Chinese. */
export function lengthOf(text: string, lang: Lang): number {
  if (lang === 'en') return text.split(/\s+/).filter((word) => word !== '').length;
  let count = 0;
  for (const char of text) if (isCjkChar(char) && !/[\u3000-\u303f\uff00-\uffef]/.test(char)) count += 1;
  return count + (text.match(/[A-Za-z]+/g)?.length ?? 0);
}

function plural(noun: string): string {
  if (/(s|x|z|ch|sh)$/.test(noun)) return `${noun}es`;
  if (/[^aeiou]y$/.test(noun)) return `${noun.slice(0, -1)}ies`;
  return `${noun}s`;
}

/** Third person of a verb or of the first word of a phrasal verb ("focus on" → "focuses on"). */
function thirdPerson(verb: string): string {
  const [head = verb, ...rest] = verb.split(' ');
  return [plural(head), ...rest].join(' ');
}

function article(word: string): string {
  const lower = word.toLowerCase();
  if (/^(uni|use|usu|eu|one|once)/.test(lower)) return 'a';
  if (/^(hon|hour)/.test(lower)) return 'an';
  return /^[aeiou]/.test(lower) ? 'an' : 'a';
}

/** Fills one template; words do not repeat within a sentence where the bank allows. */
export function fill(template: string, writer: Writer): string {
  const { rng, lang } = writer;
  const bank = BANKS[lang];
  const used = new Set<string>();
  const fresh = (words: readonly string[]): string => {
    for (let tries = 0; tries < 4; tries += 1) {
      const word = rng.pick(words);
      if (!used.has(word)) {
        used.add(word);
        return word;
      }
    }
    return rng.pick(words);
  };
  const topic = (): string => {
    const chosen = writer.topics.length > 0 ? rng.pick(writer.topics) : fresh(bank.nouns);
    // Latin words inside Chinese text get spaces around them, as Chinese typesetting does.
    return lang === 'zh' && /[A-Za-z]/.test(chosen) ? ` ${chosen} ` : chosen;
  };
  let text = template.replace(/\{(t|ns|n|a|vs|v|adv|O)\}/g, (_slot, name: string) => {
    switch (name) {
      case 't': return topic();
      case 'n': return fresh(bank.nouns);
      case 'ns': return lang === 'en' ? plural(fresh(bank.nouns)) : fresh(bank.nouns);
      case 'a': return fresh(bank.adjectives);
      case 'v': return fresh(bank.verbs);
      case 'vs': return lang === 'en' ? thirdPerson(fresh(bank.verbs)) : fresh(bank.verbs);
      case 'adv': return fresh(bank.adverbs);
      default: return rng.chance(0.45) ? `${rng.pick(bank.openers)}${lang === 'en' ? ' ' : ''}` : '';
    }
  });
  if (lang === 'en') {
    text = text.replace(/\{A\} (\S+)/g, (_match, word: string) => `${article(word)} ${word}`);
    text = text.replace(/\s+/g, ' ').trim();
    // A topic can start a sentence mid-template too ("Sure. {t} comes up often").
    text = text.replace(/([.!?] )([a-z])/g, (_match, stop: string, letter: string) => `${stop}${letter.toUpperCase()}`);
    return text.charAt(0).toUpperCase() + text.slice(1);
  }
  return text.replace(/\{A\}/g, '').replace(/\s+([，。：；？！、])/g, '$1').replace(/\s+/g, ' ').trim();
}

function templatesOf(kind: SentenceKind, bank: WordBank): readonly string[] {
  switch (kind) {
    case 'opening': return bank.openings;
    case 'statement': return bank.statements;
    case 'closing': return bank.closings;
    case 'question': return bank.questions;
    case 'reason': return bank.reasons;
    case 'phrase': return bank.phrases;
  }
}

export function sentence(writer: Writer, kind: SentenceKind): string {
  return fill(writer.rng.pick(templatesOf(kind, BANKS[writer.lang])), writer);
}

function join(sentences: readonly string[], lang: Lang): string {
  return sentences.join(lang === 'en' ? ' ' : '');
}

/**
 * Statements until the text is at least `min` long, never past `max` (in words, or CJK
 * characters for Chinese). A sentence that would overshoot is replaced by another, and if
 * none fits the text is cut at a word boundary.
 */
export function textOfLength(writer: Writer, min: number, max: number, first: SentenceKind = 'statement'): string {
  const { lang } = writer;
  const target = writer.rng.int(min, Math.max(min, max));
  const parts: string[] = [sentence(writer, first)];
  let length = lengthOf(parts[0] ?? '', lang);
  let misses = 0;
  while (length < target && misses < 6) {
    const next = sentence(writer, 'statement');
    const nextLength = lengthOf(next, lang);
    if (length + nextLength > max) {
      misses += 1;
      continue;
    }
    parts.push(next);
    length += nextLength;
  }
  const text = join(parts, lang);
  return length > max ? cutTo(text, max, lang) : text;
}

function cutTo(text: string, max: number, lang: Lang): string {
  if (lang === 'en') {
    const words = text.split(' ').slice(0, max);
    return `${words.join(' ').replace(/[,;:.]$/, '')}.`;
  }
  let kept = '';
  for (const char of text) {
    if (lengthOf(kept + char, lang) > max) break;
    kept += char;
  }
  return `${kept.replace(/[，；：。]$/, '')}。`;
}

/**
 * An answer to a plain question: 30–120 words (40–200 Chinese characters), as flowing
 * paragraphs or, sometimes, a numbered list like real models like to write.
 */
export function plainAnswer(writer: Writer): string {
  const { rng, lang } = writer;
  const [min, max] = lang === 'en' ? [30, 120] : [40, 200];
  if (rng.chance(0.25)) {
    const opening = sentence(writer, 'opening');
    const items: string[] = [];
    let length = lengthOf(opening, lang);
    const wanted = rng.int(3, 5);
    for (let tries = 0; items.length < wanted && tries < 12; tries += 1) {
      const item = sentence(writer, 'statement');
      const itemLength = lengthOf(item, lang);
      if (length + itemLength > max) continue;
      items.push(item);
      length += itemLength;
    }
    if (length >= min) return `${opening}\n\n${items.map((item, i) => `${i + 1}. ${item}`).join('\n')}`;
  }
  const body = textOfLength(writer, min, max - (lang === 'en' ? 20 : 30), rng.chance(0.7) ? 'opening' : 'statement');
  const closing = rng.chance(0.5) ? sentence(writer, 'closing') : '';
  const text = closing !== '' && lengthOf(body, lang) + lengthOf(closing, lang) <= max ? join([body, closing], lang) : body;
  return paragraphs(text, writer);
}

/** Splits a long answer into two or three paragraphs at sentence ends. */
function paragraphs(text: string, writer: Writer): string {
  const sentences = text.match(writer.lang === 'en' ? /[^.?!]+[.?!]+\s*/g : /[^。？！]+[。？！]+/g) ?? [text];
  if (sentences.length < 4 || writer.rng.chance(0.4)) return text;
  const breaks = writer.rng.int(1, Math.min(2, Math.floor(sentences.length / 2)));
  const size = Math.ceil(sentences.length / (breaks + 1));
  const out: string[] = [];
  for (let i = 0; i < sentences.length; i += size) out.push(sentences.slice(i, i + size).join('').trim());
  return out.join('\n\n');
}
