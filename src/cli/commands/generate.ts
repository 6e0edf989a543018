import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { saveSamples } from '../../core/formats/saveSamples';
import { LlmError } from '../../core/llm/llmErrors';
import { PriceTable } from '../../core/llm/pricing';
import { loadSeeds, type PipelineEvent, type RunReport, runGeneration } from '../../core/pipeline';
import { BUILT_IN_TEMPLATES } from '../../core/prompts/generationTemplates';
import { templateLanguageFor, TemplateLibrary } from '../../core/prompts/promptTemplate';
import { loadRubrics } from '../../core/quality/rubrics';
import { DEFAULT_ROUGE_THRESHOLD } from '../../core/quality/nearDuplicates';
import { estimateRun } from '../../core/runEstimate';
import { makeEvent } from '../../core/runs/candidateEvents';
import { reduceEvents } from '../../core/runs/candidateState';
import { CandidateJournal, readJournal } from '../../core/runs/journal';
import { readRunManifest, runDirectory } from '../../core/runs/runManifest';
import { sampleContentHash } from '../../core/model/contentHash';
import { isStrategyId, resolveOptions, STRATEGY_IDS } from '../../core/strategies/strategy';
import { STRATEGIES } from '../../core/strategies/strategyRegistry';
import { type CliCommand, parseOrExplain, positiveInteger, UsageError, writeErr, writeOut } from '../cliCommand';
import { endpointChoice, LLM_OPTIONS, LLM_OPTIONS_HELP, openCliSession } from '../llmOptions';
import { ProgressBar } from '../progress';
import { stderrLogger } from '../stderrLogger';

function strategyList(): string {
  return STRATEGY_IDS.map((id) => {
    const strategy = STRATEGIES[id];
    const options = strategy.options.map((o) => `${o.name}=${String(o.default)}`).join(' ');
    return `  ${id.padEnd(19)}${strategy.description.en}${options ? `\n  ${''.padEnd(19)}options: ${options}` : ''}`;
  }).join('\n');
}

function parseOptions(values: readonly string[]): Record<string, string> {
  const options: Record<string, string> = {};
  for (const value of values) {
    const at = value.indexOf('=');
    if (at <= 0) throw new UsageError(`--option takes name=value, got "${value}"`);
    options[value.slice(0, at)] = value.slice(at + 1);
  }
  return options;
}

const MAX_SEED_PROBLEMS_SHOWN = 20;

function money(usd: number): string {
  return usd < 0.01 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}

function summary(report: RunReport): string {
  const lines = [
    `run ${report.runId}: ${report.status}${report.message ? ` (${report.message})` : ''}`,
    `  candidates   ${report.kept} of ${report.target} ready for review, ${report.rejected} rejected, ${report.failedTasks} tasks failed`,
  ];
  const reasons = Object.entries(report.rejections).sort((a, b) => b[1] - a[1]);
  if (reasons.length > 0) lines.push(`  rejected     ${reasons.map(([why, n]) => `${n} ${why}`).join(', ')}`);
  if (report.judged > 0) lines.push(`  judge        ${report.judgePassed} of ${report.judged} passed (${Math.round((100 * report.judgePassed) / report.judged)}%)`);
  lines.push(`  usage        ${report.tasks} tasks, ${report.usage.promptTokens.toLocaleString('en')} prompt + ${report.usage.completionTokens.toLocaleString('en')} completion tokens, ${money(report.costUsd)}, ${report.seconds.toFixed(1)} s`);
  lines.push(`  journal      ${report.runDir}`);
  return lines.join('\n');
}

export const generateCommand: CliCommand = {
  name: 'generate',
  summary: 'generate candidates from a seed file with a strategy, checked, judged and deduplicated',
  usage: `Usage: seedling generate SEED --strategy NAME --count N [--model M] [--judge-model J]... [--out FILE]
                        [--concurrency C] [--budget USD] [--resume RUN] [--dry-run] [--option name=value]...

Generates N candidates that pass the rule checks, the near-duplicate filter (against the seeds,
the output file and the run) and the judge, journaling everything in .seedling/runs/<run>/.
A run stopped by a crash, Ctrl+C or the budget continues with --resume RUN, without sending a
request that already finished. With --out, the candidates are accepted and saved to FILE in the
seed's format (saving again writes nothing new); without it, review them in VS Code.

  --strategy NAME     one of:
${strategyList()}
  --count N           candidates wanted
  --out FILE          accept and save the candidates to FILE
  --no-judge          skip the LLM judge
  --temperature T     sampling temperature (default 0.9)
  --max-tokens N      per answer (default 1024)
  --threshold T       ROUGE-L above which a candidate is a near-duplicate (default 0.7)
  --workspace DIR     where .seedling/ lives (default: the current folder)
  --seed TEXT         fixes the run's random choices (few-shot examples, modes): a run repeated
                      with the same seed and settings sends the same requests, answered from the cache
  --dry-run           print the first prompt and the cost estimate; send nothing

${LLM_OPTIONS_HELP}`,
  async run(args) {
    const { values, positionals } = parseOrExplain(() =>
      parseArgs({
        args: [...args],
        allowPositionals: true,
        options: {
          ...LLM_OPTIONS,
          strategy: { type: 'string' },
          count: { type: 'string' },
          out: { type: 'string' },
          resume: { type: 'string' },
          'dry-run': { type: 'boolean' },
          'no-judge': { type: 'boolean' },
          option: { type: 'string', multiple: true },
          temperature: { type: 'string' },
          'max-tokens': { type: 'string' },
          threshold: { type: 'string' },
          workspace: { type: 'string' },
          seed: { type: 'string' },
        },
      }),
    );
    const workspaceRoot = resolve(values.workspace ?? process.cwd());
    let seedArg = positionals[0];
    let strategyName = values.strategy;
    let count = positiveInteger(values.count, '--count');
    let models = { model: values.model, 'judge-model': values['judge-model'] };
    if (values.resume !== undefined) {
      const manifest = await readRunManifest(runDirectory(workspaceRoot, values.resume));
      if (!manifest.ok) throw new UsageError(`cannot resume run ${values.resume}: ${manifest.message}`, false);
      seedArg ??= join(workspaceRoot, manifest.manifest.seed.path);
      strategyName ??= manifest.manifest.config.strategy;
      count ??= manifest.manifest.config.count;
      // A resumed run goes on with its own models unless told otherwise.
      const used = manifest.manifest.provider.models;
      if (used.generator.length > 0) models = { model: values.model ?? used.generator, 'judge-model': values['judge-model'] ?? used.judge };
    }
    if (seedArg === undefined || positionals.length > 1) throw new UsageError('name one seed file');
    if (strategyName === undefined) throw new UsageError(`choose a strategy: --strategy ${STRATEGY_IDS.join('|')}`);
    if (!isStrategyId(strategyName)) throw new UsageError(`unknown strategy "${strategyName}"; strategies are ${STRATEGY_IDS.join(', ')}`);
    const strategy = STRATEGIES[strategyName];
    if (count === undefined) throw new UsageError('say how many candidates to generate: --count N');
    const strategyOptions = parseOptions(values.option ?? []);
    try {
      resolveOptions(strategy, strategyOptions);
    } catch (error: unknown) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    const choice = endpointChoice({ ...values, ...models });
    if (choice.model === undefined) throw new UsageError('name the model that generates: --model M (or set SEEDLING_MODEL)');
    const model = choice.model;
    const judgeModels = values['no-judge'] === true ? [] : choice.judgeModels;
    const temperature = values.temperature === undefined ? 0.9 : Number(values.temperature);
    if (!(temperature >= 0 && temperature <= 2)) throw new UsageError('--temperature is a number from 0 to 2');
    const maxTokens = positiveInteger(values['max-tokens'], '--max-tokens') ?? 1024;
    const threshold = values.threshold === undefined ? DEFAULT_ROUGE_THRESHOLD : Number(values.threshold);
    const seedPath = resolve(seedArg);
    const templates = new TemplateLibrary(BUILT_IN_TEMPLATES);
    await templates.loadOverrides(join(workspaceRoot, '.seedling', 'templates'));
    const rubrics = await loadRubrics(join(workspaceRoot, '.seedling', 'rubrics'));
    for (const problem of [...templates.problems, ...rubrics.problems]) writeErr(`${problem.file}: ignored: ${problem.message}`);

    // Broken seed lines are left out of the run: say which, so nothing is dropped unseen.
    const loaded = await loadSeeds(seedPath);
    for (const problem of loaded.problems.slice(0, MAX_SEED_PROBLEMS_SHOWN)) writeErr(`${seedArg}:${problem.line}:${problem.column}: ${problem.code}: ${problem.message} (line left out of the seeds)`);
    if (loaded.problems.length > MAX_SEED_PROBLEMS_SHOWN) writeErr(`${seedArg}: ${loaded.problems.length - MAX_SEED_PROBLEMS_SHOWN} more broken lines left out; seedling validate ${seedArg} lists them all`);

    if (values['dry-run'] === true) {
      const unsupported = strategy.unsupportedKind(loaded.kind);
      if (unsupported !== undefined) throw new UsageError(`${strategy.label} cannot work from ${loaded.kind} seeds: ${unsupported}`, false);
      const estimate = await estimateRun(
        strategy,
        { templates, seeds: loaded.seeds, seedKind: loaded.kind, language: templateLanguageFor(loaded.language), models: choice.models, judgeModel: judgeModels[0] ?? model, temperature, maxTokens, options: resolveOptions(strategy, strategyOptions) },
        count,
        judgeModels,
        new PriceTable({}, choice.provider),
      );
      writeOut(`Dry run of ${strategy.label} on ${seedArg} (${loaded.seeds.length} ${loaded.kind} seeds, ${loaded.format}): nothing is sent.\n`);
      if (estimate.firstRequest) {
        writeOut(`The first request (model ${estimate.firstRequest.model}, temperature ${String(estimate.firstRequest.temperature)}):`);
        for (const message of estimate.firstRequest.messages) writeOut(`--- ${message.role} ---\n${message.content}`);
        writeOut('---');
      }
      const cost = estimate.costUsd ? `${money(estimate.costUsd.likely)} likely, ${money(estimate.costUsd.atMost)} at most` : `unknown: no price for ${estimate.unpricedModels.join(', ')} (give one with --prices)`;
      writeOut(`Estimate for ${count} candidates: ${estimate.tasks} tasks, ${estimate.requests} requests, ${estimate.promptTokens.toLocaleString('en')} prompt tokens, ${estimate.completionTokens.likely.toLocaleString('en')}–${estimate.completionTokens.atMost.toLocaleString('en')} completion tokens; cost ${cost}.`);
      return 0;
    }

    const session = await openCliSession(values, choice, stderrLogger);
    const controller = new AbortController();
    const onSignal = (): void => {
      writeErr('\nstopping: waiting for requests in flight (Ctrl+C again to quit at once)…');
      controller.abort();
      process.once('SIGINT', () => process.exit(130));
    };
    process.once('SIGINT', onSignal);
    const progress = new ProgressBar('generating', count);
    let report: RunReport;
    try {
      report = await runGeneration(
        { session, strategies: STRATEGIES, templates, rubrics: rubrics.rubrics, logger: stderrLogger },
        {
          workspaceRoot,
          seedPath,
          strategy: strategy.id,
          count,
          models: choice.models,
          judgeModels,
          temperature,
          maxTokens,
          strategyOptions,
          concurrency: positiveInteger(values.concurrency, '--concurrency') ?? 8,
          dedupThreshold: threshold,
          provider: { id: choice.provider, baseUrl: choice.baseUrl },
          ...(values.budget !== undefined ? { budgetUsd: Number(values.budget) } : {}),
          ...(values.out !== undefined ? { outputFile: resolve(values.out) } : {}),
          ...(values.resume !== undefined ? { resumeRunId: values.resume } : {}),
          ...(values.seed !== undefined ? { randomSeed: values.seed } : {}),
        },
        {
          signal: controller.signal,
          onEvent: (event: PipelineEvent) => {
            if (event.type === 'started') {
              progress.setTotal(event.target);
              progress.update(event.kept);
              if (event.resumed) writeErr(`resuming run ${event.runId}: ${event.kept} of ${event.target} candidates already there`);
            }
            if (event.type === 'progress') progress.update(event.progress.kept, money(event.progress.costUsd));
          },
        },
      );
    } catch (error: unknown) {
      if (error instanceof LlmError) throw new UsageError(error.message, false);
      throw error;
    } finally {
      process.removeListener('SIGINT', onSignal);
      progress.finish();
      await session.close();
    }
    writeOut(summary(report));
    if (values.out !== undefined && report.kept > 0) {
      const out = resolve(values.out);
      const { events } = await readJournal(report.runDir);
      const states = reduceEvents(events);
      const toSave = [...states.values()].filter((s) => s.status === 'pending' || (s.status === 'accepted' && !s.saved.some((o) => o.outputFile === out)));
      const journal = await CandidateJournal.open(report.runDir);
      try {
        for (const state of toSave) if (state.status === 'pending') await journal.append(makeEvent('accepted', state.id, { by: 'user', reason: 'accepted with --out' }));
        const saved = await saveSamples({ outputPath: out, seedLayout: report.seedLayout, seedFormat: report.outputFormat, samples: toSave.map((s) => ({ sample: s.sample })) });
        for (const state of toSave) await journal.append(makeEvent('saved', state.id, { outputFile: out, contentHash: sampleContentHash(state.sample) }));
        writeOut(`  saved        ${saved.written} new samples to ${out}${saved.alreadyPresent > 0 ? ` (${saved.alreadyPresent} were already there)` : ''}`);
      } finally {
        await journal.close();
      }
    } else if (report.kept > 0) {
      writeOut(`  next         review them in VS Code (Seedling: Open Review), or save them: seedling generate --resume ${report.runId} --out ${join(dirname(seedArg), 'FILE')}`);
    }
    if (report.stopReason === 'quota' || report.stopReason === 'budget') {
      writeOut(`  resume       later: seedling generate --resume ${report.runId}${values.out !== undefined ? ` --out ${values.out}` : ''}`);
    }
    if (report.stopReason === 'cancelled') return 130;
    if (report.stopReason === 'failed') return 1;
    return report.stopReason === 'completed' ? 0 : 3;
  },
};
