import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { candidateProbability, chooseBanding, estimateJaccard, exactJaccard, jaccard, MinHasher, MinHashLsh, textShingles } from '../../../../src/core/quality/similarity/minhash';
import { pick, random, shortText, vocabulary } from './randomTexts';

/** An edit of `text` whose exact Jaccard with it is at least 0.8: a word appended, replaced or removed at an end, or case and punctuation. */
function plantedNearDuplicate(rnd: () => number, text: string, vocab: readonly string[]): string {
  for (let attempt = 0; attempt < 6; attempt++) {
    const words = text.split(' ');
    const choice = rnd();
    if (choice < 0.3) words.push(pick(rnd, vocab));
    else if (choice < 0.55) words[words.length - 1] = pick(rnd, vocab);
    else if (choice < 0.8) words.shift();
    else words[Math.floor(rnd() * words.length)] = pick(rnd, vocab);
    const edited = words.join(' ');
    if (edited !== text && exactJaccard(text, edited) >= 0.8) return edited;
  }
  return `${text.toUpperCase()}!`;
}

describe('MinHash and LSH', () => {
  it('shingles English into word 3-grams, CJK into character 5-grams, short texts whole', () => {
    assert.deepEqual([...textShingles('The quick brown fox, jumps!')], ['the quick brown', 'quick brown fox', 'brown fox jumps']);
    assert.deepEqual([...textShingles('住房公积金提取')], ['住 房 公 积 金', '房 公 积 金 提', '公 积 金 提 取']);
    assert.deepEqual([...textShingles('Hello world')], ['hello world']);
    assert.deepEqual([...textShingles('公积金')], ['公 积 金']);
    assert.equal(textShingles('?!').size, 0);
  });

  it('computes exact Jaccard as counted by hand', () => {
    assert.equal(jaccard(new Set([1, 2, 3]), new Set([2, 3, 4])), 2 / 4);
    assert.equal(jaccard(new Set<number>(), new Set<number>()), 0);
    // a b c d e → {abc, bcd, cde}; a b c d f → {abc, bcd, cdf}: 2 shared of 4.
    assert.equal(exactJaccard('a b c d e', 'a b c d f'), 2 / 4);
    assert.equal(exactJaccard('A b, c!', 'a B c'), 1);
  });

  it('chooses bands and rows with the threshold point just below the threshold', () => {
    // rows 7: 128/7 → 18 bands, (1/18)^(1/7) = e^(−2.890/7) ≈ 0.662 ≤ 0.7;
    // rows 8: 16 bands, (1/16)^(1/8) = e^(−2.773/8) ≈ 0.707 > 0.7. So 18 × 7.
    assert.deepEqual(chooseBanding(0.7, 128), { bands: 18, rows: 7 });
    // A pair at Jaccard 0.8: 1 − (1 − 0.8^7)^18 ≈ 1 − 0.7903^18 ≈ 0.985.
    assert.ok(Math.abs(candidateProbability(0.8, { bands: 18, rows: 7 }) - 0.985) < 0.002);
    // At 0.5: rows 4 → 32 bands, (1/32)^(1/4) ≈ 0.420 ≤ 0.5; rows 5 → 25 bands, (1/25)^(1/5) ≈ 0.525 > 0.5.
    assert.deepEqual(chooseBanding(0.5, 128), { bands: 32, rows: 4 });
    assert.throws(() => chooseBanding(0, 128), RangeError);
  });

  it('estimates Jaccard within tolerance of the exact value', () => {
    const rnd = random(17);
    const vocab = vocabulary(3000, rnd);
    const hasher = new MinHasher(128);
    let totalError = 0;
    let pairs = 0;
    for (let i = 0; i < 300; i++) {
      const text = shortText(rnd, vocab, 40);
      const words = text.split(' ');
      const changes = Math.floor(rnd() * 12);
      for (let c = 0; c < changes; c++) words[Math.floor(rnd() * words.length)] = pick(rnd, vocab);
      const other = words.join(' ');
      const exact = exactJaccard(text, other);
      const estimate = estimateJaccard(hasher.signature(text), hasher.signature(other));
      assert.ok(Math.abs(estimate - exact) <= 0.15, `estimate ${estimate} vs exact ${exact}`);
      totalError += Math.abs(estimate - exact);
      pairs++;
    }
    assert.ok(totalError / pairs < 0.04, `mean absolute error ${totalError / pairs}`);
  });

  it('finds ≥ 95% of planted near-duplicate pairs (Jaccard ≥ 0.8) among 20,000 texts, with few false candidates', () => {
    const rnd = random(2025);
    const vocab = vocabulary(5000, rnd);
    const texts: string[] = [];
    const planted = new Map<number, number>(); // duplicate → original
    while (texts.length < 20_000) {
      if (texts.length > 100 && rnd() < 0.05) {
        const original = Math.floor(rnd() * texts.length);
        planted.set(texts.length, original);
        texts.push(plantedNearDuplicate(rnd, texts[original] ?? '', vocab));
      } else {
        texts.push(shortText(rnd, vocab, 5 + Math.floor(rnd() * 26)));
      }
    }
    const lsh = new MinHashLsh({ threshold: 0.7, expectedSize: texts.length });
    for (const [i, text] of texts.entries()) lsh.add(i, text);
    const pairs = lsh.findPairs();
    const found = new Set(pairs.map(({ a, b }) => `${a}:${b}`));
    let recalled = 0;
    for (const [duplicate, original] of planted) {
      assert.ok(exactJaccard(texts[original] ?? '', texts[duplicate] ?? '') >= 0.8);
      if (found.has(`${Math.min(original, duplicate)}:${Math.max(original, duplicate)}`)) recalled++;
    }
    const recall = recalled / planted.size;
    assert.ok(planted.size > 800, `planted ${planted.size}`);
    assert.ok(recall >= 0.95, `recall ${recall}`);
    const falseCandidates = pairs.filter(({ a, b }) => exactJaccard(texts[a] ?? '', texts[b] ?? '') < 0.6).length;
    assert.ok(falseCandidates <= pairs.length * 0.02, `${falseCandidates} of ${pairs.length} reported pairs have exact Jaccard < 0.6`);
    for (const { a, b, estimate } of pairs) {
      assert.ok(a < b && estimate >= 0.7 && estimate <= 1);
    }
  });

  it('answers a query with the near-duplicate, English and Chinese, and nothing for unrelated or empty text', () => {
    const lsh = new MinHashLsh<string>();
    lsh.add('en', 'How do I reset the router in my small apartment without calling support today');
    lsh.add('zh', '请问住房公积金提取需要什么条件，需要准备哪些材料，多久可以到账');
    lsh.add('empty', '……');
    const en = lsh.query('how do I reset the router in my small apartment without calling support today?');
    assert.equal(en[0]?.id, 'en');
    assert.equal(en[0].estimate, 1);
    const zh = lsh.query('请问住房公积金提取需要什么条件？需要准备哪些材料？多久可以到账呢？'); // one character more: 26 of 27 shingles shared
    assert.equal(zh[0]?.id, 'zh');
    assert.ok(zh[0].estimate >= 0.7);
    assert.deepEqual(lsh.query('A completely unrelated sentence about volcanoes and honeybees'), []);
    assert.deepEqual(lsh.query('!!!'), []);
    assert.equal(lsh.size, 3);
    assert.deepEqual(lsh.findPairs(), []);
  });

  it('grows past its expected size and still finds pairs', () => {
    const lsh = new MinHashLsh({ expectedSize: 16 });
    const rnd = random(5);
    const vocab = vocabulary(500, rnd);
    const texts = Array.from({ length: 300 }, () => shortText(rnd, vocab, 20));
    for (const [i, text] of texts.entries()) lsh.add(i, text);
    lsh.add(300, `${texts[7] ?? ''} ${pick(rnd, vocab)}`);
    assert.deepEqual(lsh.findPairs().map(({ a, b }) => [a, b]), [[7, 300]]);
  });
});
