// The server's settings: defaults, merging a partial update, and checking one that arrives
// as JSON (the CLI's --faults, POST /__seedling/config).
import { isFaultKind, type FaultRule } from './faults';

export type Overflow = 'queue' | 'reject503' | 'reject429';

export interface RateLimit {
  readonly requestsPerMinute?: number;
  readonly tokensPerMinute?: number;
  /** Sent as Retry-After instead of the time until a slot frees. */
  readonly retryAfterSeconds?: number;
}

/** What differs between OpenAI-compatible servers, so clients' fallbacks get exercised. */
export interface Capabilities {
  readonly jsonSchema: boolean;
  readonly jsonObject: boolean;
  readonly jsonObjectNeedsWordJson: boolean;
  readonly honoursN: boolean;
  readonly embeddings: boolean;
  readonly streamUsage: boolean;
  /** POST /v1/completions with echo + logprobs returns the prompt's log-probabilities, as vLLM does. */
  readonly promptLogprobs: boolean;
}

export interface LlmServerOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** From request to full answer; a stream spreads it over its chunks. */
  readonly latencyMs: number;
  /** Added to the latency, deterministic per request. */
  readonly jitterMs: number;
  /** Requests processed at once. */
  readonly capacity: number;
  readonly overflow: Overflow;
  readonly rateLimit?: RateLimit | undefined;
  readonly models: readonly string[];
  readonly apiKey?: string | undefined;
  readonly capabilities: Capabilities;
  readonly faults: readonly FaultRule[];
}

/** What startLlmServer and configure take: any subset, capabilities included. */
export type LlmServerSettings = Partial<Omit<LlmServerOptions, 'capabilities'>> & {
  readonly capabilities?: Partial<Capabilities>;
};

export const DEFAULT_MODELS = ['seedling-test-small', 'seedling-test-large', 'seedling-judge', 'seedling-embed'] as const;

export const DEFAULT_OPTIONS: LlmServerOptions = {
  host: '127.0.0.1',
  port: 0,
  latencyMs: 0,
  jitterMs: 0,
  capacity: Number.POSITIVE_INFINITY,
  overflow: 'queue',
  models: DEFAULT_MODELS,
  capabilities: {
    jsonSchema: true,
    jsonObject: true,
    jsonObjectNeedsWordJson: false,
    honoursN: true,
    embeddings: true,
    streamUsage: true,
    promptLogprobs: false,
  },
  faults: [],
};

export function mergeOptions(base: LlmServerOptions, update: LlmServerSettings): LlmServerOptions {
  const { capabilities, ...rest } = update;
  return { ...base, ...rest, capabilities: { ...base.capabilities, ...capabilities } };
}

type Checked = Record<string, unknown>;

function fail(path: string, expected: string): never {
  throw new Error(`${path} must be ${expected}`);
}

function record(value: unknown, path: string): Checked {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'an object');
  return value as Checked;
}

function nonNegative(value: unknown, path: string): number {
  if (typeof value !== 'number' || !(value >= 0)) fail(path, 'a number ≥ 0');
  return value;
}

function copyNumbers<K extends string>(from: Checked, keys: readonly K[], path: string): Partial<Record<K, number>> {
  const out: Partial<Record<K, number>> = {};
  for (const key of keys) if (from[key] !== undefined) out[key] = nonNegative(from[key], `${path}.${key}`);
  return out;
}

export function parseFaultRules(value: unknown, path = 'faults'): FaultRule[] {
  if (!Array.isArray(value)) fail(path, 'an array of fault rules');
  return value.map((item, i): FaultRule => {
    const rule = record(item, `${path}[${i}]`);
    if (!isFaultKind(rule.kind)) fail(`${path}[${i}].kind`, 'a fault kind');
    const nth = rule.nth;
    if (nth !== undefined && !(Array.isArray(nth) && nth.every((n) => Number.isInteger(n)))) fail(`${path}[${i}].nth`, 'a list of request numbers');
    if (rule.model !== undefined && typeof rule.model !== 'string') fail(`${path}[${i}].model`, 'a string');
    return {
      kind: rule.kind,
      ...copyNumbers(rule, ['every', 'rate', 'times', 'retryAfterSeconds', 'afterChunks'], `${path}[${i}]`),
      ...(nth !== undefined ? { nth: nth as number[] } : {}),
      ...(typeof rule.model === 'string' ? { model: rule.model } : {}),
    };
  });
}

/**
 * Settings from JSON. `null` removes the rate limit or the API key, and means Infinity for
 * the capacity (JSON has no Infinity). Unknown keys are refused, so a typo is not silently
 * ignored.
 */
export function parseSettings(value: unknown): LlmServerSettings {
  const input = record(value, 'settings');
  const out: { -readonly [K in keyof LlmServerSettings]: LlmServerSettings[K] } = {};
  for (const [key, item] of Object.entries(input)) {
    switch (key) {
      case 'host':
        if (typeof item !== 'string') fail(key, 'a string');
        out.host = item;
        break;
      case 'port':
      case 'latencyMs':
      case 'jitterMs':
        out[key] = nonNegative(item, key);
        break;
      case 'capacity':
        out.capacity = item === null ? Number.POSITIVE_INFINITY : nonNegative(item, key);
        if (out.capacity < 1) fail(key, 'at least 1');
        break;
      case 'overflow':
        if (item !== 'queue' && item !== 'reject503' && item !== 'reject429') fail(key, "'queue', 'reject503' or 'reject429'");
        out.overflow = item;
        break;
      case 'rateLimit':
        out.rateLimit = item === null ? undefined : copyNumbers(record(item, key), ['requestsPerMinute', 'tokensPerMinute', 'retryAfterSeconds'], key);
        break;
      case 'models':
        if (!Array.isArray(item) || !item.every((m) => typeof m === 'string')) fail(key, 'a list of model names');
        out.models = item;
        break;
      case 'apiKey':
        if (item !== null && typeof item !== 'string') fail(key, 'a string or null');
        out.apiKey = item ?? undefined;
        break;
      case 'capabilities': {
        const caps = record(item, key);
        const checked: { -readonly [K in keyof Capabilities]?: boolean } = {};
        for (const [name, flag] of Object.entries(caps)) {
          if (!(name in DEFAULT_OPTIONS.capabilities)) fail(`capabilities.${name}`, 'a known capability');
          if (typeof flag !== 'boolean') fail(`capabilities.${name}`, 'true or false');
          checked[name as keyof Capabilities] = flag;
        }
        out.capabilities = checked;
        break;
      }
      case 'faults':
        out.faults = parseFaultRules(item);
        break;
      default:
        throw new Error(`unknown setting '${key}'`);
    }
  }
  return out;
}
