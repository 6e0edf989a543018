import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { makeEvent, type CandidateEvent } from '../../../src/core/runs/candidateEvents';
import { CandidateJournal, journalPath, readJournal } from '../../../src/core/runs/journal';
import { generated, writerPayload } from './testEvents';

const line = (event: CandidateEvent): string => `${JSON.stringify(event)}\n`;

describe('CandidateJournal', () => {
  let runDir: string;
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'seedling-journal-'));
    runDir = join(root, '.seedling', 'runs', '20261121-063145-k3f9');
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('creates the run folder and an empty journal on open', async () => {
    const journal = await CandidateJournal.open(runDir);
    await journal.close();
    assert.equal(journal.path, join(runDir, 'candidates.jsonl'));
    assert.equal(readFileSync(journal.path, 'utf8'), '');
  });

  it('appends one complete line per event, single events and batches, and replays them in order', async () => {
    const events = [generated('c1'), generated('c2'), makeEvent('accepted', 'c1', { by: 'user', reason: 'good' }), makeEvent('rejected', 'c2', { by: 'rule' })];
    const journal = await CandidateJournal.open(runDir);
    await journal.append(events[0] as CandidateEvent);
    await journal.append(events.slice(1));
    await journal.append([]);
    await journal.close();
    assert.equal(readFileSync(journalPath(runDir), 'utf8'), events.map(line).join(''));
    assert.deepEqual(await readJournal(runDir), { events, problems: [] });
  });

  it('keeps appending to a journal reopened later', async () => {
    const first = await CandidateJournal.open(runDir);
    await first.append(generated('c1'));
    await first.close();
    const second = await CandidateJournal.open(runDir);
    await second.append(generated('c2'));
    await second.close();
    assert.deepEqual(
      (await readJournal(runDir)).events.map((e) => e.candidateId),
      ['c1', 'c2'],
    );
  });

  it('refuses a batch with an invalid event and writes none of it', async () => {
    const journal = await CandidateJournal.open(runDir);
    await journal.append(generated('c0'));
    const before = readFileSync(journal.path, 'utf8');
    const invalid = { ...generated('c2'), sample: { kind: 'instruction', instruction: 'only' } } as unknown as CandidateEvent;
    await assert.rejects(journal.append([generated('c1'), invalid]), /Event 2 of 2 cannot go into .*candidates\.jsonl: sample/);
    await assert.rejects(journal.append({ ...generated('c3'), candidateId: '' }), /The event cannot go into/);
    assert.equal(readFileSync(journal.path, 'utf8'), before);
    // A refused append does not stop later ones.
    await journal.append(generated('c4'));
    await journal.close();
    assert.deepEqual(
      (await readJournal(runDir)).events.map((e) => e.candidateId),
      ['c0', 'c4'],
    );
  });

  it('writes only what the schema knows', async () => {
    const journal = await CandidateJournal.open(runDir);
    await journal.append({ ...makeEvent('accepted', 'c1', { by: 'user' }), apiKey: 'sk-never' } as CandidateEvent);
    await journal.close();
    assert.doesNotMatch(readFileSync(journal.path, 'utf8'), /sk-never/);
  });

  it('writes concurrent appends of one process in call order', async () => {
    const journal = await CandidateJournal.open(runDir);
    // Big and small lines mixed, so that unordered writes would finish out of order.
    const calls = Array.from({ length: 60 }, (_, i) => journal.append(i % 3 === 0 ? [generated(`c${i}`, 'x'.repeat(50_000 + i)), generated(`c${i}b`)] : generated(`c${i}`)));
    await Promise.all(calls);
    await journal.close();
    const expected = Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? [`c${i}`, `c${i}b`] : [`c${i}`])).flat();
    const { events, problems } = await readJournal(runDir);
    assert.deepEqual(problems, []);
    assert.deepEqual(
      events.map((e) => e.candidateId),
      expected,
    );
  });

  it('refuses appends after close', async () => {
    const journal = await CandidateJournal.open(runDir);
    await journal.close();
    await assert.rejects(journal.append(generated('c1')), /closed/);
  });

  describe('after a crash left a torn last line', () => {
    const torn = '{"v":1,"at":"2026-11-21T06:31:45.000Z","type":"generated","candidateId":"c3","sample":{"kind":"instr';

    it('replays every complete event and warns about the torn line', async () => {
      const complete = [generated('c1'), generated('c2')];
      const journal = await CandidateJournal.open(runDir);
      await journal.append(complete);
      await journal.close();
      appendFileSync(journalPath(runDir), torn);

      const { events, problems } = await readJournal(runDir);
      assert.deepEqual(events, complete);
      assert.equal(problems.length, 1);
      const [warning] = problems;
      assert.ok(warning);
      assert.deepEqual([warning.line, warning.column, warning.code, warning.severity], [3, 1, 'invalid-json', 'warning']);
      assert.match(warning.message, /interrupted write.*skipped/);
    });

    it('starts the next append on a new line, once, leaving the fragment as its own line', async () => {
      mkdirSync(runDir, { recursive: true });
      writeFileSync(journalPath(runDir), line(generated('c1')) + torn);
      const journal = await CandidateJournal.open(runDir);
      await journal.append(generated('c2'));
      await journal.append(generated('c4'));
      await journal.close();
      assert.equal(readFileSync(journalPath(runDir), 'utf8'), `${line(generated('c1'))}${torn}\n${line(generated('c2'))}${line(generated('c4'))}`);

      const { events, problems } = await readJournal(runDir);
      assert.deepEqual(
        events.map((e) => e.candidateId),
        ['c1', 'c2', 'c4'],
      );
      // No longer the last line, but still recognisably the start of an event cut short.
      assert.deepEqual(
        problems.map((p) => [p.line, p.code, p.severity]),
        [[2, 'invalid-json', 'warning']],
      );
      assert.match(problems[0]?.message ?? '', /interrupted write/);
    });

    it('still knows a line cut within its first bytes for a torn one once later lines follow it', async () => {
      mkdirSync(runDir, { recursive: true });
      writeFileSync(journalPath(runDir), `${line(generated('c1'))}{"v"`);
      const journal = await CandidateJournal.open(runDir);
      await journal.append(generated('c2'));
      await journal.close();
      const { events, problems } = await readJournal(runDir);
      assert.deepEqual(events.map((e) => e.candidateId), ['c1', 'c2']);
      assert.deepEqual(problems.map((p) => [p.line, p.code, p.severity]), [[2, 'invalid-json', 'warning']]);
    });

    it('adds no newline when the journal already ends with one', async () => {
      mkdirSync(runDir, { recursive: true });
      writeFileSync(journalPath(runDir), line(generated('c1')));
      const journal = await CandidateJournal.open(runDir);
      await journal.append(generated('c2'));
      await journal.close();
      assert.equal(readFileSync(journalPath(runDir), 'utf8'), line(generated('c1')) + line(generated('c2')));
    });
  });

  describe('replay', () => {
    beforeEach(() => {
      mkdirSync(runDir, { recursive: true });
    });

    it('reads a missing journal as empty', async () => {
      rmSync(runDir, { recursive: true });
      assert.deepEqual(await readJournal(runDir), { events: [], problems: [] });
    });

    it('skips a bad line in the middle with an error and keeps the lines around it', async () => {
      const valid = [generated('c1'), generated('c2'), generated('c3')];
      const notJson = '{"candidateId": "c9", oops';
      const notAnEvent = JSON.stringify({ v: 1, at: '2026-11-21T06:31:45.000Z', type: 'accepted', candidateId: 'c1', by: 'robot' });
      writeFileSync(journalPath(runDir), [line(valid[0] as CandidateEvent), `${notJson}\n`, line(valid[1] as CandidateEvent), `${notAnEvent}\n`, line(valid[2] as CandidateEvent)].join(''));
      const { events, problems } = await readJournal(runDir);
      assert.deepEqual(events, valid);
      assert.deepEqual(
        problems.map((p) => [p.line, p.column, p.code, p.severity]),
        [
          [2, 1, 'invalid-json', 'error'],
          [4, 1, 'wrong-type', 'error'],
        ],
      );
      assert.match(problems[0]?.message ?? '', /^Line 2 is not valid JSON; skipped/);
      assert.match(problems[1]?.message ?? '', /^Line 4 is not a valid candidate event; skipped \(by: /);
    });

    it('reports a line that parses but is not an event as wrong-type even when it is last', async () => {
      writeFileSync(journalPath(runDir), `${line(generated('c1'))}[1,2,3]`);
      const { events, problems } = await readJournal(runDir);
      assert.equal(events.length, 1);
      assert.deepEqual(
        problems.map((p) => [p.line, p.code, p.severity]),
        [[2, 'wrong-type', 'error']],
      );
    });

    it('reads a complete last event that lacks only its newline', async () => {
      writeFileSync(journalPath(runDir), `${line(generated('c1'))}${JSON.stringify(generated('c2'))}`);
      assert.deepEqual(await readJournal(runDir), { events: [generated('c1'), generated('c2')], problems: [] });
    });

    it('tolerates a byte order mark, CRLF line ends and blank lines, counting lines as an editor does', async () => {
      const crlf = (event: CandidateEvent): string => `${JSON.stringify(event)}\r\n`;
      writeFileSync(journalPath(runDir), `\uFEFF${crlf(generated('c1'))}\r\n   \n${crlf(generated('c2'))}oops\r\n`);
      const { events, problems } = await readJournal(runDir);
      assert.deepEqual(events, [generated('c1'), generated('c2')]);
      assert.deepEqual(
        problems.map((p) => [p.line, p.code, p.length]),
        [[5, 'invalid-json', 4]],
      );
    });

    it('streams lines longer than a read chunk, with multi-byte characters split across chunks', async () => {
      const big = [generated('c1', '种子'.repeat(150_000)), generated('c2', '🌱'.repeat(70_001)), generated('c3', 'short')];
      writeFileSync(journalPath(runDir), big.map(line).join(''));
      const entries = [];
      for await (const entry of CandidateJournal.replay(runDir)) entries.push(entry);
      assert.deepEqual(
        entries.map((e) => (e.kind === 'event' ? [e.line, e.event] : e.problem)),
        big.map((event, i) => [i + 1, event]),
      );
    });

    it('can stop early without reading the rest', async () => {
      writeFileSync(journalPath(runDir), [generated('c1'), generated('c2'), generated('c3')].map(line).join(''));
      const seen: string[] = [];
      for await (const entry of CandidateJournal.replay(runDir)) {
        if (entry.kind === 'event') seen.push(entry.event.candidateId);
        if (seen.length === 2) break;
      }
      assert.deepEqual(seen, ['c1', 'c2']);
      // The file handle was released: the journal can be removed and reopened.
      rmSync(journalPath(runDir));
      assert.equal(existsSync(journalPath(runDir)), false);
    });
  });

  describe('two processes appending at once', () => {
    const script = join(__dirname, 'journalWriter.process.js');
    const perWriter = 300;

    function runWriter(prefix: string, startAt: number): Promise<void> {
      return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [script, runDir, String(perWriter), prefix, String(startAt)], { stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
        child.on('error', reject);
        child.on('close', (code) => {
          if (code === 0) resolve();
          else reject(new Error(`writer ${prefix} exited with ${String(code)}: ${stderr}`));
        });
      });
    }

    it('never interleaves their lines, and keeps each writer in its own order', { timeout: 60_000 }, async () => {
      // Both start at the same moment, so their appends really overlap.
      const startAt = Date.now() + 400;
      await Promise.all([runWriter('alpha', startAt), runWriter('beta', startAt)]);

      const text = readFileSync(journalPath(runDir), 'utf8');
      const all = text.split('\n');
      assert.equal(all.pop(), '', 'the journal ends with a newline');
      // A writer's first append may start with a newline when it sees the other writer's line
      // half-way through being written: at most one empty line per writer, never a torn one.
      const lines = all.filter((l) => l !== '');
      assert.ok(all.length - lines.length <= 2, `${all.length - lines.length} empty lines`);
      assert.equal(lines.length, 2 * perWriter);
      for (const [i, l] of lines.entries()) assert.doesNotThrow(() => JSON.parse(l), `line ${i + 1} is whole JSON`);

      const { events, problems } = await readJournal(runDir);
      assert.deepEqual(problems, []);
      assert.equal(events.length, 2 * perWriter);
      for (const prefix of ['alpha', 'beta']) {
        const mine = events.filter((e) => e.candidateId.startsWith(`${prefix}-`));
        assert.deepEqual(
          mine.map((e) => e.candidateId),
          Array.from({ length: perWriter }, (_, i) => `${prefix}-${i}`),
        );
        for (const [i, e] of mine.entries()) {
          assert.ok(e.type === 'generated' && e.sample.kind === 'completion' && e.sample.completion === writerPayload(prefix, i), `${prefix}-${i} is intact`);
        }
      }
    });
  });
});
