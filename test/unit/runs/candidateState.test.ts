import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeEvent, type CandidateEventOf } from '../../../src/core/runs/candidateEvents';
import { applyEvent, reduceEvents, summarize, type CandidateState } from '../../../src/core/runs/candidateState';
import { at, generated, instruction, provenanceFor } from './testEvents';

function only(states: Map<string, CandidateState>, id: string): CandidateState {
  const state = states.get(id);
  assert.ok(state, `no state for ${id}`);
  return state;
}

describe('candidate state', () => {
  it('creates a pending candidate from its generated event', () => {
    const event = makeEvent('generated', 'c1', { sample: instruction('a'), provenance: provenanceFor(['line:3']), nearestSeedId: 'line:3' }, at(1));
    const state = only(reduceEvents([event]), 'c1');
    assert.deepEqual(state, {
      id: 'c1',
      status: 'pending',
      sample: instruction('a'),
      originalSample: instruction('a'),
      provenance: provenanceFor(['line:3']),
      nearestSeedId: 'line:3',
      flags: [],
      edited: false,
      saved: [],
      updatedAt: at(1).toISOString(),
    });
  });

  it('keeps the first generated event of an id and ignores a repeat', () => {
    const states = reduceEvents([generated('c1', 'first'), generated('c1', 'second', 5)]);
    assert.equal(states.size, 1);
    assert.deepEqual(only(states, 'c1').sample, instruction('first'));
    assert.equal(only(states, 'c1').updatedAt, at(0).toISOString());
    assert.equal(applyEvent(states, generated('c1', 'third')), undefined);
  });

  it('ignores events of candidates it never saw generated', () => {
    const states = reduceEvents([generated('c1'), makeEvent('accepted', 'ghost', { by: 'user' }), makeEvent('saved', 'ghost', { outputFile: 'o', contentHash: 'h' })]);
    assert.deepEqual([...states.keys()], ['c1']);
    assert.equal(applyEvent(states, makeEvent('rejected', 'ghost', { by: 'rule' })), undefined);
    assert.equal(states.size, 1);
  });

  it('keeps the latest flags and verdict', () => {
    const states = reduceEvents([
      generated('c1'),
      makeEvent('checked', 'c1', { flags: [{ code: 'too-short', severity: 'warning', message: 'short' }] }, at(1)),
      makeEvent('judged', 'c1', { verdict: { overall: 2, criteria: [], models: ['j'] } }, at(2)),
      makeEvent('checked', 'c1', { flags: [] }, at(3)),
      makeEvent('judged', 'c1', { verdict: { overall: 4, criteria: [{ name: 'clarity', score: 4, reason: 'clear' }], models: ['j'], critique: 'ok' } }, at(4)),
    ]);
    const state = only(states, 'c1');
    assert.deepEqual(state.flags, []);
    assert.deepEqual(state.verdict, { overall: 4, criteria: [{ name: 'clarity', score: 4, reason: 'clear' }], models: ['j'], critique: 'ok' });
    assert.equal(state.updatedAt, at(4).toISOString());
  });

  it('accepts and rejects with who decided and why, and reopening undoes the decision', () => {
    const states = reduceEvents([generated('c1'), makeEvent('accepted', 'c1', { by: 'judge', reason: 'score 4.6' }, at(1))]);
    assert.equal(only(states, 'c1').status, 'accepted');
    assert.equal(only(states, 'c1').decidedBy, 'judge');
    assert.equal(only(states, 'c1').decisionReason, 'score 4.6');

    applyEvent(states, makeEvent('rejected', 'c1', { by: 'user' }, at(2)));
    const rejected = only(states, 'c1');
    assert.equal(rejected.status, 'rejected');
    assert.equal(rejected.decidedBy, 'user');
    // The reason belonged to the earlier decision.
    assert.equal('decisionReason' in rejected, false);

    const reopened = applyEvent(states, makeEvent('reopened', 'c1', { by: 'user' }, at(3)));
    assert.ok(reopened);
    assert.equal(reopened.status, 'pending');
    assert.equal('decidedBy' in reopened, false);
    assert.equal(reopened.updatedAt, at(3).toISOString());
    assert.equal(states.get('c1'), reopened);
  });

  it('applies edits to the sample and keeps the original', () => {
    const states = reduceEvents([
      generated('c1', 'draft'),
      makeEvent('edited', 'c1', { sample: instruction('better'), by: 'user' }, at(1)),
      makeEvent('edited', 'c1', { sample: instruction('best'), by: 'fix' }, at(2)),
    ]);
    const state = only(states, 'c1');
    assert.deepEqual(state.sample, instruction('best'));
    assert.deepEqual(state.originalSample, instruction('draft'));
    assert.equal(state.edited, true);
    assert.equal(state.status, 'pending');
  });

  it('records each output a candidate was saved to, once', () => {
    const save = (file: string, hash: string, s: number): CandidateEventOf<'saved'> => makeEvent('saved', 'c1', { outputFile: file, contentHash: hash }, at(s));
    const states = reduceEvents([generated('c1'), makeEvent('accepted', 'c1', { by: 'user' }), save('a.jsonl', 'h1', 1), save('a.jsonl', 'h1', 2), save('a.jsonl', 'h2', 3), save('b.jsonl', 'h1', 4)]);
    assert.deepEqual(only(states, 'c1').saved, [
      { outputFile: 'a.jsonl', contentHash: 'h1' },
      { outputFile: 'a.jsonl', contentHash: 'h2' },
      { outputFile: 'b.jsonl', contentHash: 'h1' },
    ]);
    assert.equal(only(states, 'c1').status, 'accepted');
  });

  it('marks a failure, and a later decision clears it', () => {
    const states = reduceEvents([generated('c1'), makeEvent('failed', 'c1', { error: 'judge timed out', retryable: true }, at(1))]);
    assert.equal(only(states, 'c1').status, 'failed');
    assert.deepEqual(only(states, 'c1').failure, { error: 'judge timed out', retryable: true });
    applyEvent(states, makeEvent('accepted', 'c1', { by: 'user' }, at(2)));
    assert.equal(only(states, 'c1').status, 'accepted');
    assert.equal(only(states, 'c1').failure, undefined);
  });

  it('never changes a state object it already returned', () => {
    const states = reduceEvents([generated('c1')]);
    const before = only(states, 'c1');
    const snapshot = structuredClone(before);
    applyEvent(states, makeEvent('edited', 'c1', { sample: instruction('changed'), by: 'user' }));
    applyEvent(states, makeEvent('accepted', 'c1', { by: 'user' }));
    assert.deepEqual(before, snapshot);
    assert.notEqual(only(states, 'c1'), before);
  });

  it('keeps candidates in the order they were generated', () => {
    const states = reduceEvents([
      generated('c3'),
      generated('c1'),
      makeEvent('accepted', 'c1', { by: 'user' }),
      generated('c2'),
      makeEvent('rejected', 'c3', { by: 'rule' }),
    ]);
    assert.deepEqual([...states.keys()], ['c3', 'c1', 'c2']);
  });

  it('summarizes statuses and saved candidates', () => {
    const states = reduceEvents([
      generated('a'),
      generated('b'),
      generated('c'),
      generated('d'),
      generated('e'),
      makeEvent('accepted', 'a', { by: 'user' }),
      makeEvent('accepted', 'b', { by: 'judge' }),
      makeEvent('saved', 'a', { outputFile: 'o', contentHash: 'h' }),
      makeEvent('rejected', 'c', { by: 'dedup' }),
      makeEvent('failed', 'd', { error: 'x', retryable: false }),
    ]);
    assert.deepEqual(summarize(states), { total: 5, pending: 1, accepted: 2, rejected: 1, failed: 1, saved: 1 });
    assert.deepEqual(summarize(new Map()), { total: 0, pending: 0, accepted: 0, rejected: 0, failed: 0, saved: 0 });
  });
});
