// Normalisation and tokenisation shared by every similarity check.
//
// Text is normalised with NFKC (full-width letters and digits become ASCII, compatibility forms
// fold) and lower-cased. Tokens are then, in reading order:
//   - one token per character of Han, Hiragana, Katakana and Hangul (scripts written without
//     spaces between words, so a character is the unit ROUGE-L and n-gram checks compare);
//   - for every other script, a word: a run of letters, digits and combining marks, keeping an
//     apostrophe between two such runs ("don't" is one token);
// and everything else — punctuation (CJK punctuation included), symbols, white space — is dropped.

/** Characters that are each one token: Han, kana (with the prolonged sound mark ー) and Hangul. */
const CJK_CLASS = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}\\u30fc';
/** A letter, digit or mark of a space-separated script. */
const WORD_CHAR = `(?:(?![${CJK_CLASS}])[\\p{L}\\p{N}\\p{M}])`;
/** Group 1 is a CJK character; otherwise the match is a word. */
const TOKEN_PATTERN = `([${CJK_CLASS}])|${WORD_CHAR}+(?:'${WORD_CHAR}+)*`;
const TOKEN = new RegExp(TOKEN_PATTERN, 'gu');
const SINGLE_CJK = new RegExp(`^[${CJK_CLASS}]$`, 'u');

/** NFKC, lower case. The form every similarity check compares. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** Tokens of a text and how many of them are CJK characters. */
export interface TokenizedText {
  readonly tokens: string[];
  readonly cjkCount: number;
}

/** Tokenises a text (normalising it first), counting its CJK character tokens. */
export function tokenizeDetailed(text: string): TokenizedText {
  // The typographic apostrophe is the same apostrophe: "don’t" and "don't" are one word.
  const normalized = normalizeText(text).replace(/[\u2019\u02bc]/g, "'");
  const tokens: string[] = [];
  let cjkCount = 0;
  const pattern = TOKEN; // shared: the loop below runs to the end synchronously, resetting lastIndex
  pattern.lastIndex = 0;
  for (let match = pattern.exec(normalized); match !== null; match = pattern.exec(normalized)) {
    tokens.push(match[0]);
    if (match[1] !== undefined) cjkCount++;
  }
  return { tokens, cjkCount };
}

/** Tokens of a text: words for space-separated scripts, characters for CJK, punctuation dropped. */
export function tokenize(text: string): string[] {
  return tokenizeDetailed(text).tokens;
}

/** Whether a token is one CJK character. */
export function isCjkToken(token: string): boolean {
  return SINGLE_CJK.test(token);
}

/** Whether most (more than half) of a text's tokens are CJK characters. */
export function isMostlyCjk(tokenized: TokenizedText): boolean {
  return tokenized.cjkCount * 2 > tokenized.tokens.length;
}

/** Joins tokens back into readable text: no space between two CJK characters, one elsewhere. */
export function joinTokens(tokens: readonly string[]): string {
  let text = '';
  let previousCjk = false;
  for (const [i, token] of tokens.entries()) {
    const cjk = isCjkToken(token);
    if (i > 0 && !(cjk && previousCjk)) text += ' ';
    text += token;
    previousCjk = cjk;
  }
  return text;
}

/** A sequence of interned tokens. */
export type TokenIds = Uint32Array | Int32Array | readonly number[];

/**
 * Maps token strings to small consecutive integers (0, 1, 2, …), so texts become integer
 * sequences and comparisons run on numbers. Ids are only comparable within one interner.
 */
export class TokenInterner {
  private readonly idOf = new Map<string, number>();
  private readonly strings: string[] = [];

  /** The id of a token, assigning the next one if it is new. */
  intern(token: string): number {
    let id = this.idOf.get(token);
    if (id === undefined) {
      id = this.strings.length;
      this.idOf.set(token, id);
      this.strings.push(token);
    }
    return id;
  }

  /** The id of a token already seen, without assigning one. */
  lookup(token: string): number | undefined {
    return this.idOf.get(token);
  }

  /** Interns every token. */
  internAll(tokens: readonly string[]): Uint32Array {
    const ids = new Uint32Array(tokens.length);
    for (const [i, token] of tokens.entries()) ids[i] = this.intern(token);
    return ids;
  }

  /** Tokenises and interns a text. */
  internText(text: string): Uint32Array {
    return this.internAll(tokenize(text));
  }

  /** The token of an id. */
  token(id: number): string {
    const token = this.strings[id];
    if (token === undefined) throw new RangeError(`no token has id ${id}`);
    return token;
  }

  /** How many distinct tokens have been interned. */
  get size(): number {
    return this.strings.length;
  }
}
