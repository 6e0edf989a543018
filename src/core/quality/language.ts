// Which writing a text is in, from its characters: enough to catch the common failure of
// synthetic data (an English answer to a Chinese seed, or the reverse) without a model.

export type Language = 'zh' | 'ja' | 'ko' | 'latin' | 'cyrillic' | 'arabic' | 'other' | 'unknown';

const SCRIPTS: readonly [Language | 'han', RegExp][] = [
  ['han', /\p{Script=Han}/u],
  ['ja', /[\p{Script=Hiragana}\p{Script=Katakana}]/u],
  ['ko', /\p{Script=Hangul}/u],
  ['latin', /\p{Script=Latin}/u],
  ['cyrillic', /\p{Script=Cyrillic}/u],
  ['arabic', /\p{Script=Arabic}/u],
];

/** The dominant writing of a text; Han with kana is Japanese, Han alone Chinese. */
export function detectLanguage(text: string): Language {
  const counts = new Map<Language | 'han', number>();
  let letters = 0;
  // ASCII letters and common Han characters are most of any dataset: counted without a regex.
  let latin = 0;
  let commonHan = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x80) {
      const lower = code | 0x20;
      if (lower >= 0x61 && lower <= 0x7a) latin++;
      continue;
    }
    if (code >= 0x4e00 && code <= 0x9fff) {
      commonHan++;
      continue;
    }
    if (!/\p{L}/u.test(char)) continue;
    letters++;
    const script = SCRIPTS.find(([, pattern]) => pattern.test(char))?.[0] ?? 'other';
    counts.set(script, (counts.get(script) ?? 0) + 1);
  }
  letters += latin + commonHan;
  counts.set('latin', (counts.get('latin') ?? 0) + latin);
  counts.set('han', (counts.get('han') ?? 0) + commonHan);
  if (letters === 0) return 'unknown';
  const han = counts.get('han') ?? 0;
  const kana = counts.get('ja') ?? 0;
  // A Chinese character counts for about as much text as a Latin word of ~4 letters.
  const weighted: [Language, number][] = [
    ['zh', kana > 0 ? 0 : han * 4],
    ['ja', kana > 0 ? (han + kana) * 4 : 0],
    ['ko', (counts.get('ko') ?? 0) * 4],
    ['latin', counts.get('latin') ?? 0],
    ['cyrillic', counts.get('cyrillic') ?? 0],
    ['arabic', counts.get('arabic') ?? 0],
    ['other', counts.get('other') ?? 0],
  ];
  weighted.sort((a, b) => b[1] - a[1]);
  return weighted[0]?.[0] ?? 'unknown';
}

export function languageName(language: Language): string {
  return { zh: 'Chinese', ja: 'Japanese', ko: 'Korean', latin: 'a Latin-script language', cyrillic: 'a Cyrillic-script language', arabic: 'Arabic', other: 'another script', unknown: 'no language' }[language];
}

/** The language most of the texts are in (the seeds' language). */
export function dominantLanguage(texts: Iterable<string>): Language {
  const counts = new Map<Language, number>();
  for (const text of texts) {
    const language = detectLanguage(text);
    if (language !== 'unknown') counts.set(language, (counts.get(language) ?? 0) + 1);
  }
  let best: Language = 'unknown';
  for (const [language, count] of counts) if (best === 'unknown' || count > (counts.get(best) ?? 0)) best = language;
  return best;
}
