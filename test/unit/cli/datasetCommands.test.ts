import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { EXAMPLES, seedling } from './cliRunner';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'sdl-cli-'));
});
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('seedling validate', () => {
  it('prints each problem as file:line:col: code: message and exits 1', () => {
    const file = join(dir, 'broken.jsonl');
    writeFileSync(file, ['{"instruction":"a","input":"","output":"b"}', '{"instruction":"a","output":"b",}', '{"instruction":"a","input":"","output":""}', ''].join('\n'));
    const result = seedling(['validate', 'broken.jsonl'], dir);
    assert.equal(result.status, 1);
    assert.equal(
      result.stdout,
      [
        "broken.jsonl:2:33: invalid-json: invalid JSON: trailing comma before '}'",
        'broken.jsonl:3:40: empty-field: "output" is empty',
        '',
      ].join('\n'),
    );
    assert.equal(result.stderr, 'broken.jsonl: 1 records (Alpaca (instruction, input, output), jsonl), 2 errors, 0 warnings\n');
  });

  it('exits 0 on the example seeds, whose records it counts', () => {
    const result = seedling(['validate', join(EXAMPLES, 'gov-faq-housing-fund.alpaca.jsonl'), join(EXAMPLES, 'expense-reimbursement.sharegpt.json')]);
    assert.equal(result.status, 0, result.stdout);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /gov-faq-housing-fund\.alpaca\.jsonl: 17 records \(Alpaca/);
    assert.match(result.stderr, /expense-reimbursement\.sharegpt\.json: 10 records \(ShareGPT \(conversations\), json-array\)/);
  });

  it('exits 0 when there are only warnings, and leaves them out with --errors-only', () => {
    const file = join(dir, 'warned.jsonl');
    writeFileSync(file, '{"prompt":"p","chosen":"x","rejected":"x"}\n');
    const all = seedling(['validate', file]);
    assert.equal(all.status, 0);
    assert.match(all.stdout, /:1:\d+: identical-pair: /);
    assert.equal(seedling(['validate', '--errors-only', file]).stdout, '');
  });

  it('writes JSON with --json', () => {
    const file = join(dir, 'one.jsonl');
    writeFileSync(file, '{"text":"t","label":""}\n');
    const lines = seedling(['validate', '--json', file]).stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(lines[0], { file, line: 1, column: 21, length: 2, code: 'empty-field', severity: 'error', message: '"label" is empty' });
    assert.deepEqual(lines[1], { file, summary: { records: 0, rejected: 1, errors: 1, warnings: 0, format: null, container: 'jsonl' } });
  });

  it('says when a file cannot be read, and exits 1', () => {
    const result = seedling(['validate', join(dir, 'missing.jsonl')]);
    assert.equal(result.status, 1);
    assert.match(result.stdout, /missing\.jsonl: cannot read: no such file/);
  });

  it('refuses a binary file with a clear message', () => {
    const file = join(dir, 'image.jsonl');
    writeFileSync(file, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]));
    const result = seedling(['validate', file]);
    assert.equal(result.status, 1);
    assert.match(result.stdout, /image\.jsonl:1:1: binary-file: this is a binary file, not a text dataset/);
  });

  it('explains misuse with the usage and exits 2', () => {
    const unknownOption = seedling(['validate', '--frobnicate', 'x.jsonl']);
    assert.equal(unknownOption.status, 2);
    assert.match(unknownOption.stderr, /Unknown option '--frobnicate'[\s\S]*Usage: seedling validate FILE/);
    const badFormat = seedling(['validate', '--format', 'parquet', 'x.jsonl']);
    assert.equal(badFormat.status, 2);
    assert.match(badFormat.stderr, /unknown format "parquet"; formats are openai-chat, sharegpt/);
    assert.equal(seedling(['validate']).status, 2);
  });
});

describe('seedling inspect', () => {
  it('describes the format, counts, labels and fields', () => {
    const result = seedling(['inspect', join(EXAMPLES, 'reviews-sentiment.zh.jsonl')]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /format +Classification \(text, label\) \[classification\]/);
    assert.match(result.stdout, /records +18 usable, 0 with errors/);
    assert.match(result.stdout, /labels +中性 6, 消极 6, 积极 6/);
    assert.match(result.stdout, /text +18\/18 present, 0 empty, string +length min \d+/);
  });

  it('gives turn statistics of dialogues as JSON', () => {
    const result = seedling(['inspect', '--json', join(EXAMPLES, 'expense-reimbursement.sharegpt.json')]);
    const report = JSON.parse(result.stdout) as { records: number; layout: { container: string; indent: string }; statistics: { turns: { min: number; max: number } } };
    assert.equal(report.records, 10);
    assert.equal(report.layout.container, 'json-array');
    assert.equal(report.layout.indent, '  ');
    assert.equal(report.statistics.turns.min, 4);
    assert.equal(report.statistics.turns.max, 6);
  });
});

describe('seedling convert', () => {
  it('converts Alpaca to OpenAI chat on standard output and names what it merged', () => {
    const result = seedling(['convert', join(EXAMPLES, 'gov-faq-housing-fund.alpaca.jsonl'), '--to', 'openai-chat']);
    assert.equal(result.status, 0, result.stderr);
    const lines = result.stdout.trim().split('\n');
    assert.equal(lines.length, 17);
    const first = JSON.parse(lines[0] ?? '') as { messages: { role: string }[] };
    assert.deepEqual(first.messages.map((m) => m.role), ['user', 'assistant']);
    assert.match(result.stderr, /lost in 4 records: the split between instruction and input/);
    assert.match(result.stderr, /17 records converted to OpenAI chat/);
  });

  it('writes another container by the output name, readable by validate', () => {
    const out = join(dir, 'dpo.csv');
    const result = seedling(['convert', join(EXAMPLES, 'helpfulness.dpo.jsonl'), '--to', 'dpo', '--out', out]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(readFileSync(out, 'utf8'), /^prompt,chosen,rejected\n/);
    assert.equal(seedling(['validate', out]).status, 0);
  });

  it('lists the records it cannot convert and exits 1', () => {
    const result = seedling(['convert', join(EXAMPLES, 'expense-reimbursement.sharegpt.json'), '--to', 'alpaca']);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /expense-reimbursement\.sharegpt\.json:2: skipped: a multi-turn dialogue \(5 user turns\) has no single prompt and answer/);
    assert.match(result.stderr, /0 records converted/);
  });

  it('needs a target format', () => {
    const result = seedling(['convert', join(EXAMPLES, 'helpfulness.dpo.jsonl')]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /say which format to convert to: --to openai-chat\|sharegpt/);
  });
});
