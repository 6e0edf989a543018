import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LlmError } from '../../../src/core/llm/llmErrors';
import { CostMeter, PriceTable } from '../../../src/core/llm/pricing';

describe('prices and budgets', () => {
  it('prices a model by name, by the longest prefix of a dated snapshot, and by its bare name', () => {
    const prices = new PriceTable();
    assert.deepEqual(prices.lookup('gpt-4o-mini'), { input: 0.15, output: 0.6 });
    assert.deepEqual(prices.lookup('gpt-4o-mini-2024-07-18'), { input: 0.15, output: 0.6 });
    assert.deepEqual(prices.lookup('openai/gpt-4o'), { input: 2.5, output: 10 });
    assert.equal(prices.lookup('my-finetune'), undefined);
    assert.equal(prices.cost('gpt-4o', 1_000_000, 1_000_000), 12.5);
  });

  it('lets settings override a price, and makes local servers free', () => {
    assert.deepEqual(new PriceTable({ 'gpt-4o': { input: 1, output: 2 } }).lookup('gpt-4o'), { input: 1, output: 2 });
    assert.equal(new PriceTable({}, 'ollama').cost('llama3.1:70b', 1e6, 1e6), 0);
  });

  it('refuses a request that could take the run over its budget, counting requests in flight', () => {
    const meter = new CostMeter(new PriceTable(), 0.01);
    const a = meter.reserve('gpt-4o', 1000, 400); // 0.0025 + 0.004 = 0.0065
    assert.throws(() => meter.reserve('gpt-4o', 1000, 400), (e: unknown) => e instanceof LlmError && e.reason === 'budget' && /budget of \$0\.01 is reached/.test(e.message));
    assert.equal(meter.settle(a, 'gpt-4o', 1000, 100), 0.0035);
    assert.equal(meter.spentUsd, 0.0035);
    meter.reserve('gpt-4o', 1000, 400); // 0.0035 + 0.0065 = 0.01: just fits
  });

  it('names the models it could not price', () => {
    const meter = new CostMeter(new PriceTable(), 1);
    meter.reserve('mystery-model', 10, 10);
    assert.deepEqual(meter.unpricedModels, ['mystery-model']);
  });
});
