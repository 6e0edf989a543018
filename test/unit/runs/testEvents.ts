// Events for the run-journal tests, built the way the engine builds them.
import { sampleContentHash } from '../../../src/core/model/contentHash';
import type { Sample } from '../../../src/core/model/sample';
import { makeEvent, type CandidateEventOf, type Provenance } from '../../../src/core/runs/candidateEvents';
import type { EditorJudgement } from '../../../src/core/runs/judgementStore';

export const T0 = new Date('2026-11-21T06:31:45.000Z');

/** T0 plus `seconds`, so tests can order events in time. */
export function at(seconds: number): Date {
  return new Date(T0.getTime() + seconds * 1000);
}

export function instruction(output: string): Sample {
  return { kind: 'instruction', instruction: 'Summarize the text.', input: 'Some text.', output };
}

export function provenanceFor(seedIds: string[] = ['line:1']): Provenance {
  return {
    strategy: 'paraphrase',
    models: ['gpt-test'],
    templateHash: 'a'.repeat(64),
    seedIds,
    at: T0.toISOString(),
    usage: { promptTokens: 120, completionTokens: 40 },
  };
}

export function generated(candidateId: string, output = `output of ${candidateId}`, seconds = 0): CandidateEventOf<'generated'> {
  return makeEvent('generated', candidateId, { sample: instruction(output), provenance: provenanceFor() }, at(seconds));
}

/** The 2–8 KB text of event `index` of a journal writer process (multi-byte, so bytes ≠ characters). */
export function writerPayload(prefix: string, index: number): string {
  const size = 2048 + ((index * 7919) % 6144);
  return `${prefix}é`.repeat(size).slice(0, size);
}

/** A judgement given in the editor to `instruction(output)`, `seconds` after T0. */
export function judgement(output: string, overall: number, seconds = 0): EditorJudgement {
  return {
    v: 1,
    at: at(seconds).toISOString(),
    contentHash: sampleContentHash(instruction(output)),
    rubric: 'instruction',
    models: ['seedling-judge'],
    verdict: { overall, criteria: [{ name: 'accuracy', score: overall, reason: '准确' }], critique: 'Say more.', models: ['seedling-judge'], rubric: 'instruction', passed: overall >= 3.5 },
  };
}
