import { join } from 'node:path';
import * as vscode from 'vscode';
import { LlmError } from '../../core/llm/llmErrors';
import { type LlmSession, type ModelSession, openLlmSession } from '../../core/llm/llmSession';
import type { ProbeReport } from '../../core/llm/openAiCompatibleClient';
import { CostMeter, PriceTable } from '../../core/llm/pricing';
import { PROVIDER_PRESETS, type ProviderId } from '../../core/llm/providers';
import { loadSeeds, type PipelineEvent, type RunReport, runGeneration } from '../../core/pipeline';
import { BUILT_IN_TEMPLATES } from '../../core/prompts/generationTemplates';
import { templateLanguageFor, TemplateLibrary } from '../../core/prompts/promptTemplate';
import type { RubricId } from '../../core/quality/rubricIds';
import { loadRubrics, type Rubric } from '../../core/quality/rubrics';
import { DEFAULT_ROUGE_THRESHOLD } from '../../core/quality/nearDuplicates';
import { estimateRun, type RunEstimate } from '../../core/runEstimate';
import { resolveOptions, type StrategyId } from '../../core/strategies/strategy';
import { STRATEGIES } from '../../core/strategies/strategyRegistry';
import { configuredBaseUrl, configuredProvider } from '../commands/setApiKey';
import type { EndpointKeys } from '../endpointKeys';
import type { OutputChannelLogger } from '../outputChannelLogger';
import { isLanguageModelId, LanguageModelApiClient } from './languageModelApiClient';
import type { RunStore } from './runStore';

export interface GenerationRequest {
  readonly seed: vscode.Uri;
  readonly strategy: StrategyId;
  readonly count: number;
  readonly models: readonly string[];
  readonly judgeModels: readonly string[];
  readonly temperature: number;
  readonly maxTokens: number;
  readonly strategyOptions: Readonly<Record<string, string>>;
  readonly outputFile?: string;
  readonly budgetUsd?: number;
  /** Continue this stopped run (with the settings above, taken from its manifest) instead of starting one. */
  readonly resumeRunId?: string;
}

/** Where the endpoint settings point, as the user configured them. */
export interface EndpointSettings {
  readonly provider: ProviderId;
  readonly baseUrl: string;
  readonly maxConcurrency: number;
}

export function endpointSettings(): EndpointSettings {
  const provider = configuredProvider();
  return {
    provider,
    baseUrl: configuredBaseUrl(provider),
    maxConcurrency: vscode.workspace.getConfiguration('seedling').get<number>('maxConcurrency', 8),
  };
}

/** A dollar amount as the progress and status bar show it. */
export function money(usd: number): string {
  return usd < 0.01 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}

function workspaceRootOf(uri: vscode.Uri): string {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) throw new Error(vscode.l10n.t('{0} is not in an open workspace folder: runs are kept in the workspace, so open its folder first.', uri.fsPath));
  return folder.uri.fsPath;
}

/**
 * Runs generation from VS Code: the endpoint from settings and the key from SecretStorage
 * (asked before it goes anywhere it was not stored for), a cancellable progress
 * notification, a status-bar item with done/total, tokens and cost, and the views refreshed
 * as candidates arrive.
 */
export class GenerationService implements vscode.Disposable {
  private readonly status = vscode.window.createStatusBarItem('seedling.generation', vscode.StatusBarAlignment.Left, 50);
  private active = 0;

  constructor(
    private readonly keys: EndpointKeys,
    private readonly store: RunStore,
    private readonly log: OutputChannelLogger,
  ) {
    this.status.name = vscode.l10n.t('Seedling generation');
  }

  /** A session on the configured endpoint; refused in Restricted Mode, where nothing may be sent. */
  async openSession(workspaceRoot: string | undefined, budgetUsd?: number): Promise<LlmSession> {
    if (!vscode.workspace.isTrusted) {
      throw new LlmError('unsupported', vscode.l10n.t('Restricted Mode: Seedling sends nothing to a model endpoint until you trust this workspace.'));
    }
    const settings = endpointSettings();
    if (!settings.baseUrl) throw new LlmError('bad-request', vscode.l10n.t('{0} needs a base URL: set “seedling.baseUrl”.', PROVIDER_PRESETS[settings.provider].label));
    const apiKey = await this.keys.apiKey(settings.provider, settings.baseUrl);
    if (apiKey === undefined && PROVIDER_PRESETS[settings.provider].needsApiKey && !/^https?:\/\/(localhost|127\.|\[::1\])/.test(settings.baseUrl)) {
      throw new LlmError('auth', vscode.l10n.t('No API key is set for {0}. Run “Seedling: Set API Key” to store one in VS Code’s secret storage.', PROVIDER_PRESETS[settings.provider].label));
    }
    return openLlmSession({
      provider: settings.provider,
      baseUrl: settings.baseUrl,
      ...(apiKey !== undefined ? { apiKey } : {}),
      ...(workspaceRoot !== undefined ? { cacheDir: join(workspaceRoot, '.seedling', 'cache') } : {}),
      maxConcurrency: settings.maxConcurrency,
      ...(budgetUsd !== undefined ? { budgetUsd } : {}),
      logger: this.log,
    });
  }

  /**
   * A session with the workspace's prompt templates and rubrics: what generation and revisions
   * run on. Language Model API models among `models` go through VS Code; the endpoint is opened
   * only when some model needs it.
   */
  async openEngine(workspaceRoot: string, budgetUsd: number | undefined, models: readonly string[]): Promise<{ session: ModelSession & { close(): Promise<void> }; templates: TemplateLibrary; rubrics: Readonly<Record<RubricId, Rubric>> }> {
    if (!vscode.workspace.isTrusted) {
      throw new LlmError('unsupported', vscode.l10n.t('Restricted Mode: Seedling sends nothing to a model endpoint until you trust this workspace.'));
    }
    const usesLanguageModels = models.some(isLanguageModelId);
    const needsEndpoint = models.length === 0 || models.some((model) => !isLanguageModelId(model));
    const endpoint = needsEndpoint ? await this.openSession(workspaceRoot, budgetUsd) : undefined;
    const session = {
      client: usesLanguageModels ? new LanguageModelApiClient(endpoint?.client) : (endpoint?.client ?? new LanguageModelApiClient(undefined)),
      costMeter: endpoint?.costMeter ?? new CostMeter(new PriceTable({}, endpointSettings().provider), budgetUsd),
      close: async (): Promise<void> => {
        await endpoint?.close();
      },
    };
    const templates = await this.templates(workspaceRoot);
    const rubrics = await loadRubrics(join(workspaceRoot, '.seedling', 'rubrics'));
    for (const problem of rubrics.problems) this.log.warn(`${problem.file}: ignored: ${problem.message}`);
    return { session, templates, rubrics: rubrics.rubrics };
  }

  /** "Test connection": what the endpoint lists and supports for a model. */
  async testConnection(model: string): Promise<ProbeReport> {
    const session = await this.openSession(undefined);
    try {
      return await session.client.probe(model);
    } finally {
      await session.close();
    }
  }

  /** The cost of a run before it starts, from its real first prompt. */
  async estimate(request: GenerationRequest): Promise<RunEstimate> {
    const strategy = STRATEGIES[request.strategy];
    const seeds = await loadSeeds(request.seed.fsPath);
    const templates = await this.templates(workspaceRootOf(request.seed));
    const session = await this.openSession(undefined).catch(() => undefined);
    const prices = session?.prices ?? new PriceTable({}, endpointSettings().provider);
    await session?.close();
    return estimateRun(
      strategy,
      { templates, seeds: seeds.seeds, seedKind: seeds.kind, language: templateLanguageFor(seeds.language), models: request.models, judgeModel: request.judgeModels[0] ?? request.models[0] ?? '', temperature: request.temperature, maxTokens: request.maxTokens, options: resolveOptions(strategy, request.strategyOptions) },
      request.count,
      request.judgeModels,
      prices,
    );
  }

  /**
   * Runs generation with progress; resolves with the run's report (also when cancelled, from
   * the notification or through `signal`).
   */
  async start(request: GenerationRequest, onEvent?: (event: PipelineEvent) => void, signal?: AbortSignal): Promise<RunReport> {
    const workspaceRoot = workspaceRootOf(request.seed);
    const settings = endpointSettings();
    const { session, templates, rubrics } = await this.openEngine(workspaceRoot, request.budgetUsd, [...request.models, ...request.judgeModels]);
    const strategy = STRATEGIES[request.strategy];
    this.active++;
    try {
      return await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Seedling: generating with {0}', strategy.label), cancellable: true },
        async (progress, token) => {
          const controller = new AbortController();
          token.onCancellationRequested(() => {
            controller.abort();
          });
          if (signal?.aborted === true) controller.abort();
          signal?.addEventListener('abort', () => {
            controller.abort();
          }, { once: true });
          let reported = 0;
          let runId = '';
          const report = await runGeneration(
            { session, strategies: STRATEGIES, templates, rubrics, logger: this.log },
            {
              workspaceRoot,
              seedPath: request.seed.fsPath,
              strategy: request.strategy,
              count: request.count,
              models: request.models,
              judgeModels: request.judgeModels,
              temperature: request.temperature,
              maxTokens: request.maxTokens,
              strategyOptions: request.strategyOptions,
              concurrency: settings.maxConcurrency,
              dedupThreshold: DEFAULT_ROUGE_THRESHOLD,
              provider: { id: settings.provider, baseUrl: settings.baseUrl },
              ...(request.budgetUsd !== undefined ? { budgetUsd: request.budgetUsd } : {}),
              ...(request.outputFile !== undefined ? { outputFile: request.outputFile } : {}),
              ...(request.resumeRunId !== undefined ? { resumeRunId: request.resumeRunId } : {}),
            },
            {
              signal: controller.signal,
              onEvent: (event) => {
                if (event.type === 'started') runId = event.runId;
                if (event.type === 'candidate') this.store.invalidate(runId);
                if (event.type === 'progress') {
                  const p = event.progress;
                  const percent = Math.min(100, (100 * p.kept) / Math.max(1, p.target));
                  progress.report({ increment: percent - reported, message: vscode.l10n.t('{0} of {1} candidates · {2} tokens · {3}', String(p.kept), String(p.target), String(p.usage.promptTokens + p.usage.completionTokens), money(p.costUsd)) });
                  reported = percent;
                  this.showStatus(p.kept, p.target, p.usage.promptTokens + p.usage.completionTokens, p.costUsd);
                }
                onEvent?.(event);
              },
            },
          );
          this.store.invalidate(report.runId);
          return report;
        },
      );
    } finally {
      this.active--;
      if (this.active === 0) this.status.hide();
      await session.close();
    }
  }

  private showStatus(kept: number, target: number, tokens: number, costUsd: number): void {
    this.status.text = `$(sparkle) ${kept}/${target} · ${tokens >= 1000 ? `${(tokens / 1000).toFixed(1)}k` : String(tokens)} tok · ${money(costUsd)}`;
    this.status.tooltip = vscode.l10n.t('Seedling is generating: {0} of {1} candidates ready for review', String(kept), String(target));
    this.status.command = 'seedling.openReview';
    this.status.show();
  }

  private async templates(workspaceRoot: string): Promise<TemplateLibrary> {
    const library = new TemplateLibrary(BUILT_IN_TEMPLATES);
    await library.loadOverrides(join(workspaceRoot, '.seedling', 'templates'));
    for (const problem of library.problems) this.log.warn(`${problem.file}: ignored: ${problem.message}`);
    return library;
  }

  dispose(): void {
    this.status.dispose();
  }
}
