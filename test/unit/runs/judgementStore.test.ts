import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { appendJudgements, judgementsPath, readJudgements } from '../../../src/core/runs/judgementStore';
import { judgement } from './testEvents';

describe('the judgement store', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'seedling-judgements-'));
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('is empty before anything is judged, and keeps every appended judgement, one line each, in order', async () => {
    const path = judgementsPath(root);
    assert.equal(path, join(root, '.seedling', 'judgements.jsonl'));
    assert.deepEqual(await readJudgements(path), { judgements: [], skipped: [] });
    const first = judgement('a', 2);
    const later = [judgement('b', 4, 1), judgement('a', 5, 2)];
    await appendJudgements(path, [first]);
    await appendJudgements(path, later);
    await appendJudgements(path, []);
    assert.equal(readFileSync(path, 'utf8'), [first, ...later].map((j) => `${JSON.stringify(j)}\n`).join(''));
    assert.deepEqual(await readJudgements(path), { judgements: [first, ...later], skipped: [] });
  });

  it('skips a torn last line and lines that are not judgements, with a warning each, and appends after them on a fresh line', async () => {
    const path = judgementsPath(root);
    const kept = judgement('a', 3);
    await appendJudgements(path, [kept]);
    appendFileSync(path, '{"v":1,"at":"2026-11-21T06:31:45.000Z","rubric":"instr\n{"v":1,"contentHash":"nope"}\n{"v":1,"at":"2026-');
    const next = judgement('b', 4, 1);
    await appendJudgements(path, [next]);
    const read = await readJudgements(path);
    assert.deepEqual(read.judgements, [kept, next]);
    assert.equal(read.skipped.length, 3);
    assert.match(read.skipped[0] ?? '', /:2: not valid JSON/);
    assert.match(read.skipped[1] ?? '', /:3: not a judgement/);
  });

  it('refuses an invalid judgement and writes nothing', async () => {
    const path = judgementsPath(root);
    await assert.rejects(appendJudgements(path, [judgement('a', 3), { ...judgement('b', 3), contentHash: 'short' }]), /cannot go into/);
    assert.deepEqual((await readJudgements(path)).judgements, []);
  });
});
