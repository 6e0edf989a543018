import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sampleContentHash } from '../../../src/core/model/contentHash';
import { VerdictsByContent, weakestCriterion } from '../../../src/core/review/verdictsByContent';
import { makeEvent, type Verdict } from '../../../src/core/runs/candidateEvents';
import { reduceEvents } from '../../../src/core/runs/candidateState';
import { at, generated, instruction, judgement } from '../runs/testEvents';

const verdictOf = (overall: number): Verdict => ({ overall, criteria: [{ name: 'accuracy', score: 4, reason: 'ok' }, { name: 'format', score: 2, reason: 'messy' }], critique: 'Tidy it.', models: ['judge'] });

describe('verdicts by content', () => {
  it('finds a candidate’s latest verdict by its current sample, edits applied, whatever the key order', () => {
    const run = reduceEvents([
      generated('c1', 'first answer'),
      makeEvent('judged', 'c1', { verdict: verdictOf(2) }, at(1)),
      generated('c2', 'to be edited'),
      makeEvent('edited', 'c2', { sample: instruction('edited answer'), by: 'user' }, at(2)),
      makeEvent('judged', 'c2', { verdict: verdictOf(4) }, at(3)),
    ]);
    const index = VerdictsByContent.build([{ runId: 'r1', candidates: run }], []);
    const found = index.verdictForSample({ output: 'first answer', input: 'Some text.', instruction: 'Summarize the text.', kind: 'instruction' });
    assert.equal(found?.verdict.overall, 2);
    assert.deepEqual(found.origin, { kind: 'run', runId: 'r1', candidateId: 'c1' });
    assert.equal(index.verdictForSample(instruction('edited answer'))?.verdict.overall, 4);
    assert.equal(index.verdictForSample(instruction('to be edited')), undefined, 'the sample before the edit is no longer the candidate');
    assert.deepEqual(index.candidateFor(sampleContentHash(instruction('edited answer'))), { runId: 'r1', candidateId: 'c2' });
    assert.equal(index.size, 2);
  });

  it('takes the later of a run’s verdict and the editor’s for the same content', () => {
    const run = reduceEvents([generated('c1', 'a'), makeEvent('judged', 'c1', { verdict: verdictOf(2) }, at(10))]);
    const earlier = VerdictsByContent.build([{ runId: 'r1', candidates: run }], [judgement('a', 5, 5)]);
    assert.equal(earlier.verdictForSample(instruction('a'))?.verdict.overall, 2);
    const later = VerdictsByContent.build([{ runId: 'r1', candidates: run }], [judgement('a', 5, 20), judgement('b', 1, 0)]);
    assert.equal(later.verdictForSample(instruction('a'))?.verdict.overall, 5);
    assert.deepEqual(later.verdictForSample(instruction('a'))?.origin, { kind: 'editor' });
    assert.equal(later.verdictForSample(instruction('b'))?.verdict.overall, 1);
    assert.equal(later.candidateFor(sampleContentHash(instruction('b'))), undefined);
  });

  it('names the weakest criterion, the first of equals', () => {
    assert.equal(weakestCriterion(verdictOf(3))?.name, 'format');
    assert.equal(weakestCriterion({ overall: 3, criteria: [], models: [] }), undefined);
  });
});
