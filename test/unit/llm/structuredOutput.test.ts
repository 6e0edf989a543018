import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { parseStructured } from '../../../src/core/llm/structuredOutput';

const verdict = z.object({ score: z.number().int().min(1).max(5), reason: z.string() });

describe('structured answers', () => {
  it('reads bare JSON, a fenced block and an object inside prose', () => {
    for (const text of ['{"score":4,"reason":"ok"}', 'Here it is:\n```json\n{"score": 4, "reason": "ok"}\n```', 'Sure! {"score": 4, "reason": "a {brace} in text"} Hope that helps.']) {
      const parsed = parseStructured(text, verdict);
      assert.equal(parsed.ok, true, text);
    }
  });

  it('says what is wrong with an object that does not match', () => {
    const parsed = parseStructured('{"score": 9, "reason": 3}', verdict);
    assert.ok(!parsed.ok);
    assert.match(parsed.problem, /score: .*5.*; reason: .*string/i);
  });

  it('says when there is no JSON at all', () => {
    assert.deepEqual(parseStructured('I cannot help with that.', verdict), { ok: false, problem: 'the answer holds no JSON object' });
  });
});
