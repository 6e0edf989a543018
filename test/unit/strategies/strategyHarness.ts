// Runs one strategy's tasks against the local test server, on a seed file of examples/.
import { join } from 'node:path';
import { OpenAiCompatibleClient } from '../../../src/core/llm/openAiCompatibleClient';
import { MemoryResponseCache } from '../../../src/core/llm/responseCache';
import { RequestScheduler } from '../../../src/core/llm/scheduler';
import { loadSeeds } from '../../../src/core/pipeline';
import { BUILT_IN_TEMPLATES } from '../../../src/core/prompts/generationTemplates';
import { type PromptTemplate, templateLanguageFor, TemplateLibrary } from '../../../src/core/prompts/promptTemplate';
import { SeededRandom } from '../../../src/core/random';
import { resolveOptions, type SeedRecord, type Strategy, type StrategyContext, type TaskResult } from '../../../src/core/strategies/strategy';
import type { LlmServer } from '../../llmServer/llmServer';

export const EXAMPLES = join(__dirname, '..', '..', '..', '..', 'examples');

export interface Harness {
  readonly context: StrategyContext;
  readonly client: OpenAiCompatibleClient;
  run(task: number): Promise<TaskResult>;
  close(): Promise<void>;
}

export async function strategyHarness(options: {
  readonly server: LlmServer;
  readonly strategy: Strategy;
  readonly seedFile: string;
  readonly templates?: readonly PromptTemplate[];
  readonly options?: Readonly<Record<string, string>>;
  readonly models?: readonly string[];
  readonly kept?: SeedRecord[];
}): Promise<Harness> {
  const loaded = await loadSeeds(join(EXAMPLES, options.seedFile));
  const client = new OpenAiCompatibleClient({ provider: 'custom', baseUrl: options.server.url, apiKey: 'test', scheduler: new RequestScheduler({ maxConcurrency: 8 }), cache: new MemoryResponseCache() });
  const kept = options.kept ?? [];
  const context: StrategyContext = {
    client,
    templates: new TemplateLibrary([...BUILT_IN_TEMPLATES, ...(options.templates ?? [])]),
    seeds: loaded.seeds,
    seedKind: loaded.kind,
    language: templateLanguageFor(loaded.language),
    models: options.models ?? ['seedling-test-large'],
    judgeModel: 'seedling-judge',
    temperature: 0.8,
    maxTokens: 800,
    options: resolveOptions(options.strategy, options.options ?? {}),
    pool: { kept: () => kept },
  };
  return {
    context,
    client,
    run: (task) => options.strategy.run(context, { index: task, random: new SeededRandom('test-run', task) }),
    close: () => client.close(),
  };
}
