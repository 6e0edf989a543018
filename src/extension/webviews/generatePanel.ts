import { basename, dirname, extname, isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import { loadDataset, readDatasetFile } from '../../core/formats/datasetReader';
import { RECORD_FORMATS } from '../../core/formats/recordFormats';
import { PROVIDER_IDS, PROVIDER_PRESETS } from '../../core/llm/providers';
import type { SampleKind } from '../../core/model/sample';
import { checkSeedFileSize, loadSeeds, type PipelineEvent } from '../../core/pipeline';
import { RUBRIC_IDS, type RubricId } from '../../core/quality/rubricIds';
import { loadRubrics, rubricIdForKind, type Rubric } from '../../core/quality/rubrics';
import { isStrategyId, STRATEGY_IDS } from '../../core/strategies/strategy';
import { STRATEGIES } from '../../core/strategies/strategyRegistry';
import {
  type EndpointState,
  type GenerateForm,
  type GenerateInitMessage,
  generateToHostMessage,
  type GenerateToHostMessage,
  type HostToGenerateMessage,
  LANGUAGE_MODEL_PREFIX,
  type ModelChoice,
  type SeedInfo,
} from '../../protocol/generateMessages';
import { parseMessage, type ParsedMessage } from '../../protocol/webviewMessages';
import { configuredBaseUrl, configuredProvider } from '../commands/setApiKey';
import type { OutputChannelLogger } from '../outputChannelLogger';
import type { GenerationRequest, GenerationService } from '../runs/generationService';
import { webviewEnvironment } from './webviewEnvironment';
import { renderWebviewHtml, webviewResourceRoots } from './webviewHtml';
import { WebviewLoader } from './webviewLoader';

export const GENERATE_VIEW_TYPE = 'seedling.generate';


function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The seed file as the panel shows it: format, records, problems. */
async function describeSeed(seed: vscode.Uri): Promise<SeedInfo> {
  const file = vscode.workspace.asRelativePath(seed, false);
  const base: SeedInfo = { file, name: basename(seed.fsPath), format: null, formatLabel: null, container: null, records: 0, kind: null, language: null, errors: 0, warnings: 0, problems: [], unreadable: null };
  try {
    // Before reading it whole: a dataset of gigabytes would take the extension host down.
    await checkSeedFileSize(seed.fsPath);
    const dataset = await loadDataset(readDatasetFile(seed.fsPath));
    const format = dataset.summary.dominantFormat ?? null;
    const loaded = await loadSeeds(seed.fsPath).catch(() => undefined);
    return {
      ...base,
      format,
      formatLabel: format !== null ? RECORD_FORMATS[format].label : null,
      container: dataset.summary.layout.container,
      records: dataset.summary.records,
      kind: format !== null ? RECORD_FORMATS[format].kind : null,
      language: loaded?.language ?? null,
      errors: dataset.summary.errors,
      warnings: dataset.summary.warnings,
      problems: dataset.problems.slice(0, 5).map((p) => ({ line: p.line, column: p.column, severity: p.severity, message: p.message })),
      unreadable: format === null ? vscode.l10n.t('{0} has no record Seedling can use as a seed.', file) : null,
    };
  } catch (error) {
    return { ...base, unreadable: vscode.l10n.t('Cannot read {0}: {1}', file, errorText(error)) };
  }
}

/** `seedling.outputFile` with its `${seedDir}`, `${seedName}`, `${seedExt}` filled in, relative to the workspace. */
function defaultOutputFile(seed: vscode.Uri): string {
  const pattern = vscode.workspace.getConfiguration('seedling').get<string>('outputFile', '${seedDir}/${seedName}.synthetic.${seedExt}');
  const extension = extname(seed.fsPath);
  const path = pattern
    .replace(/\$\{seedDir\}/g, dirname(seed.fsPath))
    .replace(/\$\{seedName\}/g, basename(seed.fsPath, extension))
    .replace(/\$\{seedExt\}/g, extension.replace(/^\./, ''));
  const resolved = isAbsolute(path) ? path : join(dirname(seed.fsPath), path);
  return vscode.workspace.asRelativePath(resolved, false);
}

/** Where a workspace keeps its own copy of a rubric: the pipeline reads it from there. */
function rubricFile(seed: vscode.Uri, id: RubricId): vscode.Uri | undefined {
  const folder = vscode.workspace.getWorkspaceFolder(seed);
  return folder ? vscode.Uri.joinPath(folder.uri, '.seedling', 'rubrics', `${id}.json`) : undefined;
}

async function fileExists(uri: vscode.Uri): Promise<boolean> {
  return vscode.workspace.fs.stat(uri).then(() => true, () => false);
}

/** The rubrics a run from this seed would be judged by: the built-in ones with the workspace's overrides. */
async function workspaceRubrics(seed: vscode.Uri, log: OutputChannelLogger): Promise<Readonly<Record<RubricId, Rubric>>> {
  const folder = vscode.workspace.getWorkspaceFolder(seed);
  const set = await loadRubrics(folder ? join(folder.uri.fsPath, '.seedling', 'rubrics') : undefined);
  for (const problem of set.problems) log.warn(`${problem.file}: ignored: ${problem.message}`);
  return set.rubrics;
}

function endpointState(): EndpointState {
  const provider = configuredProvider();
  return { provider, baseUrl: vscode.workspace.getConfiguration('seedling').get<string>('baseUrl', ''), defaultBaseUrl: PROVIDER_PRESETS[provider].defaultBaseUrl };
}

/** Chat models of the Language Model API, when an extension provides some (never waits long). */
async function languageModels(log: OutputChannelLogger): Promise<ModelChoice[]> {
  try {
    const models = await Promise.race([
      Promise.resolve(vscode.lm.selectChatModels()),
      new Promise<readonly vscode.LanguageModelChat[]>((resolve) => setTimeout(() => { resolve([]); }, 1500)),
    ]);
    return models.map((model) => ({ value: `${LANGUAGE_MODEL_PREFIX}${model.id}`, source: 'languageModelApi' as const, label: `${model.name} (${model.vendor})` }));
  } catch (error) {
    log.debug(`Generate panel: no Language Model API models (${errorText(error)})`);
    return [];
  }
}

/** The Generate panel of one seed file. */
export class GeneratePanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly disposeListeners = new Set<() => void>();
  private running: AbortController | undefined;
  private endpointModels: string[] = [];
  private readonly loader: WebviewLoader;
  /** The last messages sent, for tests. */
  readonly sent: HostToGenerateMessage[] = [];

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly seed: vscode.Uri,
    private readonly context: vscode.ExtensionContext,
    private readonly generation: GenerationService,
    private readonly log: OutputChannelLogger,
  ) {
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'seedling.svg');
    panel.webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: webviewResourceRoots(context.extensionUri) };
    this.loader = new WebviewLoader({
      webview: panel.webview,
      name: 'Generate panel',
      isVisible: () => panel.visible,
      render: () => renderWebviewHtml({ webview: panel.webview, extensionUri: context.extensionUri, view: 'generate', title: panel.title, language: vscode.env.language }),
      log,
    });
    this.loader.load();
    const loader = this.loader;
    this.disposables.push(
      new vscode.Disposable(() => {
        loader.dispose();
      }),
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        void this.receive(raw);
      }),
      panel.onDidDispose(() => {
        this.dispose();
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('seedling.provider') || event.affectsConfiguration('seedling.baseUrl')) void this.post({ type: 'endpoint', endpoint: endpointState() });
      }),
    );
  }

  /**
   * Handles one message from the webview. Anything that is not a valid message from
   * src/protocol/generateMessages is rejected and logged, and nothing runs.
   */
  async receive(raw: unknown): Promise<ParsedMessage<GenerateToHostMessage>> {
    const parsed = parseMessage(generateToHostMessage, raw);
    if (!parsed.ok) {
      this.log.warn(`Generate panel: rejected a webview message (${parsed.reason}): ${parsed.detail}`);
      return parsed;
    }
    const message = parsed.message;
    this.log.debug(`Generate panel: received ${message.type}`);
    try {
      await this.handle(message);
    } catch (error) {
      this.log.error(`Generate panel: ${message.type} failed: ${errorText(error)}`);
    }
    return parsed;
  }

  /**
   * Endpoint settings are not written in Restricted Mode: the panel is read-only there, so such
   * a message is forged or stale. It is logged and answered with the endpoint as it is.
   */
  private async refusedWhileRestricted(type: string): Promise<boolean> {
    if (vscode.workspace.isTrusted) return false;
    this.log.warn(`Generate panel: refused ${type} in Restricted Mode; endpoint settings are not written until the workspace is trusted`);
    await this.post({ type: 'endpoint', endpoint: endpointState() });
    return true;
  }

  private async handle(message: GenerateToHostMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.loader.markReady();
        await this.sendInit();
        break;
      case 'requestEstimate':
        await this.estimate(message.requestId, message.form);
        break;
      case 'setProvider':
        if (await this.refusedWhileRestricted(message.type)) break;
        await vscode.workspace.getConfiguration('seedling').update('provider', message.provider, vscode.ConfigurationTarget.Workspace);
        await this.post({ type: 'endpoint', endpoint: endpointState() });
        break;
      case 'setBaseUrl':
        if (await this.refusedWhileRestricted(message.type)) break;
        await vscode.workspace.getConfiguration('seedling').update('baseUrl', message.baseUrl.trim() || undefined, vscode.ConfigurationTarget.Workspace);
        await this.post({ type: 'endpoint', endpoint: endpointState() });
        break;
      case 'setApiKey':
        await vscode.commands.executeCommand('seedling.setApiKey');
        break;
      case 'testConnection':
        await this.testConnection(message.model);
        break;
      case 'start':
        await this.start(message.form);
        break;
      case 'cancel':
        this.running?.abort();
        break;
      case 'openReview':
        await vscode.commands.executeCommand('seedling.openReview', message.runId);
        break;
      case 'manageTrust':
        await vscode.commands.executeCommand('workbench.trust.manage');
        break;
      case 'customizeRubric':
        await this.customizeRubric(message.rubric);
        break;
    }
  }

  private request(form: GenerateForm): GenerationRequest {
    if (!isStrategyId(form.strategy)) throw new Error(vscode.l10n.t('Unknown strategy {0}.', form.strategy));
    const strategy = form.strategy;
    const folder = vscode.workspace.getWorkspaceFolder(this.seed);
    const output = form.outputFile.trim();
    const outputFile = output === '' ? undefined : isAbsolute(output) || !folder ? output : join(folder.uri.fsPath, output);
    return {
      seed: this.seed,
      strategy,
      count: form.count,
      models: form.models,
      judgeModels: form.judgeModels,
      temperature: form.temperature,
      maxTokens: form.maxTokens,
      strategyOptions: form.strategyOptions,
      ...(outputFile !== undefined ? { outputFile } : {}),
      ...(form.budgetUsd !== null ? { budgetUsd: form.budgetUsd } : {}),
    };
  }

  private async estimate(requestId: number, form: GenerateForm): Promise<void> {
    if (form.models.length === 0 || form.count < 1) {
      await this.post({ type: 'estimate', requestId, estimate: null, error: null });
      return;
    }
    try {
      const estimate = await this.generation.estimate(this.request(form));
      await this.post({
        type: 'estimate',
        requestId,
        estimate: {
          tasks: estimate.tasks,
          requests: estimate.requests,
          promptTokens: estimate.promptTokens,
          completionTokens: estimate.completionTokens,
          costUsd: estimate.costUsd ?? null,
          unpricedModels: [...estimate.unpricedModels],
        },
        error: null,
      });
    } catch (error) {
      await this.post({ type: 'estimate', requestId, estimate: null, error: errorText(error) });
    }
  }

  private async testConnection(model: string): Promise<void> {
    const settings = endpointState();
    const endpoint = configuredBaseUrl(settings.provider);
    try {
      const report = await this.generation.testConnection(model);
      this.endpointModels = [...(report.models ?? [])];
      await this.post({
        type: 'connection',
        ok: true,
        endpoint: report.endpoint,
        model: report.model,
        models: report.models ? [...report.models] : null,
        modelListed: report.modelListed ?? null,
        jsonSchema: report.capabilities.jsonSchema,
        jsonObject: report.capabilities.jsonObject,
        latencyMs: report.latencyMs,
        error: null,
      });
    } catch (error) {
      await this.post({ type: 'connection', ok: false, endpoint, model, models: null, modelListed: null, jsonSchema: null, jsonObject: null, latencyMs: null, error: errorText(error) });
    }
  }

  private async start(form: GenerateForm): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      await this.post({ type: 'runFailed', message: vscode.l10n.t('Generation is disabled in Restricted Mode: it sends your data to a model endpoint configured by this workspace. Trust the workspace to generate.') });
      return;
    }
    if (this.running) return;
    if (form.count < 1 || form.models.length === 0) {
      await this.post({ type: 'runFailed', message: vscode.l10n.t('Set a count of at least 1 and a generator model.') });
      return;
    }
    let request: GenerationRequest;
    try {
      request = this.request(form);
      const unsupported = STRATEGIES[request.strategy].unsupportedKind((await loadSeeds(this.seed.fsPath)).kind);
      if (unsupported !== undefined) throw new Error(unsupported);
    } catch (error) {
      await this.post({ type: 'runFailed', message: errorText(error) });
      return;
    }
    const controller = new AbortController();
    this.running = controller;
    let runId: string | null = null;
    await this.post({ type: 'runStarted', runId });
    try {
      const report = await this.generation.start(
        request,
        (event: PipelineEvent) => {
          if (event.type === 'started') runId = event.runId;
          if (event.type === 'progress') {
            const p = event.progress;
            void this.post({ type: 'runProgress', runId, progress: { kept: p.kept, target: p.target, rejected: p.rejected, tokens: p.usage.promptTokens + p.usage.completionTokens, costUsd: p.costUsd } });
          }
        },
        controller.signal,
      );
      this.log.info(`Generate panel: run ${report.runId} ${report.status} (${report.stopReason})`);
      await this.post({
        type: 'runDone',
        runId: report.runId,
        status: report.status,
        stopReason: report.stopReason,
        message: report.message,
        progress: { kept: report.kept, target: report.target, rejected: report.rejected, tokens: report.usage.promptTokens + report.usage.completionTokens, costUsd: report.costUsd },
        seconds: report.seconds,
      });
    } catch (error) {
      this.log.error(`Generate panel: generation failed: ${errorText(error)}`);
      await this.post({ type: 'runFailed', message: errorText(error) });
    } finally {
      this.running = undefined;
    }
  }

  private async sendInit(): Promise<void> {
    const seed = await describeSeed(this.seed);
    const kind = seed.kind;
    const models: ModelChoice[] = [
      ...this.endpointModels.map((model) => ({ value: model, source: 'endpoint' as const, label: model })),
      ...(await languageModels(this.log)),
    ];
    const config = vscode.workspace.getConfiguration('seedling');
    const rubrics = await workspaceRubrics(this.seed, this.log);
    const rubricInfos = await Promise.all(
      RUBRIC_IDS.map(async (id) => {
        const file = rubricFile(this.seed, id);
        return {
          id,
          passScore: rubrics[id].passScore,
          criteria: rubrics[id].criteria.map((c) => ({ name: c.name, description: { en: c.description, zh: c.descriptionZh } })),
          file: file && (await fileExists(file)) ? vscode.workspace.asRelativePath(file, false) : null,
        };
      }),
    );
    const message: GenerateInitMessage = {
      type: 'init',
      environment: webviewEnvironment(this.context),
      seed,
      strategies: STRATEGY_IDS.map((id) => {
        const strategy = STRATEGIES[id];
        return {
          id,
          label: strategy.label,
          description: { en: strategy.description.en, zh: strategy.description.zh },
          options: strategy.options.map((option) => ({ name: option.name, description: { en: option.description.en, zh: option.description.zh }, default: String(option.default), choices: option.choices ? [...option.choices] : null })),
          unsupported: kind !== null ? (strategy.unsupportedKind(kind as SampleKind) ?? null) : null,
          rubric: kind !== null ? rubricIdForKind(strategy.outputKind(kind as SampleKind), id === 'multi-turn') : null,
        };
      }),
      rubrics: rubricInfos,
      providers: PROVIDER_IDS.map((id) => ({ id, label: PROVIDER_PRESETS[id].label, defaultBaseUrl: PROVIDER_PRESETS[id].defaultBaseUrl })),
      endpoint: endpointState(),
      defaults: { model: config.get<string>('model', ''), judgeModel: config.get<string>('judgeModel', ''), outputFile: defaultOutputFile(this.seed) },
      models,
    };
    await this.post(message);
    this.log.debug(`Generate panel: sent init for ${seed.file} (${seed.format ?? 'unknown format'}, ${seed.records} records)`);
  }

  /**
   * Opens the workspace's copy of a rubric to edit, writing it from the rubric in use first
   * when there is none; the next run (and the panel, when it opens again) use it.
   */
  private async customizeRubric(id: RubricId): Promise<void> {
    const file = rubricFile(this.seed, id);
    if (!file) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Rubrics are kept in the workspace: open the folder of {0} to customize one.', basename(this.seed.fsPath)));
      return;
    }
    if (!(await fileExists(file))) {
      const rubric = (await workspaceRubrics(this.seed, this.log))[id];
      await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(file, '..'));
      await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(`${JSON.stringify(rubric, null, 2)}\n`));
      this.log.info(`Generate panel: wrote ${file.fsPath} from the ${id} rubric in use`);
    }
    await vscode.window.showTextDocument(file, { preview: false });
  }

  private async post(message: HostToGenerateMessage): Promise<void> {
    this.sent.push(message);
    if (this.sent.length > 200) this.sent.splice(0, this.sent.length - 200);
    await this.panel.webview.postMessage(message);
  }

  onDidDispose(listener: () => void): void {
    this.disposeListeners.add(listener);
  }

  dispose(): void {
    this.running?.abort();
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    this.panel.dispose();
    for (const listener of this.disposeListeners) listener();
    this.disposeListeners.clear();
  }
}

/** One Generate panel per seed file, revealed again when asked for twice. */
export class GeneratePanels implements vscode.Disposable {
  private readonly panels = new Map<string, GeneratePanel>();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly generation: GenerationService,
    private readonly log: OutputChannelLogger,
  ) {}

  /** The open panel of a seed file, if any. */
  panelFor(seed: vscode.Uri): GeneratePanel | undefined {
    return this.panels.get(seed.toString());
  }

  show(seed: vscode.Uri): GeneratePanel {
    const key = seed.toString();
    const existing = this.panels.get(key);
    if (existing) {
      existing.panel.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(GENERATE_VIEW_TYPE, vscode.l10n.t('Generate: {0}', basename(seed.fsPath)), vscode.ViewColumn.Active, {
      retainContextWhenHidden: true,
    });
    const generate = new GeneratePanel(panel, seed, this.context, this.generation, this.log);
    this.panels.set(key, generate);
    generate.onDidDispose(() => {
      if (this.panels.get(key) === generate) this.panels.delete(key);
    });
    return generate;
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
  }
}
