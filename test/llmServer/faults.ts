// Which request gets which fault: rules over the request number, a deterministic "rate",
// and per-rule budgets, plus the error responses the status faults send.
import { errorBody, type HttpError } from './openaiErrors';
import { hashFraction } from './random';

export const FAULT_KINDS = [
  'http500', 'http502', 'http503', 'http429', 'http408', 'http400', 'http401',
  'reset', 'reset-mid-stream', 'stall', 'stall-mid-stream', 'malformed-sse',
  'empty', 'length', 'content-filter',
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultRule {
  readonly kind: FaultKind;
  /** 1-based numbers of chat completion requests (since start or the last reset). */
  readonly nth?: readonly number[];
  /** Every k-th request. */
  readonly every?: number;
  /** A share of requests, 0..1, chosen from a hash of the body and the request number. */
  readonly rate?: number;
  /** At most this many times in total. */
  readonly times?: number;
  readonly retryAfterSeconds?: number;
  /** Mid-stream faults: content chunks sent before the fault (default 2). */
  readonly afterChunks?: number;
  /** Only requests for this model. */
  readonly model?: string;
}

export interface ChosenFault {
  readonly kind: FaultKind;
  readonly retryAfterSeconds?: number;
  readonly afterChunks: number;
}

export function isFaultKind(value: unknown): value is FaultKind {
  return typeof value === 'string' && (FAULT_KINDS as readonly string[]).includes(value);
}

/** Faults answered at once with an HTTP error, before any work. */
export type StatusFault = Extract<FaultKind, `http${string}`>;

export function isStatusFault(kind: FaultKind): kind is StatusFault {
  return kind.startsWith('http');
}

/** The rules of one configuration and how often each has fired since the last reset. */
export class FaultPlan {
  private fired: number[] = [];

  constructor(private readonly rules: readonly FaultRule[]) {}

  reset(): void {
    this.fired = [];
  }

  /** The first rule that applies to request `n` wins; a rule without a trigger applies to all. */
  choose(n: number, body: unknown, model: string | undefined): ChosenFault | undefined {
    for (const [i, rule] of this.rules.entries()) {
      if (rule.model !== undefined && rule.model !== model) continue;
      if (rule.times !== undefined && (this.fired[i] ?? 0) >= rule.times) continue;
      const hasTrigger = rule.nth !== undefined || rule.every !== undefined || rule.rate !== undefined;
      const triggered = !hasTrigger
        || (rule.nth?.includes(n) ?? false)
        || (rule.every !== undefined && rule.every > 0 && n % rule.every === 0)
        || (rule.rate !== undefined && hashFraction([body, n, i]) < rule.rate);
      if (!triggered) continue;
      this.fired[i] = (this.fired[i] ?? 0) + 1;
      return chosen(rule.kind, rule);
    }
    return undefined;
  }
}

export function chosen(kind: FaultKind, rule: Partial<FaultRule> = {}): ChosenFault {
  return {
    kind,
    afterChunks: rule.afterChunks ?? 2,
    ...(rule.retryAfterSeconds !== undefined ? { retryAfterSeconds: rule.retryAfterSeconds } : {}),
  };
}

const BAD_GATEWAY_PAGE = '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

/** What a status fault sends: the bodies real endpoints (and the proxies before them) send. */
export function statusFaultResponse(fault: ChosenFault & { kind: StatusFault }): HttpError {
  const retryAfter = (seconds: number): Record<string, string> => ({ 'retry-after': String(fault.retryAfterSeconds ?? seconds) });
  switch (fault.kind) {
    case 'http500':
      return { status: 500, body: errorBody('The server had an error while processing your request. Sorry about that!', 'server_error') };
    case 'http502':
      // A gateway in front of the model answers in HTML, not JSON.
      return { status: 502, body: BAD_GATEWAY_PAGE, contentType: 'text/html' };
    case 'http503':
      return {
        status: 503,
        body: errorBody('The engine is currently overloaded, please try again later.', 'server_error', 'overloaded'),
        ...(fault.retryAfterSeconds !== undefined ? { headers: retryAfter(fault.retryAfterSeconds) } : {}),
      };
    case 'http429':
      return {
        status: 429,
        body: errorBody('Rate limit reached for requests. Please try again later.', 'requests', 'rate_limit_exceeded'),
        headers: retryAfter(1),
      };
    case 'http408':
      return { status: 408, body: errorBody('Request timed out.', 'timeout', 'timeout') };
    case 'http400':
      return { status: 400, body: errorBody("Invalid request: the test server was told to refuse this one ('http400' fault).", 'invalid_request_error') };
    case 'http401':
      return { status: 401, body: errorBody('Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key') };
  }
}
