// Every way a model call can fail, as a typed reason with a message that says what
// happened and what to do. Keys never appear in these messages.

export type LlmErrorReason =
  | 'rate-limited'
  | 'server-error'
  | 'request-timeout'
  | 'connection'
  | 'stalled'
  | 'timeout'
  | 'auth'
  | 'not-found'
  | 'bad-request'
  | 'unsupported'
  | 'invalid-output'
  | 'budget'
  | 'quota'
  | 'cancelled';

/** Reasons worth another attempt: the endpoint may well answer next time. */
const RETRYABLE: ReadonlySet<LlmErrorReason> = new Set(['rate-limited', 'server-error', 'request-timeout', 'connection', 'stalled']);

export class LlmError extends Error {
  readonly retryable: boolean;

  constructor(
    readonly reason: LlmErrorReason,
    message: string,
    readonly details: { readonly status?: number; readonly retryAfterMs?: number; readonly endpoint?: string } = {},
  ) {
    super(message);
    this.name = 'LlmError';
    this.retryable = RETRYABLE.has(reason);
  }
}

/** Replaces every occurrence of a secret in a text (error bodies can echo a request). */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret !== undefined && secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  // Bearer tokens and typical key shapes, whoever's they are.
  return out.replace(/Bearer\s+[A-Za-z0-9._~+/-]{8,}=*/g, 'Bearer [redacted]').replace(/\b(sk|rk|pk)-[A-Za-z0-9_-]{12,}\b/g, '$1-[redacted]');
}

/** Seconds or an HTTP date in a Retry-After header, as milliseconds from now. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The error for an HTTP status, with advice a user can follow. */
export function errorForStatus(status: number, endpoint: string, serverMessage: string, retryAfterMs?: number): LlmError {
  const said = serverMessage ? ` The server said: ${serverMessage}` : '';
  const details = { status, endpoint, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  if (status === 401 || status === 403) {
    return new LlmError('auth', `The endpoint ${endpoint} refused the API key (HTTP ${status}). Set the right key with "Seedling: Set API Key" (CLI: the provider's API key environment variable).${said}`, details);
  }
  if (status === 404) return new LlmError('not-found', `The endpoint ${endpoint} does not know this model or path (HTTP 404). Check the model name and the base URL.${said}`, details);
  if (status === 408) return new LlmError('request-timeout', `The endpoint ${endpoint} timed out the request (HTTP 408).${said}`, details);
  if (status === 409) return new LlmError('server-error', `The endpoint ${endpoint} reported a conflict (HTTP 409).${said}`, details);
  if (status === 429) return new LlmError('rate-limited', `The endpoint ${endpoint} is rate limiting (HTTP 429). Seedling slows down and retries; lower the concurrency or raise your provider's limit if this persists.${said}`, details);
  if (status >= 500) return new LlmError('server-error', `The endpoint ${endpoint} failed (HTTP ${status}). Seedling retries; if it persists, the service is down.${said}`, details);
  return new LlmError('bad-request', `The endpoint ${endpoint} rejected the request (HTTP ${status}).${said}`, details);
}
