// Every message between the extension and its webviews. Both sides import this file and
// validate what arrives with these schemas: anything that does not match is rejected.
import { z } from 'zod';

/** Bumped whenever a message changes shape, so a stale webview is told to reload. */
export const PROTOCOL_VERSION = 1;

export const webviewKind = z.enum(['review', 'health']);
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

export const reviewToHostMessage = messageSet(readyMessage, requestGenerateMessage);
export type ReviewToHostMessage = MessageOf<typeof reviewToHostMessage>;

export const healthToHostMessage = messageSet(readyMessage);
export type HealthToHostMessage = MessageOf<typeof healthToHostMessage>;

// ---- extension → webview -------------------------------------------------------------

export const runSummary = z.strictObject({
  id: z.string().min(1),
  /** Seed file, relative to the workspace folder. */
  seedFile: z.string(),
  createdAt: z.string(),
});
export type RunSummary = z.infer<typeof runSummary>;

const environment = z.strictObject({
  protocolVersion: z.number().int(),
  /** VS Code display language, e.g. `en` or `zh-cn`; the webview picks its strings by it. */
  locale: z.string(),
  extensionVersion: z.string(),
  workspaceName: z.string().nullable(),
  /** False in Restricted Mode: actions that would reach an endpoint are disabled. */
  workspaceTrusted: z.boolean(),
});
export type WebviewEnvironment = z.infer<typeof environment>;

export const reviewInitMessage = z.strictObject({
  type: z.literal('init'),
  environment,
  runs: z.array(runSummary),
  /** Seed file the panel was opened for, relative to the workspace folder. */
  seedFile: z.string().nullable(),
});
export type ReviewInitMessage = z.infer<typeof reviewInitMessage>;

export const healthInitMessage = z.strictObject({
  type: z.literal('init'),
  environment,
  /** What the charts describe: a run id or a dataset file; null until the user picks one. */
  subject: z.string().nullable(),
});
export type HealthInitMessage = z.infer<typeof healthInitMessage>;

export const hostToReviewMessage = messageSet(reviewInitMessage);
export type HostToReviewMessage = MessageOf<typeof hostToReviewMessage>;

export const hostToHealthMessage = messageSet(healthInitMessage);
export type HostToHealthMessage = MessageOf<typeof hostToHealthMessage>;

// ---- validation ----------------------------------------------------------------------

type TypedMessageSchema = z.ZodObject<{ type: z.ZodLiteral<string> } & z.ZodRawShape>;

/** The messages one side may receive: their schemas, keyed by `type`. */
export interface MessageSet<T> {
  readonly schema: z.ZodType<T>;
  readonly types: ReadonlySet<string>;
}

export type MessageOf<S> = S extends MessageSet<infer T> ? T : never;

function messageSet<const Options extends readonly [TypedMessageSchema, ...TypedMessageSchema[]]>(
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
