import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { HEARTBEAT_STALE_AFTER_MS, holdRunLock, judgeLiveness, RUN_LOCK_FILE, type RunLock, RunLiveElsewhereError, runLiveness } from '../../../src/core/runs/runLock';

const NOW = new Date('2026-11-21T12:00:00.000Z');
const lock = (overrides: Partial<RunLock> = {}): RunLock => ({ pid: 4242, host: 'here', startedAt: '2026-11-21T11:00:00.000Z', heartbeatAt: '2026-11-21T11:59:55.000Z', ...overrides });
const context = (alive: readonly number[]) => ({ host: 'here', now: NOW, isProcessAlive: (pid: number) => alive.includes(pid) });

/** The pid of a process that has ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  assert.ok(child.pid > 0);
  return child.pid;
}

describe('run liveness', () => {
  it('a run whose manifest does not say running is not running, whatever its lock says', () => {
    assert.equal(judgeLiveness('cancelled', lock(), context([4242])).state, 'not-running');
    assert.equal(judgeLiveness('completed', undefined, context([])).state, 'not-running');
  });

  it('a running run with no lock was interrupted', () => {
    assert.deepEqual(judgeLiveness('running', undefined, context([4242])), { state: 'interrupted', reason: 'no-lock' });
  });

  it('a lock of this host whose process is gone means interrupted, at once, however fresh its heartbeat', () => {
    const result = judgeLiveness('running', lock({ heartbeatAt: NOW.toISOString() }), context([]));
    assert.deepEqual(result, { state: 'interrupted', reason: 'process-gone', lock: lock({ heartbeatAt: NOW.toISOString() }) });
  });

  it('a live process with a fresh heartbeat is live', () => {
    assert.equal(judgeLiveness('running', lock(), context([4242])).state, 'live');
  });

  it('a stale heartbeat means interrupted even when the pid exists (reused by another process)', () => {
    const stale = new Date(NOW.getTime() - HEARTBEAT_STALE_AFTER_MS - 1000).toISOString();
    const result = judgeLiveness('running', lock({ heartbeatAt: stale }), context([4242]));
    assert.equal(result.state === 'interrupted' ? result.reason : result.state, 'heartbeat-stale');
  });

  it('a lock of another host is judged by its heartbeat alone: its pid means nothing here', () => {
    assert.equal(judgeLiveness('running', lock({ host: 'elsewhere' }), context([])).state, 'live');
    const stale = new Date(NOW.getTime() - HEARTBEAT_STALE_AFTER_MS - 1000).toISOString();
    assert.equal(judgeLiveness('running', lock({ host: 'elsewhere', heartbeatAt: stale }), context([4242])).state, 'interrupted');
  });
});

describe('run lock', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'seedling-lock-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('is held while a run goes on and removed when it ends', async () => {
    const held = await holdRunLock(dir, 'r1');
    const written = JSON.parse(readFileSync(join(dir, RUN_LOCK_FILE), 'utf8')) as RunLock;
    assert.equal(written.pid, process.pid);
    assert.equal(written.host, hostname());
    assert.equal((await runLiveness(dir, 'running')).state, 'live');
    await held.release();
    assert.equal(existsSync(join(dir, RUN_LOCK_FILE)), false);
    assert.equal((await runLiveness(dir, 'running')).state, 'interrupted');
  });

  it('refuses a second claim while the run is live, in this process too', async () => {
    const held = await holdRunLock(dir, 'r1');
    try {
      await assert.rejects(holdRunLock(dir, 'r1'), RunLiveElsewhereError);
    } finally {
      await held.release();
    }
  });

  it('takes over the lock of a crashed process, and a half-written lock proves nothing', async () => {
    writeFileSync(join(dir, RUN_LOCK_FILE), JSON.stringify(lock({ pid: deadPid(), host: hostname(), heartbeatAt: new Date().toISOString() })));
    assert.equal((await runLiveness(dir, 'running')).state, 'interrupted');
    const held = await holdRunLock(dir, 'r1');
    await held.release();
    writeFileSync(join(dir, RUN_LOCK_FILE), '{"pid": 12');
    assert.deepEqual(await runLiveness(dir, 'running'), { state: 'interrupted', reason: 'no-lock' });
  });

  it('sees a run live while another process generates it, and interrupted once that process is killed', { timeout: 60_000 }, async () => {
    const child = spawn(process.execPath, [join(__dirname, 'runLockHolder.process.js'), dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let errors = '';
      child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('held')) resolve();
        });
        child.on('exit', (code) => {
          reject(new Error(`the holder exited (${String(code)}): ${errors}`));
        });
      });
      const live = await runLiveness(dir, 'running');
      assert.equal(live.state, 'live');
      assert.equal(live.lock.pid, child.pid);
      await assert.rejects(holdRunLock(dir, 'held-elsewhere'), /still being generated by process \d+/);
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
      const after = await runLiveness(dir, 'running');
      assert.equal(after.state === 'interrupted' ? after.reason : after.state, 'process-gone');
      const held = await holdRunLock(dir, 'held-elsewhere');
      await held.release();
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
