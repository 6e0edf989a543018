import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { RunLiveness } from '../../../src/core/runs/runLock';
import type { RunManifest, RunStatus } from '../../../src/core/runs/runManifest';
import { isResumable, resumeObstacle } from '../../../src/core/runs/runResumption';

const SEED_TEXT = '{"instruction":"a","input":"","output":"b"}\n';
const NOT_RUNNING: RunLiveness = { state: 'not-running' };
const INTERRUPTED: RunLiveness = { state: 'interrupted', reason: 'process-gone' };
const LIVE_LOCK = { pid: 7, host: 'build-box', startedAt: '2026-11-21T06:31:45.000Z', heartbeatAt: '2026-11-21T06:31:55.000Z' };
const LIVE: RunLiveness = { state: 'live', lock: LIVE_LOCK };

function manifest(status: RunStatus, sha256 = createHash('sha256').update(SEED_TEXT).digest('hex')): RunManifest {
  const at = '2026-11-21T06:31:45.000Z';
  return {
    version: 1,
    id: 'r1',
    createdAt: at,
    updatedAt: at,
    status,
    seed: { path: 'data/seed.jsonl', sha256, format: 'alpaca', records: 1 },
    config: { strategy: 'self-instruct', count: 10, temperature: 0.7, options: {} },
    provider: { id: 'custom', baseUrl: 'http://localhost', models: { generator: ['m'], judge: [] } },
    templates: {},
    counts: { generated: 3, accepted: 0, rejected: 0, pending: 3, saved: 0, failed: 0 },
    usage: { requests: 3, promptTokens: 30, completionTokens: 30 },
    cost: { usd: 0 },
    timestamps: { started: at },
  };
}

describe('resuming a run', () => {
  let workspace: string;
  beforeEach(() => {
    workspace = mkdtempSync(join(tmpdir(), 'seedling-resume-'));
    mkdirSync(join(workspace, 'data'));
    writeFileSync(join(workspace, 'data', 'seed.jsonl'), SEED_TEXT);
  });
  afterEach(() => {
    rmSync(workspace, { recursive: true, force: true });
  });

  it('offers every stopped run and an interrupted one, never a complete or a live one', () => {
    for (const status of ['cancelled', 'paused', 'failed'] as const) assert.equal(isResumable(manifest(status), NOT_RUNNING), true, status);
    assert.equal(isResumable(manifest('running'), INTERRUPTED), true);
    assert.equal(isResumable(manifest('running'), LIVE), false);
    assert.equal(isResumable(manifest('completed'), NOT_RUNNING), false);
  });

  it('lets a stopped run with its seed file unchanged go on', async () => {
    assert.equal(await resumeObstacle(workspace, manifest('cancelled'), NOT_RUNNING), undefined);
    assert.equal(await resumeObstacle(workspace, manifest('running'), INTERRUPTED), undefined);
  });

  it('refuses a run still generated elsewhere, naming the process', async () => {
    assert.deepEqual(await resumeObstacle(workspace, manifest('running'), LIVE), { kind: 'live', lock: LIVE_LOCK });
  });

  it('refuses when the seed file changed or is gone', async () => {
    writeFileSync(join(workspace, 'data', 'seed.jsonl'), `${SEED_TEXT}{"instruction":"c","input":"","output":"d"}\n`);
    assert.equal((await resumeObstacle(workspace, manifest('paused'), NOT_RUNNING))?.kind, 'seed-changed');
    rmSync(join(workspace, 'data', 'seed.jsonl'));
    assert.deepEqual(await resumeObstacle(workspace, manifest('paused'), NOT_RUNNING), { kind: 'seed-missing', seedPath: join(workspace, 'data', 'seed.jsonl') });
  });

  it('has nothing to resume in a complete run', async () => {
    assert.deepEqual(await resumeObstacle(workspace, manifest('completed'), NOT_RUNNING), { kind: 'complete' });
  });
});
