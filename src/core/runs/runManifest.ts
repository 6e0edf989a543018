// `run.json`: what a generation run was asked to do and how far it got. Never holds a secret.
import { mkdir, readdir } from 'node:fs/promises';
import { join, posix, win32 } from 'node:path';
import { z } from 'zod';
import { errorCode, readFileIfExists, writeFileAtomic } from './atomicFile';
import { type CandidateState, summarize } from './candidateState';
import { describeIssues } from './schemaErrors';

export const RUN_MANIFEST_FILE = 'run.json';

/** Folder-name-safe on every platform, and never `.` or `..`. */
const RUN_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

const runId = z.string().regex(RUN_ID_PATTERN, 'a run id is letters, digits, "-" and "_"');
const timestamp = z.iso.datetime({ offset: true });
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 hash is 64 lowercase hex digits');
const count = z.number().int().nonnegative();

export const runStatus = z.enum(['running', 'paused', 'completed', 'cancelled', 'failed']);
export type RunStatus = z.infer<typeof runStatus>;

// Deliberately no field for an API key or any other credential: keys live in SecretStorage or the
// environment, and unknown fields are dropped on parse, so none can slip into run.json.
export const runManifest = z.object({
  version: z.literal(1),
  id: runId,
  createdAt: timestamp,
  updatedAt: timestamp,
  status: runStatus,
  seed: z.object({
    /** Relative to the workspace root, so a moved workspace keeps its runs. */
    path: z
      .string()
      .min(1)
      .refine((path) => !posix.isAbsolute(path) && !win32.isAbsolute(path), 'the seed path is relative to the workspace'),
    sha256,
    format: z.string().min(1),
    records: count,
  }),
  config: z.object({
    strategy: z.string().min(1),
    count,
    temperature: z.number().min(0).optional(),
    options: z.record(z.string(), z.unknown()),
  }),
  provider: z.object({
    id: z.string().min(1),
    baseUrl: z.string(),
    models: z.object({ generator: z.array(z.string()), judge: z.array(z.string()) }),
  }),
  /** Template name → SHA-256 of its text, so a resumed run can tell the prompts changed. */
  templates: z.record(z.string(), sha256),
  counts: z.object({ generated: count, accepted: count, rejected: count, pending: count, saved: count, failed: count }),
  usage: z.object({ requests: count, promptTokens: count, completionTokens: count }),
  cost: z.object({ usd: z.number().nonnegative(), budgetUsd: z.number().nonnegative().optional() }),
  timestamps: z.object({ started: timestamp, finished: timestamp.optional() }),
});
export type RunManifest = z.infer<typeof runManifest>;

export type ManifestProblemReason = 'missing' | 'invalid-json' | 'invalid-shape' | 'unreadable';

export type ReadManifestResult =
  | { readonly ok: true; readonly manifest: RunManifest }
  | { readonly ok: false; readonly reason: ManifestProblemReason; readonly message: string };

export interface UnreadableRun {
  /** The run's folder name. */
  readonly id: string;
  readonly dir: string;
  readonly reason: ManifestProblemReason;
  readonly message: string;
}

export interface RunList {
  /** Newest first. */
  readonly runs: RunManifest[];
  readonly unreadable: UnreadableRun[];
}

/** `20261121-063145-k3f9`: UTC time first so ids sort by age, then 4 random base-36 characters. */
export function createRunId(now: Date, random: () => number = Math.random): string {
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  const date = `${pad(now.getUTCFullYear(), 4)}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}`;
  const time = `${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}${pad(now.getUTCSeconds())}`;
  let suffix = '';
  for (let i = 0; i < 4; i++) suffix += Math.min(35, Math.max(0, Math.floor(random() * 36))).toString(36);
  return `${date}-${time}-${suffix}`;
}

export function runsRoot(workspaceRoot: string): string {
  return join(workspaceRoot, '.seedling', 'runs');
}

/** The folder of one run; refuses ids that could point outside `.seedling/runs`. */
export function runDirectory(workspaceRoot: string, runId: string): string {
  if (!RUN_ID_PATTERN.test(runId)) throw new Error(`Not a valid run id: ${JSON.stringify(runId)}`);
  return join(runsRoot(workspaceRoot), runId);
}

/**
 * A base URL safe to write down: without user:password@ and without query parameters that carry
 * credentials (key, api-key, token, access_token, sig, …). The fragment is dropped too: servers
 * never see it, so it can only hold something that should not be stored.
 */
export function redactBaseUrl(url: string): string {
  const hashAt = url.indexOf('#');
  const withoutFragment = hashAt === -1 ? url : url.slice(0, hashAt);
  const queryAt = withoutFragment.indexOf('?');
  const base = queryAt === -1 ? withoutFragment : withoutFragment.slice(0, queryAt);
  // The authority ends at the first '/', '\' (WHATWG treats both alike), '?' or '#'; its last '@' ends the userinfo.
  const withoutUserinfo = base.replace(/^((?:[A-Za-z][A-Za-z0-9+.-]*:)?\/\/)[^/\\]*@/, '$1');
  if (queryAt === -1) return withoutUserinfo;
  const kept = withoutFragment
    .slice(queryAt + 1)
    .split('&')
    .filter((pair) => pair !== '' && !isCredentialParameter(pair.split('=', 1)[0] ?? ''));
  return kept.length === 0 ? withoutUserinfo : `${withoutUserinfo}?${kept.join('&')}`;
}

function isCredentialParameter(rawName: string): boolean {
  let name = rawName;
  try {
    name = decodeURIComponent(rawName.replace(/\+/g, ' '));
  } catch {
    // A malformed escape: judge the name as written.
  }
  const n = name.toLowerCase().replace(/[-_.\s]/g, '');
  return n.endsWith('key') || n.endsWith('token') || n.endsWith('secret') || n.endsWith('password') || ['sig', 'signature', 'pwd', 'auth', 'authorization'].includes(n);
}

/** Option names that can only mean a credential; `maxTokens` or `dedupKey` stay. */
function isCredentialOption(name: string): boolean {
  const n = name.toLowerCase().replace(/[-_.\s]/g, '');
  return (
    ['apikey', 'token', 'auth', 'authorization', 'password', 'secret', 'credentials'].includes(n) ||
    ['apikey', 'secret', 'password', 'accesstoken', 'authtoken', 'bearertoken', 'apitoken'].some((end) => n.endsWith(end))
  );
}

function redactOptions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactOptions);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([name]) => !isCredentialOption(name))
      .map(([name, inner]) => [name, redactOptions(inner)]),
  );
}

/**
 * Validates and writes `<runDir>/run.json` atomically, with credentials removed from the base URL
 * and the strategy options. Returns what was written.
 */
export async function writeRunManifest(runDir: string, manifest: RunManifest): Promise<RunManifest> {
  const parsed = runManifest.safeParse(manifest);
  if (!parsed.success) throw new Error(`Invalid run manifest: ${describeIssues(parsed.error)}`);
  const options = redactOptions(parsed.data.config.options) as Record<string, unknown>;
  const stored: RunManifest = {
    ...parsed.data,
    config: { ...parsed.data.config, options },
    provider: { ...parsed.data.provider, baseUrl: redactBaseUrl(parsed.data.provider.baseUrl) },
  };
  await mkdir(runDir, { recursive: true });
  await writeFileAtomic(join(runDir, RUN_MANIFEST_FILE), `${JSON.stringify(stored, null, 2)}\n`);
  return stored;
}

/** Reads `<runDir>/run.json`; a missing, unreadable or malformed file is a result, not an exception. */
export async function readRunManifest(runDir: string): Promise<ReadManifestResult> {
  const path = join(runDir, RUN_MANIFEST_FILE);
  let text;
  try {
    text = await readFileIfExists(path);
  } catch (error) {
    return { ok: false, reason: 'unreadable', message: `Cannot read ${path}: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (text === undefined) return { ok: false, reason: 'missing', message: `${path} does not exist` };
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { ok: false, reason: 'invalid-json', message: `${path} is not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  const parsed = runManifest.safeParse(json);
  if (!parsed.success) return { ok: false, reason: 'invalid-shape', message: `${path} is not a valid run manifest: ${describeIssues(parsed.error)}` };
  return { ok: true, manifest: parsed.data };
}

/** Every run of the workspace, newest first, and the run folders that could not be read. */
export async function listRuns(workspaceRoot: string): Promise<RunList> {
  const root = runsRoot(workspaceRoot);
  let entries;
  try {
    entries = await readdir(root, { withFileTypes: true });
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return { runs: [], unreadable: [] };
    throw error;
  }
  // Hidden entries are not runs (temp files, OS metadata).
  const folders = entries.filter((entry) => entry.isDirectory() && !entry.name.startsWith('.')).map((entry) => entry.name);
  const results = await Promise.all(folders.map(async (id) => ({ id, dir: join(root, id), result: await readRunManifest(join(root, id)) })));
  const runs: RunManifest[] = [];
  const unreadable: UnreadableRun[] = [];
  for (const { id, dir, result } of results) {
    if (!result.ok) unreadable.push({ id, dir, reason: result.reason, message: result.message });
    // A run is found again by its id, so a folder whose run.json names another id cannot be opened.
    else if (result.manifest.id !== id) unreadable.push({ id, dir, reason: 'invalid-shape', message: `${join(dir, RUN_MANIFEST_FILE)} belongs to run ${result.manifest.id}, not ${id}` });
    else runs.push(result.manifest);
  }
  runs.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || compareDescending(a.id, b.id));
  unreadable.sort((a, b) => compareDescending(a.id, b.id));
  return { runs, unreadable };
}

function compareDescending(a: string, b: string): number {
  return a < b ? 1 : a > b ? -1 : 0;
}

/** A run's counts as run.json records them, from the states of its candidates. */
export function runCounts(states: ReadonlyMap<string, CandidateState>): RunManifest['counts'] {
  const { total, accepted, rejected, pending, saved, failed } = summarize(states);
  return { generated: total, accepted, rejected, pending, saved, failed };
}
