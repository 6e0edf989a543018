import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { defaultLayout } from '../../../src/core/formats/datasetWriter';
import { planSave, readOutputText, saveSamples, type SampleToSave, textAfterSave } from '../../../src/core/formats/saveSamples';
import { readText } from './datasetText';

const instruction = (i: string, o: string): SampleToSave => ({ sample: { kind: 'instruction', instruction: i, input: '', output: o } });

describe('saving accepted samples', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sdl-save-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates the output in the seed format, and saving again writes nothing new', async () => {
    const output = join(dir, 'seed.synthetic.jsonl');
    const request = { outputPath: output, seedLayout: defaultLayout('jsonl'), seedFormat: 'alpaca' as const, samples: [instruction('a', 'b'), instruction('c', 'd')] };
    const first = await saveSamples(request);
    assert.equal(first.written, 2);
    assert.equal(first.created, true);
    const text = readFileSync(output, 'utf8');
    assert.equal(text, '{"instruction":"a","input":"","output":"b"}\n{"instruction":"c","input":"","output":"d"}\n');
    const second = await saveSamples(request);
    assert.equal(second.written, 0);
    assert.equal(second.alreadyPresent, 2);
    assert.equal(readFileSync(output, 'utf8'), text);
    assert.deepEqual(second.hashes, first.hashes);
  });

  it('appends only what is new, after a line the user left without a newline', async () => {
    const output = join(dir, 'out.jsonl');
    writeFileSync(output, '{"id":1,"instruction":"a","input":"","output":"b"}');
    const result = await saveSamples({ outputPath: output, seedLayout: defaultLayout('jsonl'), seedFormat: 'alpaca', samples: [instruction('a', 'b'), instruction('x', 'y'), instruction('x', 'y')] });
    assert.equal(result.written, 1);
    assert.equal(result.alreadyPresent, 2);
    assert.equal(readFileSync(output, 'utf8'), '{"id":1,"instruction":"a","input":"","output":"b"}\n{"instruction":"x","input":"","output":"y"}\n');
  });

  it('keeps the file’s own CRLF line endings', async () => {
    const output = join(dir, 'out.jsonl');
    writeFileSync(output, '{"text":"a","label":"x"}\r\n');
    await saveSamples({ outputPath: output, seedLayout: defaultLayout('jsonl'), seedFormat: 'classification', samples: [{ sample: { kind: 'classification', text: 'b', label: 'y' } }] });
    assert.equal(readFileSync(output, 'utf8'), '{"text":"a","label":"x"}\r\n{"text":"b","label":"y"}\r\n');
  });

  it('inserts into a pretty-printed JSON array without touching the bytes already there, atomically', async () => {
    const output = join(dir, 'out.json');
    const before = '[\n  {\n    "conversations": [\n      {"from": "human", "value": "q"},\n      {"from": "gpt", "value": "a"}\n    ]\n  }\n]\n';
    writeFileSync(output, before);
    const sample = { kind: 'chat' as const, messages: [{ role: 'user' as const, content: 'q2' }, { role: 'assistant' as const, content: 'a2' }] };
    const result = await saveSamples({ outputPath: output, seedLayout: defaultLayout('json-array'), seedFormat: 'sharegpt', samples: [{ sample }] });
    assert.equal(result.written, 1);
    const after = readFileSync(output, 'utf8');
    assert.ok(after.startsWith(before.slice(0, before.lastIndexOf('\n]'))), 'the existing element is unchanged');
    const { records, problems } = await readText(after, 'out.json');
    assert.deepEqual(problems, []);
    assert.deepEqual(records.map((r) => r.sample), [{ kind: 'chat', messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content: 'a' }] }, sample]);
    assert.deepEqual(readdirSync(dir), ['out.json'], 'no temporary file is left behind');
  });

  it('appends CSV rows under the file’s own header', async () => {
    const output = join(dir, 'out.csv');
    writeFileSync(output, 'label,text,source\r\nx,a,crm\r\n');
    await saveSamples({ outputPath: output, seedLayout: defaultLayout('csv'), seedFormat: 'classification', samples: [{ sample: { kind: 'classification', text: 'b, c', label: 'y' } }] });
    assert.equal(readFileSync(output, 'utf8'), 'label,text,source\r\nx,a,crm\r\ny,"b, c",\r\n');
  });

  it('refuses to mix kinds in one output', async () => {
    const output = join(dir, 'out.jsonl');
    writeFileSync(output, '{"text":"a","label":"x"}\n');
    await assert.rejects(
      saveSamples({ outputPath: output, seedLayout: defaultLayout('jsonl'), seedFormat: 'alpaca', samples: [instruction('a', 'b')] }),
      /cannot save a instruction sample into .*out\.jsonl, which holds Classification \(text, label\) records/,
    );
    assert.equal(readFileSync(output, 'utf8'), '{"text":"a","label":"x"}\n');
  });

  it('previews exactly the text a save then writes: new file, append and JSON array', async () => {
    const cases = [
      { name: 'new.jsonl', before: undefined, container: 'jsonl' as const },
      { name: 'grown.jsonl', before: '{"instruction":"a","input":"","output":"b"}', container: 'jsonl' as const },
      { name: 'array.json', before: '[\n  {"instruction": "a", "input": "", "output": "b"}\n]\n', container: 'json-array' as const },
    ];
    for (const { name, before, container } of cases) {
      const output = join(dir, name);
      if (before !== undefined) writeFileSync(output, before);
      const request = { outputPath: output, seedLayout: defaultLayout(container), seedFormat: 'alpaca' as const, samples: [instruction('a', 'b'), instruction('x', 'y')] };
      const current = await readOutputText(output);
      assert.equal(current, before);
      const previewed = textAfterSave(current, (await planSave(request, current)).edit);
      await saveSamples(request);
      assert.equal(readFileSync(output, 'utf8'), previewed, name);
      assert.equal(textAfterSave(previewed, (await planSave(request, previewed)).edit), previewed, `${name}: a second save changes nothing`);
    }
  });
});
