// Runs one strategy's tasks against the local test server, on a seed file of examples/, and
// the setup the strategy test files share: the server's lifetime, its request log, scratch seeds.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before } from 'node:test';
import { OpenAiCompatibleClient } from '../../../src/core/llm/openAiCompatibleClient';
import { MemoryResponseCache } from '../../../src/core/llm/responseCache';
import { RequestScheduler } from '../../../src/core/llm/scheduler';
import type { Sample } from '../../../src/core/model/sample';
import { loadSeeds } from '../../../src/core/pipeline';
import { BUILT_IN_TEMPLATES } from '../../../src/core/prompts/generationTemplates';
import { placeholdersOf, type PromptTemplate, promptTemplate, templateLanguageFor, TemplateLibrary } from '../../../src/core/prompts/promptTemplate';
import { SeededRandom } from '../../../src/core/random';
import { resolveOptions, type SeedRecord, type Strategy, type StrategyContext, type TaskResult } from '../../../src/core/strategies/strategy';
import { type LlmServer, startLlmServer } from '../../llmServer/llmServer';

export const EXAMPLES = join(__dirname, '..', '..', '..', '..', 'examples');

export interface Harness {
  readonly context: StrategyContext;
  readonly client: OpenAiCompatibleClient;
  run(task: number): Promise<TaskResult>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly server: LlmServer;
  readonly strategy: Strategy;
  readonly seedFile: string;
  readonly templates?: readonly PromptTemplate[];
  readonly options?: Readonly<Record<string, string>>;
  readonly models?: readonly string[];
  readonly kept?: SeedRecord[];
}

export async function strategyHarness(options: HarnessOptions): Promise<Harness> {
  const loaded = await loadSeeds(join(EXAMPLES, options.seedFile));
  const client = new OpenAiCompatibleClient({ provider: 'custom', baseUrl: options.server.url, apiKey: 'test', scheduler: new RequestScheduler({ maxConcurrency: 8 }), cache: new MemoryResponseCache() });
  const kept = options.kept ?? [];
  const context: StrategyContext = {
    client,
    templates: new TemplateLibrary([...BUILT_IN_TEMPLATES, ...(options.templates ?? [])]),
    seeds: loaded.seeds,
    seedKind: loaded.kind,
    language: templateLanguageFor(loaded.language),
    models: options.models ?? ['seedling-test-large'],
    judgeModel: 'seedling-judge',
    temperature: 0.8,
    maxTokens: 800,
    options: resolveOptions(options.strategy, options.options ?? {}),
    pool: { kept: () => kept },
  };
  const runTask = taskRunner(options.strategy);
  return {
    context,
    client,
    run: (task) => runTask(context, task),
    close: () => client.close(),
  };
}

/** Runs tasks of `strategy` in a context a test chose (another client, say), with the randomness of `Harness.run`. */
export function taskRunner(strategy: Strategy): (context: StrategyContext, index: number) => Promise<TaskResult> {
  return (context, index) => strategy.run(context, { index, random: new SeededRandom('test-run', index) });
}

/** `body` on a fresh harness whose server log starts empty; the harness is closed however it ends. */
export async function withStrategyHarness(options: HarnessOptions, body: (harness: Harness) => Promise<void>): Promise<void> {
  const harness = await strategyHarness(options);
  try {
    options.server.clearLog();
    await body(harness);
  } finally {
    await harness.close();
  }
}

/** The sample of the harness's seed `id`, which must exist. */
export function seedOf(harness: Harness, id: string | undefined): Sample {
  const seed = harness.context.seeds.find((s) => s.id === id);
  assert.ok(seed, `the seed ${String(id)} exists`);
  return seed.sample;
}

/**
 * The local test server for the calling test file: started before its tests, closed after them.
 * The object reads through to the running server, so the file can hold it in a `const` from the start.
 */
export function suiteServer(): LlmServer {
  let running: LlmServer | undefined;
  before(async () => {
    running = await startLlmServer();
  });
  after(async () => {
    await running?.close();
  });
  const live = (): LlmServer => {
    if (!running) throw new Error('the test server runs only while the file’s tests do');
    return running;
  };
  return {
    get url() {
      return live().url;
    },
    get origin() {
      return live().origin;
    },
    get requests() {
      return live().requests;
    },
    get options() {
      return live().options;
    },
    clearLog: () => {
      live().clearLog();
    },
    configure: (update) => {
      live().configure(update);
    },
    stats: () => live().stats(),
    close: () => live().close(),
  };
}

/** The fields of a logged chat completion request that the strategy tests read. */
export interface LoggedChatBody {
  readonly model: string;
  readonly temperature?: number;
  readonly seed?: number;
  readonly messages: readonly { readonly role: string; readonly content: string }[];
  readonly response_format?: { readonly type: string; readonly json_schema?: { readonly name: string; readonly schema: Record<string, unknown> } };
}

/** The least a body must have to be read as a prompt; a test may type the rest more closely. */
interface PromptBody {
  readonly messages: readonly { readonly content: string }[];
}

/** Reads the test server's log as chat request bodies of the shape `B` a test expects. */
export interface RequestLog<B extends PromptBody> {
  /** The bodies of the chat completion requests, in order. */
  readonly bodies: () => B[];
  /** The body of the `n`th request logged (0-based), which must have been sent. */
  readonly bodyAt: (n: number) => B;
  /** The messages of `body`, joined: what the model was asked. */
  readonly promptOf: (body: B | undefined) => string;
  /** The prompt of the `n`th request logged (0-based), which must have been sent. */
  readonly promptAt: (n: number) => string;
}

export function requestLog<B extends PromptBody = LoggedChatBody>(server: LlmServer): RequestLog<B> {
  const promptOf = (body: B | undefined): string => (body?.messages ?? []).map((m) => m.content).join('\n');
  const bodyAt = (n: number): B => {
    const body = server.requests[n]?.body as B | undefined;
    assert.ok(body, `request ${n + 1} was sent`);
    return body;
  };
  return {
    bodies: () => server.requests.filter((r) => r.path.endsWith('/chat/completions')).map((r) => r.body as B),
    bodyAt,
    promptOf,
    promptAt: (n) => promptOf(bodyAt(n)),
  };
}

/**
 * Writes seed files of the calling test file's own into a scratch folder that lives as long as
 * its tests; each write returns the seed file's name as `strategyHarness` takes it.
 */
export function scratchSeedFiles(prefix: string): (name: string, records: readonly object[]) => Promise<string> {
  let scratch: string | undefined;
  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), prefix));
  });
  after(async () => {
    if (scratch !== undefined) await rm(scratch, { recursive: true, force: true });
  });
  return async (name, records) => {
    if (scratch === undefined) throw new Error('seed files can be written only while the file’s tests run');
    const file = join(scratch, name);
    await writeFile(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    return relative(EXAMPLES, file);
  };
}

/** Every template id comes in English and Chinese, valid, with the same placeholders, each with a knowledge boundary. */
export function assertBilingualTemplates(templates: readonly PromptTemplate[]): void {
  for (const id of new Set(templates.map((t) => t.id))) {
    const en = templates.find((t) => t.id === id && t.language === 'en');
    const zh = templates.find((t) => t.id === id && t.language === 'zh');
    assert.ok(en && zh, `${id} in both languages`);
    assert.deepEqual(promptTemplate.parse(en), en);
    assert.deepEqual(promptTemplate.parse(zh), zh);
    assert.deepEqual(placeholdersOf(zh.system + zh.user).sort(), placeholdersOf(en.system + en.user).sort(), id);
    assert.match(en.system, /Knowledge boundary: do not introduce facts, numbers, names or policies/);
    assert.match(zh.system, /知识边界/);
  }
}
