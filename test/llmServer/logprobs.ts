// Token log-probabilities for `logprobs: true`: made up but deterministic and plausible,
// so code that reads them (confidence, IFD-style scores) has something to read.
import { bankFor, type Lang } from './answers';
import { Rng } from './random';
import { isCjkChar } from './tokens';

export interface TopLogprob {
  readonly token: string;
  readonly logprob: number;
  readonly bytes: number[];
}

export interface TokenLogprob extends TopLogprob {
  readonly top_logprobs: TopLogprob[];
}

/** Pieces about the size of tokens: a CJK character, or a word with its leading space. */
export function tokenPieces(text: string): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const char of text) {
    if (isCjkChar(char)) {
      if (current !== '') pieces.push(current);
      pieces.push(char);
      current = '';
    } else if (char === ' ' && current.trim() !== '') {
      pieces.push(current);
      current = char;
    } else current += char;
  }
  if (current !== '') pieces.push(current);
  return pieces;
}

function entry(token: string, logprob: number): TopLogprob {
  return { token, logprob: Math.round(logprob * 10000) / 10000, bytes: [...Buffer.from(token, 'utf8')] };
}

/** One entry per piece of `text`; `seed` makes them the same for the same answer. */
export function logprobsFor(text: string, seed: readonly unknown[], lang: Lang, top: number): TokenLogprob[] {
  const rng = new Rng(['logprobs', ...seed]);
  const words = bankFor(lang).nouns;
  return tokenPieces(text).map((token) => {
    // Most tokens are near-certain, a few are real choices.
    const logprob = rng.chance(0.8) ? -rng.next() * 0.3 : -0.3 - rng.next() * 2.5;
    const alternatives: TopLogprob[] = [entry(token, logprob)];
    for (let i = 1; i < top; i += 1) alternatives.push(entry(rng.pick(words), logprob - 0.5 - rng.next() * 3 * i));
    return { ...entry(token, logprob), top_logprobs: top > 0 ? alternatives : [] };
  });
}
