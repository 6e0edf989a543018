// Capacity (requests processed at once, the rest queue or are refused) and a sliding-window
// rate limit: together they give the server a real throughput ceiling for schedulers to find.
import type { RateLimit } from './options';

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('aborted');
}

interface Waiter {
  readonly resolve: () => void;
}

/** A counting semaphore whose limit can change while requests wait. */
export class CapacityGate {
  private waiting: Waiter[] = [];
  inFlight = 0;
  maxInFlight = 0;

  constructor(private readonly capacity: () => number) {}

  /** Takes a slot if one is free now and nobody queues before us. */
  tryAcquire(): boolean {
    if (this.waiting.length > 0 || this.inFlight >= this.capacity()) return false;
    this.take();
    return true;
  }

  /** Waits for a slot in arrival order; an abort leaves the queue without a slot. */
  acquire(signal: AbortSignal): Promise<void> {
    if (this.tryAcquire()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        resolve: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        this.waiting = this.waiting.filter((w) => w !== waiter);
        reject(abortError(signal));
      };
      if (signal.aborted) {
        reject(abortError(signal));
        return;
      }
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
    });
  }

  release(): void {
    this.inFlight -= 1;
    this.drain();
  }

  /** Hands free slots to waiters: after a release, or when the capacity was raised. */
  drain(): void {
    while (this.waiting.length > 0 && this.inFlight < this.capacity()) {
      const next = this.waiting.shift();
      this.take();
      next?.resolve();
    }
  }

  resetMax(): void {
    this.maxInFlight = this.inFlight;
  }

  private take(): void {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
  }
}

const WINDOW_MS = 60_000;

export type RateDecision =
  | { readonly allowed: true; readonly headers: Record<string, string> }
  | {
    readonly allowed: false;
    readonly headers: Record<string, string>;
    readonly kind: 'requests' | 'tokens';
    readonly retryAfterSeconds: number;
    readonly message: string;
  };

/** OpenAI's reset format: "20ms", "1.5s", "6m0s". */
function resetText(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.ceil(ms))}ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${Number(seconds.toFixed(3))}s`;
  return `${Math.floor(seconds / 60)}m${Math.round(seconds % 60)}s`;
}

/** Requests and tokens admitted in the last 60 seconds. */
export class RateLimiter {
  private admitted: { at: number; tokens: number }[] = [];

  reset(): void {
    this.admitted = [];
  }

  check(limit: RateLimit | undefined, tokens: number, now: number): RateDecision {
    this.admitted = this.admitted.filter((event) => event.at > now - WINDOW_MS);
    if (limit === undefined) return { allowed: true, headers: {} };
    const headers: Record<string, string> = {};
    const rpm = limit.requestsPerMinute;
    const tpm = limit.tokensPerMinute;
    const oldest = this.admitted[0]?.at ?? now;
    const used = this.admitted.length;
    const usedTokens = this.admitted.reduce((sum, event) => sum + event.tokens, 0);

    if (rpm !== undefined && used >= rpm) {
      const waitMs = oldest + WINDOW_MS - now;
      const retry = limit.retryAfterSeconds ?? Math.max(1, Math.ceil(waitMs / 1000));
      Object.assign(headers, {
        'x-ratelimit-limit-requests': String(rpm),
        'x-ratelimit-remaining-requests': '0',
        'x-ratelimit-reset-requests': resetText(waitMs),
        'retry-after': String(retry),
      });
      const message = `Rate limit reached for requests per min (RPM): Limit ${rpm}, Used ${used}, Requested 1. Please try again in ${resetText(waitMs)}.`;
      return { allowed: false, headers, kind: 'requests', retryAfterSeconds: retry, message };
    }
    // A request larger than the whole budget is let through on an empty window: refusing it
    // would make a client retry forever.
    if (tpm !== undefined && used > 0 && usedTokens + tokens > tpm) {
      let freed = usedTokens;
      let waitMs = 0;
      for (const event of this.admitted) {
        freed -= event.tokens;
        waitMs = event.at + WINDOW_MS - now;
        if (freed + tokens <= tpm) break;
      }
      const retry = limit.retryAfterSeconds ?? Math.max(1, Math.ceil(waitMs / 1000));
      Object.assign(headers, {
        'x-ratelimit-limit-tokens': String(tpm),
        'x-ratelimit-remaining-tokens': String(Math.max(0, tpm - usedTokens)),
        'x-ratelimit-reset-tokens': resetText(waitMs),
        'retry-after': String(retry),
      });
      const message = `Rate limit reached for tokens per min (TPM): Limit ${tpm}, Used ${usedTokens}, Requested ${tokens}. Please try again in ${resetText(waitMs)}.`;
      return { allowed: false, headers, kind: 'tokens', retryAfterSeconds: retry, message };
    }

    this.admitted.push({ at: now, tokens });
    if (rpm !== undefined) {
      Object.assign(headers, {
        'x-ratelimit-limit-requests': String(rpm),
        'x-ratelimit-remaining-requests': String(Math.max(0, rpm - used - 1)),
        'x-ratelimit-reset-requests': resetText((this.admitted[0]?.at ?? now) + WINDOW_MS - now),
      });
    }
    if (tpm !== undefined) {
      Object.assign(headers, {
        'x-ratelimit-limit-tokens': String(tpm),
        'x-ratelimit-remaining-tokens': String(Math.max(0, tpm - usedTokens - tokens)),
        'x-ratelimit-reset-tokens': resetText((this.admitted[0]?.at ?? now) + WINDOW_MS - now),
      });
    }
    return { allowed: true, headers };
  }
}
