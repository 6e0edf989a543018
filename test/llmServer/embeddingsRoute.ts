// POST /v1/embeddings: hashed n-gram vectors, as floats or as the base64 float32 the openai
// SDK asks for by default.
import { answerEarlyFault, headerFault } from './chatRoute';
import { EMBEDDING_DIMENSIONS, embed, toBase64 } from './embeddings';
import type { Exchange } from './exchange';
import { errorBody, invalidRequest } from './openaiErrors';
import type { ServerState } from './serverState';
import { countTokens } from './tokens';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Inputs as texts: strings, or token arrays (which only need to embed consistently). */
function inputsOf(input: unknown): string[] | undefined {
  if (typeof input === 'string') return [input];
  if (!Array.isArray(input) || input.length === 0) return undefined;
  if (input.every((item) => typeof item === 'number')) return [input.join(' ')];
  if (input.every((item) => typeof item === 'string')) return input;
  if (input.every((item) => Array.isArray(item) && item.every((t) => typeof t === 'number'))) return input.map((item: number[]) => item.join(' '));
  return undefined;
}

export async function handleEmbeddings(state: ServerState, ex: Exchange, body: unknown): Promise<void> {
  const texts = isRecord(body) ? inputsOf(body.input) : undefined;
  const rateHeaders = state.admitRate(ex, texts?.reduce((sum, t) => sum + countTokens(t), 0) ?? 1);
  if (rateHeaders === undefined) return;
  const forced = headerFault(ex);
  if (forced === undefined) return;
  if (forced !== 'none') {
    ex.entry.fault = forced.kind;
    if (answerEarlyFault(ex, forced, false)) return;
  }

  if (!isRecord(body)) {
    ex.error(invalidRequest('We could not parse the JSON body of your request. The OpenAI API expects a JSON payload.'));
    return;
  }
  if (typeof body.model !== 'string' || !state.options.models.includes(body.model)) {
    ex.error({ status: 404, body: errorBody(`The model \`${String(body.model)}\` does not exist or you do not have access to it.`, 'invalid_request_error', 'model_not_found', 'model') });
    return;
  }
  if (texts === undefined || texts.some((text) => text === '')) {
    ex.error(invalidRequest("'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.", 'input'));
    return;
  }
  const dimensions = body.dimensions ?? EMBEDDING_DIMENSIONS;
  if (typeof dimensions !== 'number' || !Number.isInteger(dimensions) || dimensions < 1 || dimensions > EMBEDDING_DIMENSIONS) {
    ex.error(invalidRequest(`Invalid 'dimensions': expected an integer from 1 to ${EMBEDDING_DIMENSIONS}.`, 'dimensions'));
    return;
  }
  const encoding = body.encoding_format ?? 'float';
  if (encoding !== 'float' && encoding !== 'base64') {
    ex.error(invalidRequest("Invalid 'encoding_format': expected 'float' or 'base64'.", 'encoding_format'));
    return;
  }

  if (!(await state.acquire(ex))) return;
  try {
    await ex.sleep(state.latencyFor(body, state.log.length));
    const tokens = texts.reduce((sum, text) => sum + countTokens(text), 0);
    ex.json(200, {
      object: 'list',
      data: texts.map((text, index) => {
        const vector = embed(text, dimensions);
        return { object: 'embedding', index, embedding: encoding === 'base64' ? toBase64(vector) : vector };
      }),
      model: body.model,
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    }, rateHeaders);
    state.served += 1;
  } finally {
    state.gate.release();
  }
}
