import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CANDIDATE_EVENT_TYPES, candidateEvent, makeEvent, type CandidateEvent } from '../../../src/core/runs/candidateEvents';
import { T0, at, generated, instruction, provenanceFor } from './testEvents';

/** One valid event of every type. */
function oneOfEach(): CandidateEvent[] {
  return [
    makeEvent('generated', 'c1', { sample: instruction('x'), provenance: { ...provenanceFor(['line:12', 'line:40']), requestKeys: ['k1'] }, nearestSeedId: 'line:12' }, T0),
    makeEvent('checked', 'c1', { flags: [{ code: 'near-duplicate', severity: 'warning', message: 'close to line:12', otherId: 'line:12' }, { code: 'too-short', severity: 'info', message: 'short' }] }, T0),
    makeEvent('judged', 'c1', { verdict: { overall: 4.5, criteria: [{ name: 'faithful', score: 5, reason: 'matches' }], critique: 'fine', models: ['judge-a', 'judge-b'], agreement: 0.8 } }, T0),
    makeEvent('accepted', 'c1', { by: 'judge', reason: 'score 4.5' }, T0),
    makeEvent('rejected', 'c1', { by: 'dedup' }, T0),
    makeEvent('reopened', 'c1', { by: 'user' }, T0),
    makeEvent('edited', 'c1', { sample: instruction('y'), by: 'fix' }, T0),
    makeEvent('saved', 'c1', { outputFile: 'data/seed.synthetic.jsonl', contentHash: 'e'.repeat(64) }, T0),
    makeEvent('failed', 'c1', { error: '429 Too Many Requests', retryable: true }, T0),
  ];
}

describe('candidate events', () => {
  it('makeEvent stamps the version and the time', () => {
    const event = makeEvent('accepted', 'cand-7', { by: 'user' }, at(90));
    assert.deepEqual(event, { v: 1, at: '2026-11-21T06:33:15.000Z', type: 'accepted', candidateId: 'cand-7', by: 'user' });
    const now = Date.now();
    const stamped = Date.parse(makeEvent('reopened', 'cand-7', { by: 'user' }).at);
    assert.ok(Math.abs(stamped - now) < 5000);
  });

  it('accepts one event of every type, and survives a JSON round trip unchanged', () => {
    const events = oneOfEach();
    assert.deepEqual(events.map((e) => e.type).sort(), [...CANDIDATE_EVENT_TYPES].sort());
    for (const event of events) {
      const parsed = candidateEvent.safeParse(JSON.parse(JSON.stringify(event)));
      assert.ok(parsed.success, `${event.type}: ${parsed.error?.message ?? ''}`);
      assert.deepEqual(parsed.data, event);
    }
  });

  it('refuses events that are not what they claim', () => {
    const good = generated('c1');
    const bad: Array<[string, unknown]> = [
      ['unknown type', { ...good, type: 'deleted' }],
      ['future version', { ...good, v: 2 }],
      ['no version', { ...good, v: undefined }],
      ['empty candidate id', { ...good, candidateId: '' }],
      ['time not ISO-8601', { ...good, at: 'yesterday' }],
      ['sample of unknown kind', { ...good, sample: { kind: 'poem', text: 'x' } }],
      ['sample missing a field', { ...good, sample: { kind: 'instruction', instruction: 'x', input: '' } }],
      ['negative tokens', { ...good, provenance: { ...good.provenance, usage: { promptTokens: -1, completionTokens: 0 } } }],
      ['seed ids not strings', { ...good, provenance: { ...good.provenance, seedIds: [12] } }],
      ['unknown severity', makeEventLike('checked', { flags: [{ code: 'x', severity: 'fatal', message: 'm' }] })],
      ['unknown decider', makeEventLike('accepted', { by: 'robot' })],
      ['reopened by a rule', makeEventLike('reopened', { by: 'rule' })],
      ['edited without a sample', makeEventLike('edited', { by: 'user' })],
      ['saved without a hash', makeEventLike('saved', { outputFile: 'out.jsonl' })],
      ['failed without retryable', makeEventLike('failed', { error: 'boom' })],
      ['verdict with text score', makeEventLike('judged', { verdict: { overall: 'good', criteria: [], models: [] } })],
      ['not an object', 'generated'],
    ];
    for (const [why, value] of bad) assert.equal(candidateEvent.safeParse(value).success, false, why);
  });
});

function makeEventLike(type: string, payload: Record<string, unknown>): Record<string, unknown> {
  return { v: 1, at: T0.toISOString(), type, candidateId: 'c1', ...payload };
}
