import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LcsKernel, LcsPattern, lcsLength, lcsLengthReference, popcount32, rougeL } from '../../../../src/core/quality/similarity/rougeL';
import { TokenInterner } from '../../../../src/core/quality/similarity/tokenize';
import { random } from './randomTexts';

function score(a: string, b: string): number {
  const interner = new TokenInterner();
  return rougeL(interner.internText(a), interner.internText(b));
}

describe('ROUGE-L', () => {
  it('scores an English pair as counted by hand', () => {
    // the cat sat on the mat / the cat lay on the mat: LCS "the cat on the mat" = 5 of 6 and 6
    // tokens, F = 2·5 / (6 + 6) = 10/12 = 0.8333…
    assert.equal(score('The cat sat on the mat.', 'the cat lay on the mat'), 10 / 12);
    // "write a python function to sort a list" (8) / "write a function that sorts a list in python" (9):
    // LCS "write a function a list" = 5 ("python" comes last in the second, after everything else
    // shared, so taking it gives only "write a python" = 3), F = 2·5 / (8 + 9) = 10/17.
    assert.equal(score('Write a Python function to sort a list', 'Write a function that sorts a list in Python'), 10 / 17);
  });

  it('scores Chinese character by character, as counted by hand', () => {
    // 住房公积金提取条件 (9 characters) / 公积金提取需要什么条件 (11 characters):
    // LCS 公积金提取 + 条件 = 7, F = 2·7 / (9 + 11) = 14/20 = 0.7 — exactly the Self-Instruct
    // threshold, so "> 0.7" does not reject it.
    const f = score('住房公积金提取条件', '公积金提取需要什么条件');
    assert.equal(f > 0.7, false);
    assert.equal(f, 0.7);
    // 如何办理护照 (6) / 护照如何办理 (6): LCS 如何办理 (4; 护照 cannot come before it as well), F = 8/12.
    assert.equal(score('如何办理护照？', '护照如何办理'), 8 / 12);
  });

  it('gives 1 for identical texts, 0 for disjoint and for empty ones', () => {
    assert.equal(score('Summarize this article in three sentences.', 'summarize this article, in three sentences'), 1);
    assert.equal(score('red green blue', 'one two three'), 0);
    assert.equal(score('', 'anything at all'), 0);
    assert.equal(score('', ''), 0);
    assert.equal(score('。，！', 'hello'), 0); // punctuation only: no tokens
  });

  it('counts bits', () => {
    assert.equal(popcount32(0), 0);
    assert.equal(popcount32(0xffffffff), 32);
    assert.equal(popcount32(0x80000001), 2);
    assert.equal(popcount32(0b1011_0110), 5);
  });

  it('computes the LCS of small hand-checked sequences', () => {
    assert.equal(lcsLength([1, 2, 3, 4, 1], [3, 4, 1, 2, 1, 3]), 3); // 3 4 1 or 1 2 1 … 3
    assert.equal(lcsLengthReference([1, 2, 3, 4, 1], [3, 4, 1, 2, 1, 3]), 3);
    assert.equal(lcsLength([7], [7]), 1);
    assert.equal(lcsLength([], [1, 2]), 0);
    assert.equal(lcsLength(new Uint32Array([5, 5, 5]), new Int32Array([5, 5])), 2);
  });

  it('agrees with the dynamic programme on thousands of random pairs, across 32-bit word boundaries', () => {
    const rnd = random(42);
    const boundaries = [0, 1, 31, 32, 33, 63, 64, 65, 95, 96, 97, 127, 128, 129, 200];
    const sequence = (length: number, alphabet: number): number[] => Array.from({ length }, () => Math.floor(rnd() * alphabet));
    let pairs = 0;
    for (const m of boundaries) {
      for (const n of boundaries) {
        for (const alphabet of [1, 2, 4]) {
          const a = sequence(m, alphabet);
          const b = sequence(n, alphabet);
          assert.equal(lcsLength(a, b), lcsLengthReference(a, b), `m=${m} n=${n} alphabet=${alphabet}`);
          pairs++;
        }
      }
    }
    for (let i = 0; i < 4000; i++) {
      const alphabet = 1 + Math.floor(rnd() * 8);
      const a = sequence(Math.floor(rnd() * 201), alphabet);
      const b = sequence(Math.floor(rnd() * 201), alphabet);
      const expected = lcsLengthReference(a, b);
      assert.equal(lcsLength(a, b), expected, `a=${a.join(',')} b=${b.join(',')}`);
      assert.equal(lcsLength(b, a), expected);
      pairs++;
    }
    assert.ok(pairs > 4500);
  });

  it('carries across words: a long all-equal run and its shifted copies', () => {
    for (const m of [31, 32, 33, 63, 64, 65, 95, 96, 97, 300]) {
      const ones = new Array<number>(m).fill(1);
      assert.equal(lcsLength(ones, ones), m);
      assert.equal(lcsLength(ones, new Array<number>(m + 5).fill(1)), m);
      const shifted = [2, ...ones.slice(1)];
      assert.equal(lcsLength(ones, shifted), m - 1);
    }
  });

  it('reuses one kernel across patterns and texts, on sub-ranges too', () => {
    const rnd = random(8);
    const kernel = new LcsKernel();
    for (let p = 0; p < 300; p++) {
      const alphabet = 1 + Math.floor(rnd() * (p % 2 === 0 ? 4 : 3000)); // small and large token ids
      const pattern = Array.from({ length: Math.floor(rnd() * 140) }, () => Math.floor(rnd() * alphabet));
      kernel.setPattern(pattern);
      assert.equal(kernel.length, pattern.length);
      for (let t = 0; t < 5; t++) {
        const text = Uint32Array.from({ length: Math.floor(rnd() * 140) }, () => Math.floor(rnd() * (alphabet + 5)));
        const start = Math.floor(rnd() * (text.length + 1));
        const end = start + Math.floor(rnd() * (text.length - start + 1));
        assert.equal(kernel.lcs(text, start, end), lcsLengthReference(pattern, text.subarray(start, end)));
      }
    }
    assert.throws(() => {
      kernel.setPattern([1, -2]);
    }, RangeError);
  });

  it('reuses a compiled pattern across texts', () => {
    const rnd = random(7);
    const pattern = Array.from({ length: 70 }, () => Math.floor(rnd() * 5));
    const compiled = new LcsPattern(pattern);
    for (let i = 0; i < 200; i++) {
      const text = Array.from({ length: Math.floor(rnd() * 150) }, () => Math.floor(rnd() * 6));
      assert.equal(compiled.lcs(text), lcsLengthReference(pattern, text));
    }
  });
});
