// POST /v1/chat/completions over HTTP: rate limit, faults, capacity, latency, then the
// answer as one JSON object or as a stream of chunks.
import { estimateTokens, completionBody, parseChatRequest, planCompletion, usageOf, type PlannedCompletion } from './completion';
import type { Exchange } from './exchange';
import { chosen, isFaultKind, isStatusFault, statusFaultResponse, type ChosenFault } from './faults';
import { logprobsFor } from './logprobs';
import { invalidRequest } from './openaiErrors';
import { Rng } from './random';
import type { ServerState } from './serverState';
import { splitForStream } from './sse';

/** A fault forced by the `x-seedling-fault` header; undefined (after a 400) if unknown. */
export function headerFault(ex: Exchange): ChosenFault | 'none' | undefined {
  const header = ex.req.headers['x-seedling-fault'];
  if (header === undefined) return 'none';
  const kind = Array.isArray(header) ? header[0] : header;
  if (isFaultKind(kind)) return chosen(kind);
  ex.error(invalidRequest(`Unknown x-seedling-fault '${String(kind)}'.`));
  return undefined;
}

/**
 * Faults that happen before any work: an HTTP error, a dropped connection, or headers and
 * then silence. True when the fault has taken over the exchange.
 */
export function answerEarlyFault(ex: Exchange, fault: ChosenFault, stream: boolean): boolean {
  const { kind } = fault;
  if (isStatusFault(kind)) {
    ex.error(statusFaultResponse({ ...fault, kind }));
    return true;
  }
  if (kind === 'reset') {
    ex.destroy();
    return true;
  }
  if (kind === 'stall') {
    // Never answered: close() (or the client giving up) ends it.
    ex.startStream({}, stream ? undefined : 'application/json');
    return true;
  }
  return false;
}

export async function handleChat(state: ServerState, ex: Exchange, body: unknown): Promise<void> {
  state.chatCount += 1;
  const n = state.chatCount;
  const rateHeaders = state.admitRate(ex, estimateTokens(body));
  if (rateHeaders === undefined) return;

  const forced = headerFault(ex);
  if (forced === undefined) return;
  const model = typeof body === 'object' && body !== null && 'model' in body && typeof body.model === 'string' ? body.model : undefined;
  const fault = forced === 'none' ? state.faults.choose(n, body, model) : forced;
  if (fault) ex.entry.fault = fault.kind;
  if (fault && answerEarlyFault(ex, fault, ex.entry.stream)) return;

  const parsed = parseChatRequest(body, state.options);
  if (!parsed.ok) {
    ex.error(parsed.error, rateHeaders);
    return;
  }
  if (!(await state.acquire(ex))) return;
  try {
    const plan = planCompletion(parsed.value, n, fault);
    const latency = state.latencyFor(body, n);
    const completed = plan.stream ? await stream(ex, plan, fault, latency, rateHeaders) : await answer(ex, plan, fault, latency, rateHeaders);
    if (completed) state.served += 1;
  } finally {
    state.gate.release();
  }
}

const MID_STREAM = new Set(['reset-mid-stream', 'stall-mid-stream', 'malformed-sse']);

/** A non-streamed answer; the mid-stream faults break its body instead. */
async function answer(ex: Exchange, plan: PlannedCompletion, fault: ChosenFault | undefined, latency: number, headers: Record<string, string>): Promise<boolean> {
  await ex.sleep(latency);
  const text = JSON.stringify(completionBody(plan));
  const half = text.slice(0, Math.floor(text.length / 2));
  const contentLength = { 'content-length': String(Buffer.byteLength(text)) };
  if (fault?.kind === 'reset-mid-stream') {
    ex.startStream({ ...headers, ...contentLength }, 'application/json');
    ex.write(half);
    ex.cut();
    return false;
  }
  if (fault?.kind === 'stall-mid-stream') {
    ex.startStream({ ...headers, ...contentLength }, 'application/json');
    ex.write(half);
    return false;
  }
  if (fault?.kind === 'malformed-sse') {
    // Not a stream, so the malformation is a body cut off mid-JSON.
    ex.send(200, 'application/json', half, headers);
    return false;
  }
  ex.send(200, 'application/json', text, headers);
  return true;
}

/** The chunks of a streamed answer, choices interleaved, spread over the latency. */
async function stream(ex: Exchange, plan: PlannedCompletion, fault: ChosenFault | undefined, latency: number, headers: Record<string, string>): Promise<boolean> {
  const base = { id: plan.id, object: 'chat.completion.chunk', created: plan.created, model: plan.model, system_fingerprint: 'fp_seedling' };
  const usageField = plan.includeUsage ? { usage: null } : {};
  const pieces = plan.choices.map((c) => splitForStream(c.content, new Rng(['chunks', ...c.seed]).int(8, 20)));
  const steps = Math.max(0, ...pieces.map((p) => p.length));
  const interval = latency / (steps + 1);
  const midFault = fault && MID_STREAM.has(fault.kind) ? fault : undefined;

  /** The mid-stream fault, once its content chunks are out. */
  const strike = (): boolean => {
    if (!midFault) return false;
    if (midFault.kind === 'reset-mid-stream') ex.cut();
    else if (midFault.kind === 'malformed-sse') {
      ex.write(`data: {"id":"${plan.id}","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"\n\n`);
      ex.end();
    }
    // stall-mid-stream: nothing more, ever.
    return true;
  };

  ex.startStream(headers);
  for (const choice of plan.choices) {
    ex.event({ ...base, choices: [{ index: choice.index, delta: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: null }], ...usageField });
  }
  if (midFault?.afterChunks === 0 && strike()) return false;
  for (let step = 0; step < steps; step += 1) {
    await ex.sleep(interval);
    plan.choices.forEach((choice, i) => {
      const piece = pieces[i]?.[step];
      if (piece === undefined) return;
      const logprobs = choice.logprobs ? { content: logprobsFor(piece, [...choice.seed, step], plan.lang, choice.logprobs[0]?.top_logprobs.length ?? 0), refusal: null } : null;
      ex.event({ ...base, choices: [{ index: choice.index, delta: { content: piece }, logprobs, finish_reason: null }], ...usageField });
    });
    if (midFault && step + 1 === midFault.afterChunks && strike()) return false;
  }
  await ex.sleep(interval);
  if (strike()) return false;
  for (const choice of plan.choices) {
    ex.event({ ...base, choices: [{ index: choice.index, delta: {}, logprobs: null, finish_reason: choice.finishReason }], ...usageField });
  }
  if (plan.includeUsage) ex.event({ ...base, choices: [], usage: usageOf(plan) });
  ex.event('[DONE]');
  ex.end();
  return true;
}
