// Real generation runs of the `seedling` CLI against the local test server, with each way an
// endpoint fails injected: every run ends with exactly the candidates asked for, or stops
// with an exit code and a message that say what happened, in bounded time, and no cut-off
// or partial answer ever becomes a candidate.
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { sample as sampleSchema, type Sample } from '../../src/core/model/sample';
import { reduceEvents } from '../../src/core/runs/candidateState';
import { readJournal } from '../../src/core/runs/journal';
import { runDirectory } from '../../src/core/runs/runManifest';
import { type FaultKind, type FaultRule, type LlmServer, startLlmServer } from '../llmServer/llmServer';
import { type CliResult, runCli } from './cliRun';

const SEEDS = resolve(__dirname, '..', '..', '..', 'examples', 'gov-faq-housing-fund.alpaca.jsonl');
const COUNT = 6;
/** Faults after which the client has seen part of an answer. */
const PARTIAL_FAULTS: ReadonlySet<FaultKind> = new Set(['length', 'content-filter', 'malformed-sse', 'reset-mid-stream', 'stall-mid-stream']);

interface CaseFigures {
  readonly name: string;
  readonly faults: number;
  readonly requests: number;
  readonly candidates: number;
  readonly seconds: number;
  readonly exit: number | null;
}

const figures: CaseFigures[] = [];

interface FaultRun {
  readonly result: CliResult;
  readonly server: LlmServer;
  readonly workspace: string;
  readonly runId: string;
}

async function generateWith(name: string, faults: readonly FaultRule[], extraArgs: readonly string[] = [], timeoutMs = 240_000): Promise<FaultRun & { close: () => Promise<void> }> {
  const server = await startLlmServer({ latencyMs: 10, faults });
  const workspace = mkdtempSync(join(tmpdir(), 'sdl-faults-'));
  copyFileSync(SEEDS, join(workspace, 'seeds.jsonl'));
  const result = await runCli(
    ['generate', 'seeds.jsonl', '--strategy', 'self-instruct', '--count', String(COUNT), '--model', 'seedling-test-small', '--base-url', server.url, '--no-cache', ...extraArgs],
    { cwd: workspace, env: { OPENAI_API_KEY: 'test-key' }, timeoutMs },
  );
  const runId = /^run (\S+):/m.exec(result.stdout)?.[1] ?? '';
  const chats = server.requests.filter((r) => r.path.endsWith('/chat/completions'));
  const states = runId === '' ? new Map() : reduceEvents((await readJournal(runDirectory(workspace, runId))).events);
  figures.push({
    name,
    faults: chats.filter((r) => r.fault !== undefined).length,
    requests: chats.length,
    candidates: [...states.values()].filter((s: { status: string }) => s.status === 'pending').length,
    seconds: result.seconds,
    exit: result.code,
  });
  return {
    result, server, workspace, runId,
    close: async () => {
      await server.close();
      rmSync(workspace, { recursive: true, force: true });
    },
  };
}

function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(stringsOf);
  return [];
}

/** The complete answers the server gives, fault-free, to every request that got a partial one. */
async function fullAnswersToPartialRequests(server: LlmServer): Promise<string[]> {
  const partial = server.requests.filter((r) => r.fault !== undefined && PARTIAL_FAULTS.has(r.fault));
  server.configure({ faults: [] });
  const answers: string[] = [];
  for (const request of partial) {
    const { stream_options: _usage, ...asked } = request.body as Record<string, unknown>;
    const body = { ...asked, stream: false };
    const response = await fetch(`${server.url}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer test-key' }, body: JSON.stringify(body) });
    const json = (await response.json()) as { choices: { message: { content: string } }[] };
    answers.push(...json.choices.map((c) => c.message.content.trim()));
  }
  return answers;
}

/** A completed run: exit 0, exactly COUNT whole candidates in the journal, none cut from a partial answer. */
async function assertExactlyTheCandidates(run: FaultRun): Promise<void> {
  const { result, workspace, runId, server } = run;
  assert.equal(result.code, 0, `exit 0 expected\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
  assert.match(result.stdout, new RegExp(`: completed .*\\n\\s+candidates\\s+${COUNT} of ${COUNT} ready for review`));
  const journal = await readJournal(runDirectory(workspace, runId));
  assert.deepEqual(journal.problems, [], 'every journal line parses');
  const ready = [...reduceEvents(journal.events).values()].filter((s) => s.status === 'pending');
  assert.equal(ready.length, COUNT, 'exactly the candidates asked for');
  const fullAnswers = await fullAnswersToPartialRequests(server);
  for (const candidate of ready) {
    assert.equal(candidate.verdict?.passed, true, `${candidate.id} was judged and passed: ${JSON.stringify(candidate.flags)}`);
    const parsed = sampleSchema.safeParse(candidate.sample);
    assert.ok(parsed.success, `${candidate.id} is a whole sample: ${JSON.stringify(candidate.sample)}`);
    const texts = stringsOf(fieldsOf(parsed.data));
    assert.ok(texts.some((t) => t.trim().length > 0), `${candidate.id} has text`);
    for (const text of texts) {
      const cut = fullAnswers.find((answer) => text.trim().length >= 20 && text.trim().length < answer.length && answer.startsWith(text.trim()));
      assert.equal(cut, undefined, `${candidate.id} holds the cut-off beginning of an answer: "${text}"`);
    }
  }
}

function fieldsOf(value: Sample): unknown {
  const { kind: _kind, ...fields } = value;
  return fields;
}

describe('a generation run through endpoint faults (seedling generate against the test server)', () => {
  after(() => {
    console.log('\ncase | faults injected | requests | candidates | wall s | exit');
    for (const f of figures) console.log(`${f.name} | ${f.faults} | ${f.requests} | ${f.candidates} | ${f.seconds.toFixed(1)} | ${String(f.exit)}`);
  });

  it('waits out a 429 whose Retry-After is an hour for at most the cap, says so, and finishes the run', async () => {
    const run = await generateWith('429 with Retry-After: 3600 (2 requests)', [{ kind: 'http429', nth: [1, 2], retryAfterSeconds: 3600 }]);
    try {
      await assertExactlyTheCandidates(run);
      assert.match(run.result.stderr, /asked to wait 3600 s .*waiting 60 s, the most Seedling waits/);
      assert.ok(run.result.seconds < 150, `took ${run.result.seconds} s, not an hour`);
    } finally {
      await run.close();
    }
  });

  it('pauses the run with exit 3 and says how to resume when every request gets a 429 with Retry-After: 3600', async () => {
    const run = await generateWith('429 with Retry-After: 3600 on every request', [{ kind: 'http429', retryAfterSeconds: 3600 }]);
    try {
      assert.equal(run.result.code, 3, run.result.stdout + run.result.stderr);
      assert.match(run.result.stdout, /: paused \(.*rate limiting \(HTTP 429\).*After waiting 60 s, the endpoint still asks to wait 3600 s \(Retry-After\): its quota or rate limit is probably spent\..*The run is paused and can be resumed\.\)/);
      assert.match(run.result.stdout, new RegExp(`resume\\s+later: seedling generate --resume ${run.runId}$`, 'm'));
      assert.ok(run.result.seconds < 150, `took ${run.result.seconds} s, not an hour`);
      const journal = await readJournal(runDirectory(run.workspace, run.runId));
      assert.deepEqual(journal.problems, []);
      assert.equal([...reduceEvents(journal.events).values()].filter((s) => s.status === 'pending').length, 0);
    } finally {
      await run.close();
    }
  });

  it('rides out a storm of 503s on every other request', async () => {
    const run = await generateWith('503 storm (every 2nd request)', [{ kind: 'http503', every: 2 }]);
    try {
      await assertExactlyTheCandidates(run);
    } finally {
      await run.close();
    }
  });

  it('stops with exit 1 and a message when the endpoint answers nothing but 503', async () => {
    const run = await generateWith('503 on every request', [{ kind: 'http503' }], ['--concurrency', '2']);
    try {
      assert.equal(run.result.code, 1, run.result.stdout + run.result.stderr);
      assert.match(run.result.stdout, /: failed \(5 tasks in a row failed; the last: The endpoint .* failed \(HTTP 503\)\. Seedling retries; if it persists, the service is down\..*Gave up after 6 attempts\.\)/);
      assert.match(run.result.stdout, /0 of 6 ready for review/);
      assert.equal(run.server.requests.filter((r) => r.status === 200).length, 0);
    } finally {
      await run.close();
    }
  });

  it('abandons stalled streams after the stall timeout and retries them', async () => {
    const run = await generateWith('stall before and mid-stream (3 requests)', [{ kind: 'stall-mid-stream', nth: [1, 4] }, { kind: 'stall', nth: [2] }], ['--stall-timeout', '2']);
    try {
      await assertExactlyTheCandidates(run);
      assert.ok(run.result.seconds < 120, `took ${run.result.seconds} s`);
    } finally {
      await run.close();
    }
  });

  it('retries connections reset before and during the answer', async () => {
    const run = await generateWith('connection resets (4 requests)', [{ kind: 'reset', nth: [1, 3] }, { kind: 'reset-mid-stream', nth: [2, 5] }]);
    try {
      await assertExactlyTheCandidates(run);
    } finally {
      await run.close();
    }
  });

  it('never takes a candidate from a malformed event stream', async () => {
    const run = await generateWith('malformed SSE (3 requests)', [{ kind: 'malformed-sse', nth: [1, 2, 4], afterChunks: 3 }]);
    try {
      await assertExactlyTheCandidates(run);
    } finally {
      await run.close();
    }
  });

  it('never takes a candidate from an empty, cut-off (length) or filtered answer', async () => {
    // Four faults at most: five failed tasks in a row would (rightly) stop the run instead.
    const run = await generateWith('empty, length and content-filter answers (4 requests)', [
      { kind: 'empty', nth: [1] },
      { kind: 'length', nth: [3, 8] },
      { kind: 'content-filter', nth: [5] },
    ]);
    try {
      await assertExactlyTheCandidates(run);
    } finally {
      await run.close();
    }
  });

  it('stops with exit 1 and says to raise the maximum tokens when every answer is cut off', async () => {
    const run = await generateWith('length cut-off on every request', [{ kind: 'length' }]);
    try {
      assert.equal(run.result.code, 1, run.result.stdout + run.result.stderr);
      assert.match(run.result.stdout, /: failed \(5 tasks in a row failed; the last: The model's answer was cut off \(length\) before the JSON was complete\. Raise the maximum tokens for this step\.\)/);
      assert.match(run.result.stdout, /0 of 6 ready for review/);
    } finally {
      await run.close();
    }
  });

  it('never saves a cut-off answer of a text strategy (distillation) as a sample', async () => {
    const run = await generateWith('distillation with length cut-offs (every 2nd request)', [{ kind: 'length', every: 2 }], ['--strategy', 'distillation']);
    try {
      await assertExactlyTheCandidates(run);
    } finally {
      await run.close();
    }
  });
});
