import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { startLlmServer, type LlmServer, type LoggedRequest } from '../../llmServer/llmServer';
import { ask, clientFor, post } from './serverClient';

async function control(server: LlmServer, method: 'GET' | 'POST', name: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${server.origin}/__seedling/${name}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  return { status: response.status, json: await response.json() };
}

describe('test LLM server: request log and control endpoints', () => {
  let server: LlmServer;
  before(async () => {
    server = await startLlmServer();
  });
  after(async () => {
    await server.close();
  });

  it('serves the log, stats and settings over HTTP, and changes settings', async () => {
    await control(server, 'POST', 'reset');
    await clientFor(server).chat.completions.create(ask('What is a hash map?'));
    const log = await control(server, 'GET', 'log');
    const entries = log.json as LoggedRequest[];
    assert.equal(entries.length, 1);
    assert.equal(entries[0]?.path, '/v1/chat/completions');
    assert.equal(entries[0].headers.authorization, 'Bearer test');
    assert.deepEqual((await control(server, 'GET', 'stats')).json, { inFlight: 0, maxInFlight: 1, served: 1, rejected: 0 });

    const configured = await control(server, 'POST', 'config', { capabilities: { jsonSchema: false }, faults: [{ kind: 'http500', nth: [2] }], capacity: null });
    assert.equal(configured.status, 200);
    assert.equal((configured.json as { capacity: unknown }).capacity, null);
    assert.equal(server.options.capabilities.jsonSchema, false);
    assert.equal(server.options.capabilities.jsonObject, true);
    assert.equal((await post(server, '/chat/completions', ask('second'))).status, 500);

    const refused = await control(server, 'POST', 'config', { latency: 5 });
    assert.equal(refused.status, 400);
    assert.match((refused.json as { error: string }).error, /unknown setting 'latency'/);
    assert.equal((await control(server, 'POST', 'config', { faults: [{ kind: 'gremlins' }] })).status, 400);

    await control(server, 'POST', 'config', { capabilities: { jsonSchema: true }, faults: [] });
    await control(server, 'POST', 'reset');
    assert.deepEqual((await control(server, 'GET', 'log')).json, []);
    assert.equal(server.requests.length, 0, 'control requests are not logged');
  });

  it('records every request: method, path, headers, body, status, stream', async () => {
    server.clearLog();
    await fetch(`${server.url}/models`, { headers: { authorization: 'Bearer abc', 'x-trace': 'one' } });
    await post(server, '/chat/completions', { ...ask('Log me'), stream: true }).then((r) => r.text());
    await fetch(`${server.url}/nowhere`, { method: 'POST', body: 'not json' });
    const [models, chat, nowhere] = server.requests;
    assert.deepEqual([models?.n, models?.method, models?.path, models?.status, models?.body], [1, 'GET', '/v1/models', 200, undefined]);
    assert.equal(models?.headers['x-trace'], 'one');
    assert.equal(models.headers.authorization, 'Bearer abc');
    assert.equal(chat?.stream, true);
    assert.equal(chat.status, 200);
    assert.deepEqual((chat.body as { messages: unknown }).messages, [{ role: 'user', content: 'Log me' }]);
    assert.ok(chat.at <= Date.now());
    assert.deepEqual([nowhere?.status, nowhere?.body], [404, 'not json']);
  });
});

describe('test LLM server: shutdown', () => {
  it('closes keep-alive connections and leaves no open handles', async () => {
    const server = await startLlmServer();
    const client = clientFor(server);
    // Keep-alive sockets the SDK would reuse.
    await Promise.all([1, 2, 3].map((i) => client.chat.completions.create(ask(`keep alive ${i}`))));
    const started = Date.now();
    await server.close();
    await server.close();
    assert.ok(Date.now() - started < 500);
    await assert.rejects(fetch(`${server.url}/models`), TypeError);
    await new Promise((resolve) => setImmediate(resolve));
    const sockets = process.getActiveResourcesInfo().filter((name) => name.startsWith('TCP'));
    assert.deepEqual(sockets, []);
  });

  it('runs from the command line until SIGTERM', async () => {
    const main = join(__dirname, '..', '..', 'llmServer', 'main.js');
    const child = spawn(process.execPath, [main, '--port', '0', '--latency', '5', '--no-json-schema', '--faults', '[{"kind":"http500","nth":[1]}]'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => {
      resolve(code);
    }));
    try {
      const lines = createInterface({ input: child.stdout });
      let url = '';
      for await (const line of lines) {
        const match = /(http:\/\/\S+\/v1)/.exec(line);
        if (match?.[1]) {
          url = match[1];
          break;
        }
      }
      const chat = (extra: Record<string, unknown> = {}): Promise<number> => fetch(`${url}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...ask('hello from the CLI test'), ...extra }),
      }).then((r) => r.status);
      assert.equal(await chat(), 500);
      assert.equal(await chat(), 200);
      assert.equal(await chat({ response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'object', properties: {} } } } }), 400);
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
