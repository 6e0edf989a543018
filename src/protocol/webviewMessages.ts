// Every message between the extension and its webviews. Both sides import this file and
// validate what arrives with these schemas: anything that does not match is rejected.
import { z } from 'zod';

/** Bumped whenever a message changes shape, so a stale webview is told to reload. */
export const PROTOCOL_VERSION = 1;

export const webviewKind = z.enum(['review', 'health', 'generate']);
export type WebviewKind = z.infer<typeof webviewKind>;

// ---- webview → extension -------------------------------------------------------------

/** First message of every webview once its script runs: asks for its initial state. */
export const readyMessage = z.strictObject({
  type: z.literal('ready'),
  view: webviewKind,
  protocolVersion: z.number().int().nonnegative(),
});

/** The user asked, from a webview, to start generating from a seed file. */
export const requestGenerateMessage = z.strictObject({
  type: z.literal('requestGenerate'),
});

/** The user asked the Dataset Health view to compute its subject again (the file changed). */
export const refreshHealthMessage = z.strictObject({
  type: z.literal('refreshHealth'),
});

export const healthToHostMessage = messageSet(readyMessage, refreshHealthMessage);
export type HealthToHostMessage = MessageOf<typeof healthToHostMessage>;

// ---- extension → webview -------------------------------------------------------------

export const runSummary = z.strictObject({
  id: z.string().min(1),
  /** Seed file, relative to the workspace folder. */
  seedFile: z.string(),
  createdAt: z.string(),
});
export type RunSummary = z.infer<typeof runSummary>;

/** Facts every webview's `init` carries: it picks its language and disables actions by them. */
export const webviewEnvironment = z.strictObject({
  protocolVersion: z.number().int(),
  /** VS Code display language, e.g. `en` or `zh-cn`; the webview picks its strings by it. */
  locale: z.string(),
  extensionVersion: z.string(),
  workspaceName: z.string().nullable(),
  /** False in Restricted Mode: actions that would reach an endpoint are disabled. */
  workspaceTrusted: z.boolean(),
});
export type WebviewEnvironment = z.infer<typeof webviewEnvironment>;

export const healthInitMessage = z.strictObject({
  type: z.literal('init'),
  environment: webviewEnvironment,
  /** What the charts describe: a run id or a dataset file; null until the user picks one. */
  subject: z.string().nullable(),
});
export type HealthInitMessage = z.infer<typeof healthInitMessage>;

const count = z.number().int().nonnegative();
/** A share, a divergence or a distance between 0 and 1. */
const unit = z.number().min(0).max(1);

/** What the Dataset Health view describes: a dataset file or the candidates of a run. */
export const healthSubject = z.strictObject({
  kind: z.enum(['file', 'run']),
  /** The file relative to the workspace folder, or the run id. */
  name: z.string().min(1),
});
export type HealthSubject = z.infer<typeof healthSubject>;

/** The extension started computing the health of `subject`; a report or an error follows. */
export const healthLoadingMessage = z.strictObject({
  type: z.literal('healthLoading'),
  subject: healthSubject,
});
export type HealthLoadingMessage = z.infer<typeof healthLoadingMessage>;

/** Lengths in characters of one series (the subject or its seeds). */
export const healthLengths = z.strictObject({
  count,
  median: z.number().nonnegative(),
  mean: z.number().nonnegative(),
  p90: z.number().nonnegative(),
  max: z.number().nonnegative(),
  /** Records per bin of `lengthBins`, plus one for everything longer than the last bound. */
  histogram: z.array(count),
});
export type HealthLengths = z.infer<typeof healthLengths>;

const labelCount = z.strictObject({ label: z.string(), count });
export type HealthLabelCount = z.infer<typeof labelCount>;

const diversity = z.strictObject({ distinct1: unit, distinct2: unit });

/** Duplicate counts: exact copies (after normalisation) and ROUGE-L near-duplicates. */
const duplicateCounts = z.strictObject({
  exact: count,
  /** Null when only exact duplicates were looked for (too many records for ROUGE-L). */
  near: count.nullable(),
});

/** Every figure of the Dataset Health view for one subject. */
export const healthReportMessage = z.strictObject({
  type: z.literal('healthReport'),
  subject: healthSubject,
  /** The record format most records have (`alpaca`, `openai-chat`…); null when unknown. */
  format: z.string().nullable(),
  /** How the file holds its records; null for a run. */
  container: z.enum(['jsonl', 'json-array', 'csv']).nullable(),
  records: count,
  /** The file's (or the run journal's) problems. */
  problems: z.strictObject({ errors: count, warnings: count }),
  /** The seed file the subject is compared with, relative to the workspace folder; null when none. */
  seedFile: z.string().nullable(),
  /** Usable records of the seed file; null when there is no comparison. */
  seedRecords: count.nullable(),
  /** A seed file that should have been compared with but could not be read. */
  seedUnreadable: z.string().nullable(),
  /** Judge overall scores rounded to 1–5; null when nothing was judged (a plain file). */
  scores: z.strictObject({ histogram: z.array(count).length(5), mean: z.number().min(0).max(5), count }).nullable(),
  /** Upper bounds, in characters, of the length histogram's bins; the last bin is open. */
  lengthBins: z.array(z.number().int().positive()),
  /** Response lengths in characters. */
  lengths: healthLengths,
  seedLengths: healthLengths.nullable(),
  /** Classification records per label, most frequent first; empty for other kinds. */
  labels: z.array(labelCount),
  seedLabels: z.array(labelCount).nullable(),
  diversity,
  seedDiversity: diversity.nullable(),
  /** Records per detected writing (`zh`, `latin`…), most frequent first. */
  languages: z.array(z.strictObject({ language: z.string(), count })),
  duplicates: z.strictObject({
    /** ROUGE-L threshold above which two prompts are near-duplicates. */
    threshold: unit,
    /** Above this many records only exact duplicates are looked for. */
    nearLimit: count,
    within: duplicateCounts,
    /** Records of the subject that duplicate a seed; null when there is no comparison. */
    againstSeeds: duplicateCounts.nullable(),
  }),
  /** How the subject differs from its seeds; null when there is no comparison. */
  comparison: z
    .strictObject({
      unigramJsDivergence: unit,
      bigramJsDivergence: unit,
      /** Median response (prompt) length over the seeds'; null when the seeds' median is 0. */
      responseLengthRatio: z.number().nonnegative().nullable(),
      promptLengthRatio: z.number().nonnegative().nullable(),
      /** Total variation distance of the label distributions; null without labels. */
      labelShift: unit.nullable(),
    })
    .nullable(),
});
export type HealthReportMessage = z.infer<typeof healthReportMessage>;

/** The health of `subject` cannot be shown; `message` says why, in the user's language. */
export const healthErrorMessage = z.strictObject({
  type: z.literal('healthError'),
  subject: healthSubject,
  message: z.string().min(1),
});
export type HealthErrorMessage = z.infer<typeof healthErrorMessage>;

export const hostToHealthMessage = messageSet(healthInitMessage, healthLoadingMessage, healthReportMessage, healthErrorMessage);
export type HostToHealthMessage = MessageOf<typeof hostToHealthMessage>;

// ---- validation ----------------------------------------------------------------------

type TypedMessageSchema = z.ZodObject<{ type: z.ZodLiteral<string> } & z.ZodRawShape>;

/** The messages one side may receive: their schemas, keyed by `type`. */
export interface MessageSet<T> {
  readonly schema: z.ZodType<T>;
  readonly types: ReadonlySet<string>;
}

export type MessageOf<S> = S extends MessageSet<infer T> ? T : never;

export function messageSet<const Options extends readonly [TypedMessageSchema, ...TypedMessageSchema[]]>(
  ...options: Options
): MessageSet<z.infer<Options[number]>> {
  return {
    schema: z.discriminatedUnion('type', options),
    types: new Set(options.map((option) => option.shape.type.value)),
  };
}

export type RejectReason = 'notAnObject' | 'unknownType' | 'invalidShape' | 'protocolMismatch';

export type ParsedMessage<T> =
  | { readonly ok: true; readonly message: T }
  | { readonly ok: false; readonly reason: RejectReason; readonly detail: string };

/**
 * Validates a message that arrived over postMessage. The result says why a message was
 * rejected, so the receiver can log it; the raw value is never acted on.
 */
export function parseMessage<T>(set: MessageSet<T>, raw: unknown): ParsedMessage<T> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, reason: 'notAnObject', detail: `expected an object, got ${describe(raw)}` };
  }
  const type: unknown = (raw as Record<string, unknown>)['type'];
  if (typeof type !== 'string' || !set.types.has(type)) {
    return { ok: false, reason: 'unknownType', detail: `unknown message type ${describe(type)}` };
  }
  const result = set.schema.safeParse(raw);
  if (!result.success) {
    const detail = result.error.issues
      .map((issue) => `${issue.path.join('.') || '(message)'}: ${issue.message}`)
      .join('; ');
    return { ok: false, reason: 'invalidShape', detail };
  }
  const version: unknown = (raw as Record<string, unknown>)['protocolVersion'];
  if (version !== undefined && version !== PROTOCOL_VERSION) {
    return { ok: false, reason: 'protocolMismatch', detail: `protocol ${describe(version)}, expected ${PROTOCOL_VERSION}` };
  }
  return { ok: true, message: result.data };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number') return String(value);
  return typeof value;
}
