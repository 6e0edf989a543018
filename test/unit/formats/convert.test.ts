import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { convertRecords, convertSample } from '../../../src/core/formats/convert';
import { readText } from './datasetText';

describe('conversion', () => {
  it('turns an Alpaca record into a chat and says the input was merged', () => {
    const result = convertSample({ kind: 'instruction', instruction: 'Translate', input: 'bonjour', output: 'hello', system: 'You translate.' }, 'chat');
    assert.deepEqual(result, {
      ok: true,
      sample: { kind: 'chat', messages: [{ role: 'system', content: 'You translate.' }, { role: 'user', content: 'Translate\n\nbonjour' }, { role: 'assistant', content: 'hello' }] },
      losses: ['the split between instruction and input (merged into one user message)'],
    });
  });

  it('turns a single-turn chat into Alpaca and refuses a multi-turn one', () => {
    const single = convertSample({ kind: 'chat', messages: [{ role: 'system', content: 's' }, { role: 'user', content: 'q' }, { role: 'assistant', content: 'a' }] }, 'instruction');
    assert.deepEqual(single, { ok: true, sample: { kind: 'instruction', instruction: 'q', input: '', output: 'a', system: 's' }, losses: [] });
    const multi = convertSample({ kind: 'chat', messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content: 'a' }, { role: 'user', content: 'q2' }, { role: 'assistant', content: 'a2' }] }, 'instruction');
    assert.deepEqual(multi, { ok: false, reason: 'a multi-turn dialogue (2 user turns) has no single prompt and answer' });
  });

  it('says a preference pair loses its rejected response as a chat', () => {
    const result = convertSample({ kind: 'preference', prompt: 'p', chosen: 'good', rejected: 'bad' }, 'chat');
    assert.ok(result.ok);
    assert.deepEqual(result.sample, { kind: 'chat', messages: [{ role: 'user', content: 'p' }, { role: 'assistant', content: 'good' }] });
    assert.deepEqual(result.losses, ['the rejected responses (only the chosen one is kept)']);
  });

  it('refuses conversions that mean nothing', () => {
    assert.deepEqual(convertSample({ kind: 'classification', text: 't', label: 'x' }, 'chat'), { ok: false, reason: 'a classification record has no response to learn' });
    assert.deepEqual(convertSample({ kind: 'completion', prompt: 'p', completion: 'c' }, 'preference'), { ok: false, reason: 'a completion record has no rejected response to pair with' });
    assert.deepEqual(convertSample({ kind: 'chat', messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content: 'a' }] }, 'classification'), { ok: false, reason: 'a chat record has no label' });
  });

  it('converts ShareGPT to OpenAI chat keeping unknown fields and naming lost message fields', async () => {
    const line = JSON.stringify({ id: 'c1', conversations: [{ from: 'human', value: 'q', lang: 'zh' }, { from: 'gpt', value: 'a' }] });
    const { records } = await readText(`${line}\n`, 'x.jsonl');
    const { records: out, report } = convertRecords(records, 'openai-chat');
    assert.equal(JSON.stringify(out[0]), '{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"a"}],"id":"c1"}');
    assert.deepEqual([...report.losses], [['message fields other than the role and the text (such as weight or name)', 1]]);
  });

  it('lists the records it skipped with their lines', async () => {
    const lines = [
      JSON.stringify({ messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content: 'a' }] }),
      JSON.stringify({ messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content: 'a' }, { role: 'user', content: 'q' }, { role: 'assistant', content: 'a' }] }),
    ];
    const { records } = await readText(lines.join('\n'), 'x.jsonl');
    const { records: out, report } = convertRecords(records, 'prompt-completion');
    assert.deepEqual(out, [{ prompt: 'q', completion: 'a' }]);
    assert.deepEqual(report.skipped, [{ line: 2, reason: 'a multi-turn dialogue (2 user turns) has no single prompt and answer' }]);
  });
});
