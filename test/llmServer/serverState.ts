// Everything a running server remembers between requests: settings, log, counters, limits.
import type { Exchange, LogEntry } from './exchange';
import { FaultPlan } from './faults';
import { CapacityGate, RateLimiter } from './limits';
import { errorBody } from './openaiErrors';
import { DEFAULT_OPTIONS, mergeOptions, type LlmServerOptions, type LlmServerSettings } from './options';
import { hashFraction } from './random';

export interface LlmServerStats {
  /** Requests holding a capacity slot now. */
  readonly inFlight: number;
  readonly maxInFlight: number;
  /** Chat and embedding requests answered completely with 200. */
  readonly served: number;
  /** Refused by the rate limit or by a full server (overflow 'reject503' / 'reject429'). */
  readonly rejected: number;
}

export class ServerState {
  options: LlmServerOptions;
  log: LogEntry[] = [];
  /** Chat completion requests since start or reset: what fault rules count. */
  chatCount = 0;
  served = 0;
  rejected = 0;
  faults: FaultPlan;
  readonly gate = new CapacityGate(() => this.options.capacity);
  readonly limiter = new RateLimiter();

  constructor(settings: LlmServerSettings) {
    this.options = mergeOptions(DEFAULT_OPTIONS, settings);
    this.faults = new FaultPlan(this.options.faults);
  }

  configure(update: LlmServerSettings): void {
    this.options = mergeOptions(this.options, update);
    if (update.faults !== undefined) this.faults = new FaultPlan(this.options.faults);
    // A raised capacity lets queued requests in now, not at the next release.
    this.gate.drain();
  }

  /** A fresh start for the next test: log, fault counters, rate window and counters. */
  reset(): void {
    this.log = [];
    this.chatCount = 0;
    this.served = 0;
    this.rejected = 0;
    this.faults.reset();
    this.limiter.reset();
    this.gate.resetMax();
  }

  stats(): LlmServerStats {
    return { inFlight: this.gate.inFlight, maxInFlight: this.gate.maxInFlight, served: this.served, rejected: this.rejected };
  }

  /** The configured latency plus a jitter that is the same for the same request. */
  latencyFor(body: unknown, n: number): number {
    const { latencyMs, jitterMs } = this.options;
    return latencyMs + Math.floor(hashFraction(['jitter', body, n]) * jitterMs);
  }

  /**
   * Admits a request past the rate limit. Returns the rate-limit headers to send with the
   * answer, or undefined after answering 429 itself.
   */
  admitRate(ex: Exchange, tokens: number): Record<string, string> | undefined {
    const decision = this.limiter.check(this.options.rateLimit, tokens, Date.now());
    if (decision.allowed) return decision.headers;
    this.rejected += 1;
    ex.json(429, errorBody(decision.message, decision.kind, 'rate_limit_exceeded'), decision.headers);
    return undefined;
  }

  /**
   * Takes a capacity slot, queueing or refusing as `overflow` says. False after answering
   * 503/429 itself; the caller must release a slot it got.
   */
  async acquire(ex: Exchange): Promise<boolean> {
    const { overflow } = this.options;
    if (overflow === 'queue') {
      await this.gate.acquire(ex.signal);
      return true;
    }
    if (this.gate.tryAcquire()) return true;
    this.rejected += 1;
    if (overflow === 'reject503') {
      ex.json(503, errorBody('The server is overloaded or not ready yet.', 'server_error', 'overloaded'), { 'retry-after': '1' });
    } else {
      ex.json(429, errorBody('The server had more requests than it can handle. Please retry shortly.', 'requests', 'rate_limit_exceeded'), { 'retry-after': '1' });
    }
    return false;
  }
}
