import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isMostlyCjk, joinTokens, normalizeText, TokenInterner, tokenize, tokenizeDetailed } from '../../../../src/core/quality/similarity/tokenize';

describe('similarity tokeniser', () => {
  it('splits English into lower-case words, keeping apostrophes inside words and dropping punctuation', () => {
    assert.deepEqual(tokenize("Don't split it's words; punctuation—goes! (Really?)"), ["don't", 'split', "it's", 'words', 'punctuation', 'goes', 'really']);
    assert.deepEqual(tokenize('don’t stop'), ["don't", 'stop']);
    assert.deepEqual(tokenize("'quoted' rock'n'roll"), ['quoted', "rock'n'roll"]);
    assert.deepEqual(tokenize('GPT-4o costs $2.50/1M tokens'), ['gpt', '4o', 'costs', '2', '50', '1m', 'tokens']);
  });

  it('makes every Chinese character a token and drops CJK punctuation', () => {
    assert.deepEqual(tokenize('你好，世界。「住房公积金」'), ['你', '好', '世', '界', '住', '房', '公', '积', '金']);
  });

  it('handles mixed text token by token, in order', () => {
    assert.deepEqual(tokenize('用 Python 写一个函数'), ['用', 'python', '写', '一', '个', '函', '数']);
    assert.deepEqual(tokenize('Python写函数v2'), ['python', '写', '函', '数', 'v2']);
  });

  it('splits Japanese and Korean into characters too', () => {
    assert.deepEqual(tokenize('東京タワーへ行く。'), ['東', '京', 'タ', 'ワ', 'ー', 'へ', '行', 'く']);
    assert.deepEqual(tokenize('안녕 하세요!'), ['안', '녕', '하', '세', '요']);
  });

  it('folds full-width letters, digits and spaces with NFKC', () => {
    assert.equal(normalizeText('ＨＥＬＬＯ　Ｗｏｒｌｄ　１２３'), 'hello world 123');
    assert.deepEqual(tokenize('ＨＥＬＬＯ，Ｗｏｒｌｄ！１２３'), ['hello', 'world', '123']);
    assert.deepEqual(tokenize('ｶﾀｶﾅ'), ['カ', 'タ', 'カ', 'ナ']); // half-width katakana become full-width
  });

  it('keeps words of other space-separated scripts whole', () => {
    assert.deepEqual(tokenize('Привет, мир! Ελληνικά café naïve'), ['привет', 'мир', 'ελληνικά', 'café', 'naïve']);
  });

  it('counts CJK tokens to tell which texts are mostly CJK', () => {
    const zh = tokenizeDetailed('请用 Python 写一个排序函数');
    assert.equal(zh.cjkCount, 9);
    assert.equal(isMostlyCjk(zh), true);
    assert.equal(isMostlyCjk(tokenizeDetailed('Write a function 函数')), false);
    assert.equal(isMostlyCjk(tokenizeDetailed('')), false);
  });

  it('joins tokens back readably', () => {
    assert.equal(joinTokens(tokenize('用 Python 写一个函数')), '用 python 写一个函数');
    assert.equal(joinTokens(['the', 'cat']), 'the cat');
  });

  it('interns tokens as small consecutive integers', () => {
    const interner = new TokenInterner();
    assert.deepEqual([...interner.internText('the cat and the hat')], [0, 1, 2, 0, 3]);
    assert.equal(interner.size, 4);
    assert.equal(interner.token(3), 'hat');
    assert.equal(interner.lookup('cat'), 1);
    assert.equal(interner.lookup('dog'), undefined);
    assert.throws(() => interner.token(9), RangeError);
  });
});
