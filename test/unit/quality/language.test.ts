import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectLanguage, dominantLanguage } from '../../../src/core/quality/language';

describe('language detection', () => {
  it('tells Chinese, Japanese, Korean and Latin-script text apart', () => {
    assert.equal(detectLanguage('住房公积金可以用来支付房租吗？'), 'zh');
    assert.equal(detectLanguage('公積金の引き出し方法を教えてください'), 'ja');
    assert.equal(detectLanguage('주택 자금을 인출하는 방법'), 'ko');
    assert.equal(detectLanguage('How do I export my notes?'), 'latin');
    assert.equal(detectLanguage('1234 !?'), 'unknown');
  });

  it('weighs a few Chinese characters against many Latin letters', () => {
    assert.equal(detectLanguage('请用 Python 写一个函数'), 'zh');
    assert.equal(detectLanguage('Open Settings → Sync and tap 同步 to finish.'), 'latin');
  });

  it('finds the language most texts are in', () => {
    assert.equal(dominantLanguage(['你好', '谢谢', 'hello']), 'zh');
  });
});
