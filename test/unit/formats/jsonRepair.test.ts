import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { joinSplitRecord, repairJsonLine } from '../../../src/core/formats/jsonRepair';

describe('JSON line repair', () => {
  it('drops trailing commas in objects and arrays', () => {
    assert.equal(repairJsonLine('{"instruction": "Q", "tags": ["a", "b",], "output": "A",}'), '{"instruction": "Q", "tags": ["a", "b"], "output": "A"}');
  });

  it('turns single-quoted and curly-quoted strings into JSON strings', () => {
    assert.equal(repairJsonLine("{'instruction': 'Say \"hi\"', 'output': 'It\\'s fine'}"), '{"instruction": "Say \\"hi\\"", "output": "It\'s fine"}');
    assert.equal(repairJsonLine('{\u201cinstruction\u201d: \u201c\u95ee\u9898\u201d, "output": "\u7b54"}'), '{"instruction": "\u95ee\u9898", "output": "\u7b54"}');
  });

  it('escapes quotes left inside a string and raw control characters', () => {
    assert.equal(repairJsonLine('{"output": "He said "yes" twice", "input": "a\tb"}'), '{"output": "He said \\"yes\\" twice", "input": "a\\tb"}');
  });

  it('keeps curly quotes that are text inside a proper string', () => {
    assert.equal(repairJsonLine('{"output": "\u201cquoted\u201d text",}'), '{"output": "\u201cquoted\u201d text"}');
  });

  it('leaves valid lines alone and gives up on what it cannot mend', () => {
    assert.equal(repairJsonLine('{"a": 1}'), undefined);
    assert.equal(repairJsonLine('{"a": '), undefined);
    assert.equal(repairJsonLine('not json at all'), undefined);
  });
});

describe('records split by raw line breaks', () => {
  it('joins the lines back with the breaks escaped, and says how many lines it replaces', () => {
    assert.deepEqual(joinSplitRecord(['{"instruction": "写一首诗：', '第一行', '第二行", "output": "好的"}', '{"instruction": "next", "output": "x"}']), {
      text: '{"instruction": "写一首诗：\\n第一行\\n第二行", "output": "好的"}',
      lines: 3,
    });
  });

  it('never swallows a record of its own, and leaves a line that is whole alone', () => {
    assert.equal(joinSplitRecord(['{"instruction": "cut off', '{"instruction": "next", "output": "x"}']), undefined);
    assert.equal(joinSplitRecord(['{"instruction": "fine", "output": "x"}', 'more']), undefined);
    assert.equal(joinSplitRecord(['not a record', 'at all"}']), undefined);
  });
});
