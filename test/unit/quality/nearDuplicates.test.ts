import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readEvalItems } from '../../../src/core/quality/evalItems';
import { NearDuplicateFilter } from '../../../src/core/quality/nearDuplicates';

describe('near-duplicate filter', () => {
  it('flags exact and near copies of seeds, accepted samples and earlier candidates, naming them', () => {
    const filter = new NearDuplicateFilter();
    filter.add({ id: 'seed:3', source: 'seed', label: 'seed line 3' }, '离职后住房公积金能全部取出来吗？');
    filter.add({ id: 'c-1', source: 'accepted', label: 'accepted candidate c-1' }, 'How do I export my notes as Markdown?');
    assert.equal(filter.check('离职后住房公积金能全部取出来吗?')?.message, 'an exact duplicate of seed line 3');
    const near = filter.check('离职以后住房公积金能全部取出来吗？');
    assert.equal(near?.method, 'rouge-l');
    assert.equal(near.other.label, 'seed line 3');
    assert.match(near.message, /^a near-duplicate of seed line 3 \(ROUGE-L 0\.9\d\)$/);
    assert.equal(filter.check('What is the refund policy for annual plans?'), undefined);
    assert.equal(filter.checkAndAdd({ id: 'c-2', source: 'run', label: 'candidate c-2' }, 'How can I export my notes as Markdown files?')?.other.label, 'accepted candidate c-1');
    assert.equal(filter.checkAndAdd({ id: 'c-3', source: 'run', label: 'candidate c-3' }, 'Can I share a notebook with my team?'), undefined);
    assert.equal(filter.check('Can I share a notebook with my whole team?')?.other.label, 'candidate c-3');
  });

  it('uses the threshold it is given (Self-Instruct: strictly above 0.7)', () => {
    const filter = new NearDuplicateFilter(0.7);
    filter.add({ id: 'a', source: 'seed', label: 'a' }, 'a b c d e f g h i j');
    // 7 of 10 words in order: F = 2·7/(10+10) = 0.7, not above 0.7.
    assert.equal(filter.check('a b c d e f g x y z'), undefined);
    assert.ok(filter.check('a b c d e f g h y z'));
  });
});

describe('eval files', () => {
  it('reads items of any shape with their line and id', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sdl-eval-'));
    try {
      writeFileSync(join(dir, 'gsm.jsonl'), '{"question":"Q1 text","answer":"A1","id":"gsm-1"}\n\n{"question":"Q2","choices":["x","y"]}\n');
      writeFileSync(join(dir, 'mmlu.csv'), 'question,answer\n"What is 2+2?",4\n');
      writeFileSync(join(dir, 'plain.txt'), 'first item\n\nsecond item\n');
      const items = [];
      for (const file of ['gsm.jsonl', 'mmlu.csv', 'plain.txt']) for await (const item of readEvalItems(join(dir, file))) items.push({ ...item, ref: { ...item.ref, file: file } });
      assert.deepEqual(items, [
        { ref: { file: 'gsm.jsonl', line: 1, id: 'gsm-1' }, text: 'Q1 text\nA1\ngsm-1' },
        { ref: { file: 'gsm.jsonl', line: 3 }, text: 'Q2\nx\ny' },
        { ref: { file: 'mmlu.csv', line: 2 }, text: 'What is 2+2?\n4' },
        { ref: { file: 'plain.txt', line: 1 }, text: 'first item' },
        { ref: { file: 'plain.txt', line: 3 }, text: 'second item' },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
