import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT, seedling } from './cliRunner';

describe('seedling CLI', () => {
  it('runs as an executable with a shebang and prints the package version', () => {
    const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    const result = seedling(['--version']);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, `${version}\n`);
  });
  it('prints its usage on --help and exits 0', () => {
    const result = seedling(['--help']);
    assert.equal(result.status, 0);
    assert.match(result.stdout, /^Usage: seedling <command> \[options\]/);
    for (const command of ['validate', 'inspect', 'convert']) assert.match(result.stdout, new RegExp(`\\n  ${command} +\\S`));
  });
  it('says what to do about an unknown command and exits 2', () => {
    const result = seedling(['frobnicate']);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /unknown command "frobnicate"\. Run "seedling --help"/);
  });
});
