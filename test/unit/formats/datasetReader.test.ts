import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { readText, where } from './datasetText';

const EXAMPLES = join(__dirname, '..', '..', '..', '..', 'examples');
const alpaca = (i: string, o: string): string => JSON.stringify({ instruction: i, input: '', output: o });

describe('reading JSONL', () => {
  it('tolerates a BOM, CRLF, blank lines and a missing final newline', async () => {
    const text = `\uFEFF${alpaca('a', 'b')}\r\n\r\n   \r\n${alpaca('c', 'd')}\r\n${alpaca('e', 'f')}`;
    const { records, problems, summary } = await readText(text, 'x.jsonl');
    assert.deepEqual(problems, []);
    assert.deepEqual(records.map((r) => r.line), [1, 4, 5]);
    assert.equal(summary.layout.bom, true);
    assert.equal(summary.layout.lineEnding, '\r\n');
    assert.equal(summary.layout.finalNewline, false);
    assert.equal(summary.lines, 5);
    assert.equal(records[0]?.text, alpaca('a', 'b'), 'the BOM and the CR are not part of the record');
  });

  it('keeps U+2028 and U+2029 inside strings, and does not split lines on them', async () => {
    const text = `${alpaca('one\u2028two', 'three\u2029four')}\n${alpaca('x', 'y')}\n`;
    const { records, problems } = await readText(text, 'x.jsonl');
    assert.deepEqual(problems, []);
    assert.equal(records.length, 2);
    assert.deepEqual(records[0]?.sample, { kind: 'instruction', instruction: 'one\u2028two', input: '', output: 'three\u2029four' });
  });

  it('reports invalid JSON at the exact column, and keeps reading', async () => {
    const text = [alpaca('a', 'b'), '{"instruction":"q","output":"a",}', '{"instruction":"q", "output":"a" "input":""}', alpaca('c', 'd')].join('\n');
    const { records, problems } = await readText(text, 'x.jsonl');
    assert.deepEqual(where(problems), ['2:33 invalid-json', '3:34 invalid-json']);
    assert.match(problems[0]?.message ?? '', /trailing comma before '}'/);
    assert.match(problems[1]?.message ?? '', /expected ',' or '}' after the value of "output"/);
    assert.deepEqual(records.map((r) => r.line), [1, 4]);
  });

  it('points a field problem at the field, with its length', async () => {
    const line = '{"instruction":"q","input":"","output":""}';
    const { problems } = await readText(`${alpaca('a', 'b')}\n${line}\n`, 'x.jsonl');
    assert.deepEqual(where(problems), ['2:40 empty-field']);
    assert.equal(problems[0]?.length, 2);
    assert.equal(line.slice(39, 41), '""');
  });

  it('points a role problem at the offending role', async () => {
    const line = '{"messages":[{"role":"user","content":"a"},{"role":"user","content":"b"}]}';
    const { problems } = await readText(line, 'x.jsonl');
    assert.deepEqual(where(problems), [`1:${line.lastIndexOf('"user"') + 1} wrong-role-order`]);
    assert.equal(problems[0]?.length, 6);
  });

  it('counts columns in UTF-16 code units, as editors do', async () => {
    const line = '{"instruction":"住房公积金😀","output":""}';
    const { problems } = await readText(line, 'x.jsonl');
    assert.deepEqual(where(problems), [`1:${line.indexOf('""') + 1} empty-field`]);
  });

  it('reports a line over the size limit without loading it, and reads the rest', async () => {
    const long = alpaca('x'.repeat(5000), 'y');
    const text = `${alpaca('a', 'b')}\n${long}\n${alpaca('c', 'd')}\n`;
    const { records, problems } = await readText(text, 'x.jsonl', { maxRecordBytes: 1000 }, 256);
    assert.deepEqual(where(problems), ['2:1 line-too-long']);
    assert.match(problems[0]?.message ?? '', new RegExp(`this line is ${long.length} bytes, over the limit of 1000`));
    assert.deepEqual(records.map((r) => r.line), [1, 3]);
  });

  it('reads records split across chunk boundaries, whatever the chunk size', async () => {
    const text = `${alpaca('公积金提取', '可以')}\n${alpaca('b', 'c')}\n${alpaca('d', 'e')}\n`;
    for (const size of [1, 2, 3, 7, 64]) {
      const { records, problems } = await readText(text, 'x.jsonl', {}, size);
      assert.deepEqual(problems, [], `chunk size ${size}`);
      assert.equal(records.length, 3, `chunk size ${size}`);
      assert.equal(records[0]?.sample.kind === 'instruction' ? records[0].sample.instruction : '', '公积金提取');
    }
  });

  it('reports a line that is not UTF-8', async () => {
    const bytes = Buffer.concat([Buffer.from(`${alpaca('a', 'b')}\n{"instruction":"`), Buffer.from([0xc3, 0x28]), Buffer.from('","output":"x"}\n')]);
    const { records, problems } = await readText(bytes, 'x.jsonl');
    assert.deepEqual(where(problems), ['2:1 invalid-utf8']);
    assert.equal(records.length, 1);
  });

  it('refuses a binary file, a gzip file and a UTF-16 file with a clear message', async () => {
    const binary = await readText(new Uint8Array([0x7b, 0x00, 0x01, 0x02, 0x7d]), 'x.jsonl');
    assert.deepEqual(where(binary.problems), ['1:1 binary-file']);
    assert.match(binary.problems[0]?.message ?? '', /binary file/);
    const gzip = await readText(gzipSync(`${alpaca('a', 'b')}\n`), 'x.jsonl');
    assert.deepEqual(where(gzip.problems), ['1:1 compressed-file']);
    assert.match(gzip.problems[0]?.message ?? '', /gunzip/);
    const utf16 = await readText(Buffer.from(`\uFEFF${alpaca('a', 'b')}`, 'utf16le'), 'x.jsonl');
    assert.deepEqual(where(utf16.problems), ['1:1 binary-file']);
    assert.match(utf16.problems[0]?.message ?? '', /UTF-16/);
  });

  it('warns about an empty file', async () => {
    const { problems, summary } = await readText('\n\n', 'x.jsonl');
    assert.deepEqual(where(problems), ['1:1 empty-file']);
    assert.equal(problems[0]?.severity, 'warning');
    assert.equal(summary.records, 0);
  });

  it('reports a mixed file with its dominant format and the lines that differ', async () => {
    const chat = JSON.stringify({ messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content: 'a' }] });
    const text = [alpaca('a', 'b'), chat, alpaca('c', 'd'), alpaca('e', 'f'), chat].join('\n');
    const { problems, summary } = await readText(text, 'x.jsonl');
    assert.equal(summary.dominantFormat, 'alpaca');
    assert.deepEqual(summary.formatCounts, { alpaca: 3, 'openai-chat': 2 });
    assert.deepEqual(summary.kindCounts, { instruction: 3, chat: 2 });
    assert.deepEqual(where(problems), ['2:1 mixed-format', '5:1 mixed-format']);
    assert.equal(problems[0]?.message, 'this record is OpenAI chat (messages), but most of the file (3 of 5 records) is Alpaca (instruction, input, output)');
  });

  it('reports records that are not objects and records of no known format', async () => {
    const { problems } = await readText(`[1]\n"text"\n{"question":"q","answer":"a"}\n`, 'x.jsonl');
    assert.deepEqual(where(problems), ['1:1 not-an-object', '2:1 not-an-object', '3:1 unknown-format']);
    assert.match(problems[2]?.message ?? '', /the record has fields "question", "answer", which match no known format/);
  });

  it('reads every example seed file without a problem', async () => {
    const expected: Record<string, [string, number]> = {
      'gov-faq-housing-fund.alpaca.jsonl': ['alpaca', 17],
      'reviews-sentiment.zh.jsonl': ['classification', 18],
      'product-support.chat.jsonl': ['openai-chat', 15],
      'expense-reimbursement.sharegpt.json': ['sharegpt', 10],
      'helpfulness.dpo.jsonl': ['dpo', 12],
    };
    for (const [file, [format, count]] of Object.entries(expected)) {
      const { problems, summary } = await readText(readFileSync(join(EXAMPLES, file)), file);
      assert.deepEqual(problems, [], file);
      assert.equal(summary.dominantFormat, format, file);
      assert.equal(summary.records, count, file);
    }
  });
});

describe('reading a JSON array file', () => {
  const pretty = JSON.stringify([{ instruction: 'a', input: '', output: 'b' }, { instruction: 'c', input: '', output: 'd' }], null, 2);

  it('reads each element with the line it starts on, and the indentation', async () => {
    const { records, problems, summary } = await readText(`${pretty}\n`, 'x.json', {}, 5);
    assert.deepEqual(problems, []);
    assert.equal(summary.layout.container, 'json-array');
    assert.equal(summary.layout.indent, '  ');
    assert.deepEqual(records.map((r) => r.line), [2, 7]);
  });

  it('reports a broken element at its own line and column', async () => {
    const text = '[\n  {"instruction": "a", "output": "b"},\n  {"instruction": "c",\n   "output": "d",}\n]\n';
    const { records, problems } = await readText(text, 'x.json');
    assert.deepEqual(where(problems), ['4:18 invalid-json']);
    assert.match(problems[0]?.message ?? '', /trailing comma/);
    assert.equal(records.length, 1);
  });

  it('points a field problem inside a multi-line element at its line', async () => {
    const text = '[\n  {\n    "instruction": "a",\n    "output": ""\n  }\n]';
    const { problems } = await readText(text, 'x.json');
    assert.deepEqual(where(problems), ['4:15 empty-field']);
  });

  it('reports an unclosed array, a missing comma and content after the array', async () => {
    assert.deepEqual(where((await readText('[{"text":"t","label":"a"}', 'x.json')).problems), ['1:26 invalid-json']);
    assert.deepEqual(where((await readText('[{"text":"t","label":"a"} {"text":"u","label":"b"}]', 'x.json')).problems), ['1:27 invalid-json']);
    assert.deepEqual(where((await readText('[{"text":"t","label":"a"}] x', 'x.json')).problems), ['1:28 trailing-content']);
  });

  it('reads a .json file that holds JSON lines as JSON lines', async () => {
    const { summary, records } = await readText(`${alpaca('a', 'b')}\n${alpaca('c', 'd')}\n`, 'x.json');
    assert.equal(summary.layout.container, 'jsonl');
    assert.equal(records.length, 2);
  });
});

describe('reading CSV', () => {
  it('reads quoted cells with commas, doubled quotes and line breaks (RFC 4180)', async () => {
    const text = 'instruction,input,output\r\n"multi\r\nline","say ""hi""","a, b"\r\nq2,,a2\r\n';
    const { records, problems, summary } = await readText(text, 'x.csv', {}, 3);
    assert.deepEqual(problems, []);
    assert.deepEqual(records.map((r) => r.line), [2, 4]);
    assert.deepEqual(records[0]?.sample, { kind: 'instruction', instruction: 'multi\r\nline', input: 'say "hi"', output: 'a, b' });
    assert.equal(summary.layout.lineEnding, '\r\n');
    assert.deepEqual(summary.layout.header, ['instruction', 'input', 'output']);
  });

  it('finds the delimiter of a semicolon or tab file', async () => {
    const semi = await readText('text;label\ngood;积极\n', 'x.csv');
    assert.deepEqual(semi.records[0]?.sample, { kind: 'classification', text: 'good', label: '积极' });
    const tsv = await readText('text\tlabel\nok, fine\t中性\n', 'x.tsv');
    assert.deepEqual(tsv.records[0]?.sample, { kind: 'classification', text: 'ok, fine', label: '中性' });
  });

  it('reports a row with the wrong number of cells and an unclosed quote', async () => {
    const text = 'text,label\na,b,c\n"fine",x\n"never closed,y\nz,w\n';
    const { records, problems } = await readText(text, 'x.csv');
    assert.deepEqual(where(problems), ['2:1 csv-field-count', '4:1 csv-unterminated-quote']);
    assert.equal(records.length, 1);
  });

  it('points a field problem at its cell', async () => {
    const { problems } = await readText('text,label\nhello,\n', 'x.csv');
    assert.deepEqual(where(problems), ['2:7 empty-field']);
  });

  it('reads message lists stored as JSON in a cell', async () => {
    const messages = JSON.stringify([{ role: 'user', content: 'q' }, { role: 'assistant', content: 'a, b' }]);
    const text = `messages\n"${messages.replace(/"/g, '""')}"\n`;
    const { records, problems } = await readText(text, 'x.csv');
    assert.deepEqual(problems, []);
    assert.equal(records[0]?.format, 'openai-chat');
  });
});
