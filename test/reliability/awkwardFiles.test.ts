// Awkward files through the reader as users reach it: `seedling validate`, `seedling inspect`
// and the seeds of `seedling generate --dry-run`. Every problem is reported with its line,
// the valid lines are used, and memory stays bounded even on a 1 GB file.
import * as assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type CliResult, runCli } from './cliRun';

const record = (instruction: string, output: string): string => JSON.stringify({ instruction, input: '', output });
const FIVE_MB = 5 * 1024 * 1024;
/** What the reader may use at most, whatever the file's size. */
const MAX_RSS_MB = 400;

let dir = '';
const findings: string[] = [];

function write(name: string, content: string | Uint8Array): string {
  writeFileSync(join(dir, name), content);
  return name;
}

function cli(args: readonly string[], timeoutMs = 60_000): Promise<CliResult> {
  return runCli(args, { cwd: dir, timeoutMs });
}

/** The dry run a user makes before spending anything: it reads the seeds and prints the first prompt. */
function dryRun(seed: string): Promise<CliResult> {
  return cli(['generate', seed, '--dry-run', '--strategy', 'self-instruct', '--count', '3', '--model', 'seedling-test-small', '--base-url', 'http://127.0.0.1:9/v1']);
}

function note(file: string, result: CliResult, what: string): void {
  findings.push(`${file} | ${what} | exit ${String(result.code)} | ${result.seconds.toFixed(1)} s | peak RSS ${result.peakRssMb?.toFixed(0) ?? '?'} MB`);
}

describe('awkward files in validate, inspect and generate --dry-run', () => {
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sdl-awkward-'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
    console.log(`\nfile | command | exit | wall | memory\n${findings.join('\n')}`);
  });

  it('reads a file that starts with a byte-order mark, and keeps the mark out of the prompt', async () => {
    const file = write('bom.jsonl', `\uFEFF${record('第一个问题？', '第一个回答。')}\n${record('second question?', 'second answer.')}\n`);
    const validate = await cli(['validate', file]);
    note(file, validate, 'validate');
    assert.equal(validate.code, 0, validate.stdout);
    assert.match(validate.stderr, /bom\.jsonl: 2 records .* 0 errors, 0 warnings/);
    const inspect = await cli(['inspect', file]);
    assert.match(inspect.stdout, /container\s+jsonl, with BOM/);
    const dry = await dryRun(file);
    note(file, dry, 'generate --dry-run');
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /\(2 instruction seeds, alpaca\)/);
    assert.ok(!dry.stdout.includes('\uFEFF'), 'the byte-order mark is not part of a seed');
  });

  it('reads CRLF line ends without leaving a carriage return in a seed', async () => {
    const file = write('crlf.jsonl', `${record('q one?', 'a one.')}\r\n${record('q two?', 'a two.')}\r\n`);
    const validate = await cli(['validate', file]);
    note(file, validate, 'validate');
    assert.equal(validate.code, 0, validate.stdout);
    assert.match(validate.stderr, /2 records .* 0 errors, 0 warnings/);
    assert.match((await cli(['inspect', file])).stdout, /container\s+jsonl, CRLF/);
    const dry = await dryRun(file);
    note(file, dry, 'generate --dry-run');
    assert.match(dry.stdout, /\(2 instruction seeds, alpaca\)/);
    assert.ok(!dry.stdout.includes('\r'), 'no carriage return reaches the prompt');
  });

  it('does not split a line at U+2028 or U+2029 inside a string', async () => {
    const file = write('separators.jsonl', `${record('first\u2028line of q one?', 'para\u2029graph one.')}\n${record('q two?', 'a two.')}\n`);
    const validate = await cli(['validate', file]);
    note(file, validate, 'validate');
    assert.equal(validate.code, 0, validate.stdout);
    assert.match(validate.stderr, /2 records .* 0 errors/);
    const dry = await dryRun(file);
    note(file, dry, 'generate --dry-run');
    assert.match(dry.stdout, /\(2 instruction seeds, alpaca\)/);
    assert.ok(dry.stdout.includes('first\u2028line of q one?'), 'the seed keeps its separator, whole');
  });

  it('reads a 5 MB line and still reports a broken line after it at the right line number', async () => {
    const file = write('huge-line.jsonl', [record('q one?', 'a one.'), record('a long one?', 'x'.repeat(FIVE_MB)), record('q three?', 'a three.'), '{"instruction": "cut', record('q five?', 'a five.'), ''].join('\n'));
    const validate = await cli(['validate', file]);
    note(file, validate, 'validate');
    assert.equal(validate.code, 1);
    assert.match(validate.stdout, /^huge-line\.jsonl:4:\d+: invalid-json: /m);
    assert.match(validate.stderr, /4 records .* 1 errors/);
    const dry = await dryRun(file);
    note(file, dry, 'generate --dry-run');
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /\(4 instruction seeds, alpaca\)/);
    assert.match(dry.stderr, /^huge-line\.jsonl:4:\d+: invalid-json: .*\(line left out of the seeds\)/m);
  });

  it('says a binary file is binary, in every command, and generates nothing from it', async () => {
    const bytes = new Uint8Array(64 * 1024);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 256;
    const file = write('binary.jsonl', bytes);
    const validate = await cli(['validate', file]);
    note(file, validate, 'validate');
    assert.equal(validate.code, 1);
    assert.match(validate.stdout, /^binary\.jsonl:1:1: binary-file: this is a binary file, not a text dataset/m);
    const inspect = await cli(['inspect', file]);
    assert.equal(inspect.code, 1);
    assert.match(inspect.stdout, /1 binary-file/);
    const dry = await dryRun(file);
    note(file, dry, 'generate --dry-run');
    assert.equal(dry.code, 1);
    assert.match(dry.stderr, /binary\.jsonl has no usable records \(1 errors\): run "seedling validate" on it to see what is wrong/);
  });

  it('says an empty file is empty, and generates nothing from it', async () => {
    const file = write('empty.jsonl', '');
    const validate = await cli(['validate', file]);
    note(file, validate, 'validate');
    assert.match(validate.stdout, /^empty\.jsonl:1:1: empty-file: the file holds no records/m);
    const dry = await dryRun(file);
    note(file, dry, 'generate --dry-run');
    assert.equal(dry.code, 1);
    assert.match(dry.stderr, /empty\.jsonl has no usable records/);
  });

  it('tells which seed lines a dry run leaves out, and uses the rest', async () => {
    const file = write('one-broken.jsonl', `${record('q one?', 'a one.')}\n{"instruction": "q two", "output": \n${record('q three?', 'a three.')}\n`);
    const dry = await dryRun(file);
    note(file, dry, 'generate --dry-run');
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /\(2 instruction seeds, alpaca\)/);
    assert.match(dry.stderr, /^one-broken\.jsonl:2:\d+: invalid-json: .*\(line left out of the seeds\)$/m);
  });

  it('streams a 1 GB JSONL file in bounded memory, reporting each broken line with its number', { timeout: 15 * 60_000 }, async () => {
    // A thousand distinct records, repeated, with three broken lines at known places.
    const block = Array.from({ length: 1000 }, (_, i) => record(`question ${i} about the housing fund?`, `answer ${i}: ${'x'.repeat(150)}`)).join('\n') + '\n';
    const blocks = Math.ceil(1e9 / Buffer.byteLength(block));
    const broken = new Map<number, string>([[1, '{"instruction": "cut off'], [Math.floor(blocks / 2), '{"instruction": 1, "input": "", "output": "x"'], [blocks - 1, 'not json at all']]);
    const file = join(dir, 'one-gigabyte.jsonl');
    const fd = openSync(file, 'w');
    const brokenLines: number[] = [];
    let line = 0;
    try {
      for (let b = 0; b < blocks; b++) {
        writeSync(fd, block);
        line += 1000;
        const bad = broken.get(b);
        if (bad !== undefined) {
          writeSync(fd, `${bad}\n`);
          brokenLines.push(++line);
        }
      }
    } finally {
      closeSync(fd);
    }
    const goodRecords = blocks * 1000;
    try {
      for (const command of ['validate', 'inspect'] as const) {
        const result = await cli([command, 'one-gigabyte.jsonl'], 10 * 60_000);
        note(`one-gigabyte.jsonl (${blocks * Buffer.byteLength(block)} bytes, ${line} lines)`, result, command);
        assert.equal(result.code, 1, result.stderr);
        assert.ok((result.peakRssMb ?? 0) < MAX_RSS_MB, `${command} peaked at ${result.peakRssMb ?? '?'} MB`);
        assert.ok(result.seconds < 180, `${command} took ${result.seconds} s`);
        if (command === 'validate') {
          for (const n of brokenLines) assert.match(result.stdout, new RegExp(`^one-gigabyte\\.jsonl:${n}:\\d+: `, 'm'), `line ${n} is reported`);
          assert.match(result.stderr, new RegExp(`${goodRecords} records .* 3 errors`));
        } else {
          assert.match(result.stdout, new RegExp(`records\\s+${goodRecords} usable, 3 with errors`));
        }
      }
      // Seeds are held in memory whole: a file this size is refused up front, not loaded until the machine swaps.
      const dry = await dryRun('one-gigabyte.jsonl');
      note('one-gigabyte.jsonl', dry, 'generate --dry-run');
      assert.equal(dry.code, 1);
      assert.match(dry.stderr, /one-gigabyte\.jsonl is 954 MB: seed files are read whole, so Seedling takes seeds up to 64 MB\. Generate from a sample of it/);
      assert.ok((dry.peakRssMb ?? 0) < MAX_RSS_MB && dry.seconds < 60);
    } finally {
      rmSync(file, { force: true });
    }
  });
});
