import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ContaminationIndex } from '../../../../src/core/quality/similarity/ngramOverlap';

const EVAL_EN =
  'A farmer has 17 sheep and all but 9 run away. How many sheep does the farmer have left after the storm passes through the valley?';
// 住房公积金 … : 34 characters once punctuation is dropped.
const EVAL_ZH = '职工在购买自住住房时可以申请提取住房公积金账户内的存储余额，需要提供购房合同。';

function index(): ContaminationIndex {
  const contamination = new ContaminationIndex();
  contamination.addEvalItem({ file: 'eval/gsm.jsonl', line: 12, id: 'gsm-12' }, EVAL_EN);
  contamination.addEvalItem({ file: 'eval/zh.jsonl', line: 3 }, EVAL_ZH);
  contamination.addEvalItem({ file: 'eval/gsm.jsonl', line: 13, id: 'gsm-13' }, 'What is the capital of France and why did it become the capital during the middle ages?');
  return contamination;
}

describe('decontamination by n-gram overlap', () => {
  it('flags a sample containing a 13-word run of an eval item, naming the item and the run', () => {
    // The 13 words "all but 9 run away how many sheep does the farmer have left", inside other words.
    const hits = index().check('Here is a riddle for you: all but 9 run away! How many sheep does the farmer have left? Think step by step.');
    assert.deepEqual(hits, [{ ref: { file: 'eval/gsm.jsonl', line: 12, id: 'gsm-12' }, ngram: 'all but 9 run away how many sheep does the farmer have left', overlapCount: 1 }]);
  });

  it('counts every distinct shared 13-gram', () => {
    // 16 shared words in a row, "and all but 9 … have left after the": 16 − 13 + 1 = 4 windows of 13.
    const hits = index().check('so: and all but 9 run away. How many sheep does the farmer have left after the, well, you know');
    assert.equal(hits.length, 1);
    assert.equal(hits[0]?.overlapCount, 4);
    assert.equal(hits[0].ngram, 'and all but 9 run away how many sheep does the farmer have');
  });

  it('does not flag a 12-word near miss', () => {
    // "but 9 run away how many sheep does the farmer have left": 12 words, then a different one.
    assert.deepEqual(index().check('Only but 9 run away. How many sheep does the farmer have left? nobody knows'), []);
    assert.deepEqual(index().check('Sheep, farmers and valleys: a story about a storm and nine sheep that ran away.'), []);
  });

  it('flags a Chinese sample sharing a 13-character run, and not one sharing 12', () => {
    // 申请提取住房公积金账户内的 = 13 characters of the eval item; 钱 then differs from 存.
    const hits = index().check('请问怎样申请提取住房公积金账户内的钱？');
    assert.deepEqual(hits, [{ ref: { file: 'eval/zh.jsonl', line: 3 }, ngram: '申请提取住房公积金账户内的', overlapCount: 1 }]);
    // 提取住房公积金账户内的存 is 12 characters; 想 before it differs from 请.
    assert.deepEqual(index().check('我想提取住房公积金账户内的存款'), []);
  });

  it('checks a sample shorter than n as a whole run', () => {
    assert.deepEqual(
      index().check('How many sheep does the farmer have left?').map((h) => [h.ref.id, h.ngram, h.overlapCount]),
      [['gsm-12', 'how many sheep does the farmer have left', 1]],
    );
    assert.deepEqual(index().check('How many goats does the farmer have left?'), []);
    assert.deepEqual(index().check('住房公积金'), [{ ref: { file: 'eval/zh.jsonl', line: 3 }, ngram: '住房公积金', overlapCount: 1 }]);
    assert.deepEqual(index().check(''), []);
  });

  it('flags a sample containing the whole of an eval item shorter than n', () => {
    const contamination = new ContaminationIndex();
    contamination.addEvalItem({ file: 'eval/short.jsonl', line: 1 }, 'Name three primary colors.');
    const hits = contamination.check('Question: name three primary colors. Answer with a list of colors in English please.');
    assert.deepEqual(hits, [{ ref: { file: 'eval/short.jsonl', line: 1 }, ngram: 'name three primary colors', overlapCount: 1 }]);
    assert.deepEqual(contamination.check('Name three primary numbers and some colors.'), []);
  });

  it('lists every eval item a sample overlaps, the most overlapping first', () => {
    const contamination = index();
    contamination.addEvalItem({ file: 'eval/copy.jsonl', line: 1 }, 'all but 9 run away. How many sheep does the farmer have left');
    // The sample is the first 19 words of gsm-12: 19 − 13 + 1 = 7 shared 13-grams; the copy has
    // 14 words, of which the sample holds the first 13: one.
    const hits = contamination.check('A farmer has 17 sheep and all but 9 run away. How many sheep does the farmer have left?');
    assert.deepEqual(hits.map((h) => [h.ref.file, h.ref.line, h.overlapCount]), [['eval/gsm.jsonl', 12, 7], ['eval/copy.jsonl', 1, 1]]);
  });

  it('uses other n when asked, and never matches through token ids that merely share bits', () => {
    const contamination = new ContaminationIndex({ wordN: 3, cjkN: 4 });
    // Enough distinct tokens that ids exceed 65,535 and take both halves of a key.
    for (let i = 0; i < 70_000; i++) contamination.addEvalItem({ file: 'eval/many.jsonl', line: i + 1 }, `w${i}`);
    contamination.addEvalItem({ file: 'eval/x.jsonl', line: 1 }, 'w1 w2 w3 w65537');
    // One shared 3-gram with x, and the one-word items w1, w2, w3 contained whole: ties keep the order items were added.
    assert.deepEqual(contamination.check('w1 w2 w3').map((h) => `${h.ref.file}:${h.ref.line}`), ['eval/many.jsonl:2', 'eval/many.jsonl:3', 'eval/many.jsonl:4', 'eval/x.jsonl:1']);
    assert.deepEqual(contamination.check('w65537 w65538 w65539').map((h) => h.ref.line), [65538, 65539, 65540]);
    assert.deepEqual(contamination.check('w2 w3 w65537').map((h) => h.ref.file).filter((f) => f === 'eval/x.jsonl'), ['eval/x.jsonl']);
    assert.deepEqual(contamination.check('w2 w3 w1').filter((h) => h.ref.file === 'eval/x.jsonl'), []);
  });
});
