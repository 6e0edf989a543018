// Starts a run the way the extension's GenerationService does (a session on the endpoint with
// the workspace's answer cache, the built-in templates with the workspace's overrides, its
// rubrics, the panel's plan), outside VS Code, so a test can SIGKILL it as if the extension
// host died. GenerationService itself needs the `vscode` module, which only an extension host has.
//   node extensionEngineWorker.js WORKSPACE SEED BASE_URL MODEL JUDGE_MODEL COUNT CONCURRENCY
import { join } from 'node:path';
import { openLlmSession } from '../../src/core/llm/llmSession';
import type { Logger } from '../../src/core/logger';
import { runGeneration } from '../../src/core/pipeline';
import { BUILT_IN_TEMPLATES } from '../../src/core/prompts/generationTemplates';
import { TemplateLibrary } from '../../src/core/prompts/promptTemplate';
import { DEFAULT_ROUGE_THRESHOLD } from '../../src/core/quality/nearDuplicates';
import { loadRubrics } from '../../src/core/quality/rubrics';
import { STRATEGIES } from '../../src/core/strategies/strategyRegistry';

const quiet: Logger = { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: (m) => process.stderr.write(`${m}\n`), error: (m) => process.stderr.write(`${m}\n`) };

async function main(): Promise<void> {
  const [workspaceRoot, seedPath, baseUrl, model, judgeModel, count, concurrency] = process.argv.slice(2);
  if (workspaceRoot === undefined || seedPath === undefined || baseUrl === undefined || model === undefined || judgeModel === undefined || count === undefined || concurrency === undefined) {
    throw new Error('usage: extensionEngineWorker WORKSPACE SEED BASE_URL MODEL JUDGE_MODEL COUNT CONCURRENCY');
  }
  const session = await openLlmSession({ provider: 'custom', baseUrl, apiKey: 'k', cacheDir: join(workspaceRoot, '.seedling', 'cache'), maxConcurrency: Number(concurrency), logger: quiet });
  const templates = new TemplateLibrary(BUILT_IN_TEMPLATES);
  await templates.loadOverrides(join(workspaceRoot, '.seedling', 'templates'));
  const rubrics = await loadRubrics(join(workspaceRoot, '.seedling', 'rubrics'));
  try {
    const report = await runGeneration(
      { session, strategies: STRATEGIES, templates, rubrics: rubrics.rubrics, logger: quiet },
      {
        workspaceRoot,
        seedPath,
        strategy: 'self-instruct',
        count: Number(count),
        models: [model],
        judgeModels: [judgeModel],
        // The CLI's defaults, so its --resume sends byte-identical requests.
        temperature: 0.9,
        maxTokens: 1024,
        strategyOptions: {},
        concurrency: Number(concurrency),
        dedupThreshold: DEFAULT_ROUGE_THRESHOLD,
        provider: { id: 'custom', baseUrl },
      },
    );
    process.stdout.write(`${report.runId} ${report.stopReason}\n`);
  } finally {
    await session.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
