import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Sample } from '../../../src/core/model/sample';
import { defaultRuleConfig, RuleChecker } from '../../../src/core/quality/rules';

const instruction = (instructionText: string, output: string): Sample => ({ kind: 'instruction', instruction: instructionText, input: '', output });
const codes = (checker: RuleChecker, sample: Sample): string[] => checker.check(sample).map((f) => f.code);

describe('rule checks', () => {
  const checker = new RuleChecker(defaultRuleConfig(), 'alpaca');

  it('passes a good sample', () => {
    assert.deepEqual(checker.check(instruction('How do I withdraw my housing fund?', 'Apply online with your ID card and bank card.')), []);
  });

  it('flags an empty or too short output, field by field', () => {
    assert.deepEqual(checker.check(instruction('Q?', '')).map((f) => [f.code, f.message]), [['empty-field', '"output" is empty']]);
    const strict = new RuleChecker(defaultRuleConfig({ minLength: { output: 20 }, maxLength: { instruction: 10 } }));
    assert.deepEqual(strict.check(instruction('A much too long instruction', 'short')).map((f) => f.message), [
      '"instruction" has 27 characters, more than the maximum of 10',
      '"output" has 5 characters, fewer than the minimum of 20',
    ]);
  });

  it('counts characters, not UTF-16 units or bytes, in Chinese text', () => {
    const strict = new RuleChecker(defaultRuleConfig({ minLength: { output: 5 } }));
    assert.deepEqual(codes(strict, instruction('提取条件？', '可以提取')), ['too-short']);
    assert.deepEqual(codes(strict, instruction('提取条件？', '可以提取。')), []);
  });

  it('flags banned phrases in English and Chinese, ignoring case', () => {
    assert.deepEqual(codes(checker, instruction('Q?', 'as an ai language model, I think so.')), ['banned-phrase']);
    assert.deepEqual(codes(checker, instruction('问题？', '这是测试回答。')), ['banned-phrase']);
  });

  it('flags refusals', () => {
    assert.deepEqual(codes(checker, instruction('Kill the process on port 8080', "I'm sorry, but I can't help with that.")), ['refusal']);
    assert.deepEqual(codes(checker, instruction('公积金怎么提取？', '抱歉，我无法回答这个问题。')), ['refusal']);
    assert.deepEqual(codes(checker, instruction('Q?', 'Sorry for the wait: here is how.')), []);
  });

  it('checks dialogue turns and role order', () => {
    const chat = new RuleChecker(defaultRuleConfig({ turns: { min: 3, max: 6 } }), 'openai-chat');
    const twoTurns: Sample = { kind: 'chat', messages: [{ role: 'user', content: 'a?' }, { role: 'assistant', content: 'b.' }, { role: 'user', content: 'c?' }, { role: 'assistant', content: 'd.' }] };
    assert.deepEqual(chat.check(twoTurns).map((f) => f.message), ['the dialogue has 2 user turns; between 3 and 6 are wanted']);
    const swapped: Sample = { kind: 'chat', messages: [{ role: 'user', content: 'a?' }, { role: 'user', content: 'b?' }, { role: 'assistant', content: 'c.' }] };
    assert.ok(codes(chat, swapped).includes('role-order'));
  });

  it('checks the label against the allowed set', () => {
    const labels = new RuleChecker(defaultRuleConfig({ allowedLabels: ['积极', '中性', '消极'] }));
    assert.deepEqual(codes(labels, { kind: 'classification', text: '物流很快', label: '积极' }), []);
    assert.deepEqual(labels.check({ kind: 'classification', text: '物流很快', label: 'positive' }).map((f) => f.message), ['the label "positive" is not one of "积极", "中性", "消极"']);
  });

  it('flags a response in another language than the seeds', () => {
    const zh = new RuleChecker(defaultRuleConfig({ language: 'zh' }));
    assert.deepEqual(zh.check(instruction('公积金怎么提取？', 'You can withdraw it online with your ID card.')).map((f) => f.message), ['the response is in a Latin-script language, but the seeds are in Chinese']);
    assert.deepEqual(codes(zh, instruction('公积金怎么提取？', '登录公积金 App，选择“提取”即可，需要身份证和 bank card。')), []);
  });

  it('reports a sample the seed format cannot hold', () => {
    const dpo = new RuleChecker(defaultRuleConfig(), 'dpo');
    assert.deepEqual(codes(dpo, { kind: 'preference', chosen: 'Use a context manager.', rejected: 'Just call close().' }), ['format-invalid']);
  });
});
