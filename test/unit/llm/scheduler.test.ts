import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LlmError } from '../../../src/core/llm/llmErrors';
import { RequestScheduler } from '../../../src/core/llm/scheduler';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function overloaded(retryAfterMs?: number): LlmError {
  return new LlmError('rate-limited', 'slow down', { status: 429, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
}

describe('request scheduler', () => {
  it('never runs more than the concurrency limit at once, and runs everything', async () => {
    const scheduler = new RequestScheduler({ maxConcurrency: 4 });
    let running = 0;
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        scheduler.run(async () => {
          running++;
          peak = Math.max(peak, running);
          await sleep(10);
          running--;
          return i;
        }),
      ),
    );
    assert.deepEqual(results, Array.from({ length: 20 }, (_, i) => i));
    assert.equal(peak, 4);
  });

  it('retries transient failures and returns the eventual answer', async () => {
    const scheduler = new RequestScheduler({ maxConcurrency: 2, baseDelayMs: 5, random: () => 0.5 });
    const attempts: number[] = [];
    const value = await scheduler.run(async ({ attempt }) => {
      attempts.push(attempt);
      if (attempt < 3) throw new LlmError('server-error', 'boom', { status: 500 });
      return 'ok';
    });
    assert.equal(value, 'ok');
    assert.deepEqual(attempts, [1, 2, 3]);
    assert.equal(scheduler.stats().retries, 2);
  });

  it('does not retry what another attempt cannot fix', async () => {
    for (const reason of ['auth', 'bad-request', 'not-found', 'invalid-output', 'budget'] as const) {
      const scheduler = new RequestScheduler({ maxConcurrency: 1, baseDelayMs: 1 });
      let calls = 0;
      await assert.rejects(
        scheduler.run(() => {
          calls++;
          return Promise.reject(new LlmError(reason, 'no'));
        }),
        (error: unknown) => error instanceof LlmError && error.reason === reason,
      );
      assert.equal(calls, 1, reason);
    }
  });

  it('gives up after its attempts with a message that says so', async () => {
    const scheduler = new RequestScheduler({ maxConcurrency: 1, maxAttempts: 3, baseDelayMs: 1 });
    let calls = 0;
    await assert.rejects(
      scheduler.run(() => {
        calls++;
        return Promise.reject(new LlmError('connection', 'Could not reach the endpoint.'));
      }),
      /Could not reach the endpoint\. Gave up after 3 attempts\./,
    );
    assert.equal(calls, 3);
  });

  it('honours Retry-After but caps it, pausing every request meanwhile', async () => {
    const scheduler = new RequestScheduler({ maxConcurrency: 4, retryAfterCapMs: 150, random: () => 0 });
    const started: number[] = [];
    const t0 = Date.now();
    let first = true;
    await Promise.all([
      scheduler.run(async () => {
        if (first) {
          first = false;
          throw overloaded(3_600_000); // an hour: capped at 150 ms
        }
        started.push(Date.now() - t0);
      }),
      sleep(20).then(() =>
        scheduler.run(async () => {
          started.push(Date.now() - t0);
        }),
      ),
    ]);
    const elapsed = Date.now() - t0;
    assert.ok(elapsed < 1000, `finished in ${elapsed} ms, not an hour`);
    assert.ok(started.every((t) => t >= 140), `nothing started during the pause: ${started.join(', ')}`);
  });

  it('gives up with a quota error when the endpoint asks again, after the capped wait, to wait an hour', async () => {
    const scheduler = new RequestScheduler({ maxConcurrency: 2, retryAfterCapMs: 100, random: () => 0 });
    let calls = 0;
    const t0 = Date.now();
    await assert.rejects(
      scheduler.run(() => {
        calls++;
        return Promise.reject(overloaded(3_600_000));
      }),
      (e: unknown) => e instanceof LlmError && e.reason === 'quota' && !e.retryable && /still asks to wait 3600 s .*quota or rate limit is probably spent/.test(e.message),
    );
    assert.equal(calls, 2, 'one capped wait, then it stops asking');
    assert.ok(Date.now() - t0 < 5000);
  });

  it('halves the concurrency on overload and grows it back on success', async () => {
    const scheduler = new RequestScheduler({ maxConcurrency: 8, baseDelayMs: 1, random: () => 0 });
    let tripped = false;
    await scheduler.run(async () => {
      if (!tripped) {
        tripped = true;
        throw overloaded();
      }
    });
    assert.equal(scheduler.stats().limit, 4);
    for (let i = 0; i < 60; i++) await scheduler.run(() => Promise.resolve());
    assert.equal(scheduler.stats().limit, 8);
  });

  it('cancels queued and running requests with one signal', async () => {
    const scheduler = new RequestScheduler({ maxConcurrency: 1 });
    const controller = new AbortController();
    let sawAbort = false;
    const running = scheduler.run(
      ({ signal }) =>
        new Promise<void>((_, reject) => {
          signal.addEventListener('abort', () => {
            sawAbort = true;
            reject(new Error('aborted'));
          });
        }),
      { signal: controller.signal },
    );
    const queued = scheduler.run(() => Promise.resolve('never'), { signal: controller.signal });
    await sleep(10);
    assert.equal(scheduler.stats().queued, 1);
    controller.abort();
    await assert.rejects(running, (e: unknown) => e instanceof LlmError && e.reason === 'cancelled');
    await assert.rejects(queued, (e: unknown) => e instanceof LlmError && e.reason === 'cancelled');
    assert.equal(sawAbort, true);
    assert.deepEqual([scheduler.stats().inFlight, scheduler.stats().queued], [0, 0]);
  });

  it('cancels a request waiting to retry', async () => {
    const scheduler = new RequestScheduler({ maxConcurrency: 1, retryAfterCapMs: 60_000 });
    const controller = new AbortController();
    const pending = scheduler.run(() => Promise.reject(overloaded(30_000)), { signal: controller.signal });
    await sleep(20);
    const t0 = Date.now();
    controller.abort();
    await assert.rejects(pending, (e: unknown) => e instanceof LlmError && e.reason === 'cancelled');
    assert.ok(Date.now() - t0 < 100);
  });

  it('spaces requests to stay under a requests-per-minute limit', async () => {
    const scheduler = new RequestScheduler({ maxConcurrency: 10, requestsPerMinute: 1201 }); // one start per 50 ms
    const t0 = Date.now();
    const starts: number[] = [];
    await Promise.all(Array.from({ length: 6 }, () => scheduler.run(async () => { starts.push(Date.now() - t0); })));
    assert.ok((starts.at(-1) ?? 0) >= 240, `6 starts span ${starts.at(-1) ?? 0} ms`);
    // Never ahead of the 50 ms schedule; a start the timer delayed (a busy machine) lets the next catch up.
    for (let i = 1; i < starts.length; i++) assert.ok((starts[i] ?? 0) - (starts[0] ?? 0) >= 50 * i - 5, `start ${i}: ${starts.join(', ')}`);
  });

  it('waits for the tokens-per-minute budget to refill', async () => {
    const scheduler = new RequestScheduler({ maxConcurrency: 10, tokensPerMinute: 60_000 }); // 1 token per ms
    const t0 = Date.now();
    await scheduler.run(() => Promise.resolve(), { tokens: 60_000 }); // the whole bucket
    await scheduler.run(() => Promise.resolve(), { tokens: 200 }); // must wait ~200 ms
    const elapsed = Date.now() - t0;
    assert.ok(elapsed >= 180 && elapsed < 1000, `waited ${elapsed} ms`);
  });
});
