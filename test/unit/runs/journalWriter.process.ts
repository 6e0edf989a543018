// Helper program for the journal tests: appends events to a journal from its own OS process.
//   node journalWriter.process.js <runDir> <count> <candidateIdPrefix> [startAtEpochMs]
// Waits until startAt (so two writers really overlap), then appends <count> events one at a time,
// each carrying 2–8 KB of text so that lines are far larger than a single small write.
import { makeEvent } from '../../../src/core/runs/candidateEvents';
import { CandidateJournal } from '../../../src/core/runs/journal';
import { writerPayload } from './testEvents';

async function main(): Promise<void> {
  const [runDir, countText, prefix, startAtText] = process.argv.slice(2);
  if (runDir === undefined || countText === undefined || prefix === undefined) throw new Error('usage: journalWriter.process.js <runDir> <count> <prefix> [startAtEpochMs]');
  const count = Number(countText);
  const wait = Number(startAtText ?? 0) - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  const journal = await CandidateJournal.open(runDir);
  try {
    for (let i = 0; i < count; i++) {
      const sample = { kind: 'completion' as const, prompt: `${prefix} #${i}`, completion: writerPayload(prefix, i) };
      const provenance = { strategy: 'stress', models: ['m'], templateHash: 't', seedIds: [`line:${i + 1}`], at: new Date().toISOString(), usage: { promptTokens: 1, completionTokens: 1 } };
      await journal.append(makeEvent('generated', `${prefix}-${i}`, { sample, provenance }));
    }
  } finally {
    await journal.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
