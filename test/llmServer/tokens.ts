// Approximate, deterministic token counts: good enough for usage numbers, max_tokens cuts and
// tokens-per-minute budgets, and the same on every machine (no tokenizer download).

/** Han, kana and Hangul: the scripts counted one token per character. */
const CJK_LETTER = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
/** CJK and full-width punctuation also count one token each, as real tokenizers roughly do. */
const CJK_PUNCT = /[\u3000-\u303f\uff00-\uffef]/u;

export function isCjkChar(char: string): boolean {
  return CJK_LETTER.test(char) || CJK_PUNCT.test(char);
}

/** Token cost of one character: 1 for CJK, a quarter for anything else. */
function charCost(char: string): number {
  return isCjkChar(char) ? 1 : 0.25;
}

export function countTokens(text: string): number {
  if (text === '') return 0;
  let cjk = 0;
  let other = 0;
  for (const char of text) {
    if (isCjkChar(char)) cjk += 1;
    else other += 1;
  }
  return Math.max(1, cjk + Math.ceil(other / 4));
}

/** The longest prefix of `text` that fits in `maxTokens`. */
export function truncateToTokens(text: string, maxTokens: number): string {
  if (maxTokens <= 0) return '';
  let used = 0;
  let end = 0;
  for (const char of text) {
    const cost = charCost(char);
    // Rounded up like countTokens, so the prefix never counts more than maxTokens.
    if (Math.ceil(used + cost) > maxTokens) break;
    used += cost;
    end += char.length;
  }
  return text.slice(0, end);
}

/**
 * Whether a text is written mostly in a CJK script. Code blocks and JSON strings are left out: a
 * Chinese prompt often carries an English JSON Schema. A CJK character weighs about as much
 * as a Latin word, so the two counts are compared directly.
 */
export function isMostlyCjk(text: string): boolean {
  // ASCII-only quoted strings are JSON keys and values, not the prose's language.
  const prose = text.replace(/```[\s\S]*?```/g, ' ').replace(/"[\x20-\x21\x23-\x7e]*"/g, ' ');
  let cjk = 0;
  for (const char of prose) if (CJK_LETTER.test(char)) cjk += 1;
  const latinWords = prose.match(/[A-Za-z]+/g)?.length ?? 0;
  return cjk > latinWords;
}
