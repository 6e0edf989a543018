import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { APIError, InternalServerError } from 'openai';
import { startLlmServer, type FaultKind, type LlmServer } from '../../llmServer/llmServer';
import { ask, clientFor, post } from './serverClient';

const QUESTION = ask('Explain how a binary search tree keeps its keys ordered.');

function timeout(ms: number): Promise<'timeout'> {
  return new Promise((resolve) => setTimeout(() => {
    resolve('timeout');
  }, ms));
}

describe('test LLM server: faults', () => {
  let server: LlmServer;
  before(async () => {
    server = await startLlmServer();
  });
  after(async () => {
    await server.close();
  });
  beforeEach(() => {
    server.configure({ faults: [] });
    server.clearLog();
  });

  it('answers each status fault with its status code and an error body', async () => {
    const expected: [FaultKind, number][] = [['http500', 500], ['http502', 502], ['http503', 503], ['http429', 429], ['http408', 408], ['http400', 400], ['http401', 401]];
    for (const [kind, status] of expected) {
      const response = await post(server, '/chat/completions', QUESTION, { 'x-seedling-fault': kind });
      assert.equal(response.status, status, kind);
      const text = await response.text();
      if (kind === 'http502') assert.match(text, /502 Bad Gateway/);
      else assert.ok((JSON.parse(text) as { error: { message: string } }).error.message.length > 0);
      if (kind === 'http429') assert.equal(response.headers.get('retry-after'), '1');
    }
    assert.deepEqual(server.requests.map((r) => [r.fault, r.status]), expected);
    await assert.rejects(clientFor(server).chat.completions.create(QUESTION, { headers: { 'x-seedling-fault': 'http500' } }), InternalServerError);
  });

  it('refuses an unknown x-seedling-fault', async () => {
    assert.equal((await post(server, '/chat/completions', QUESTION, { 'x-seedling-fault': 'gremlins' })).status, 400);
  });

  it('drops the connection for reset, so fetch rejects', async () => {
    await assert.rejects(post(server, '/chat/completions', QUESTION, { 'x-seedling-fault': 'reset' }), TypeError);
    assert.equal(server.requests.at(-1)?.status, 0);
    assert.equal(server.requests.at(-1)?.fault, 'reset');
    // The server is fine afterwards.
    assert.equal((await post(server, '/chat/completions', QUESTION)).status, 200);
  });

  it('breaks a stream after some chunks for reset-mid-stream and malformed-sse', async () => {
    // The SDK logs the chunk it could not parse; keep the test output clean.
    const client = clientFor(server, { logLevel: 'off' });
    for (const kind of ['reset-mid-stream', 'malformed-sse'] as const) {
      const stream = await client.chat.completions.create({ ...QUESTION, stream: true }, { headers: { 'x-seedling-fault': kind } });
      const contents: string[] = [];
      await assert.rejects((async () => {
        for await (const chunk of stream) contents.push(chunk.choices[0]?.delta.content ?? '');
      })(), kind === 'malformed-sse' ? SyntaxError : Error);
      assert.equal(contents.filter((c) => c !== '').length, 2, kind);
    }
  });

  it('breaks a non-streamed body for the mid-stream faults', async () => {
    const client = clientFor(server);
    await assert.rejects(client.chat.completions.create(QUESTION, { headers: { 'x-seedling-fault': 'malformed-sse' } }));
    await assert.rejects(client.chat.completions.create(QUESTION, { headers: { 'x-seedling-fault': 'reset-mid-stream' } }));
  });

  it('answers empty, length and content-filter faults as a model would', async () => {
    const client = clientFor(server);
    const full = (await client.chat.completions.create(QUESTION)).choices[0]?.message.content ?? '';
    const empty = await client.chat.completions.create(QUESTION, { headers: { 'x-seedling-fault': 'empty' } });
    assert.equal(empty.choices[0]?.message.content, '');
    assert.equal(empty.choices[0].finish_reason, 'stop');
    const length = await client.chat.completions.create(QUESTION, { headers: { 'x-seedling-fault': 'length' } });
    assert.equal(length.choices[0]?.finish_reason, 'length');
    const cut = length.choices[0].message.content ?? '';
    assert.ok(cut.length > 0 && cut.length < full.length && full.startsWith(cut));
    const filtered = await client.chat.completions.create(QUESTION, { headers: { 'x-seedling-fault': 'content-filter' } });
    assert.equal(filtered.choices[0]?.finish_reason, 'content_filter');

    const stream = await client.chat.completions.create({ ...QUESTION, stream: true }, { headers: { 'x-seedling-fault': 'empty' } });
    let text = '';
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish ??= chunk.choices[0]?.finish_reason;
    }
    assert.equal(text, '');
    assert.equal(finish, 'stop');
  });

  it('fires rules on the nth, every k-th, a share of requests, at most `times`, per model', async () => {
    const statuses = async (count: number, model = 'seedling-test-small'): Promise<number[]> => {
      const out: number[] = [];
      for (let i = 0; i < count; i += 1) out.push((await post(server, '/chat/completions', { ...ask(`request ${i}`, model) })).status);
      return out;
    };
    server.configure({ faults: [{ kind: 'http500', nth: [2, 4] }] });
    assert.deepEqual(await statuses(5), [200, 500, 200, 500, 200]);

    server.clearLog();
    server.configure({ faults: [{ kind: 'http503', every: 3, times: 2, retryAfterSeconds: 4 }] });
    assert.deepEqual(await statuses(10), [200, 200, 503, 200, 200, 503, 200, 200, 200, 200]);
    assert.equal((await post(server, '/chat/completions', QUESTION, { 'x-seedling-fault': 'http503' })).headers.get('retry-after'), null);
    server.clearLog();
    await statuses(2);
    const withRetry = await post(server, '/chat/completions', ask('third'));
    assert.equal(withRetry.headers.get('retry-after'), '4');

    server.clearLog();
    server.configure({ faults: [{ kind: 'http500', model: 'seedling-judge' }] });
    assert.deepEqual(await statuses(2), [200, 200]);
    assert.deepEqual(await statuses(2, 'seedling-judge'), [500, 500]);

    server.clearLog();
    server.configure({ faults: [{ kind: 'http500', rate: 0.5 }] });
    const first = await statuses(40);
    const failed = first.filter((s) => s === 500).length;
    assert.ok(failed >= 10 && failed <= 30, `${failed} of 40 failed`);
    server.clearLog();
    assert.deepEqual(await statuses(40), first, 'the same requests fail again after a reset');
  });

  it('sends afterChunks content chunks before a mid-stream fault', async () => {
    server.configure({ faults: [{ kind: 'reset-mid-stream', afterChunks: 5 }] });
    const stream = await clientFor(server).chat.completions.create({ ...QUESTION, stream: true });
    let contentChunks = 0;
    await assert.rejects((async () => {
      for await (const chunk of stream) if ((chunk.choices[0]?.delta.content ?? '') !== '') contentChunks += 1;
    })());
    assert.equal(contentChunks, 5);
  });

  it('logs the fault, status and body of each request', async () => {
    server.configure({ faults: [{ kind: 'length', nth: [1] }] });
    await clientFor(server).chat.completions.create({ ...QUESTION, temperature: 0.3 });
    const [entry] = server.requests;
    assert.ok(entry);
    assert.equal(entry.fault, 'length');
    assert.equal(entry.status, 200);
    assert.equal(entry.method, 'POST');
    assert.equal(entry.path, '/v1/chat/completions');
    assert.equal((entry.body as { temperature: number }).temperature, 0.3);
    assert.equal(entry.stream, false);
    assert.ok(entry.durationMs !== undefined && entry.durationMs >= 0);
  });

  it('surfaces status faults as APIError with the status the SDK reads', async () => {
    await assert.rejects(clientFor(server).chat.completions.create(QUESTION, { headers: { 'x-seedling-fault': 'http429' } }), (error: unknown) => {
      assert.ok(error instanceof APIError);
      assert.equal(error.status, 429);
      assert.equal((error.headers as Headers | undefined)?.get('retry-after'), '1');
      return true;
    });
  });
});

describe('test LLM server: stalls', () => {
  it('never answers a stalled request, and close() still ends promptly', async () => {
    const server = await startLlmServer();
    const client = clientFor(server);
    const stalled = client.chat.completions.create(QUESTION, { headers: { 'x-seedling-fault': 'stall' } });
    const outcome = stalled.then(() => 'answered', () => 'failed');
    assert.equal(await Promise.race([outcome, timeout(300)]), 'timeout');

    const stream = await client.chat.completions.create({ ...QUESTION, stream: true }, { headers: { 'x-seedling-fault': 'stall-mid-stream' } });
    const received: string[] = [];
    const streaming = (async () => {
      for await (const chunk of stream) received.push(chunk.choices[0]?.delta.content ?? '');
      return 'ended';
    })().catch(() => 'failed');
    assert.equal(await Promise.race([streaming, timeout(300)]), 'timeout');
    assert.equal(received.filter((c) => c !== '').length, 2);

    const started = Date.now();
    await server.close();
    assert.ok(Date.now() - started < 500, `close took ${Date.now() - started} ms`);
    assert.equal(await outcome, 'failed');
    assert.notEqual(await streaming, 'timeout');
  });
});
