import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { plainAnswer, type Lang, type Writer } from '../../llmServer/answers';
import { answerForSchema, findJsonSchema } from '../../llmServer/jsonSchemaAnswer';
import { parseSettings } from '../../llmServer/options';
import { Rng } from '../../llmServer/random';
import { splitForStream } from '../../llmServer/sse';
import { chooseTopics, topicCandidates } from '../../llmServer/topics';
import { countTokens, isMostlyCjk, truncateToTokens } from '../../llmServer/tokens';
import { schemaErrors } from './schemaCheck';

function writer(seed: number, lang: Lang = 'en', topics: string[] = ['compound interest', 'savings']): Writer {
  return { rng: new Rng(['test', seed]), lang, topics };
}

describe('test LLM server: tokens and language', () => {
  it('counts CJK characters as one token and other text as about four characters a token', () => {
    assert.equal(countTokens(''), 0);
    assert.equal(countTokens('a'), 1);
    assert.equal(countTokens('abcdefgh'), 2);
    assert.equal(countTokens('你好世界'), 4);
    assert.equal(countTokens('你好 world'), 2 + 2);
  });

  it('truncates to a token budget without going over', () => {
    for (const text of ['The quick brown fox jumps over the lazy dog.', '敏捷的棕色狐狸跳过了懒狗。', 'mixed 混合 text 文本 here']) {
      for (let max = 0; max <= 12; max += 1) {
        const cut = truncateToTokens(text, max);
        assert.ok(text.startsWith(cut));
        assert.ok(countTokens(cut) <= max, `${JSON.stringify(cut)} > ${max}`);
      }
    }
  });

  it('tells Chinese prose from English, ignoring code and JSON', () => {
    assert.equal(isMostlyCjk('请解释一下什么是机器学习'), true);
    assert.equal(isMostlyCjk('Explain machine learning'), false);
    assert.equal(isMostlyCjk('请按照下面的格式输出：\n```json\n{"type":"object","properties":{"instruction":{"type":"string"},"output":{"type":"string"}}}\n```'), true);
    assert.equal(isMostlyCjk('Translate into Chinese: 我爱你'), false);
  });
});

describe('test LLM server: answer text', () => {
  it('keeps plain answers within 30–120 words, or 40–200 Chinese characters', () => {
    for (let seed = 0; seed < 300; seed += 1) {
      const en = plainAnswer(writer(seed));
      const words = en.split(/\s+/).filter((w) => w !== '').length;
      assert.ok(words >= 30 && words <= 120, `${words} words: ${en}`);
      const zh = plainAnswer(writer(seed, 'zh', ['复利', '储蓄']));
      const han = zh.match(/\p{Script=Han}/gu)?.length ?? 0;
      assert.ok(han >= 40 && han <= 200, `${han} characters: ${zh}`);
    }
  });

  it('varies: different seeds rarely give the same answer, and fill every slot', () => {
    const answers = new Set<string>();
    for (let seed = 0; seed < 100; seed += 1) {
      const text = plainAnswer(writer(seed));
      assert.doesNotMatch(text, /\{[a-zA-Z]+\}/);
      answers.add(text);
    }
    assert.equal(answers.size, 100);
  });

  it('finds the salient words of a question', () => {
    const en = topicCandidates('How does gradient descent minimise the loss of a neural network?', 'en');
    assert.ok(en.includes('gradient descent'), en.join(' | '));
    assert.ok(en.includes('neural network'), en.join(' | '));
    const zh = topicCandidates('请解释光合作用的原理和意义。', 'zh');
    assert.ok(zh.some((t) => t.includes('光合作用')), zh.join(' | '));
    const chosen = chooseTopics(en, new Rng([1]));
    assert.ok(chosen.length >= 1 && chosen.length <= 4 && chosen[0] === en[0]);
  });

  it('splits streamed text into pieces that join back exactly', () => {
    const text = 'Streaming splits this sentence into pieces that look like tokens, 还有一些中文 🌱 too.';
    for (let parts = 1; parts <= 25; parts += 1) {
      const pieces = splitForStream(text, parts);
      assert.equal(pieces.join(''), text);
      assert.ok(pieces.length <= parts && pieces.every((p) => p !== ''));
    }
    assert.deepEqual(splitForStream('', 10), []);
  });
});

const SCHEMAS: Record<string, unknown>[] = [
  { type: 'object', properties: { rating: { type: 'integer' }, helpfulness_score: { type: 'number', minimum: 0, maximum: 1 }, pct: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 } } },
  { type: 'object', properties: { code: { type: 'string', minLength: 50, maxLength: 60 }, short: { type: 'string', maxLength: 3 }, nullable: { type: ['string', 'null'] } } },
  { type: 'object', properties: { even: { type: 'integer', minimum: 0, maximum: 100, multipleOf: 2 }, flag: { type: 'boolean' }, nothing: { type: 'null' }, fixed: { const: 'v1' }, mixed: { enum: [1, 'two', null] } } },
  { type: 'object', properties: { pair: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'integer' }], items: false }, labels: { type: 'array', items: { enum: ['a', 'b', 'c'] }, uniqueItems: true, minItems: 2, maxItems: 3 } } },
  { $defs: { node: { type: 'object', properties: { name: { type: 'string' }, child: { anyOf: [{ $ref: '#/$defs/node' }, { type: 'null' }] } }, required: ['name', 'child'] } }, $ref: '#/$defs/node' },
  { allOf: [{ type: 'object', properties: { a: { type: 'string' } }, required: ['a'] }, { properties: { b: { type: 'integer', minimum: 3, maximum: 3 } }, required: ['b'] }] },
  { type: 'object', properties: { value: { oneOf: [{ type: 'integer' }, { type: 'string' }] }, extra: { type: 'object', additionalProperties: { type: 'integer' } } }, additionalProperties: false },
  { type: 'object', properties: { messages: { type: 'array', minItems: 4, maxItems: 4, items: { type: 'object', properties: { role: { type: 'string' }, content: { type: 'string' } }, required: ['role', 'content'] } } } },
  { type: 'array', items: { type: 'array', items: { type: 'number' }, minItems: 1 }, minItems: 0, maxItems: 0 },
];

describe('test LLM server: JSON Schema answers', () => {
  it('produces values valid against assorted schemas, for many seeds', () => {
    for (const [i, schema] of SCHEMAS.entries()) {
      for (let seed = 0; seed < 40; seed += 1) {
        const value = answerForSchema(schema, writer(seed));
        assert.deepEqual(schemaErrors(schema, value), [], `schema ${i}, seed ${seed}: ${JSON.stringify(value)}`);
      }
    }
  });

  it('alternates roles in a list of messages', () => {
    const value = answerForSchema(SCHEMAS[7], writer(1)) as { messages: { role: string }[] };
    assert.deepEqual(value.messages.map((m) => m.role), ['user', 'assistant', 'user', 'assistant']);
  });

  it('finds a schema in a prompt: fenced, inline, or in the OpenAI wrapper', () => {
    const schema = { type: 'object', properties: { answer: { type: 'string' } } };
    assert.deepEqual(findJsonSchema(`Use:\n\`\`\`json\n${JSON.stringify(schema)}\n\`\`\``, true), schema);
    assert.equal(findJsonSchema(`Use ${JSON.stringify(schema)} please`, true), undefined);
    assert.deepEqual(findJsonSchema(`Use {braces} and "{" then ${JSON.stringify(schema)} please`, false), schema);
    assert.deepEqual(findJsonSchema(JSON.stringify({ name: 'x', schema }), false), schema);
    assert.equal(findJsonSchema('{"type":"string"} and {"answer": 1}', false), undefined);
  });
});

describe('test LLM server: settings from JSON', () => {
  it('accepts known settings and refuses the rest with a reason', () => {
    assert.deepEqual(parseSettings({ latencyMs: 5, rateLimit: null, capacity: null, faults: [{ kind: 'empty', nth: [1] }] }), {
      latencyMs: 5,
      rateLimit: undefined,
      capacity: Number.POSITIVE_INFINITY,
      faults: [{ kind: 'empty', nth: [1] }],
    });
    assert.throws(() => parseSettings({ latencyMs: -1 }), /latencyMs must be a number ≥ 0/);
    assert.throws(() => parseSettings({ overflow: 'drop' }), /overflow must be/);
    assert.throws(() => parseSettings({ capabilities: { telepathy: true } }), /capabilities.telepathy/);
    assert.throws(() => parseSettings({ faults: [{ kind: 'http500', nth: 'first' }] }), /faults\[0\]\.nth/);
  });
});
