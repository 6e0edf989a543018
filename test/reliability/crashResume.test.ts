// SIGKILL at seeded random moments: the `seedling` CLI while it generates against the test
// server, the CLI while it saves accepted samples (`--resume RUN --out FILE`), and a program
// saving with the engine's saveSamples. After every kill the journal and the output file are
// checked as they lie on disk; after the resumes, nothing is lost, nothing is doubled, and no
// answered-and-cached request is sent again.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { canonicalJson, sampleContentHash } from '../../src/core/model/contentHash';
import type { Sample } from '../../src/core/model/sample';
import { SeededRandom } from '../../src/core/random';
import type { CandidateEvent } from '../../src/core/runs/candidateEvents';
import { reduceEvents } from '../../src/core/runs/candidateState';
import { readJournal } from '../../src/core/runs/journal';
import { cachedKeys, clientCacheKey } from '../llmServer/clientCacheKeys';
import { generatedContent, jsonlSamples, rawJournal } from './journalOnDisk';
import { type LlmServer, startLlmServer } from '../llmServer/llmServer';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const SEED = join(ROOT, 'examples', 'product-support.chat.jsonl');
const SAVE_WORKER = join(__dirname, 'saveWorker.js');
const ENGINE_WORKER = join(__dirname, 'extensionEngineWorker.js');
const COUNT = 12;
const MODEL = 'seedling-test-large';
const JUDGE = 'seedling-judge';

let server: LlmServer;
const figures = { generationKills: 0, extensionHostKills: 0, cliSaveKills: 0, engineSaveKills: 0, tornLastLines: 0, requestsResent: 0, requestsCleanRun: 0, requestsCrashRuns: 0 };

before(async () => {
  server = await startLlmServer({ latencyMs: 220, jitterMs: 160 });
});

after(async () => {
  await server.close();
  console.log(`crash figures: ${JSON.stringify(figures)}`);
});

function newWorkspace(): string {
  const workspace = mkdtempSync(join(tmpdir(), 'seedling-crash-'));
  writeFileSync(join(workspace, 'seed.jsonl'), readFileSync(SEED));
  return workspace;
}

function cliArgs(workspace: string, resume: string | undefined, out?: string): string[] {
  const what = resume === undefined ? [join(workspace, 'seed.jsonl'), '--strategy', 'self-instruct', '--count', String(COUNT)] : ['--resume', resume];
  return [CLI, 'generate', ...what, '--model', MODEL, '--judge-model', JUDGE, '--concurrency', '3', '--workspace', workspace, ...(out === undefined ? [] : ['--out', out])];
}

interface Finished {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

function start(args: readonly string[], cwd: string): { child: ChildProcess; exited: Promise<Finished> } {
  const child = spawn(process.execPath, [...args], { cwd, env: { ...process.env, OPENAI_API_KEY: 'k', OPENAI_BASE_URL: server.url }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  child.stdout.resume();
  const exited = new Promise<Finished>((resolve) => {
    child.once('exit', (code, signal) => {
      resolve({ code, signal, stderr });
    });
  });
  return { child, exited };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Kills `child` once the server has seen `requests` more requests and `extraMs` more passed; false when it exited first. */
async function killAfter(child: ChildProcess, exited: Promise<Finished>, requests: number, extraMs: number): Promise<boolean> {
  const from = server.requests.length;
  const state = { exited: false };
  void exited.then(() => {
    state.exited = true;
  });
  const deadline = Date.now() + 60_000;
  while (!state.exited && server.requests.length - from < requests && Date.now() < deadline) await sleep(5);
  await sleep(extraMs);
  if (state.exited) return false;
  child.kill('SIGKILL');
  const result = await exited;
  assert.equal(result.signal, 'SIGKILL');
  return true;
}

/** The chat completion requests the server has seen since `from`, as their client cache keys. */
function chatRequests(from: number): string[] {
  return server.requests.slice(from).filter((r) => r.path.endsWith('/chat/completions')).map((r) => clientCacheKey(r.body, server.url));
}

function onlyRun(workspace: string): string | undefined {
  const runs = join(workspace, '.seedling', 'runs');
  return existsSync(runs) ? readdirSync(runs)[0] : undefined;
}

/** Cuts a file inside its last line, leaving the line torn; returns the line as it was. */
function tearLastLine(path: string, random: SeededRandom): string | undefined {
  if (!existsSync(path)) return undefined;
  const text = readFileSync(path);
  const start = text.lastIndexOf(0x0a, text.length - 2) + 1;
  if (text.length - start < 4) return undefined;
  truncateSync(path, random.int(start + 1, text.length - 2));
  return text.subarray(start).toString('utf8');
}

/**
 * One run killed `kills` times at seeded random moments and resumed with the CLI until it
 * completes: the first process is `first` (a new run), the rest `seedling generate --resume`.
 * Checks the journal after every kill and the run, the output and the requests at the end.
 */
async function crashAndResume(random: SeededRandom, kills: number, first: (workspace: string) => string[], tearTails = false): Promise<number> {
  const workspace = newWorkspace();
  const from = server.requests.length;
  /** The answers in the cache when the last kill happened: no later process may ask for them again. */
  let cachedAtKill = new Set<string>();
  const seen = new Map<string, string>();
  let runId: string | undefined;
  let killed = 0;
  let finished: Finished | undefined;
  while (finished === undefined) {
    const sentFrom = server.requests.length;
    const { child, exited } = start(runId === undefined ? first(workspace) : cliArgs(workspace, runId), workspace);
    // Never before the first request: the run's manifest is written before anything is sent.
    const wasKilled = killed < kills && (await killAfter(child, exited, random.int(1, 8), random.int(0, 250)));
    if (!wasKilled) finished = await exited;
    const again = chatRequests(sentFrom).filter((key) => cachedAtKill.has(key));
    assert.equal(again.length, 0, `process ${killed + 1} sent ${again.length} requests whose answers were already cached`);
    if (!wasKilled) break;
    killed++;
    runId ??= onlyRun(workspace);
    assert.ok(runId !== undefined, 'the run has a folder once it has sent a request');
    // SIGKILL never splits a write, so half the time the journal's last line is cut as a power cut could cut it.
    if (tearTails && random.next() < 0.5) {
      const torn = tearLastLine(join(workspace, '.seedling', 'runs', runId, 'candidates.jsonl'), random);
      const event = torn === undefined ? undefined : (JSON.parse(torn) as CandidateEvent);
      // What the cut line held is gone on purpose; the run must still end whole.
      if (event?.type === 'generated') seen.delete(event.candidateId);
    }
    const { events, tornLast } = rawJournal(join(workspace, '.seedling', 'runs', runId));
    if (tornLast) figures.tornLastLines++;
    // Nothing journaled before an earlier kill is lost or changed.
    const content = generatedContent(events);
    for (const [id, hash] of seen) assert.equal(content.get(id), hash, `candidate ${id} changed or vanished after kill ${killed}`);
    for (const [id, hash] of content) seen.set(id, hash);
    cachedAtKill = cachedKeys(workspace);
  }
  assert.ok(finished !== undefined);
  assert.equal(finished.code, 0, `the last resume failed: ${finished.stderr}`);
  assert.ok(killed > 0, 'a kill landed before the run completed');

  const runDir = join(workspace, '.seedling', 'runs', runId ?? '');
  const journal = await readJournal(runDir);
  assert.deepEqual(journal.problems.filter((p) => p.severity !== 'warning'), [], 'only torn lines left by a kill, skipped with a warning');
  const content = generatedContent(rawJournal(runDir).events);
  for (const [id, hash] of seen) assert.equal(content.get(id), hash, `candidate ${id} was lost or changed by the resume`);
  const states = [...reduceEvents(journal.events).values()];
  const kept = states.filter((s) => s.status === 'pending');
  assert.equal(kept.length, COUNT, 'exactly the candidates asked for');
  assert.equal(new Set(kept.map((s) => sampleContentHash(s.sample))).size, COUNT, 'no content twice');
  const checkedIds = new Set(journal.events.filter((e) => e.type === 'checked').map((e) => e.candidateId));
  for (const state of kept) {
    assert.ok(checkedIds.has(state.id), `candidate ${state.id} waits for review without its checks`);
    assert.equal(state.verdict?.passed, true, `candidate ${state.id} waits for review without a passing verdict`);
  }

  // Requests sent more than once: only those a kill caught before their answer was cached.
  const sends = new Map<string, number>();
  for (const key of chatRequests(from)) sends.set(key, (sends.get(key) ?? 0) + 1);
  figures.requestsCrashRuns += chatRequests(from).length;
  figures.requestsResent += [...sends.values()].reduce((sum, times) => sum + times - 1, 0);
  rmSync(workspace, { recursive: true, force: true });
  return killed;
}

describe('killed with SIGKILL during generation, then resumed', () => {
  it('the CLI: loses, doubles and re-sends nothing across 15 kills, some leaving a torn last line', { timeout: 600_000 }, async () => {
    // A clean run, for the number of requests a run of this size sends.
    const clean = newWorkspace();
    const cleanFrom = server.requests.length;
    const cleanRun = start(cliArgs(clean, undefined), clean);
    assert.equal((await cleanRun.exited).code, 0);
    figures.requestsCleanRun = chatRequests(cleanFrom).length;
    const cached = cachedKeys(clean);
    assert.deepEqual(chatRequests(cleanFrom).filter((key) => !cached.has(key)), [], 'every request of a clean run is in the cache under the key rebuilt here, so the checks below are about real keys');
    rmSync(clean, { recursive: true, force: true });

    const random = new SeededRandom('crash-during-generation');
    // Runs of up to 5 kills each, until 15 have landed (a run near its end can finish before the next kill).
    for (let round = 0; figures.generationKills < 15; round++) {
      assert.ok(round < 10, `only ${figures.generationKills} kills landed in 10 runs`);
      figures.generationKills += await crashAndResume(random, Math.min(5, 15 - figures.generationKills), (workspace) => cliArgs(workspace, undefined), true);
    }
  });

  it('the engine as the extension host runs it, killed as the host dies: the CLI resumes it, losing nothing, in 5 runs', { timeout: 600_000 }, async () => {
    const random = new SeededRandom('crash-of-the-extension-host');
    for (let round = 0; round < 5; round++) {
      figures.extensionHostKills += await crashAndResume(random, 1, (workspace) => [ENGINE_WORKER, workspace, join(workspace, 'seed.jsonl'), server.url, MODEL, JUDGE, String(COUNT), '3']);
    }
  });
});

describe('killed with SIGKILL while saving accepted samples', () => {
  it('the CLI saving with --out: the output holds whole lines, and each sample once after the last save', { timeout: 300_000 }, async () => {
    const workspace = newWorkspace();
    const first = start(cliArgs(workspace, undefined), workspace);
    assert.equal((await first.exited).code, 0);
    const runId = onlyRun(workspace) ?? '';
    const out = join(workspace, 'accepted.jsonl');
    // A line the user wrote by hand, which every save must keep.
    writeFileSync(out, `${JSON.stringify({ messages: [{ role: 'user', content: 'mine' }, { role: 'assistant', content: 'kept' }] })}\n`);
    const journalFile = join(workspace, '.seedling', 'runs', runId, 'candidates.jsonl');
    const size = (path: string): number => (existsSync(path) ? statSync(path).size : 0);
    const random = new SeededRandom('crash-during-cli-save');
    let previous = jsonlSamples(out);
    let kills = 0;
    for (let attempt = 0; attempt < 30; attempt++) {
      const { child, exited } = start(cliArgs(workspace, runId, out), workspace);
      // The resumed run is already complete: it goes straight to accepting, saving and journaling
      // the saves. The kill comes up to 2 ms after the journal or the output grows.
      const sizes = [size(journalFile), size(out)];
      const state = { exited: false };
      void exited.then(() => {
        state.exited = true;
      });
      while (!state.exited && size(journalFile) === sizes[0] && size(out) === sizes[1]) await sleep(1);
      if (!state.exited) {
        const until = process.hrtime.bigint() + BigInt(random.int(0, 2_000)) * 1000n;
        while (process.hrtime.bigint() < until);
        child.kill('SIGKILL');
      }
      const result = await exited;
      if (result.signal === 'SIGKILL') kills++;
      const now = jsonlSamples(out);
      assert.deepEqual(now.slice(0, previous.length), previous, 'a save only ever adds whole lines at the end');
      assert.equal(new Set(now).size, now.length, 'no sample twice');
      previous = now;
      if (result.signal !== 'SIGKILL') break;
    }
    figures.cliSaveKills += kills;
    // How many land depends on how fast the CLI writes against how fast this process polls; the engine's saves below are killed by count.
    assert.ok(kills >= 1, 'a kill landed while the CLI saved');
    const last = start(cliArgs(workspace, runId, out), workspace);
    assert.equal((await last.exited).code, 0);
    const final = jsonlSamples(out);
    assert.equal(final.length, COUNT + 1, 'the hand-written line and every accepted sample');
    assert.equal(new Set(final).size, final.length, 'each sample exactly once');
    const states = [...reduceEvents((await readJournal(join(workspace, '.seedling', 'runs', runId))).events).values()];
    assert.equal(states.filter((s) => s.status === 'accepted' && s.saved.length === 1).length, COUNT, 'the journal knows every sample is saved');
    rmSync(workspace, { recursive: true, force: true });
  });

  for (const container of ['jsonl', 'json'] as const) {
    it(`the engine's save into a ${container === 'jsonl' ? 'JSON-lines file (appends)' : 'JSON array (atomic rewrites)'}: whole records after every kill, each once at the end`, { timeout: 300_000 }, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'seedling-save-crash-'));
      mkdirSync(dir, { recursive: true });
      const samples: Sample[] = Array.from({ length: 60 }, (_, i): Sample => ({ kind: 'chat', messages: [{ role: 'user', content: `question ${i} ${'x'.repeat(i * 37)}` }, { role: 'assistant', content: `answer ${i}` }] }));
      const samplesPath = join(dir, 'samples.json');
      writeFileSync(samplesPath, JSON.stringify(samples));
      const out = join(dir, `accepted.${container}`);
      const read = (): string[] => {
        if (!existsSync(out)) return [];
        if (container === 'jsonl') return jsonlSamples(out);
        const records = JSON.parse(readFileSync(out, 'utf8')) as unknown[];
        return records.map((r) => canonicalJson(r));
      };
      const random = new SeededRandom(`crash-during-engine-save-${container}`);
      let previous: string[] = [];
      let kills = 0;
      for (let attempt = 0; kills < 6 && attempt < 20; attempt++) {
        const { child, exited } = start([SAVE_WORKER, out, samplesPath, 'openai-chat'], dir);
        // Killed once it reports a save a random 1 to 8 past what the file held at the start.
        const target = previous.length + random.int(1, 8);
        const reached = new Promise<void>((resolve) => {
          child.stdout?.on('data', (chunk: Buffer) => {
            const reports = chunk.toString('utf8').split('\n').filter((l) => l.startsWith('saved '));
            if (reports.some((l) => Number(l.slice('saved '.length)) >= target)) resolve();
          });
          void exited.then(() => {
            resolve();
          });
        });
        await reached;
        // Spin a few microseconds more, so the kill lands inside the next save as often as between saves.
        const until = process.hrtime.bigint() + BigInt(random.int(0, 3000)) * 1000n;
        while (process.hrtime.bigint() < until);
        const killed = child.kill('SIGKILL');
        const result = await exited;
        if (killed && result.signal === 'SIGKILL') kills++;
        const now = read();
        assert.deepEqual(now.slice(0, previous.length), previous, 'earlier saves are all still there, in order');
        assert.equal(new Set(now).size, now.length, 'no sample twice');
        previous = now;
      }
      figures.engineSaveKills += kills;
      assert.ok(kills >= 6, `only ${kills} kills landed before the saves were done`);
      const last = start([SAVE_WORKER, out, samplesPath, 'openai-chat'], dir);
      assert.equal((await last.exited).code, 0);
      const final = read();
      assert.equal(final.length, samples.length, 'every sample saved');
      assert.equal(new Set(final).size, samples.length, 'each exactly once');
      rmSync(dir, { recursive: true, force: true });
    });
  }
});
