// Every message between the extension and the Generate panel. Both sides validate what
// arrives with these schemas (parseMessage): anything else is rejected and logged.
import { z } from 'zod';
import { PROVIDER_IDS } from '../core/llm/providers';
import { RUBRIC_IDS } from '../core/quality/rubricIds';
import { type MessageOf, messageSet, readyMessage, webviewEnvironment } from './webviewMessages';

const count = z.number().int().nonnegative();
const text = z.string().max(4000);
const modelList = z.array(z.string().min(1).max(300)).max(16);

/** The settings of the form, as the user filled them in. */
export const generateForm = z.strictObject({
  /** A strategy id (the extension checks it against its registry). */
  strategy: z.string().min(1).max(100),
  count: z.number().int().min(0).max(1_000_000),
  models: modelList,
  judgeModels: modelList,
  temperature: z.number().min(0).max(2),
  maxTokens: z.number().int().min(1).max(1_000_000),
  /** US dollars; null for no cap. */
  budgetUsd: z.number().positive().nullable(),
  /** The output file, relative to the workspace folder (or absolute). */
  outputFile: text,
  strategyOptions: z.record(z.string().max(100), text),
});
export type GenerateForm = z.infer<typeof generateForm>;

// ---- webview → extension -------------------------------------------------------------

/** Estimate the cost of the form's run; answered by `estimate` with the same id. */
export const requestEstimateMessage = z.strictObject({ type: z.literal('requestEstimate'), requestId: count, form: generateForm });
/** Write the `seedling.provider` workspace setting. */
export const setProviderMessage = z.strictObject({ type: z.literal('setProvider'), provider: z.enum(PROVIDER_IDS) });
/** Write the `seedling.baseUrl` workspace setting (empty = the preset's default). */
export const setBaseUrlMessage = z.strictObject({ type: z.literal('setBaseUrl'), baseUrl: z.string().max(2000) });
/** Run “Seedling: Set API Key”. */
export const setApiKeyMessage = z.strictObject({ type: z.literal('setApiKey') });
/** Probe the endpoint with a model; answered by `connection`. */
export const testConnectionMessage = z.strictObject({ type: z.literal('testConnection'), model: z.string().max(300) });
/** Start a run with the form; answered by `runStarted`/`runProgress`/`runDone` or `runFailed`. */
export const startMessage = z.strictObject({ type: z.literal('start'), form: generateForm });
/** Cancel the running run of this panel. */
export const cancelMessage = z.strictObject({ type: z.literal('cancel') });
/** Open the Review for a run. */
export const openReviewMessage = z.strictObject({ type: z.literal('openReview'), runId: z.string().min(1).max(200) });
/** Open Manage Workspace Trust. */
export const manageTrustMessage = z.strictObject({ type: z.literal('manageTrust') });
/** Open the workspace's copy of a rubric (made from the one in use when there is none) to edit it. */
export const customizeRubricMessage = z.strictObject({ type: z.literal('customizeRubric'), rubric: z.enum(RUBRIC_IDS) });

export const generateToHostMessage = messageSet(
  readyMessage,
  requestEstimateMessage,
  setProviderMessage,
  setBaseUrlMessage,
  setApiKeyMessage,
  testConnectionMessage,
  startMessage,
  cancelMessage,
  openReviewMessage,
  manageTrustMessage,
  customizeRubricMessage,
);
export type GenerateToHostMessage = MessageOf<typeof generateToHostMessage>;

// ---- extension → webview -------------------------------------------------------------

/** What the panel knows about its seed file. */
export const seedInfo = z.strictObject({
  /** Relative to the workspace folder. */
  file: z.string(),
  name: z.string(),
  /** Format id (`alpaca`…) and its label; null when no record could be read. */
  format: z.string().nullable(),
  formatLabel: z.string().nullable(),
  container: z.enum(['jsonl', 'json-array', 'csv']).nullable(),
  records: count,
  kind: z.string().nullable(),
  language: z.string().nullable(),
  errors: count,
  warnings: count,
  /** The first few problems. */
  problems: z.array(z.strictObject({ line: count, column: count, severity: z.string(), message: z.string() })).max(10),
  /** Why the file cannot be used at all, when it cannot. */
  unreadable: z.string().nullable(),
});
export type SeedInfo = z.infer<typeof seedInfo>;

export const strategyInfo = z.strictObject({
  id: z.string(),
  label: z.string(),
  description: z.strictObject({ en: z.string(), zh: z.string() }),
  options: z.array(z.strictObject({ name: z.string(), description: z.strictObject({ en: z.string(), zh: z.string() }), default: z.string(), choices: z.array(z.string()).nullable() })),
  /** Why it cannot work from these seeds; null when it can. */
  unsupported: z.string().nullable(),
  /** The rubric its candidates are judged by, from the seeds' kind; null when the seeds cannot be read. */
  rubric: z.enum(RUBRIC_IDS).nullable(),
});
export type StrategyInfo = z.infer<typeof strategyInfo>;

/** A rubric the judge scores by: its criteria, the score that passes, and where it comes from. */
export const rubricInfo = z.strictObject({
  id: z.enum(RUBRIC_IDS),
  passScore: z.number(),
  criteria: z.array(z.strictObject({ name: z.string(), description: z.strictObject({ en: z.string(), zh: z.string() }) })),
  /** The workspace file that overrides the built-in rubric (relative), or null for the built-in one. */
  file: z.string().nullable(),
});
export type RubricInfo = z.infer<typeof rubricInfo>;

/** How a Language Model API model is named in a model field: `vscode-lm:<id>`. Both sides read it. */
export const LANGUAGE_MODEL_PREFIX = 'vscode-lm:';

export const modelChoice = z.strictObject({
  /** What goes into the models field. */
  value: z.string(),
  source: z.enum(['endpoint', 'languageModelApi']),
  /** A readable name (vscode.lm models: their name and vendor). */
  label: z.string(),
});
export type ModelChoice = z.infer<typeof modelChoice>;

export const endpointState = z.strictObject({
  provider: z.enum(PROVIDER_IDS),
  /** As set; empty when the preset's default applies. */
  baseUrl: z.string(),
  defaultBaseUrl: z.string(),
});
export type EndpointState = z.infer<typeof endpointState>;

export const generateInitMessage = z.strictObject({
  type: z.literal('init'),
  environment: webviewEnvironment,
  seed: seedInfo,
  strategies: z.array(strategyInfo),
  rubrics: z.array(rubricInfo),
  providers: z.array(z.strictObject({ id: z.enum(PROVIDER_IDS), label: z.string(), defaultBaseUrl: z.string() })),
  endpoint: endpointState,
  defaults: z.strictObject({ model: z.string(), judgeModel: z.string(), outputFile: z.string() }),
  models: z.array(modelChoice),
});
export type GenerateInitMessage = z.infer<typeof generateInitMessage>;

export const endpointMessage = z.strictObject({ type: z.literal('endpoint'), endpoint: endpointState });

export const estimateResultMessage = z.strictObject({
  type: z.literal('estimate'),
  requestId: count,
  estimate: z
    .strictObject({
      tasks: count,
      requests: count,
      promptTokens: count,
      completionTokens: z.strictObject({ likely: count, atMost: count }),
      costUsd: z.strictObject({ likely: z.number().nonnegative(), atMost: z.number().nonnegative() }).nullable(),
      unpricedModels: z.array(z.string()),
    })
    .nullable(),
  /** Why there is no estimate. */
  error: z.string().nullable(),
});
export type EstimateResultMessage = z.infer<typeof estimateResultMessage>;

export const connectionMessage = z.strictObject({
  type: z.literal('connection'),
  ok: z.boolean(),
  endpoint: z.string(),
  model: z.string(),
  models: z.array(z.string()).nullable(),
  modelListed: z.boolean().nullable(),
  jsonSchema: z.boolean().nullable(),
  jsonObject: z.boolean().nullable(),
  latencyMs: z.number().nonnegative().nullable(),
  error: z.string().nullable(),
});
export type ConnectionMessage = z.infer<typeof connectionMessage>;

const progress = z.strictObject({
  kept: count,
  target: count,
  rejected: count,
  tokens: count,
  costUsd: z.number().nonnegative(),
});

export const runStartedMessage = z.strictObject({ type: z.literal('runStarted'), runId: z.string().nullable() });
export const runProgressMessage = z.strictObject({ type: z.literal('runProgress'), runId: z.string().nullable(), progress });
export const runDoneMessage = z.strictObject({
  type: z.literal('runDone'),
  runId: z.string(),
  status: z.string(),
  stopReason: z.string(),
  message: z.string(),
  progress,
  seconds: z.number().nonnegative(),
});
export type RunDoneMessage = z.infer<typeof runDoneMessage>;
/** The run could not start or failed: what happened and what to do. */
export const runFailedMessage = z.strictObject({ type: z.literal('runFailed'), message: z.string() });

export const hostToGenerateMessage = messageSet(
  generateInitMessage,
  endpointMessage,
  estimateResultMessage,
  connectionMessage,
  runStartedMessage,
  runProgressMessage,
  runDoneMessage,
  runFailedMessage,
);
export type HostToGenerateMessage = MessageOf<typeof hostToGenerateMessage>;
