import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sampleContentHash } from '../../../src/core/model/contentHash';
import { outputFormatFor } from '../../../src/core/pipeline';
import { candidatesJsonl } from '../../../src/core/review/candidatesJsonl';
import { makeEvent } from '../../../src/core/runs/candidateEvents';
import { type CandidateState, reduceEvents } from '../../../src/core/runs/candidateState';
import { at, generated, instruction } from '../runs/testEvents';

function states(): CandidateState[] {
  const saved = instruction('output of c4');
  return [
    ...reduceEvents([
      generated('c0'),
      generated('c1'),
      generated('c2'),
      generated('c3'),
      generated('c4'),
      makeEvent('accepted', 'c1', { by: 'user' }, at(1)),
      makeEvent('rejected', 'c2', { by: 'judge' }, at(1)),
      makeEvent('failed', 'c3', { error: 'timeout', retryable: true }, at(1)),
      makeEvent('accepted', 'c4', { by: 'user' }, at(1)),
      makeEvent('saved', 'c4', { outputFile: 'data/out.jsonl', contentHash: sampleContentHash(saved) }, at(2)),
    ]).values(),
  ];
}

const formatOf = (): 'alpaca' => 'alpaca';
const line = (id: string): string => JSON.stringify({ instruction: 'Summarize the text.', input: 'Some text.', output: `output of ${id}` });

describe('candidates as JSONL after the dataset', () => {
  it('adds one compact line per pending or accepted candidate after the dataset lines, and maps lines to ids', () => {
    const result = candidatesJsonl({ datasetText: '{"a":1}\n{"a":2}\n', candidates: states(), formatOf });
    assert.equal(result.text, `{"a":1}\n{"a":2}\n${line('c0')}\n${line('c1')}\n${line('c4')}\n`);
    assert.deepEqual([...result.candidateByLine], [[2, 'c0'], [3, 'c1'], [4, 'c4']]);
    assert.equal(result.lineOfCandidate.get('c1'), 3);
    assert.equal(result.lineOfCandidate.get('c2'), undefined, 'a rejected candidate is not added');
    assert.equal(result.lineOfCandidate.get('c3'), undefined, 'a failed candidate is not added');
  });

  it('leaves out candidates the dataset already holds, unless they changed since', () => {
    const result = candidatesJsonl({ datasetText: '', candidates: states(), formatOf, savedAs: 'data/out.jsonl' });
    assert.deepEqual([...result.candidateByLine.values()], ['c0', 'c1']);
    assert.equal(result.candidateByLine.get(0), 'c0');
    const elsewhere = candidatesJsonl({ datasetText: '', candidates: states(), formatOf, savedAs: 'other.jsonl' });
    assert.deepEqual([...elsewhere.candidateByLine.values()], ['c0', 'c1', 'c4']);
  });

  it('ends an unterminated last line, keeps CRLF, drops a byte-order mark', () => {
    const result = candidatesJsonl({ datasetText: '\uFEFF{"a":1}\r\n{"a":2}', candidates: states().slice(0, 1), formatOf });
    assert.equal(result.text, `{"a":1}\r\n{"a":2}\r\n${line('c0')}\r\n`);
    assert.deepEqual([...result.candidateByLine], [[2, 'c0']]);
  });

  it('writes each candidate in the format its kind is saved in', () => {
    const chat = reduceEvents([
      makeEvent('generated', 'd0', { sample: { kind: 'chat', messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'hello' }] }, provenance: generated('x').provenance }, at(0)),
    ]);
    const result = candidatesJsonl({ datasetText: '', candidates: chat.values(), formatOf: (sample) => outputFormatFor('alpaca', sample.kind) });
    assert.deepEqual(JSON.parse(result.text), { messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'hello' }] });
  });
});
