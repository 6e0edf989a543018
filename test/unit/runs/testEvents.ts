// Events for the run-journal tests, built the way the engine builds them.
import type { Sample } from '../../../src/core/model/sample';
import { makeEvent, type CandidateEventOf, type Provenance } from '../../../src/core/runs/candidateEvents';

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
