import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSeedFilePath } from '../../../src/core/seedFiles';

describe('seed file names', () => {
  it('accepts JSONL, JSON and CSV in any case', () => {
    for (const path of ['a.jsonl', 'dir/b.JSON', 'C:\\data\\c.Csv', '/x/y/z.synthetic.jsonl']) assert.equal(isSeedFilePath(path), true, path);
  });
  it('refuses everything else', () => {
    for (const path of ['a.ts', 'jsonl', 'a.jsonl.bak', 'data.parquet', 'a.json5']) assert.equal(isSeedFilePath(path), false, path);
  });
});
