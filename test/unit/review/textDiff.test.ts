import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diffPieces, diffText, similarity } from '../../../src/core/review/textDiff';

const show = (before: string, after: string): string =>
  diffText(before, after)
    .map((s) => (s.op === 'equal' ? s.text : s.op === 'insert' ? `{+${s.text}+}` : `[-${s.text}-]`))
    .join('');

describe('review diff', () => {
  it('compares English word by word, keeping spaces and punctuation', () => {
    assert.equal(show('How do I export my notes?', 'How can I export all my notes?'), 'How [-do-]{+can+} I export{+ all+} my notes?');
  });

  it('compares Chinese character by character', () => {
    assert.equal(show('离职后公积金能取出来吗？', '离职以后公积金能全部取出来吗？'), '离职{+以+}后公积金能{+全部+}取出来吗？');
  });

  it('re-assembles both texts exactly', () => {
    const before = 'Open Settings → Sync.\n\n步骤一：打开设置。';
    const after = 'Open Settings → Account → Sync.\n步骤二：打开同步。';
    const segments = diffText(before, after);
    assert.equal(segments.filter((s) => s.op !== 'insert').map((s) => s.text).join(''), before);
    assert.equal(segments.filter((s) => s.op !== 'delete').map((s) => s.text).join(''), after);
  });

  it('treats identical and empty texts sensibly', () => {
    assert.deepEqual(diffText('same', 'same'), [{ op: 'equal', text: 'same' }]);
    assert.deepEqual(diffText('', 'new'), [{ op: 'insert', text: 'new' }]);
    assert.equal(similarity(diffText('a b c', 'a b c')), 1);
    assert.equal(similarity(diffText('abc', 'xyz')), 0);
  });

  it('splits mixed text into words and CJK characters', () => {
    assert.deepEqual(diffPieces('用 Python 写'), ['用', ' ', 'Python', ' ', '写']);
    assert.deepEqual(diffPieces("don't stop"), ["don't", ' ', 'stop']);
  });
});
