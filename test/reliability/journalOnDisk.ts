// Reading a run's journal and an output file as a crash left them on disk: every line must be
// an event or the one torn line a kill may leave, and no candidate or sample may appear twice.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson, sampleContentHash } from '../../src/core/model/contentHash';
import type { CandidateEvent } from '../../src/core/runs/candidateEvents';

/** Every journal line: parsed events, and whether a torn last line was found (the only damage allowed). */
export function rawJournal(runDir: string): { events: CandidateEvent[]; tornLast: boolean } {
  const path = join(runDir, 'candidates.jsonl');
  if (!existsSync(path)) return { events: [], tornLast: false };
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  const last = lines.pop() ?? '';
  const events: CandidateEvent[] = [];
  lines.forEach((line, index) => {
    if (line === '') return;
    try {
      events.push(JSON.parse(line) as CandidateEvent);
    } catch {
      // A line torn by an earlier kill, then closed by the next append's fresh line: only ever before a kill point.
      assert.ok(line.startsWith('{"v":') || '{"v":'.startsWith(line), `journal line ${index + 1} is neither an event nor a torn one: ${line.slice(0, 80)}`);
    }
  });
  let tornLast = false;
  if (last !== '') {
    try {
      events.push(JSON.parse(last) as CandidateEvent);
    } catch {
      tornLast = true;
    }
  }
  return { events, tornLast };
}

/** Candidate id → content hash, from the journal's `generated` lines; each id must appear once. */
export function generatedContent(events: readonly CandidateEvent[]): Map<string, string> {
  const content = new Map<string, string>();
  for (const event of events) {
    if (event.type !== 'generated') continue;
    assert.ok(!content.has(event.candidateId), `candidate ${event.candidateId} was generated twice`);
    content.set(event.candidateId, sampleContentHash(event.sample));
  }
  return content;
}

/** The samples in a JSON-lines file, asserting every line is whole. */
export function jsonlSamples(path: string): string[] {
  if (!existsSync(path)) return [];
  const text = readFileSync(path, 'utf8');
  if (text === '') return [];
  assert.ok(text.endsWith('\n'), `${path} ends in a torn line`);
  return text.slice(0, -1).split('\n').map((line) => {
    const record = JSON.parse(line) as { messages: { role: string; content: string }[] };
    return canonicalJson(record);
  });
}

