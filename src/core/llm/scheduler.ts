// Keeps an endpoint saturated without tripping it over: a concurrency limit that halves on
// overload and grows back on success, requests- and tokens-per-minute pacing, retries with
// jittered backoff on transient failures only, Retry-After honoured but capped, and one
// AbortSignal that cancels everything queued and in flight.
import { setMaxListeners } from 'node:events';
import { type Clock, systemClock } from '../clock';
import type { Logger } from '../logger';
import { LlmError } from './llmErrors';

export interface SchedulerOptions {
  /** Most requests in flight at once; the adaptive limit never goes above it. */
  readonly maxConcurrency: number;
  readonly requestsPerMinute?: number;
  readonly tokensPerMinute?: number;
  /** Attempts per request, the first included. */
  readonly maxAttempts?: number;
  /** A Retry-After longer than this is shortened to it. */
  readonly retryAfterCapMs?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Halve the concurrency on 429/503 and grow it back on success. Default true. */
  readonly adaptive?: boolean;
  readonly clock?: Clock;
  readonly random?: () => number;
  readonly logger?: Logger;
}

export interface TaskOptions {
  readonly signal?: AbortSignal;
  /** Tokens the request is expected to use, for the tokens-per-minute budget. */
  readonly tokens?: number;
  readonly label?: string;
}

export interface AttemptInfo {
  readonly attempt: number;
  readonly signal: AbortSignal;
}

export interface SchedulerStats {
  readonly inFlight: number;
  readonly queued: number;
  readonly limit: number;
  readonly started: number;
  readonly retries: number;
  readonly failures: number;
  readonly pausedForMs: number;
}

interface Waiter {
  readonly tokens: number;
  readonly grant: () => void;
  readonly signal: AbortSignal | undefined;
}

const DEFAULTS = { maxAttempts: 6, retryAfterCapMs: 60_000, baseDelayMs: 500, maxDelayMs: 20_000 };

/** Not `signal?.aborted`: TypeScript would narrow it and miss an abort during an await. */
function isAborted(signal: AbortSignal | undefined): boolean {
  return signal !== undefined && signal.aborted;
}

function cancelled(signal: AbortSignal | undefined): LlmError {
  const reason: unknown = signal?.reason;
  if (reason instanceof LlmError) return reason;
  return new LlmError('cancelled', 'The request was cancelled.');
}

export class RequestScheduler {
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly options: Required<Pick<SchedulerOptions, 'maxAttempts' | 'retryAfterCapMs' | 'baseDelayMs' | 'maxDelayMs'>> & SchedulerOptions;
  private limit: number;
  private inFlight = 0;
  private readonly queue: Waiter[] = [];
  private nextRequestAt = 0;
  private tokenBalance: number;
  private tokenRefilledAt: number;
  private pausedUntil = 0;
  private lastDecrease = -Infinity;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerAt = Infinity;
  private counters = { started: 0, retries: 0, failures: 0, pausedForMs: 0 };
  private readonly widened = new WeakSet<AbortSignal>();

  constructor(options: SchedulerOptions) {
    if (!(options.maxConcurrency >= 1)) throw new Error('maxConcurrency must be at least 1');
    this.options = { ...DEFAULTS, ...options };
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.limit = options.maxConcurrency;
    this.tokenBalance = options.tokensPerMinute ?? 0;
    this.tokenRefilledAt = this.clock.now();
  }

  stats(): SchedulerStats {
    return { inFlight: this.inFlight, queued: this.queue.length, limit: Math.floor(this.limit), ...this.counters };
  }

  /**
   * Runs `task` when the budgets allow, retrying transient failures. The task gets a
   * signal that aborts when the caller cancels.
   */
  async run<T>(task: (attempt: AttemptInfo) => Promise<T>, options: TaskOptions = {}): Promise<T> {
    const signal = options.signal;
    // One signal cancels a whole run: every queued and in-flight request listens to it.
    if (signal && !this.widened.has(signal)) {
      setMaxListeners(0, signal);
      this.widened.add(signal);
    }
    const tokens = options.tokens ?? 0;
    let waitedTheCap = false;
    for (let attempt = 1; ; attempt++) {
      if (isAborted(signal)) throw cancelled(signal);
      await this.acquire(tokens, signal);
      let outcome: { ok: true; value: T } | { ok: false; error: unknown };
      try {
        outcome = { ok: true, value: await task({ attempt, signal: signal ?? new AbortController().signal }) };
      } catch (error: unknown) {
        outcome = { ok: false, error };
      } finally {
        this.release();
      }
      if (outcome.ok) {
        this.onSuccess();
        return outcome.value;
      }
      const error = outcome.error;
      if (isAborted(signal)) throw cancelled(signal);
      if (!(error instanceof LlmError) || !error.retryable) {
        this.counters.failures++;
        throw error;
      }
      const retryAfter = error.details.retryAfterMs;
      if (retryAfter !== undefined && retryAfter > this.options.retryAfterCapMs) {
        // Asked again, after the longest wait Seedling makes, to come back much later: waiting
        // the cap over and over would only stall the run for minutes before failing it.
        if (waitedTheCap) {
          this.counters.failures++;
          throw new LlmError('quota', `${error.message} After waiting ${Math.round(this.options.retryAfterCapMs / 1000)} s, the endpoint still asks to wait ${Math.round(retryAfter / 1000)} s (Retry-After): its quota or rate limit is probably spent. Nothing finished is lost; try again later, or raise the limit with your provider.`, error.details);
        }
        waitedTheCap = true;
      }
      if (error.reason === 'rate-limited' || error.details.status === 503) this.onOverload(error);
      if (attempt >= this.options.maxAttempts) {
        this.counters.failures++;
        throw new LlmError(error.reason, `${error.message} Gave up after ${attempt} attempts.`, error.details);
      }
      this.counters.retries++;
      const delay = this.retryDelay(error, attempt);
      this.options.logger?.debug(`${options.label ?? 'request'}: ${error.reason}${error.details.status ? ` (HTTP ${error.details.status})` : ''}, attempt ${attempt} of ${this.options.maxAttempts}; retrying in ${Math.round(delay)} ms`);
      try {
        await this.clock.sleep(delay, signal);
      } catch {
        throw cancelled(signal);
      }
    }
  }

  /** Full-jitter exponential backoff, or the server's Retry-After (capped) when it gave one. */
  private retryDelay(error: LlmError, attempt: number): number {
    const retryAfter = error.details.retryAfterMs;
    if (retryAfter !== undefined) return Math.min(retryAfter, this.options.retryAfterCapMs) + this.random() * 250;
    const ceiling = Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** (attempt - 1));
    return ceiling / 2 + (this.random() * ceiling) / 2;
  }

  private onOverload(error: LlmError): void {
    const now = this.clock.now();
    const retryAfter = error.details.retryAfterMs;
    if (retryAfter !== undefined) {
      // The endpoint said when to come back: nobody starts before then (within the cap).
      const until = now + Math.min(retryAfter, this.options.retryAfterCapMs);
      if (until > this.pausedUntil) {
        this.counters.pausedForMs += until - Math.max(now, this.pausedUntil);
        this.pausedUntil = until;
        // Otherwise the user sees a run stand still for a minute with no word why.
        if (retryAfter > this.options.retryAfterCapMs) {
          this.options.logger?.warn(`the endpoint asked to wait ${Math.round(retryAfter / 1000)} s before the next request (Retry-After); waiting ${Math.round(this.options.retryAfterCapMs / 1000)} s, the most Seedling waits, then retrying. If it keeps asking, its quota is probably spent: stop the run (it can be resumed) and try later.`);
        }
      }
    }
    if (this.options.adaptive === false) return;
    // Halve at most once per second, so one burst of 429s does not collapse the limit to 1.
    if (now - this.lastDecrease >= 1000) {
      this.lastDecrease = now;
      const before = Math.floor(this.limit);
      this.limit = Math.max(1, this.limit / 2);
      this.options.logger?.info(`endpoint overloaded (${error.reason}): concurrency ${before} → ${Math.floor(this.limit)}`);
    }
  }

  private onSuccess(): void {
    if (this.options.adaptive === false || this.limit >= this.options.maxConcurrency) return;
    // Additive increase: about one more slot per `limit` successes.
    this.limit = Math.min(this.options.maxConcurrency, this.limit + 1 / Math.floor(this.limit));
  }

  private acquire(tokens: number, signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        tokens,
        signal,
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        const index = this.queue.indexOf(waiter);
        if (index !== -1) this.queue.splice(index, 1);
        reject(cancelled(signal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
      this.pump();
    });
  }

  private release(): void {
    this.inFlight--;
    this.pump();
  }

  /** Starts as many queued requests as the budgets allow; sets a timer for the next one. */
  private pump(): void {
    const now = this.clock.now();
    while (this.queue.length > 0 && this.inFlight < Math.floor(this.limit)) {
      const waitMs = this.waitBeforeStart(now, this.queue[0]?.tokens ?? 0);
      if (waitMs > 0) {
        this.wakeAt(now + waitMs);
        return;
      }
      const waiter = this.queue.shift();
      if (!waiter) return;
      this.take(now, waiter.tokens);
      this.inFlight++;
      this.counters.started++;
      waiter.grant();
    }
  }

  private waitBeforeStart(now: number, tokens: number): number {
    let wait = Math.max(0, this.pausedUntil - now);
    const rpm = this.options.requestsPerMinute;
    if (rpm !== undefined) wait = Math.max(wait, this.nextRequestAt - now);
    const tpm = this.options.tokensPerMinute;
    if (tpm !== undefined && tokens > 0) {
      const balance = Math.min(tpm, this.tokenBalance + ((now - this.tokenRefilledAt) * tpm) / 60_000);
      // A request larger than the whole budget waits for a full bucket and then goes.
      const needed = Math.min(tokens, tpm) - balance;
      if (needed > 0) wait = Math.max(wait, (needed * 60_000) / tpm);
    }
    return wait;
  }

  private take(now: number, tokens: number): void {
    const rpm = this.options.requestsPerMinute;
    // Evenly spaced starts never put more than rpm requests in any 60-second window.
    if (rpm !== undefined) this.nextRequestAt = Math.max(now, this.nextRequestAt) + 60_000 / Math.max(1, rpm - 1);
    const tpm = this.options.tokensPerMinute;
    if (tpm !== undefined) {
      this.tokenBalance = Math.min(tpm, this.tokenBalance + ((now - this.tokenRefilledAt) * tpm) / 60_000) - tokens;
      this.tokenRefilledAt = now;
    }
  }

  /** Corrects the tokens-per-minute balance once a request's real usage is known. */
  settleTokens(estimated: number, actual: number): void {
    if (this.options.tokensPerMinute !== undefined) this.tokenBalance += estimated - actual;
  }

  private wakeAt(at: number): void {
    if (this.timer !== undefined && this.timerAt <= at) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      this.pump();
    }, Math.max(1, at - this.clock.now()));
  }
}
