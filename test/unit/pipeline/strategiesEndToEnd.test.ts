// Every strategy through the whole pipeline against the test server, on the example seeds:
// the right kind of sample comes out, provenance is recorded, the filters ran, and the saved
// output reads back in the seed's own format without a problem.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadDataset, readDatasetFile } from '../../../src/core/formats/datasetReader';
import { saveSamples } from '../../../src/core/formats/saveSamples';
import { RECORD_FORMATS, type RecordFormatId } from '../../../src/core/formats/recordFormats';
import { openLlmSession } from '../../../src/core/llm/llmSession';
import { loadSeeds, runGeneration } from '../../../src/core/pipeline';
import { BUILT_IN_TEMPLATES } from '../../../src/core/prompts/generationTemplates';
import { TemplateLibrary } from '../../../src/core/prompts/promptTemplate';
import { DEFAULT_RUBRICS } from '../../../src/core/quality/rubrics';
import { reduceEvents } from '../../../src/core/runs/candidateState';
import { readJournal } from '../../../src/core/runs/journal';
import type { StrategyId } from '../../../src/core/strategies/strategy';
import { STRATEGIES } from '../../../src/core/strategies/strategyRegistry';
import { type LlmServer, startLlmServer } from '../../llmServer/llmServer';

const EXAMPLES = join(__dirname, '..', '..', '..', '..', 'examples');
const quiet = { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** Seeds each strategy is run on: one English and one Chinese set where the strategy allows. */
const CASES: readonly { strategy: StrategyId; seed: string; options?: Record<string, string> }[] = [
  { strategy: 'self-instruct', seed: 'gov-faq-housing-fund.alpaca.jsonl' },
  { strategy: 'self-instruct', seed: 'product-support.chat.jsonl' },
  { strategy: 'evol-instruct', seed: 'product-support.chat.jsonl' },
  { strategy: 'evol-instruct', seed: 'gov-faq-housing-fund.alpaca.jsonl' },
  { strategy: 'distillation', seed: 'gov-faq-housing-fund.alpaca.jsonl' },
  { strategy: 'distillation', seed: 'product-support.chat.jsonl', options: { reasoning: 'strip' } },
  { strategy: 'augmentation', seed: 'reviews-sentiment.zh.jsonl' },
  { strategy: 'augmentation', seed: 'product-support.chat.jsonl', options: { mode: 'back-translation' } },
  { strategy: 'multi-turn', seed: 'expense-reimbursement.sharegpt.json' },
  { strategy: 'multi-turn', seed: 'product-support.chat.jsonl' },
  { strategy: 'multi-turn', seed: 'gov-faq-housing-fund.alpaca.jsonl' },
  { strategy: 'preference', seed: 'helpfulness.dpo.jsonl' },
  { strategy: 'preference', seed: 'gov-faq-housing-fund.alpaca.jsonl', options: { mode: 'pairwise' } },
  { strategy: 'classification', seed: 'reviews-sentiment.zh.jsonl' },
  { strategy: 'mixture-of-agents', seed: 'product-support.chat.jsonl' },
];

let server: LlmServer;
before(async () => {
  server = await startLlmServer();
});
after(async () => {
  await server.close();
});

describe('every strategy end to end', () => {
  for (const testCase of CASES) {
    const strategy = STRATEGIES[testCase.strategy];
    it(`${testCase.strategy} on ${testCase.seed}${testCase.options ? ` (${Object.entries(testCase.options).map(([k, v]) => `${k}=${v}`).join(', ')})` : ''}`, async () => {
      const workspace = mkdtempSync(join(tmpdir(), 'sdl-e2e-strategy-'));
      const session = await openLlmSession({ provider: 'custom', baseUrl: server.url, apiKey: 'k', maxConcurrency: 8 });
      try {
        const seedPath = join(EXAMPLES, testCase.seed);
        const seeds = await loadSeeds(seedPath);
        const report = await runGeneration(
          { session, strategies: STRATEGIES, templates: new TemplateLibrary(BUILT_IN_TEMPLATES), rubrics: DEFAULT_RUBRICS, logger: quiet },
          {
            workspaceRoot: workspace,
            seedPath,
            strategy: testCase.strategy,
            count: 3,
            models: testCase.strategy === 'mixture-of-agents' ? ['seedling-test-small', 'seedling-test-large'] : ['seedling-test-large'],
            judgeModels: ['seedling-judge'],
            temperature: 0.9,
            maxTokens: 800,
            strategyOptions: testCase.options ?? {},
            concurrency: 4,
            dedupThreshold: 0.7,
            provider: { id: 'custom', baseUrl: server.url },
            randomSeed: 'end-to-end',
          },
        );
        assert.equal(report.stopReason, 'completed', report.message);
        const states = [...reduceEvents((await readJournal(report.runDir)).events).values()];
        const kept = states.filter((s) => s.status === 'pending');
        assert.equal(kept.length, 3);
        const outputKind = strategy.outputKind(seeds.kind);
        // The seed's own format where it can hold the output (a dialogue from Alpaca seeds is OpenAI chat, a pair DPO).
        const format: RecordFormatId = report.outputFormat;
        assert.equal(format, outputKind === RECORD_FORMATS[seeds.format].kind ? seeds.format : { chat: 'openai-chat', preference: 'dpo' }[outputKind as 'chat' | 'preference']);
        for (const state of kept) {
          assert.equal(state.sample.kind, outputKind);
          assert.equal(state.provenance.strategy, testCase.strategy);
          assert.match(state.provenance.templateHash, /^[0-9a-f]{64}/);
          assert.ok(state.provenance.seedIds.length > 0);
          assert.equal(state.verdict?.passed, true, 'every kept candidate passed the judge');
        }
        // Every rejection carries a reason a reviewer can read.
        for (const state of states.filter((s) => s.status === 'rejected')) assert.ok((state.decisionReason ?? '').length > 0);
        const output = join(workspace, `out.${seeds.layout.container === 'json-array' ? 'json' : 'jsonl'}`);
        const saved = await saveSamples({ outputPath: output, seedLayout: seeds.layout, seedFormat: format, samples: kept.map((s) => ({ sample: s.sample })) });
        assert.equal(saved.written, 3);
        const readBack = await loadDataset(readDatasetFile(output));
        assert.deepEqual(readBack.problems, []);
        assert.equal(readBack.summary.dominantFormat, format);
        assert.deepEqual(readBack.records.map((r) => r.sample), kept.map((s) => s.sample));
      } finally {
        await session.close();
        rmSync(workspace, { recursive: true, force: true });
      }
    });
  }
});
