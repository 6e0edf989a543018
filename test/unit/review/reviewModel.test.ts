import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ReviewModel } from '../../../src/core/review/reviewModel';
import { type CandidateEvent, makeEvent } from '../../../src/core/runs/candidateEvents';
import { reduceEvents } from '../../../src/core/runs/candidateState';

const provenance = { strategy: 's', models: ['m'], templateHash: 'h', seedIds: ['line:1'], at: '2026-11-21T08:00:00.000Z', usage: { promptTokens: 1, completionTokens: 1 } };
const at = new Date('2026-11-21T09:00:00.000Z');

function model(count = 5): ReviewModel {
  const events: CandidateEvent[] = [];
  for (let i = 0; i < count; i++) {
    events.push(makeEvent('generated', `c${i}`, { sample: { kind: 'instruction', instruction: `Question ${i} about sync`, input: '', output: `Answer ${i}` }, provenance }, at));
    events.push(makeEvent('judged', `c${i}`, { verdict: { overall: 1 + (i % 5), criteria: [], models: ['j'] } }, at));
  }
  events.push(makeEvent('checked', 'c1', { flags: [{ code: 'too-short', severity: 'warning', message: 'short' }] }, at));
  return new ReviewModel(reduceEvents(events), () => at);
}

describe('review model', () => {
  it('filters by status, flag, score and text, and sorts by score', () => {
    const m = model();
    assert.deepEqual(m.ids(), ['c0', 'c1', 'c2', 'c3', 'c4']);
    assert.deepEqual(m.ids({ flagged: true }), ['c1']);
    assert.deepEqual(m.ids({ scoreBelow: 3 }), ['c0', 'c1']);
    assert.deepEqual(m.ids({ search: 'QUESTION 3' }), ['c3']);
    assert.deepEqual(m.ids({}, 'score-desc'), ['c4', 'c3', 'c2', 'c1', 'c0']);
    const { total, rows } = m.rows({}, 'score-asc', 1, 2);
    assert.equal(total, 5);
    assert.deepEqual(rows.map((r) => [r.id, r.score]), [['c1', 2], ['c2', 3]]);
    assert.equal(rows[0]?.flags, 1);
  });

  it('keeps candidates just decided in a status-filtered view', () => {
    const m = model();
    m.decide(['c1'], 'accept');
    assert.deepEqual(m.ids({ statuses: ['pending'] }), ['c0', 'c2', 'c3', 'c4']);
    assert.deepEqual(m.ids({ statuses: ['pending'], keep: ['c1'] }), ['c0', 'c1', 'c2', 'c3', 'c4']);
    assert.deepEqual(m.ids({ statuses: ['pending'], keep: ['c1'], search: 'question 2' }), ['c2']);
  });

  it('turns decisions into journal events, skipping candidates already decided so', () => {
    const m = model();
    const events = m.decide(['c0', 'c1'], 'accept');
    assert.deepEqual(events.map((e) => [e.type, e.candidateId]), [['accepted', 'c0'], ['accepted', 'c1']]);
    assert.deepEqual(m.decide(['c0'], 'accept'), []);
    assert.deepEqual(m.counts(), { pending: 3, accepted: 2, rejected: 0, failed: 0 });
    assert.deepEqual(m.ids({ statuses: ['pending'] }), ['c2', 'c3', 'c4']);
  });

  it('accepts or rejects by score in bulk', () => {
    const m = model();
    assert.deepEqual(m.decideByScore('accept', 4).map((e) => e.candidateId), ['c3', 'c4']);
    assert.deepEqual(m.decideByScore('reject', 3).map((e) => e.candidateId), ['c0', 'c1']);
    assert.deepEqual(m.counts(), { pending: 1, accepted: 2, rejected: 2, failed: 0 });
  });

  it('undoes the last action with events that put things back', () => {
    const m = model();
    m.decide(['c0'], 'reject');
    m.edit('c1', { kind: 'instruction', instruction: 'Question 1 about sync', input: '', output: 'A better answer' });
    const undoEdit = m.undo();
    assert.deepEqual(undoEdit.map((e) => e.type), ['edited']);
    assert.deepEqual(m.get('c1')?.sample, { kind: 'instruction', instruction: 'Question 1 about sync', input: '', output: 'Answer 1' });
    const undoReject = m.undo();
    assert.deepEqual(undoReject.map((e) => [e.type, e.candidateId]), [['reopened', 'c0']]);
    assert.equal(m.get('c0')?.status, 'pending');
    assert.equal(m.canUndo, false);
    assert.deepEqual(m.undo(), []);
  });

  it('takes in candidates as a run streams them, and stays usable at 100,000', () => {
    const m = model(100_000);
    assert.equal(m.size, 100_000);
    assert.equal(m.rows({ scoreBelow: 2 }, 'order', 0, 50).total, 20_000);
    m.apply([makeEvent('generated', 'late', { sample: { kind: 'instruction', instruction: 'Late question', input: '', output: 'x' }, provenance }, at)]);
    assert.equal(m.ids().at(-1), 'late');
  });
});
