// The Generate panel: the seed file, the form of a run, the endpoint, a live estimate and
// the run's progress. Everything it shows that came from a file, a model or an endpoint is
// set as text.
import '../jitlessValidation';
import {
  LANGUAGE_MODEL_PREFIX,
  type ConnectionMessage,
  type EstimateResultMessage,
  type GenerateForm,
  type GenerateInitMessage,
  type GenerateToHostMessage,
  hostToGenerateMessage,
  type HostToGenerateMessage,
  type RunDoneMessage,
  type StrategyInfo,
} from '../../src/protocol/generateMessages';
import { button, datalist, divider, dropdown, progressRing, setDisabled, textField } from '../components/toolkit';
import { element, replaceChildren } from '../dom';
import { connectToHost } from '../hostBridge';
import { format, languageName, stringsFor, type Strings } from '../l10n';

const ESTIMATE_DELAY_MS = 400;

const app = document.getElementById('app');
if (!app) throw new Error('the Generate webview has no #app element');
const root: HTMLElement = app;

let strings: Strings = stringsFor(navigator.language);
replaceChildren(root, element('div', { className: 'loading' }, [progressRing(strings.loading), element('span', { text: strings.loading })]));

/** The live parts of the rendered panel. */
interface View {
  readonly init: GenerateInitMessage;
  readonly strategy: HTMLSelectElement;
  readonly strategyDescription: HTMLElement;
  readonly strategyUnsupported: HTMLElement;
  readonly strategyOptions: HTMLElement;
  readonly optionInputs: Map<string, HTMLInputElement | HTMLSelectElement>;
  readonly count: HTMLInputElement;
  readonly models: HTMLInputElement;
  readonly judgeModels: HTMLInputElement;
  readonly lmWarning: HTMLElement;
  readonly temperature: HTMLInputElement;
  readonly maxTokens: HTMLInputElement;
  readonly budget: HTMLInputElement;
  readonly outputFile: HTMLInputElement;
  readonly provider: HTMLSelectElement;
  readonly baseUrl: HTMLInputElement;
  readonly connection: HTMLElement;
  readonly modelList: HTMLDataListElement;
  readonly estimate: HTMLElement;
  readonly start: HTMLElement;
  readonly cancel: HTMLElement;
  readonly validation: HTMLElement;
  readonly run: HTMLElement;
}

let view: View | undefined;
let running = false;
let estimateTimer: ReturnType<typeof setTimeout> | undefined;
let estimateRequest = 0;
let endpointModels: string[] = [];

const host = connectToHost<HostToGenerateMessage, GenerateToHostMessage>('generate', hostToGenerateMessage, (message) => {
  switch (message.type) {
    case 'init':
      strings = stringsFor(message.environment.locale);
      render(message);
      break;
    case 'endpoint':
      if (view) {
        view.provider.value = message.endpoint.provider;
        if (document.activeElement !== view.baseUrl) view.baseUrl.value = message.endpoint.baseUrl;
        view.baseUrl.placeholder = message.endpoint.defaultBaseUrl;
        scheduleEstimate();
      }
      break;
    case 'estimate':
      showEstimate(message);
      break;
    case 'connection':
      showConnection(message);
      break;
    case 'runStarted':
      running = true;
      showRun([element('p', { className: 'run-status', id: 'run-status', text: strings.genRunning })]);
      update();
      break;
    case 'runProgress': {
      const p = message.progress;
      showRun([element('p', { className: 'run-status', id: 'run-status', text: format(strings.genProgress, String(p.kept), String(p.target), String(p.rejected), number(p.tokens), money(p.costUsd)) })]);
      break;
    }
    case 'runDone':
      running = false;
      showDone(message);
      update();
      break;
    case 'runFailed':
      running = false;
      showRun([element('p', { className: 'banner error', id: 'run-error', text: format(strings.genFailed, message.message), attributes: { role: 'alert' } })]);
      update();
      break;
  }
});

function money(usd: number): string {
  return usd < 0.01 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}

function number(value: number): string {
  return value.toLocaleString(document.documentElement.lang || undefined);
}

function list(value: string): string[] {
  return value.split(',').map((part) => part.trim()).filter((part) => part.length > 0);
}

/** A strategy's or an option's one-line explanation, in the UI's language. */
function description(of: { readonly description: { readonly en: string; readonly zh: string } }): string {
  return strings === stringsFor('zh-cn') ? of.description.zh : of.description.en;
}

function selectedStrategy(v: View): StrategyInfo | undefined {
  return v.init.strategies.find((strategy) => strategy.id === v.strategy.value);
}

function readForm(v: View): GenerateForm {
  const options: Record<string, string> = {};
  for (const [name, input] of v.optionInputs) if (input.value.trim() !== '') options[name] = input.value.trim();
  const number = (input: HTMLInputElement, fallback: number): number => {
    const value = Number(input.value);
    return input.value.trim() !== '' && Number.isFinite(value) ? value : fallback;
  };
  const budget = Number(v.budget.value);
  return {
    strategy: v.strategy.value,
    count: Math.max(0, Math.floor(number(v.count, 0))),
    models: list(v.models.value).slice(0, 16),
    judgeModels: list(v.judgeModels.value).slice(0, 16),
    temperature: Math.min(2, Math.max(0, number(v.temperature, 0.8))),
    maxTokens: Math.max(1, Math.floor(number(v.maxTokens, 1024))),
    budgetUsd: v.budget.value.trim() !== '' && Number.isFinite(budget) && budget > 0 ? budget : null,
    outputFile: v.outputFile.value.trim(),
    strategyOptions: options,
  };
}

function usesLanguageModel(form: GenerateForm): boolean {
  return [...form.models, ...form.judgeModels].some((model) => model.startsWith(LANGUAGE_MODEL_PREFIX));
}

/** Why Start is off, or undefined when it can start. */
function blocker(v: View, form: GenerateForm): string | undefined {
  if (!v.init.environment.workspaceTrusted) return strings.genRestricted;
  if (v.init.seed.unreadable !== null) return format(strings.genUnusable, v.init.seed.unreadable);
  const unsupported = selectedStrategy(v)?.unsupported;
  if (unsupported !== null && unsupported !== undefined) return unsupported;
  if (form.count < 1) return strings.genInvalidCount;
  if (form.models.length === 0) return strings.genInvalidModel;
  return undefined;
}

/** Brings the dependent parts of the form up to date with its values. */
function update(): void {
  const v = view;
  if (!v) return;
  const form = readForm(v);
  const strategy = selectedStrategy(v);
  v.strategyDescription.textContent = strategy ? description(strategy) : '';
  v.strategyUnsupported.textContent = strategy?.unsupported ?? '';
  v.strategyUnsupported.hidden = strategy?.unsupported === null || strategy?.unsupported === undefined;
  v.lmWarning.hidden = !usesLanguageModel(form);
  const why = blocker(v, form);
  setDisabled(v.start, running || why !== undefined);
  v.cancel.hidden = !running;
  v.validation.textContent = why !== undefined && v.init.environment.workspaceTrusted && why !== v.strategyUnsupported.textContent ? why : '';
}

function scheduleEstimate(): void {
  update();
  if (estimateTimer !== undefined) clearTimeout(estimateTimer);
  estimateTimer = setTimeout(() => {
    estimateTimer = undefined;
    const v = view;
    if (!v) return;
    const form = readForm(v);
    estimateRequest++;
    if (form.models.length === 0 || form.count < 1 || usesLanguageModel(form) || (selectedStrategy(v)?.unsupported ?? null) !== null) {
      v.estimate.textContent = strings.genEstimateNeeds;
      return;
    }
    v.estimate.textContent = strings.genEstimating;
    host.post({ type: 'requestEstimate', requestId: estimateRequest, form });
  }, ESTIMATE_DELAY_MS);
}

function showEstimate(message: EstimateResultMessage): void {
  const v = view;
  if (!v || message.requestId !== estimateRequest) return; // a newer estimate is on its way
  const estimate = message.estimate;
  if (!estimate) {
    v.estimate.textContent = message.error !== null ? format(strings.genEstimateFailed, message.error) : strings.genEstimateNeeds;
    return;
  }
  const cost = estimate.costUsd
    ? format(strings.genEstimateCost, money(estimate.costUsd.likely), money(estimate.costUsd.atMost))
    : format(strings.genEstimateUnpriced, estimate.unpricedModels.join(', ') || strings.genUnknown);
  replaceChildren(
    v.estimate,
    element('span', { className: 'estimate-line', text: format(strings.genEstimateLine, String(estimate.tasks), String(estimate.requests), number(estimate.promptTokens), number(estimate.completionTokens.likely), number(estimate.completionTokens.atMost)) }),
    element('span', { className: 'estimate-cost', id: 'estimate-cost', text: cost }),
  );
}

function showConnection(message: ConnectionMessage): void {
  const v = view;
  if (!v) return;
  if (!message.ok) {
    replaceChildren(
      v.connection,
      element('p', { className: 'banner error', attributes: { role: 'alert' }, text: format(strings.genConnectionFailed, message.endpoint, message.error ?? '') }),
      element('p', { className: 'field-hint', text: strings.genConnectionHint }),
    );
    return;
  }
  endpointModels = message.models ?? [];
  fillModelList(v);
  const yesNo = (value: boolean | null): string => (value === true ? strings.genYes : value === false ? strings.genNo : strings.genUnknown);
  replaceChildren(
    v.connection,
    element('p', { className: 'banner ok', attributes: { role: 'status' }, text: format(strings.genConnectionOk, message.endpoint, String(Math.round(message.latencyMs ?? 0))) }),
    message.models ? element('p', { className: 'field-hint', text: format(strings.genConnectionModels, message.models.slice(0, 30).join(', ')) }) : null,
    message.modelListed === false && message.model !== '' ? element('p', { className: 'banner warning', text: format(strings.genConnectionNotListed, message.model) }) : null,
    element('p', { className: 'field-hint', text: format(strings.genConnectionStructured, yesNo(message.jsonSchema), yesNo(message.jsonObject)) }),
  );
}

function fillModelList(v: View): void {
  const lm = v.init.models.filter((model) => model.source === 'languageModelApi');
  const endpoint = [...new Set([...endpointModels, ...v.init.models.filter((model) => model.source === 'endpoint').map((model) => model.value)])];
  v.modelList.replaceChildren(
    ...datalist('unused', [
      ...endpoint.map((model) => ({ value: model, label: model })),
      ...lm.map((model) => ({ value: model.value, label: `${model.label} ${strings.genLmModel}` })),
    ]).children,
  );
}

function showRun(children: (Node | null)[]): void {
  if (view) replaceChildren(view.run, ...children);
}

function showDone(message: RunDoneMessage): void {
  const p = message.progress;
  const completed = message.stopReason === 'completed';
  showRun([
    element('div', { className: 'button-row' }, [
      element('p', { className: completed ? 'banner ok' : 'banner warning', id: 'run-done', attributes: { role: 'status' }, text: format(strings.genDone, String(p.kept), String(p.target), String(p.rejected), number(p.tokens), money(p.costUsd), message.seconds.toFixed(1)) }),
      button(strings.genOpenReview, { id: 'open-review', onClick: () => { host.post({ type: 'openReview', runId: message.runId }); } }),
    ]),
    completed ? null : element('p', { className: 'field-hint', text: format(strings.genStopped, message.stopReason, message.message) }),
  ]);
}

function startRun(): void {
  const v = view;
  if (!v || running) return;
  const form = readForm(v);
  const why = blocker(v, form);
  if (why !== undefined) {
    v.validation.textContent = why;
    return;
  }
  running = true;
  update();
  host.post({ type: 'start', form });
}

function section(id: string, heading: string, children: (Node | null)[]): HTMLElement {
  return element('section', { className: 'gen-section', id, attributes: { 'aria-labelledby': `${id}-heading` } }, [element('h2', { id: `${id}-heading`, text: heading }), ...children]);
}

function seedFacts(init: GenerateInitMessage): HTMLElement {
  const seed = init.seed;
  const container: Record<string, string> = { jsonl: strings.containerJsonl, 'json-array': strings.containerJsonArray, csv: strings.containerCsv };
  const row = (label: string, value: string, id: string): HTMLElement => element('div', { className: 'seed-fact' }, [element('dt', { text: label }), element('dd', { id, text: value })]);
  const problems = seed.errors + seed.warnings === 0 ? strings.genProblemsNone : format(strings.genProblemsCount, String(seed.errors), String(seed.warnings));
  return section('seed', strings.genSeedHeading, [
    element('dl', { className: 'seed-facts' }, [
      row(strings.genFile, seed.file, 'seed-file'),
      row(strings.genFormat, seed.formatLabel ?? strings.genUnknown, 'seed-format'),
      row(strings.genContainer, seed.container !== null ? (container[seed.container] ?? seed.container) : strings.genUnknown, 'seed-container'),
      row(strings.genRecords, format(strings.genRecordsOther, String(seed.records)), 'seed-records'),
      row(strings.genKind, seed.kind ?? strings.genUnknown, 'seed-kind'),
      row(strings.genLanguage, seed.language !== null ? languageName(strings, seed.language) : strings.genUnknown, 'seed-language'),
      row(strings.genProblems, problems, 'seed-problems'),
    ]),
    seed.problems.length > 0
      ? element('ul', { className: 'seed-problem-list', id: 'seed-problem-list' }, seed.problems.map((p) => element('li', { text: `${p.line}:${p.column} ${p.message}` })))
      : null,
    seed.unreadable !== null ? element('p', { className: 'banner error', attributes: { role: 'alert' }, text: format(strings.genUnusable, seed.unreadable) }) : null,
  ]);
}

function render(init: GenerateInitMessage): void {
  const env = init.environment;
  const readOnly = !env.workspaceTrusted;
  document.documentElement.lang = env.locale;
  host.setState({ seedFile: init.seed.file });
  const change = (): void => { scheduleEstimate(); };

  const provider = dropdown({
    id: 'provider',
    label: strings.genProvider,
    options: init.providers.map((p) => ({ value: p.id, label: p.label })),
    value: init.endpoint.provider,
    disabled: readOnly,
    onChange: (value) => {
      const id = init.providers.find((p) => p.id === value)?.id;
      if (id !== undefined) host.post({ type: 'setProvider', provider: id });
    },
  });
  const baseUrl = textField({ id: 'base-url', label: strings.genBaseUrl, type: 'url', value: init.endpoint.baseUrl, placeholder: init.endpoint.defaultBaseUrl, hint: strings.genBaseUrlHint, disabled: readOnly, onChange: (value) => { host.post({ type: 'setBaseUrl', baseUrl: value.trim() }); } });
  const connection = element('div', { className: 'connection', id: 'connection', attributes: { 'aria-live': 'polite' } });
  const modelsField = textField({ id: 'models', label: strings.genModels, value: init.defaults.model, list: 'model-list', hint: strings.genModelsHint, disabled: readOnly, onInput: change });
  const providerSection = section('provider-section', strings.genProviderHeading, [
    element('div', { className: 'field-row' }, [provider.root, baseUrl.root]),
    element('div', { className: 'button-row' }, [
      button(strings.genSetApiKey, { id: 'set-api-key', appearance: 'secondary', disabled: readOnly, onClick: () => { host.post({ type: 'setApiKey' }); } }),
      button(strings.genTestConnection, {
        id: 'test-connection',
        appearance: 'secondary',
        disabled: readOnly,
        onClick: () => {
          replaceChildren(connection, element('p', { className: 'field-hint', text: strings.genTesting }));
          host.post({ type: 'testConnection', model: list(modelsField.input.value)[0] ?? '' });
        },
      }),
    ]),
    connection,
  ]);

  const firstUsable = init.strategies.find((s) => s.unsupported === null)?.id ?? init.strategies[0]?.id ?? '';
  const strategy = dropdown({ id: 'strategy', label: strings.genStrategy, options: init.strategies.map((s) => ({ value: s.id, label: s.label })), value: firstUsable, disabled: readOnly });
  const strategyDescription = element('p', { className: 'field-hint strategy-description', id: 'strategy-description' });
  strategy.select.setAttribute('aria-describedby', 'strategy-description');
  const strategyUnsupported = element('p', { className: 'banner warning', id: 'strategy-unsupported', attributes: { role: 'status' } });
  const strategyOptions = element('div', { className: 'strategy-options', id: 'strategy-options' });
  const optionInputs = new Map<string, HTMLInputElement | HTMLSelectElement>();
  const renderOptions = (): void => {
    optionInputs.clear();
    const chosen = init.strategies.find((s) => s.id === strategy.select.value);
    replaceChildren(
      strategyOptions,
      ...(chosen?.options ?? []).map((option) => {
        const id = `option-${option.name}`;
        if (option.choices) {
          const field = dropdown({ id, label: option.name, options: option.choices.map((c) => ({ value: c, label: c })), value: option.default, disabled: readOnly, onChange: change });
          field.root.append(element('p', { className: 'field-hint', text: description(option) }));
          optionInputs.set(option.name, field.select);
          return field.root;
        }
        const field = textField({ id, label: option.name, value: option.default, hint: description(option), disabled: readOnly, onInput: change });
        optionInputs.set(option.name, field.input);
        return field.root;
      }),
    );
  };
  const rubric = element('div', { className: 'rubric', id: 'rubric', attributes: { 'aria-live': 'polite' } });
  const renderRubric = (): void => {
    const id = init.strategies.find((s) => s.id === strategy.select.value)?.rubric ?? null;
    const info = init.rubrics.find((r) => r.id === id);
    if (!info) {
      replaceChildren(rubric, element('h3', { text: strings.genRubric }), element('p', { className: 'field-hint', text: strings.genRubricNone }));
      return;
    }
    const judged = list(judge.input.value).length > 0;
    replaceChildren(
      rubric,
      element('h3', { text: strings.genRubric }),
      element('p', { id: 'rubric-summary', text: judged ? format(strings.genRubricUses, info.id, String(info.passScore)) : strings.genRubricNoJudge }),
      element('ul', { className: 'rubric-criteria', id: 'rubric-criteria' }, info.criteria.map((c) => element('li', {}, [element('strong', { text: c.name }), document.createTextNode(` — ${description(c)}`)]))),
      element('p', { className: 'field-hint', id: 'rubric-source', text: info.file !== null ? format(strings.genRubricFile, info.file) : strings.genRubricBuiltIn }),
      button(strings.genCustomizeRubric, { id: 'customize-rubric', appearance: 'secondary', disabled: readOnly, onClick: () => { host.post({ type: 'customizeRubric', rubric: info.id }); } }),
    );
  };
  strategy.select.addEventListener('change', () => {
    renderOptions();
    renderRubric();
    scheduleEstimate();
  });
  renderOptions();

  const count = textField({ id: 'count', label: strings.genCount, type: 'number', value: '50', min: '1', step: '1', hint: strings.genCountHint, disabled: readOnly, onInput: change });
  const judge = textField({ id: 'judge-models', label: strings.genJudgeModels, value: init.defaults.judgeModel, list: 'model-list', hint: strings.genJudgeHint, disabled: readOnly, onInput: change });
  judge.input.addEventListener('input', () => { renderRubric(); });
  renderRubric();
  const lmWarning = element('p', { className: 'field-hint', id: 'lm-note', text: strings.genLmNote, attributes: { role: 'status' } });
  const temperature = textField({ id: 'temperature', label: strings.genTemperature, type: 'number', value: '0.8', min: '0', max: '2', step: '0.1', disabled: readOnly, onInput: change });
  const maxTokens = textField({ id: 'max-tokens', label: strings.genMaxTokens, type: 'number', value: '1024', min: '1', step: '1', disabled: readOnly, onInput: change });
  const budget = textField({ id: 'budget', label: strings.genBudget, type: 'number', value: '', min: '0', step: '0.5', hint: strings.genBudgetHint, disabled: readOnly, onInput: change });
  const outputFile = textField({ id: 'output-file', label: strings.genOutputFile, value: init.defaults.outputFile, hint: strings.genOutputHint, disabled: readOnly });
  const modelList = datalist('model-list', []);

  const settings = section('settings-section', strings.genSettingsHeading, [
    strategy.root,
    strategyDescription,
    strategyUnsupported,
    strategyOptions,
    element('div', { className: 'field-row' }, [count.root, temperature.root, maxTokens.root, budget.root]),
    element('div', { className: 'field-row' }, [modelsField.root, judge.root]),
    lmWarning,
    rubric,
    modelList,
    outputFile.root,
  ]);

  const estimate = element('p', { className: 'estimate', id: 'estimate', attributes: { 'aria-live': 'polite' }, text: strings.genEstimateNeeds });
  const start = button(strings.genStart, { id: 'start', ariaLabel: `${strings.genStart} (Ctrl+Enter)`, onClick: startRun });
  const cancel = button(strings.genCancel, { id: 'cancel', appearance: 'secondary', onClick: () => { host.post({ type: 'cancel' }); } });
  const validation = element('p', { className: 'field-hint validation', id: 'validation', attributes: { role: 'status' } });
  const run = element('div', { className: 'gen-run', id: 'run', attributes: { 'aria-live': 'polite' } });

  view = {
    init, strategy: strategy.select, strategyDescription, strategyUnsupported, strategyOptions, optionInputs,
    count: count.input, models: modelsField.input, judgeModels: judge.input, lmWarning,
    temperature: temperature.input, maxTokens: maxTokens.input, budget: budget.input, outputFile: outputFile.input,
    provider: provider.select, baseUrl: baseUrl.input, connection, modelList, estimate, start, cancel, validation, run,
  };
  fillModelList(view);

  const restricted = readOnly
    ? element('div', { className: 'banner warning restricted', id: 'restricted', attributes: { role: 'status' } }, [
        element('p', { text: strings.genRestricted }),
        button(strings.genManageTrust, { id: 'manage-trust', appearance: 'secondary', onClick: () => { host.post({ type: 'manageTrust' }); } }),
      ])
    : null;

  replaceChildren(
    root,
    element('header', { className: 'view-header' }, [element('h1', { text: strings.genTitle }), element('p', { className: 'subtitle', text: strings.genSubtitle })]),
    restricted,
    seedFacts(init),
    divider(),
    providerSection,
    divider(),
    settings,
    element('div', { className: 'gen-footer', id: 'gen-footer' }, [
      section('estimate-section', strings.genEstimateHeading, [estimate]),
      element('div', { className: 'button-row actions' }, [start, cancel, element('span', { className: 'field-hint', text: strings.genStartHint })]),
      validation,
      run,
    ]),
  );
  update();
  scheduleEstimate();
}

// Enter in a field never submits by accident; Ctrl+Enter (⌘+Enter) starts.
root.addEventListener('keydown', (event: KeyboardEvent) => {
  if (event.key !== 'Enter') return;
  if (event.ctrlKey || event.metaKey) {
    event.preventDefault();
    startRun();
    return;
  }
  if (event.target instanceof HTMLInputElement) {
    event.preventDefault();
    event.target.dispatchEvent(new Event('change', { bubbles: true }));
  }
});
