// POST /v1/completions, the legacy text API, as vLLM serves it for scoring: with `echo` and
// `logprobs` it returns the log-probability of every prompt token. A word that already
// appeared earlier in the text is far more predictable than a new one, so an answer reads as
// less surprising after an instruction it relates to (which IFD scores measure).
import type { Exchange } from './exchange';
import { tokenPieces } from './logprobs';
import { errorBody, invalidRequest } from './openaiErrors';
import { Rng } from './random';
import type { ServerState } from './serverState';
import { countTokens } from './tokens';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function promptLogprobs(prompt: string): { tokens: string[]; logprobs: (number | null)[]; offsets: number[] } {
  const pieces = tokenPieces(prompt);
  const rng = new Rng(['prompt-logprobs', prompt]);
  const seen = new Set<string>();
  const tokens: string[] = [];
  const logprobs: (number | null)[] = [];
  const offsets: number[] = [];
  let offset = 0;
  pieces.forEach((piece, index) => {
    const word = piece.trim().toLowerCase();
    tokens.push(piece);
    offsets.push(offset);
    offset += piece.length;
    // The first token has no context, hence no log-probability (as vLLM answers).
    if (index === 0) logprobs.push(null);
    else logprobs.push(Math.round((seen.has(word) ? -0.15 - rng.next() * 0.35 : -1.8 - rng.next() * 2.2) * 10000) / 10000);
    seen.add(word);
  });
  return { tokens, logprobs, offsets };
}

export async function handleCompletions(state: ServerState, ex: Exchange, body: unknown): Promise<void> {
  if (!isRecord(body) || typeof body.prompt !== 'string') {
    ex.error(invalidRequest("'$.prompt' must be a string.", 'prompt'));
    return;
  }
  if (typeof body.model !== 'string' || !state.options.models.includes(body.model)) {
    ex.error({ status: 404, body: errorBody(`The model \`${String(body.model)}\` does not exist or you do not have access to it.`, 'invalid_request_error', 'model_not_found', 'model') });
    return;
  }
  const prompt = body.prompt;
  const rateHeaders = state.admitRate(ex, countTokens(prompt) + 1);
  if (rateHeaders === undefined) return;
  if (!(await state.acquire(ex))) return;
  try {
    await ex.sleep(state.latencyFor(body, state.log.length));
    const echo = body.echo === true;
    const scored = promptLogprobs(prompt);
    const completion = ' the';
    const logprobs = body.logprobs === undefined || body.logprobs === null
      ? null
      : {
          tokens: echo ? [...scored.tokens, completion] : [completion],
          token_logprobs: echo ? [...scored.logprobs, -1.2] : [-1.2],
          text_offset: echo ? [...scored.offsets, prompt.length] : [prompt.length],
          top_logprobs: null,
        };
    const promptTokens = countTokens(prompt);
    ex.json(200, {
      id: `cmpl-${state.log.length}`,
      object: 'text_completion',
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      choices: [{ index: 0, text: echo ? prompt + completion : completion, finish_reason: 'length', logprobs }],
      usage: { prompt_tokens: promptTokens, completion_tokens: 1, total_tokens: promptTokens + 1 },
    }, rateHeaders);
    state.served += 1;
  } finally {
    state.gate.release();
  }
}
