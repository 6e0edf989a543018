import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JsonlDocumentCheck, type JsonlCheckOptions } from '../../../src/core/editorChecks/jsonlDocumentCheck';
import type { LineFinding } from '../../../src/core/editorChecks/lineFinding';
import { sampleContentHash } from '../../../src/core/model/contentHash';
import { defaultRuleConfig } from '../../../src/core/quality/rules';
import { ContaminationIndex } from '../../../src/core/quality/similarity/ngramOverlap';
import type { Verdict } from '../../../src/core/runs/candidateEvents';

function checker(options: Partial<JsonlCheckOptions> = {}): JsonlDocumentCheck {
  return new JsonlDocumentCheck({ rules: defaultRuleConfig({ minLength: { response: 3 }, maxLength: { '*': 60 } }), nearDuplicateThreshold: 0.7, fullCheckLineLimit: 1000, ...options });
}

/** Checks until the slow work has caught up, as the editor does between keystrokes. */
function settled(check: JsonlDocumentCheck, lines: readonly string[]): LineFinding[] {
  let result = check.check(lines);
  while (result.pending) {
    check.catchUp(Number.POSITIVE_INFINITY, () => 0);
    result = check.check(lines);
  }
  return result.findings;
}

const alpaca = (instruction: string, output: string): string => JSON.stringify({ instruction, input: '', output });

describe('checks of a JSONL file in the editor', () => {
  it('places rule failures on the value of the field they are about', () => {
    const lines = [alpaca('Name a colour.', 'Red.'), alpaca('Name a fruit.', 'ok'), JSON.stringify({ messages: [{ role: 'user', content: 'Tell me a long story.' }, { role: 'assistant', content: 'x'.repeat(61) }] })];
    const found = settled(checker(), lines).filter((f) => f.code === 'too-short' || f.code === 'too-long');
    const short = lines[1]?.indexOf('"ok"') ?? -1;
    const long = lines[2]?.indexOf(`"${'x'.repeat(61)}"`) ?? -1;
    assert.deepEqual(
      found.map((f) => [f.line, f.column, f.length, f.code]),
      [
        [1, short, 4, 'too-short'],
        [2, long, 63, 'too-long'],
      ],
    );
  });

  it('names the first copy of an exact duplicate and the earlier line of a near-duplicate', () => {
    const lines = [alpaca('Write a short poem about the sea at night.', 'Waves.'), alpaca('Explain photosynthesis.', 'Light.'), alpaca('Write a short poem about the sea at night.', 'Waves.'), alpaca('Write a short poem about the sea at dawn.', 'Gulls.')];
    const found = settled(checker(), lines).filter((f) => f.code === 'duplicate-line' || f.code === 'near-duplicate');
    assert.deepEqual(
      found.map((f) => ({ line: f.line, code: f.code, message: f.message, related: f.related })),
      [
        { line: 2, code: 'duplicate-line', message: 'an exact duplicate of line 1', related: [{ line: 0, message: 'the first copy' }] },
        { line: 3, code: 'near-duplicate', message: 'a near-duplicate of line 1 (ROUGE-L 0.89 between the prompts)', related: [{ line: 0, message: 'ROUGE-L 0.89' }] },
      ],
    );
  });

  it('follows edits: a line that changes no longer duplicates, and a moved line is found at its new place', () => {
    const check = checker();
    const lines = [alpaca('用一句话介绍长城的历史。', '长城修建于两千多年前。'), alpaca('Explain gravity.', 'Mass attracts.'), alpaca('用一句话介绍长城的历史。', '长城修建于两千多年前。')];
    assert.equal(settled(check, lines).filter((f) => f.code === 'duplicate-line').length, 1);
    const edited = [lines[0] as string, lines[1] as string, alpaca('用一句话介绍故宫。', '故宫是明清两代的皇宫。')];
    assert.deepEqual(settled(check, edited).filter((f) => f.code === 'duplicate-line' || f.code === 'near-duplicate'), []);
    const moved = [lines[1] as string, lines[0] as string, lines[0] as string];
    assert.deepEqual(settled(check, moved).map((f) => [f.line, f.code]), [[2, 'duplicate-line']]);
  });

  it('reports contamination with the eval item and a judge score below the pass score', () => {
    const evalItems = new ContaminationIndex({ wordN: 5 });
    evalItems.addEvalItem({ file: 'eval/gsm8k.jsonl', line: 3 }, 'Natalia sold clips to 48 of her friends in April');
    const lines = [alpaca('Natalia sold clips to 48 of her friends in April. How many?', '72.'), alpaca('Name a river.', 'The Nile.')];
    const verdict: Verdict = { overall: 2.5, criteria: [{ name: 'accuracy', score: 2, reason: 'wrong river' }, { name: 'clarity', score: 3, reason: 'fine' }], models: ['judge'], passed: false };
    const hash = sampleContentHash({ kind: 'instruction', instruction: 'Name a river.', input: '', output: 'The Nile.' });
    const found = settled(checker({ contamination: evalItems, verdictOf: (content) => (content === hash ? verdict : undefined) }), lines);
    assert.deepEqual(
      found.filter((f) => f.code === 'contaminated' || f.code === 'low-score').map((f) => [f.line, f.code, f.message]),
      [
        [0, 'contaminated', 'overlaps the eval item eval/gsm8k.jsonl:3 — shares “natalia sold clips to 48”'],
        [1, 'low-score', 'the judge scored this sample 2.5 / 5, below the pass score; weakest: accuracy 2 — wrong river'],
      ],
    );
  });

  it('runs only the cheap checks above the line limit and says why the rest is off', () => {
    const lines = [alpaca('Write a poem about the sea.', 'Waves.'), alpaca('Write a poem about the sea!', 'Waves!'), alpaca('Write a poem about the sea.', 'Waves.')];
    const result = checker({ fullCheckLineLimit: 2 }).check(lines);
    assert.equal(result.pending, false);
    assert.deepEqual(result.findings.map((f) => [f.line, f.code]), [[0, 'checks-limited'], [2, 'duplicate-line']]);
    assert.match(result.findings[0]?.message ?? '', /3 lines, more than the limit of 2 \(setting seedling.diagnostics.fullCheckLineLimit\)/);
  });

  it('reads each distinct line once, however often the file is checked', () => {
    const check = checker();
    const lines = Array.from({ length: 2000 }, (_, i) => alpaca(`Question number ${i}?`, `Answer ${i}.`));
    settled(check, lines);
    const first = check.recordOf(lines[5] as string);
    settled(check, [...lines.slice(0, 1000), alpaca('A new question?', 'Yes.'), ...lines.slice(1000)]);
    assert.equal(check.recordOf(lines[5] as string), first);
  });

  it('flags mixed formats and the language of a response unlike the rest of the file', () => {
    const english = Array.from({ length: 24 }, (_, i) => alpaca(`Count to ${i}, in words.`, `Here is the count up to ${i}, in words.`));
    const lines = [...english, alpaca('Say no.', '不，我不同意这个说法。'), JSON.stringify({ prompt: 'Say maybe.', completion: 'Maybe later then.' })];
    const found = settled(checker(), lines).filter((f) => f.code === 'mixed-format' || f.code === 'language-mismatch');
    assert.deepEqual(found.map((f) => [f.line, f.code]), [[24, 'language-mismatch'], [25, 'mixed-format']]);
    // A short or bilingual file has no language of its own to hold lines to.
    assert.deepEqual(settled(checker(), lines.slice(20)).filter((f) => f.code === 'language-mismatch'), []);
  });
});
