import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cosine } from '../../llmServer/embeddings';
import { startLlmServer, type LlmServer } from '../../llmServer/llmServer';
import { clientFor, post } from './serverClient';

const norm = (vector: readonly number[]): number => Math.sqrt(vector.reduce((sum, x) => sum + x * x, 0));

describe('test LLM server: embeddings', () => {
  let server: LlmServer;
  before(async () => {
    server = await startLlmServer();
  });
  after(async () => {
    await server.close();
  });

  async function vectors(input: string[], dimensions?: number): Promise<number[][]> {
    const response = await clientFor(server).embeddings.create({ model: 'seedling-embed', input, ...(dimensions ? { dimensions } : {}) });
    return response.data.map((d) => Array.from(d.embedding));
  }

  it('returns one normalised 256-dimension vector per input through the SDK (base64 by default)', async () => {
    const response = await clientFor(server).embeddings.create({ model: 'seedling-embed', input: ['one text', 'another text'] });
    assert.equal(response.object, 'list');
    assert.equal(response.model, 'seedling-embed');
    assert.deepEqual(response.data.map((d) => [d.object, d.index, d.embedding.length]), [['embedding', 0, 256], ['embedding', 1, 256]]);
    for (const d of response.data) assert.ok(Math.abs(norm(Array.from(d.embedding)) - 1) < 1e-5);
    assert.ok(response.usage.prompt_tokens > 0);
    assert.equal(response.usage.total_tokens, response.usage.prompt_tokens);
    // The SDK asked for base64 without being told to: the server must speak it.
    assert.equal((server.requests.at(-1)?.body as { encoding_format?: string }).encoding_format, 'base64');
  });

  it('answers float arrays to a raw request, equal to the SDK’s decoded vectors', async () => {
    const response = await post(server, '/embeddings', { model: 'seedling-embed', input: 'one text', encoding_format: 'float' });
    const body = (await response.json()) as { data: { embedding: number[] }[] };
    const [viaSdk] = await vectors(['one text']);
    const raw = body.data[0]?.embedding ?? [];
    assert.ok(raw.every((x) => typeof x === 'number'));
    assert.ok(cosine(raw, viaSdk ?? []) > 0.99999);
  });

  it('puts near-copies close together and unrelated texts apart, in English and Chinese', async () => {
    const [a, nearA, unrelated, same] = await vectors([
      'The quick brown fox jumps over the lazy dog near the river bank.',
      'A quick brown fox jumped over the lazy dog by the river bank.',
      'Quarterly revenue grew because subscription prices increased in Europe.',
      'The quick brown fox jumps over the lazy dog near the river bank.',
    ]);
    assert.ok(a && nearA && unrelated && same);
    assert.ok(cosine(a, nearA) > 0.8, `near-copy ${cosine(a, nearA)}`);
    assert.ok(cosine(a, unrelated) < 0.5, `unrelated ${cosine(a, unrelated)}`);
    assert.ok(Math.abs(cosine(a, same) - 1) < 1e-6);

    const [zh, nearZh, otherZh] = await vectors(['如何在家里制作一个美味的酸面包？', '怎样在家里制作美味的酸面包？', '公司第三季度的销售收入明显增长。']);
    assert.ok(zh && nearZh && otherZh);
    assert.ok(cosine(zh, nearZh) > 0.8, `zh near-copy ${cosine(zh, nearZh)}`);
    assert.ok(cosine(zh, otherZh) < 0.5, `zh unrelated ${cosine(zh, otherZh)}`);
  });

  it('truncates and renormalises to the requested dimensions', async () => {
    const [full] = await vectors(['dimension test']);
    const [short] = await vectors(['dimension test'], 64);
    assert.equal(short?.length, 64);
    assert.ok(full);
    assert.ok(Math.abs(norm(short) - 1) < 1e-5);
    assert.ok(cosine(short, full.slice(0, 64)) > 0.99999);
    const tooMany = await post(server, '/embeddings', { model: 'seedling-embed', input: 'x', dimensions: 4096 });
    assert.equal(tooMany.status, 400);
  });

  it('refuses empty input and unknown models, and is missing when the server has no embeddings', async () => {
    assert.equal((await post(server, '/embeddings', { model: 'seedling-embed', input: '' })).status, 400);
    assert.equal((await post(server, '/embeddings', { model: 'nope', input: 'x' })).status, 404);
    server.configure({ capabilities: { embeddings: false } });
    try {
      assert.equal((await post(server, '/embeddings', { model: 'seedling-embed', input: 'x' })).status, 404);
    } finally {
      server.configure({ capabilities: { embeddings: true } });
    }
  });
});
