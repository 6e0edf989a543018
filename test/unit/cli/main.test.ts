import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = join(__dirname, '..', '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');

function seedling(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(CLI, args, { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('seedling CLI', () => {
  it('runs as an executable with a shebang and prints the package version', () => {
    const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    const result = seedling('--version');
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, `${version}\n`);
  });
  it('prints its usage on --help and exits 0', () => {
    const result = seedling('--help');
    assert.equal(result.status, 0);
    assert.match(result.stdout, /^Usage: seedling <command> \[options\]/);
  });
  it('says what to do about an unknown command and exits 2', () => {
    const result = seedling('frobnicate');
    assert.equal(result.status, 2);
    assert.match(result.stderr, /unknown command "frobnicate"\. Run "seedling --help"/);
  });
});
