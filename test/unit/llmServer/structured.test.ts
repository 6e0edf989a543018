import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startLlmServer, type LlmServer } from '../../llmServer/llmServer';
import { schemaErrors } from './schemaCheck';
import { ask, cjkShare, clientFor, contentOf, post } from './serverClient';

/** A judge verdict with most of what structured output has to honour. */
const VERDICT = {
  type: 'object',
  additionalProperties: false,
  required: ['scores', 'overall', 'verdict', 'critique', 'pass', 'revision', 'tags'],
  properties: {
    scores: { type: 'array', minItems: 2, maxItems: 3, items: { $ref: '#/$defs/criterion' } },
    overall: { type: 'number', minimum: 1, maximum: 10 },
    verdict: { type: 'string', enum: ['accept', 'reject', 'revise'] },
    critique: { type: 'string', maxLength: 200 },
    pass: { type: 'boolean' },
    revision: { anyOf: [{ type: 'null' }, { $ref: '#/definitions/sample' }] },
    tags: { type: 'array', items: { type: 'string', enum: ['math', 'code', 'writing'] }, uniqueItems: true },
    version: { const: 2 },
  },
  $defs: {
    criterion: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'score', 'reason'],
      properties: {
        name: { type: 'string', enum: ['helpfulness', 'accuracy', 'format'] },
        score: { type: 'integer', minimum: 1, maximum: 5 },
        reason: { type: 'string', minLength: 10 },
      },
    },
  },
  definitions: {
    sample: {
      type: 'object',
      required: ['instruction', 'output'],
      properties: { instruction: { type: 'string' }, output: { type: 'string' }, turns: { type: 'integer', minimum: 0 } },
    },
  },
} as const;

const SAMPLE = {
  type: 'object',
  properties: { instruction: { type: 'string' }, output: { type: 'string' } },
  required: ['instruction', 'output'],
};

function schemaFormat(schema: unknown): { type: 'json_schema'; json_schema: { name: string; strict: boolean; schema: Record<string, unknown> } } {
  return { type: 'json_schema', json_schema: { name: 'verdict', strict: true, schema: schema as Record<string, unknown> } };
}

describe('test LLM server: structured output', () => {
  let server: LlmServer;
  before(async () => {
    server = await startLlmServer();
  });
  after(async () => {
    await server.close();
  });
  beforeEach(() => {
    server.configure({ capabilities: { jsonSchema: true, jsonObject: true, jsonObjectNeedsWordJson: false } });
  });

  it('answers json_schema requests with valid objects whose scores vary', async () => {
    const client = clientFor(server);
    const scores = new Set<number>();
    const verdicts = new Set<string>();
    for (let seed = 0; seed < 12; seed += 1) {
      // Built apart from the call: the SDK marks `seed` deprecated, and the server still honours it.
      const request = { ...ask(`Judge this answer about compound interest (#${seed}).`, 'seedling-judge'), seed, response_format: schemaFormat(VERDICT) };
      const completion = await client.chat.completions.create(request);
      const value = JSON.parse(completion.choices[0]?.message.content ?? '') as { scores: { score: number }[]; verdict: string; critique: string };
      assert.deepEqual(schemaErrors(VERDICT, value), [], JSON.stringify(value));
      for (const s of value.scores) scores.add(s.score);
      verdicts.add(value.verdict);
      assert.ok(value.critique.split(' ').length >= 3, value.critique);
    }
    assert.ok(scores.size >= 3, `scores seen: ${[...scores].join(', ')}`);
    assert.ok(verdicts.size >= 2);
  });

  it('writes the strings of a Chinese request in Chinese', async () => {
    const completion = await clientFor(server).chat.completions.create({
      ...ask('请根据下面的例子生成一条关于理财规划的新样本。'),
      response_format: schemaFormat(SAMPLE),
    });
    const value = JSON.parse(completion.choices[0]?.message.content ?? '') as { instruction: string; output: string };
    assert.deepEqual(schemaErrors(SAMPLE, value), []);
    assert.ok(cjkShare(value.output) > 0.9, value.output);
    assert.match(value.instruction, /[？?。]$/);
  });

  it('refuses json_schema like DeepSeek when the capability is off', async () => {
    server.configure({ capabilities: { jsonSchema: false } });
    const response = await post(server, '/chat/completions', { ...ask('Hi'), response_format: schemaFormat(SAMPLE) });
    assert.equal(response.status, 400);
    const body = (await response.json()) as { error: { message: string; type: string } };
    assert.equal(body.error.message, 'This response_format type is unavailable now');
    assert.equal(body.error.type, 'invalid_request_error');
  });

  it('answers json_object with an object valid against a schema written in the prompt', async () => {
    const prompt = `Create one training sample about saving money. Reply in JSON following ${JSON.stringify(SAMPLE)} and nothing else.`;
    const response = await post(server, '/chat/completions', { ...ask(prompt), response_format: { type: 'json_object' } });
    assert.equal(response.status, 200);
    const value: unknown = JSON.parse(await contentOf(response));
    assert.deepEqual(schemaErrors(SAMPLE, value), []);

    const plain = await post(server, '/chat/completions', { ...ask('Say something about JSON.'), response_format: { type: 'json_object' } });
    const answer = JSON.parse(await contentOf(plain)) as { answer: unknown };
    assert.equal(typeof answer.answer, 'string');
  });

  it("requires the word 'json' for json_object when the server does, and refuses it when unsupported", async () => {
    server.configure({ capabilities: { jsonObjectNeedsWordJson: true } });
    const refused = await post(server, '/chat/completions', { ...ask('Give me an object.'), response_format: { type: 'json_object' } });
    assert.equal(refused.status, 400);
    const body = (await refused.json()) as { error: { message: string } };
    assert.equal(body.error.message, "Prompt must contain the word 'json' in some form to use 'response_format' of type 'json_object'.");
    const accepted = await post(server, '/chat/completions', { ...ask('Give me an object as Json.'), response_format: { type: 'json_object' } });
    assert.equal(accepted.status, 200);

    server.configure({ capabilities: { jsonObject: false } });
    const unsupported = await post(server, '/chat/completions', { ...ask('Give me JSON.'), response_format: { type: 'json_object' } });
    assert.equal(unsupported.status, 400);
  });

  it('answers a prompt with a fenced schema in a fenced block after a sentence, and bare JSON to a REPAIR', async () => {
    const client = clientFor(server);
    const prompt = `Write a new sample about time management.\nReturn JSON valid against this schema:\n\`\`\`json\n${JSON.stringify(SAMPLE, null, 2)}\n\`\`\``;
    const content = (await client.chat.completions.create(ask(prompt))).choices[0]?.message.content ?? '';
    assert.throws(() => JSON.parse(content) as unknown);
    const fenced = /^(.+)\n\n```json\n([\s\S]+?)\n```/.exec(content);
    assert.ok(fenced, content);
    assert.ok((fenced[1] ?? '').length > 5);
    assert.deepEqual(schemaErrors(SAMPLE, JSON.parse(fenced[2] ?? '')), []);

    const repaired = await client.chat.completions.create({
      model: 'seedling-test-small',
      messages: [
        { role: 'user', content: prompt },
        { role: 'assistant', content },
        { role: 'user', content: 'REPAIR: your answer was not valid JSON. Reply with the JSON object only.' },
      ],
    });
    assert.deepEqual(schemaErrors(SAMPLE, JSON.parse(repaired.choices[0]?.message.content ?? '')), []);
  });

  it('finds a fenced schema in the system message too', async () => {
    const completion = await clientFor(server).chat.completions.create({
      model: 'seedling-test-small',
      messages: [
        { role: 'system', content: `Always answer with JSON:\n\`\`\`json\n${JSON.stringify(SAMPLE)}\n\`\`\`` },
        { role: 'user', content: 'A sample about houseplants, please.' },
      ],
    });
    assert.match(completion.choices[0]?.message.content ?? '', /```json\n\{/);
  });
});
