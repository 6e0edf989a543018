import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { errorCode, readFileIfExists, writeFileAtomic } from '../../../src/core/runs/atomicFile';

function systemError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: simulated`), { code });
}

describe('writeFileAtomic', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'seedling-atomic-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates a file that did not exist', async () => {
    const target = join(dir, 'data.jsonl');
    await writeFileAtomic(target, '{"a":1}\n');
    assert.equal(readFileSync(target, 'utf8'), '{"a":1}\n');
    assert.deepEqual(readdirSync(dir), ['data.jsonl']);
  });

  it('replaces the whole content of an existing file and leaves no temp file', async () => {
    const target = join(dir, 'data.jsonl');
    writeFileSync(target, 'old content that is much longer than the new one\n'.repeat(100));
    await writeFileAtomic(target, 'new\n');
    assert.equal(readFileSync(target, 'utf8'), 'new\n');
    assert.deepEqual(readdirSync(dir), ['data.jsonl']);
  });

  it('writes bytes as given and text as UTF-8', async () => {
    const bytes = join(dir, 'bytes.bin');
    await writeFileAtomic(bytes, new Uint8Array([0, 255, 10, 13]));
    assert.deepEqual([...readFileSync(bytes)], [0, 255, 10, 13]);
    const text = join(dir, 'text.txt');
    await writeFileAtomic(text, '种子 🌱');
    assert.deepEqual(readFileSync(text), Buffer.from('种子 🌱', 'utf8'));
  });

  it('applies the mode asked for, and otherwise keeps the mode of the file it replaces', { skip: process.platform === 'win32' && 'no POSIX permissions' }, async () => {
    const target = join(dir, 'secret.json');
    await writeFileAtomic(target, '{}', { mode: 0o600 });
    assert.equal(statSync(target).mode & 0o777, 0o600);
    await writeFileAtomic(target, '{"b":2}');
    assert.equal(statSync(target).mode & 0o777, 0o600);
  });

  it('retries a rename refused by a transient lock (EBUSY, EPERM, EACCES) and then succeeds', async () => {
    const target = join(dir, 'locked.json');
    writeFileSync(target, 'before');
    const failures = ['EBUSY', 'EPERM', 'EACCES'];
    const attempts: string[] = [];
    await writeFileAtomic(target, 'after', {
      fs: {
        rename: async (from, to) => {
          attempts.push(from);
          const code = failures.shift();
          if (code !== undefined) throw systemError(code);
          await rename(from, to);
        },
      },
    });
    assert.equal(attempts.length, 4);
    // Every attempt renames the same temp file, which sits beside the target with a dotted name.
    assert.equal(new Set(attempts).size, 1);
    assert.match(attempts[0] ?? '', /[/\\]\.locked\.json\.[0-9a-f]+\.tmp$/);
    assert.equal(readFileSync(target, 'utf8'), 'after');
    assert.deepEqual(readdirSync(dir), ['locked.json']);
  });

  it('gives up after the retries, removes its temp file and leaves the old content', async () => {
    const target = join(dir, 'locked.json');
    writeFileSync(target, 'before');
    let attempts = 0;
    const alwaysBusy = (): Promise<void> => {
      attempts++;
      return Promise.reject(systemError('EBUSY'));
    };
    await assert.rejects(writeFileAtomic(target, 'after', { retries: 2, fs: { rename: alwaysBusy } }), (error: unknown) => errorCode(error) === 'EBUSY');
    assert.equal(attempts, 3);
    assert.equal(readFileSync(target, 'utf8'), 'before');
    assert.deepEqual(readdirSync(dir), ['locked.json']);
  });

  it('tries five times by default', async () => {
    let attempts = 0;
    const alwaysBusy = (): Promise<void> => {
      attempts++;
      return Promise.reject(systemError('EPERM'));
    };
    await assert.rejects(writeFileAtomic(join(dir, 'x'), 'x', { fs: { rename: alwaysBusy } }));
    assert.equal(attempts, 5);
  });

  it('does not retry errors that are not transient locks', async () => {
    let attempts = 0;
    const crossDevice = (): Promise<void> => {
      attempts++;
      return Promise.reject(systemError('EXDEV'));
    };
    await assert.rejects(writeFileAtomic(join(dir, 'x'), 'x', { fs: { rename: crossDevice } }), (error: unknown) => errorCode(error) === 'EXDEV');
    assert.equal(attempts, 1);
    assert.deepEqual(readdirSync(dir), []);
  });

  it('fails without leaving anything when the directory does not exist', async () => {
    await assert.rejects(writeFileAtomic(join(dir, 'missing', 'file.json'), '{}'), (error: unknown) => errorCode(error) === 'ENOENT');
    assert.deepEqual(readdirSync(dir), []);
  });
});

describe('readFileIfExists', () => {
  it('returns the text of a file and undefined for a missing one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seedling-read-'));
    try {
      writeFileSync(join(dir, 'a.txt'), 'héllo');
      assert.equal(await readFileIfExists(join(dir, 'a.txt')), 'héllo');
      assert.equal(await readFileIfExists(join(dir, 'b.txt')), undefined);
      // Only absence is an answer; reading a folder is still an error.
      await assert.rejects(readFileIfExists(dir));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
