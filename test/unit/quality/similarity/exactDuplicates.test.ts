import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { duplicateKey, ExactDuplicateIndex, groupExactDuplicates, normalizeForDuplicates } from '../../../../src/core/quality/similarity/exactDuplicates';

describe('exact duplicates', () => {
  it('normalises case, white space, punctuation and full-width forms', () => {
    assert.equal(normalizeForDuplicates('  Hello,   World!\n'), 'hello world');
    assert.equal(normalizeForDuplicates('ＨＥＬＬＯ　Ｗｏｒｌｄ！'), 'hello world');
    assert.equal(normalizeForDuplicates('你好，世界！'), '你好世界');
    assert.equal(normalizeForDuplicates("Don't stop—now."), 'dont stopnow');
    assert.equal(duplicateKey('Hello, World!'), duplicateKey('hello world'));
    assert.match(duplicateKey('x'), /^[0-9a-f]{40}$/);
  });

  it('groups texts that are the same after normalisation', () => {
    const texts = ['Hello, World!', 'hello world', 'Hello worlds', 'ＨＥＬＬＯ　ｗｏｒｌｄ', '你好，世界', '你好世界。', 'unique'];
    assert.deepEqual(groupExactDuplicates(texts), [[0, 1, 3], [4, 5]]);
    assert.deepEqual(groupExactDuplicates(['a', 'b']), []);
  });

  it('tells which earlier text a new one duplicates', () => {
    const index = new ExactDuplicateIndex<string>();
    assert.equal(index.add('s1', 'Write a haiku about rain.'), undefined);
    assert.equal(index.add('s2', 'write a HAIKU about rain'), 's1');
    assert.equal(index.add('s3', 'Write a haiku about snow.'), undefined);
    assert.equal(index.find('WRITE A HAIKU ABOUT SNOW!!'), 's3');
    assert.equal(index.size, 2);
  });
});
