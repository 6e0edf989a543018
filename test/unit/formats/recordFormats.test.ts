import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectRecordFormat, RECORD_FORMATS, type RecordFormatId, readRecord, writeRecord } from '../../../src/core/formats/recordFormats';
import type { Sample } from '../../../src/core/model/sample';

function read(format: RecordFormatId, record: Record<string, unknown>): { sample: Sample | undefined; problems: string[] } {
  const result = readRecord(format, record);
  return { sample: result.sample, problems: result.problems.map((p) => `${p.severity} ${p.code} ${JSON.stringify(p.path)}: ${p.message}`) };
}

describe('record formats', () => {
  describe('detection', () => {
    const cases: [Record<string, unknown>, RecordFormatId | undefined][] = [
      [{ messages: [] }, 'openai-chat'],
      [{ conversations: [] }, 'sharegpt'],
      [{ instruction: 'a', input: '', output: 'b' }, 'alpaca'],
      [{ instruction: 'a' }, 'alpaca'],
      [{ prompt: 'p', completion: 'c' }, 'prompt-completion'],
      [{ prompt: 'p', chosen: 'a', rejected: 'b' }, 'dpo'],
      [{ chosen: [], rejected: [] }, 'dpo'],
      [{ text: 't', label: 'x' }, 'classification'],
      [{ foo: 1 }, undefined],
    ];
    for (const [record, expected] of cases) {
      it(`${JSON.stringify(record)} → ${expected ?? 'none'}`, () => {
        assert.equal(detectRecordFormat(record), expected);
      });
    }
    it('a damaged record is judged by the format of its neighbours on a tie', () => {
      // "prompt" and "text" weigh the same: alone, the more specific format wins…
      assert.equal(detectRecordFormat({ prompt: 'p', text: 't' }), 'prompt-completion');
      // …but in a classification file, the record is read as a broken classification record.
      assert.equal(detectRecordFormat({ prompt: 'p', text: 't' }, 'classification'), 'classification');
    });
  });

  describe('OpenAI chat', () => {
    it('reads a multi-turn dialogue with a system prompt', () => {
      const { sample, problems } = read('openai-chat', {
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Hi' },
          { role: 'assistant', content: 'Hello.' },
          { role: 'user', content: 'Bye' },
          { role: 'assistant', content: 'Bye.', weight: 1 },
        ],
      });
      assert.deepEqual(problems, []);
      assert.ok(sample?.kind === 'chat');
      assert.equal(sample.messages.length, 5);
    });
    it('reads content given as a list of text parts', () => {
      const { sample } = read('openai-chat', { messages: [{ role: 'user', content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }] }, { role: 'assistant', content: 'c' }] });
      assert.deepEqual(sample, { kind: 'chat', messages: [{ role: 'user', content: 'a\nb' }, { role: 'assistant', content: 'c' }] });
    });
    const broken: [string, Record<string, unknown>, string][] = [
      ['two user turns in a row', { messages: [{ role: 'user', content: 'a' }, { role: 'user', content: 'b' }, { role: 'assistant', content: 'c' }] }, 'error wrong-role-order ["messages",1,"role"]: message 2 is from "user" right after another "user" message; turns must alternate user → assistant'],
      ['a late system message', { messages: [{ role: 'user', content: 'a' }, { role: 'system', content: 'b' }, { role: 'assistant', content: 'c' }] }, 'error wrong-role-order ["messages",1,"role"]: message 2 is a system message; only the first message may be one'],
      ['an assistant opening', { messages: [{ role: 'assistant', content: 'a' }] }, 'error wrong-role-order ["messages",0,"role"]: message 1 is from "assistant"; the dialogue must open with a user message'],
      ['no final answer', { messages: [{ role: 'user', content: 'a' }] }, 'error wrong-role-order ["messages",0,"role"]: the dialogue ends with a "user" message; it must end with the assistant\'s answer'],
      ['an unknown role', { messages: [{ role: 'bot', content: 'a' }] }, 'error unknown-role ["messages",0,"role"]: message 1 has the unknown role "bot" (expected one of system, developer, user, assistant, tool)'],
      ['an empty answer', { messages: [{ role: 'user', content: 'a' }, { role: 'assistant', content: '  ' }] }, 'error empty-field ["messages",1,"content"]: message 2 (assistant) is empty'],
      ['messages that are not a list', { messages: 'hi' }, 'error wrong-type ["messages"]: "messages" must be a list of messages, found a string'],
      ['no messages at all', { messages: [] }, 'error empty-field ["messages"]: "messages" has no messages'],
      ['a message without content', { messages: [{ role: 'user' }] }, 'error missing-field ["messages",0]: message 1 has no "content"'],
    ];
    for (const [name, record, expected] of broken) {
      it(`reports ${name}`, () => {
        const { sample, problems } = read('openai-chat', record);
        assert.equal(sample, undefined);
        assert.deepEqual(problems, [expected]);
      });
    }
    it('accepts tool calls and their results', () => {
      const { problems } = read('openai-chat', {
        messages: [
          { role: 'user', content: 'Weather?' },
          { role: 'assistant', content: null, tool_calls: [{ id: 't1', type: 'function', function: { name: 'w', arguments: '{}' } }] },
          { role: 'tool', tool_call_id: 't1', content: 'sunny' },
          { role: 'assistant', content: 'Sunny.' },
        ],
      });
      assert.deepEqual(problems, []);
    });
    it('only warns about an empty system prompt', () => {
      const { sample, problems } = read('openai-chat', { messages: [{ role: 'system', content: '' }, { role: 'user', content: 'a' }, { role: 'assistant', content: 'b' }] });
      assert.ok(sample);
      assert.deepEqual(problems, ['warning empty-field ["messages",0,"content"]: message 1 is an empty system message']);
    });
  });

  describe('ShareGPT', () => {
    it('maps human/gpt/system to the canonical roles and back', () => {
      const record = { conversations: [{ from: 'system', value: 's' }, { from: 'human', value: 'q' }, { from: 'gpt', value: 'a' }], id: 'x1' };
      const { sample, problems } = read('sharegpt', record);
      assert.deepEqual(problems, []);
      assert.deepEqual(sample, { kind: 'chat', messages: [{ role: 'system', content: 's' }, { role: 'user', content: 'q' }, { role: 'assistant', content: 'a' }] });
      assert.ok(sample);
      assert.equal(JSON.stringify(writeRecord('sharegpt', sample, record)), JSON.stringify(record));
      assert.deepEqual(writeRecord('sharegpt', sample), { conversations: [{ from: 'system', value: 's' }, { from: 'human', value: 'q' }, { from: 'gpt', value: 'a' }] });
    });
    it('reports an unknown speaker by its own word', () => {
      const { problems } = read('sharegpt', { conversations: [{ from: 'robot', value: 'q' }] });
      assert.match(problems[0] ?? '', /unknown-role \["conversations",0,"from"\]: message 1 has the unknown from "robot"/);
    });
  });

  describe('Alpaca', () => {
    it('reads instruction, input and output, input optional', () => {
      assert.deepEqual(read('alpaca', { instruction: 'i', output: 'o' }).sample, { kind: 'instruction', instruction: 'i', input: '', output: 'o' });
      assert.deepEqual(read('alpaca', { instruction: 'i', input: 'x', output: 'o', system: 's' }).sample, { kind: 'instruction', instruction: 'i', input: 'x', output: 'o', system: 's' });
    });
    it('reports a missing output, an empty instruction and a wrong type', () => {
      assert.deepEqual(read('alpaca', { instruction: 'i' }).problems, ['error missing-field []: the record has no "output" field (Alpaca records need "instruction" and "output")']);
      assert.deepEqual(read('alpaca', { instruction: ' ', output: 'o' }).problems, ['error empty-field ["instruction"]: "instruction" is empty']);
      assert.deepEqual(read('alpaca', { instruction: 'i', output: 3 }).problems, ['error wrong-type ["output"]: "output" must be a string, found a number']);
    });
  });

  describe('prompt/completion', () => {
    it('reads and reports', () => {
      assert.deepEqual(read('prompt-completion', { prompt: 'p', completion: 'c' }).sample, { kind: 'completion', prompt: 'p', completion: 'c' });
      assert.deepEqual(read('prompt-completion', { prompt: 'p' }).problems, ['error missing-field []: the record has no "completion" field (prompt/completion records need both)']);
    });
  });

  describe('preference (DPO)', () => {
    it('reads the plain-text form', () => {
      assert.deepEqual(read('dpo', { prompt: 'p', chosen: 'good', rejected: 'bad' }).sample, { kind: 'preference', prompt: 'p', chosen: 'good', rejected: 'bad' });
    });
    it('reads the conversational form with an explicit prompt', () => {
      const record = { prompt: [{ role: 'user', content: 'p' }], chosen: [{ role: 'assistant', content: 'good' }], rejected: [{ role: 'assistant', content: 'bad' }] };
      const { sample, problems } = read('dpo', record);
      assert.deepEqual(problems, []);
      assert.ok(sample);
      assert.equal(JSON.stringify(writeRecord('dpo', sample, record)), JSON.stringify(record));
    });
    it("reads TRL's implicit-prompt form", () => {
      const { sample, problems } = read('dpo', {
        chosen: [{ role: 'user', content: 'p' }, { role: 'assistant', content: 'good' }],
        rejected: [{ role: 'user', content: 'p' }, { role: 'assistant', content: 'bad' }],
      });
      assert.deepEqual(problems, []);
      assert.equal(sample?.kind, 'preference');
    });
    it('needs a prompt for plain-text responses and warns about identical pairs', () => {
      assert.match(read('dpo', { chosen: 'a', rejected: 'b' }).problems[0] ?? '', /missing-field \[\]: the record has no "prompt" field/);
      const same = read('dpo', { prompt: 'p', chosen: 'x', rejected: 'x' });
      assert.ok(same.sample);
      assert.deepEqual(same.problems, ['warning identical-pair ["rejected"]: "chosen" and "rejected" are identical: the pair teaches nothing']);
    });
    it('reports a user turn inside a response list', () => {
      const { problems } = read('dpo', { prompt: 'p', chosen: [{ role: 'user', content: 'x' }], rejected: 'b' });
      assert.match(problems.join('\n'), /wrong-role-order \["chosen",0,"role"\]: message 1 is from "user"; a response list holds only assistant messages/);
    });
  });

  describe('classification', () => {
    it('reads string and numeric labels', () => {
      assert.deepEqual(read('classification', { text: '很好', label: '积极' }).sample, { kind: 'classification', text: '很好', label: '积极' });
      assert.deepEqual(read('classification', { text: 't', label: 1 }).sample, { kind: 'classification', text: 't', label: 1 });
    });
    it('reports an empty or structured label', () => {
      assert.deepEqual(read('classification', { text: 't', label: '' }).problems, ['error empty-field ["label"]: "label" is empty']);
      assert.deepEqual(read('classification', { text: 't', label: ['a'] }).problems, ['error wrong-type ["label"]: "label" must be a string or a number, found an array']);
    });
  });

  describe('writing', () => {
    it('keeps unknown fields and key order, replacing only what changed', () => {
      const record = { id: 7, output: 'o', meta: { src: 'x' }, instruction: 'i', input: '' };
      const { sample } = read('alpaca', record);
      assert.ok(sample?.kind === 'instruction');
      const edited = writeRecord('alpaca', { ...sample, output: 'new' }, record);
      assert.equal(JSON.stringify(edited), '{"id":7,"output":"new","meta":{"src":"x"},"instruction":"i","input":""}');
    });
    it('keeps message fields it does not know when the message is unchanged, and the others when it changes', () => {
      const record = { messages: [{ role: 'user', content: 'q', name: 'ann' }, { role: 'assistant', content: 'a', weight: 0 }] };
      const { sample } = read('openai-chat', record);
      assert.ok(sample?.kind === 'chat');
      const edited = writeRecord('openai-chat', { kind: 'chat', messages: [sample.messages[0] ?? { role: 'user', content: '' }, { role: 'assistant', content: 'better' }] }, record);
      assert.equal(JSON.stringify(edited), '{"messages":[{"role":"user","content":"q","name":"ann"},{"role":"assistant","content":"better","weight":0}]}');
    });
    it('writes new records in each format’s field order', () => {
      assert.equal(JSON.stringify(writeRecord('alpaca', { kind: 'instruction', instruction: 'i', input: '', output: 'o' })), '{"instruction":"i","input":"","output":"o"}');
      assert.equal(JSON.stringify(writeRecord('classification', { kind: 'classification', text: 't', label: '中性' })), '{"text":"t","label":"中性"}');
    });
    it('refuses a sample of another kind', () => {
      assert.throws(() => writeRecord('alpaca', { kind: 'completion', prompt: 'p', completion: 'c' }), /a completion sample cannot be written as Alpaca/);
    });
    it('every format reads back what it writes', () => {
      const samples: Record<RecordFormatId, Sample> = {
        'openai-chat': { kind: 'chat', messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content: 'a' }] },
        sharegpt: { kind: 'chat', messages: [{ role: 'system', content: 's' }, { role: 'user', content: 'q' }, { role: 'assistant', content: 'a' }] },
        alpaca: { kind: 'instruction', instruction: 'i', input: 'x', output: 'o' },
        'prompt-completion': { kind: 'completion', prompt: 'p', completion: 'c' },
        dpo: { kind: 'preference', prompt: 'p', chosen: 'c', rejected: 'r' },
        classification: { kind: 'classification', text: 't', label: 'l' },
      };
      for (const id of Object.keys(RECORD_FORMATS) as RecordFormatId[]) {
        const written = writeRecord(id, samples[id]);
        assert.equal(detectRecordFormat(written), id);
        assert.deepEqual(readRecord(id, written).sample, samples[id], id);
      }
    });
  });
});
