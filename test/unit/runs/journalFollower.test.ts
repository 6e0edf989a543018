import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { makeEvent, type CandidateEvent } from '../../../src/core/runs/candidateEvents';
import { reduceEvents } from '../../../src/core/runs/candidateState';
import { CandidateJournal, journalPath, readJournal } from '../../../src/core/runs/journal';
import { JournalFollower } from '../../../src/core/runs/journalFollower';
import { generated } from './testEvents';

const line = (event: CandidateEvent): string => `${JSON.stringify(event)}\n`;

describe('JournalFollower', () => {
  let root: string;
  let runDir: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'seedling-follower-'));
    runDir = join(root, '.seedling', 'runs', '20261121-063145-k3f9');
    mkdirSync(runDir, { recursive: true });
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('reads a missing journal as no candidates, then the journal once it exists', async () => {
    const follower = new JournalFollower(runDir);
    assert.equal((await follower.refresh()).states.size, 0);
    writeFileSync(journalPath(runDir), line(generated('c1')));
    const { states, changed } = await follower.refresh();
    assert.equal(changed, true);
    assert.deepEqual([...states.keys()], ['c1']);
  });

  it('reads only what was appended, and agrees with a full read after every append', async () => {
    const follower = new JournalFollower(runDir);
    const journal = await CandidateJournal.open(runDir);
    await journal.append([generated('c1'), generated('c2')]);
    const first = await follower.refresh();
    const size = follower.bytesRead;
    await journal.append(makeEvent('accepted', 'c1', { by: 'user' }));
    const second = await follower.refresh();
    await journal.close();
    assert.ok(follower.bytesRead > size);
    assert.equal(first.states.get('c1')?.status, 'pending', 'an earlier snapshot stays as it was');
    assert.equal(second.states.get('c1')?.status, 'accepted');
    assert.deepEqual(second.states, reduceEvents((await readJournal(runDir)).events));
    const unchanged = await follower.refresh();
    assert.equal(unchanged.changed, false);
    assert.equal(unchanged.states, second.states, 'nothing new: the same snapshot');
  });

  it('leaves a line still being written for the next refresh', async () => {
    const follower = new JournalFollower(runDir);
    const whole = line(generated('c1')) + line(generated('c2'));
    writeFileSync(journalPath(runDir), whole.slice(0, whole.length - 20));
    assert.deepEqual([...(await follower.refresh()).states.keys()], ['c1']);
    appendFileSync(journalPath(runDir), whole.slice(whole.length - 20));
    assert.deepEqual([...(await follower.refresh()).states.keys()], ['c1', 'c2']);
  });

  it('reports a broken line with its number once, and goes on after it', async () => {
    const follower = new JournalFollower(runDir);
    writeFileSync(journalPath(runDir), `${line(generated('c1'))}not json\n`);
    const first = await follower.refresh();
    assert.deepEqual(first.problems.map((p) => [p.line, p.code]), [[2, 'invalid-json']]);
    appendFileSync(journalPath(runDir), line(generated('c3')));
    const second = await follower.refresh();
    assert.deepEqual(second.problems, []);
    assert.deepEqual([...second.states.keys()], ['c1', 'c3']);
  });

  it('starts over when the journal is replaced or cut', async () => {
    const follower = new JournalFollower(runDir);
    writeFileSync(journalPath(runDir), line(generated('c1')) + line(generated('c2')));
    await follower.refresh();
    // Another journal in its place, as long as the first: a different file.
    rmSync(journalPath(runDir));
    writeFileSync(journalPath(runDir), line(generated('d1')) + line(generated('d2')) + line(generated('d3')));
    assert.deepEqual([...(await follower.refresh()).states.keys()], ['d1', 'd2', 'd3']);
    // Rewritten in place, shorter.
    writeFileSync(journalPath(runDir), line(generated('e1')));
    assert.deepEqual([...(await follower.refresh()).states.keys()], ['e1']);
    // Rewritten in place, longer, same start length: the bytes before the offset differ.
    writeFileSync(journalPath(runDir), line(generated('f1')) + line(generated('f2')));
    assert.deepEqual([...(await follower.refresh()).states.keys()], ['f1', 'f2']);
    rmSync(journalPath(runDir));
    const gone = await follower.refresh();
    assert.equal(gone.changed, true);
    assert.equal(gone.states.size, 0);
  });

  it('gives concurrent callers the same fresh states, and reports progress on a long read', async () => {
    const events: CandidateEvent[] = [];
    for (let i = 0; i < 6000; i++) events.push(generated(`c${i}`, `an output long enough to fill a few chunks of the journal ${'x'.repeat(200)} ${i}`));
    writeFileSync(journalPath(runDir), events.map(line).join(''));
    const follower = new JournalFollower(runDir);
    const seen: number[] = [];
    const [a, b] = await Promise.all([follower.refresh({ onProgress: (progress, states) => { seen.push(states.size); assert.ok(progress.bytesRead <= progress.bytesTotal); } }), follower.refresh()]);
    assert.equal(a.states.size, 6000);
    assert.equal(b.states, a.states);
    assert.ok(seen.length > 1, 'progress after each chunk');
    assert.ok((seen[0] ?? 0) < 6000, 'the first progress comes before the end');
  });
});
