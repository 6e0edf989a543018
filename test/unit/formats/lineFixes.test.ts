import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { convertLine, fillMissingFields } from '../../../src/core/formats/lineFixes';

describe('line fixes without a model', () => {
  it('converts a chat line to Alpaca, keeping unknown fields and naming what is lost', () => {
    const line = '{"id": 7, "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "你好"}, {"role": "assistant", "content": "你好！"}]}';
    assert.deepEqual(convertLine(line, 'alpaca'), { ok: true, text: '{"instruction":"你好","input":"","output":"你好！","system":"Be brief.","id":7}', losses: [] });
    const completion = convertLine(line, 'prompt-completion');
    assert.ok(completion?.ok === true);
    assert.deepEqual(completion.losses, ['the system prompt']);
  });

  it('says why a line cannot be converted, and offers nothing for a line already in the format', () => {
    const dialogue = '{"messages": [{"role": "user", "content": "a"}, {"role": "assistant", "content": "b"}, {"role": "user", "content": "c"}, {"role": "assistant", "content": "d"}]}';
    const result = convertLine(dialogue, 'alpaca');
    assert.ok(result?.ok === false);
    assert.match(result.reason, /multi-turn dialogue \(2 user turns\)/);
    assert.equal(convertLine(dialogue, 'openai-chat'), undefined);
    assert.equal(convertLine('{"messages": [', 'alpaca'), undefined);
  });

  it('fills a missing Alpaca field from its synonym, in place', () => {
    assert.deepEqual(fillMissingFields('{"instruction": "Say hi", "response": "Hi"}'), { text: '{"instruction":"Say hi","output":"Hi"}', description: 'use "response" as "output"' });
  });

  it('fills missing roles from the other vocabulary or the turn order, and contents from their synonyms', () => {
    const fixed = fillMissingFields('{"messages": [{"from": "human", "content": "问"}, {"text": "答"}]}');
    assert.ok(fixed);
    assert.equal(fixed.text, '{"messages":[{"role":"user","content":"问"},{"role":"assistant","content":"答"}]}');
    assert.equal(fixed.description, 'use "from" of message 1 as "role", "role": "assistant" for message 2, from the turn order, "text" of message 2 as "content"');
    const shareGpt = fillMissingFields('{"conversations": [{"from": "human", "value": "Q"}, {"value": "A"}]}');
    assert.equal(shareGpt?.text, '{"conversations":[{"from":"human","value":"Q"},{"from":"gpt","value":"A"}]}');
  });

  it('invents nothing: a field with no source stays missing and no fix is offered', () => {
    assert.equal(fillMissingFields('{"instruction": "Say hi"}'), undefined);
    assert.equal(fillMissingFields('{"text": "great film"}'), undefined);
    assert.equal(fillMissingFields('{"instruction": "Say hi", "output": "Hi"}'), undefined);
  });
});
