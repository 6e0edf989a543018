import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { RateLimitError } from 'openai';
import { startLlmServer, type LlmServer } from '../../llmServer/llmServer';
import { ask, clientFor, post } from './serverClient';

describe('test LLM server: capacity, latency and rate limits', () => {
  let server: LlmServer;
  before(async () => {
    server = await startLlmServer();
  });
  after(async () => {
    await server.close();
  });
  beforeEach(() => {
    server.configure({ capacity: Number.POSITIVE_INFINITY, overflow: 'queue', latencyMs: 0, jitterMs: 0, rateLimit: undefined });
    server.clearLog();
  });

  it('queues above capacity, so throughput is capacity / latency', async () => {
    server.configure({ capacity: 8, latencyMs: 100 });
    const client = clientFor(server);
    const started = Date.now();
    const answers = await Promise.all(Array.from({ length: 64 }, (_, i) => client.chat.completions.create(ask(`Question number ${i} about queues?`))));
    const elapsed = Date.now() - started;
    assert.equal(answers.length, 64);
    assert.ok(elapsed >= 700, `64 requests took ${elapsed} ms`);
    const stats = server.stats();
    assert.ok(stats.maxInFlight <= 8 && stats.maxInFlight >= 4, `maxInFlight ${stats.maxInFlight}`);
    assert.equal(stats.served, 64);
    assert.equal(stats.inFlight, 0);
  });

  it('spreads a stream over the latency instead of sending it at the end', async () => {
    server.configure({ latencyMs: 300 });
    const started = Date.now();
    const stream = await clientFor(server).chat.completions.create({ ...ask('Stream slowly, please.'), stream: true });
    let firstContentAt: number | undefined;
    for await (const chunk of stream) if (firstContentAt === undefined && (chunk.choices[0]?.delta.content ?? '') !== '') firstContentAt = Date.now() - started;
    const total = Date.now() - started;
    assert.ok(total >= 280, `stream took ${total} ms`);
    assert.ok(firstContentAt !== undefined && firstContentAt < 200, `first content after ${firstContentAt} ms`);
  });

  it('adds a jitter that is the same for the same request', async () => {
    server.configure({ latencyMs: 20, jitterMs: 200 });
    const timed = async (question: string): Promise<number> => {
      const started = Date.now();
      await post(server, '/chat/completions', ask(question)).then((r) => r.text());
      return Date.now() - started;
    };
    const durations = await Promise.all(Array.from({ length: 8 }, (_, i) => timed(`jitter ${i}`)));
    assert.ok(durations.every((d) => d >= 20));
    assert.ok(Math.max(...durations) - Math.min(...durations) > 20, durations.join(', '));
  });

  it('refuses requests above capacity with 503 or 429 when told to', async () => {
    server.configure({ capacity: 1, latencyMs: 150, overflow: 'reject503' });
    const statuses = await Promise.all([1, 2, 3].map((i) => post(server, '/chat/completions', ask(`overflow ${i}`)).then((r) => r.status)));
    assert.deepEqual([...statuses].sort(), [200, 503, 503]);
    assert.equal(server.stats().rejected, 2);
    server.configure({ overflow: 'reject429' });
    const again = await Promise.all([1, 2].map((i) => post(server, '/chat/completions', ask(`overflow again ${i}`))));
    const refused = again.find((r) => r.status === 429);
    assert.ok(refused);
    assert.equal(refused.headers.get('retry-after'), '1');
  });

  it('answers 429 with Retry-After and rate-limit headers past requestsPerMinute', async () => {
    server.configure({ rateLimit: { requestsPerMinute: 3 } });
    const allowed = [];
    for (let i = 0; i < 3; i += 1) allowed.push(await post(server, '/chat/completions', ask(`rate ${i}`)));
    assert.deepEqual(allowed.map((r) => r.status), [200, 200, 200]);
    assert.deepEqual(allowed.map((r) => r.headers.get('x-ratelimit-remaining-requests')), ['2', '1', '0']);
    const refused = await post(server, '/chat/completions', ask('rate 3'));
    assert.equal(refused.status, 429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
    assert.equal(refused.headers.get('x-ratelimit-remaining-requests'), '0');
    assert.match(refused.headers.get('x-ratelimit-reset-requests') ?? '', /^\d+(\.\d+)?s$/);
    const body = (await refused.json()) as { error: { type: string; code: string; message: string } };
    assert.equal(body.error.code, 'rate_limit_exceeded');
    assert.equal(body.error.type, 'requests');
    await assert.rejects(clientFor(server).chat.completions.create(ask('through the SDK')), RateLimitError);
    assert.equal(server.stats().rejected, 2);
  });

  it('uses a configured Retry-After, and limits tokens per minute too', async () => {
    server.configure({ rateLimit: { requestsPerMinute: 1, retryAfterSeconds: 7 } });
    await post(server, '/chat/completions', ask('first'));
    assert.equal((await post(server, '/chat/completions', ask('second'))).headers.get('retry-after'), '7');

    server.clearLog();
    server.configure({ rateLimit: { tokensPerMinute: 40 } });
    assert.equal((await post(server, '/chat/completions', { ...ask('a short question'), max_tokens: 20 })).status, 200);
    const refused = await post(server, '/chat/completions', { ...ask('another short question'), max_tokens: 30 });
    assert.equal(refused.status, 429);
    const body = (await refused.json()) as { error: { type: string } };
    assert.equal(body.error.type, 'tokens');
    assert.ok(refused.headers.get('x-ratelimit-remaining-tokens') !== null);
  });

  it('lets queued requests in when the capacity is raised', async () => {
    server.configure({ capacity: 1, latencyMs: 300 });
    const started = Date.now();
    const pending = Promise.all([1, 2, 3].map((i) => post(server, '/chat/completions', ask(`raise ${i}`)).then((r) => r.status)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    server.configure({ capacity: 3 });
    assert.deepEqual(await pending, [200, 200, 200]);
    assert.ok(Date.now() - started < 600);
  });
});
