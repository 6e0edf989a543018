import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { serializeDataset, serializeJsonLines } from '../../../src/core/formats/datasetWriter';
import { writeRecord } from '../../../src/core/formats/recordFormats';
import { readText } from './datasetText';

const EXAMPLES = join(__dirname, '..', '..', '..', '..', 'examples');
const FILES = ['gov-faq-housing-fund.alpaca.jsonl', 'reviews-sentiment.zh.jsonl', 'product-support.chat.jsonl', 'expense-reimbursement.sharegpt.json', 'helpfulness.dpo.jsonl'];

describe('round trip', () => {
  for (const file of FILES) {
    it(`${file} is written back byte for byte`, async () => {
      const original = readFileSync(join(EXAMPLES, file), 'utf8');
      const { records, summary } = await readText(original, file);
      const written = records.map((r) => writeRecord(r.format, r.sample, r.source));
      assert.equal(serializeDataset(written, summary.layout, summary.dominantFormat), original);
    });
  }

  it('keeps unknown fields, nested ones included', async () => {
    const line = JSON.stringify({ id: 'a1', messages: [{ role: 'user', content: 'q', name: 'x' }, { role: 'assistant', content: 'a', weight: 1 }], meta: { source: 'crm', tags: ['billing'] } });
    const { records } = await readText(`${line}\n`, 'x.jsonl');
    const record = records[0];
    assert.ok(record);
    assert.equal(JSON.stringify(writeRecord(record.format, record.sample, record.source)), line);
  });

  it('writes CRLF files back with CRLF, and a BOM back with the BOM', async () => {
    const original = '\uFEFF{"text":"a","label":"x"}\r\n{"text":"b","label":"y"}\r\n';
    const { records, summary } = await readText(original, 'x.jsonl');
    assert.equal(serializeDataset(records.map((r) => r.source), summary.layout, summary.dominantFormat), original);
  });

  it('writes a CSV file back with its header, delimiter and quoting', async () => {
    const original = 'text;label\r\n"a; b";x\r\n"say ""hi""";y\r\nplain;z\r\n';
    const { records, summary } = await readText(original, 'x.csv');
    assert.equal(serializeDataset(records.map((r) => writeRecord(r.format, r.sample, r.source)), summary.layout, summary.dominantFormat), original);
  });

  it('writes a one-line JSON array back on one line', async () => {
    const original = '[{"prompt":"p","completion":"c"},{"prompt":"q","completion":"d"}]';
    const { records, summary } = await readText(original, 'x.json');
    assert.equal(summary.layout.indent, '');
    assert.equal(serializeDataset(records.map((r) => r.source), summary.layout, summary.dominantFormat), original);
  });

  it('serializes JSON lines one complete line per record', () => {
    assert.equal(serializeJsonLines([{ a: '1\n2' }, { b: '\u2028' }]), '{"a":"1\\n2"}\n{"b":"\u2028"}\n');
  });
});
