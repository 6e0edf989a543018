import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { openLlmSession } from '../../../src/core/llm/llmSession';
import type { Sample } from '../../../src/core/model/sample';
import { type PipelineEvent, type RunPlan, runGeneration } from '../../../src/core/pipeline';
import { BUILT_IN_TEMPLATES } from '../../../src/core/prompts/generationTemplates';
import { TemplateLibrary } from '../../../src/core/prompts/promptTemplate';
import { DEFAULT_RUBRICS } from '../../../src/core/quality/rubrics';
import { reduceEvents } from '../../../src/core/runs/candidateState';
import { readJournal } from '../../../src/core/runs/journal';
import { RUN_LOCK_FILE, runLiveness } from '../../../src/core/runs/runLock';
import { readRunManifest } from '../../../src/core/runs/runManifest';
import { selfInstruct } from '../../../src/core/strategies/selfInstruct';
import type { Strategy } from '../../../src/core/strategies/strategy';
import { cachedKeys, clientCacheKey } from '../../llmServer/clientCacheKeys';
import { type LlmServer, startLlmServer } from '../../llmServer/llmServer';

const ROOT = join(__dirname, '..', '..', '..', '..');
const EXAMPLES = join(ROOT, 'examples');
const quiet = { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

let server: LlmServer;
let workspace: string;
before(async () => {
  server = await startLlmServer();
});
after(async () => {
  await server.close();
});
beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), 'sdl-pipe-'));
  server.configure({ faults: [], latencyMs: 0 });
  server.clearLog();
});

function plan(overrides: Partial<RunPlan> = {}): RunPlan {
  return {
    workspaceRoot: workspace,
    seedPath: join(EXAMPLES, 'gov-faq-housing-fund.alpaca.jsonl'),
    strategy: 'self-instruct',
    count: 6,
    models: ['seedling-test-large'],
    judgeModels: ['seedling-judge'],
    temperature: 0.9,
    maxTokens: 800,
    strategyOptions: {},
    concurrency: 4,
    dedupThreshold: 0.7,
    provider: { id: 'custom', baseUrl: server.url },
    ...overrides,
  };
}

async function run(planned: RunPlan, strategies: Record<string, Strategy> = { 'self-instruct': selfInstruct }, signal?: AbortSignal, onEvent?: (e: PipelineEvent) => void, budgetUsd?: number) {
  const session = await openLlmSession({ provider: 'custom', baseUrl: server.url, apiKey: 'k', cacheDir: join(workspace, '.seedling', 'cache'), maxConcurrency: 8, maxAttempts: 3, ...(budgetUsd !== undefined ? { budgetUsd, prices: { 'seedling-test-large': { input: 100, output: 100 }, 'seedling-judge': { input: 100, output: 100 } } } : {}) });
  try {
    return await runGeneration({ session, strategies, templates: new TemplateLibrary(BUILT_IN_TEMPLATES), rubrics: DEFAULT_RUBRICS, logger: quiet }, planned, { ...(signal ? { signal } : {}), ...(onEvent ? { onEvent } : {}) });
  } finally {
    await session.close();
  }
}

/** A strategy that returns exactly the samples it is given, one per task, for testing the checks. */
function scripted(samples: readonly Sample[]): Strategy {
  return {
    ...selfInstruct,
    expectedYield: 1,
    run: (_context, task) => Promise.resolve({ candidates: samples[task.index] ? [{ sample: samples[task.index] as Sample, seedIds: ['line:1'] }] : [], usage: { promptTokens: 1, completionTokens: 1 }, costUsd: 0, requestKeys: [], models: ['scripted'], templateHashes: ['0'.repeat(64)] }),
  };
}

describe('generation pipeline', () => {
  it('produces exactly the candidates asked for, journaled with provenance, and records the run', async () => {
    const events: PipelineEvent[] = [];
    const report = await run(plan(), undefined, undefined, (e) => events.push(e));
    assert.equal(report.stopReason, 'completed');
    assert.equal(report.kept, 6);
    const { events: journaled, problems } = await readJournal(report.runDir);
    assert.deepEqual(problems, []);
    const states = [...reduceEvents(journaled).values()];
    const pending = states.filter((s) => s.status === 'pending');
    assert.equal(pending.length, 6);
    for (const state of pending) {
      assert.equal(state.provenance.strategy, 'self-instruct');
      assert.deepEqual(state.provenance.models, ['seedling-test-large']);
      assert.match(state.provenance.templateHash, /^[0-9a-f]{64}$/);
      assert.ok(state.provenance.seedIds.length > 0);
      assert.match(state.nearestSeedId ?? '', /^line:\d+$/);
      assert.equal(state.verdict?.passed, true);
    }
    for (const state of states.filter((s) => s.status === 'rejected')) assert.ok(['judge', 'dedup', 'rule', 'surplus'].includes(state.decidedBy ?? ''), state.decidedBy);
    const manifest = await readRunManifest(report.runDir);
    assert.ok(manifest.ok);
    assert.equal(manifest.manifest.status, 'completed');
    assert.equal(manifest.manifest.counts.pending, 6);
    assert.ok(manifest.manifest.usage.promptTokens > 0);
    assert.match(manifest.manifest.templates['self-instruct'] ?? '', /^[0-9a-f]{64}$/);
    assert.match(manifest.manifest.seed.sha256, /^[0-9a-f]{64}$/);
    assert.equal(manifest.manifest.seed.path.endsWith('gov-faq-housing-fund.alpaca.jsonl'), true);
    assert.ok(events.some((e) => e.type === 'candidate'));
    assert.equal(events.at(-1)?.type, 'progress');
  });

  it('rejects with a reason what the rules, the duplicate filter and the judge do not pass', async () => {
    const seedCopy: Sample = { kind: 'instruction', instruction: '租房的话可以提取住房公积金吗？需要满足什么条件？', input: '', output: '可以，满足条件即可。' };
    const refusal: Sample = { kind: 'instruction', instruction: '公积金贷款利率是多少？', input: '', output: '抱歉，我无法回答这个问题。' };
    const english: Sample = { kind: 'instruction', instruction: '公积金可以还信用卡吗？', input: '', output: 'No, it cannot be used for credit cards.' };
    const good: Sample = { kind: 'instruction', instruction: '公积金账户密码忘了怎么办？', input: '', output: '可以通过公积金App或网点凭身份证重置密码。' };
    const report = await run(plan({ count: 1, judgeModels: [] }), { 'self-instruct': scripted([seedCopy, refusal, english, good]) });
    const states = reduceEvents((await readJournal(report.runDir)).events);
    assert.deepEqual([...states.values()].map((s) => [s.id, s.status, s.decidedBy]), [
      ['t0-0', 'rejected', 'dedup'],
      ['t1-0', 'rejected', 'rule'],
      ['t2-0', 'rejected', 'rule'],
      ['t3-0', 'pending', undefined],
    ]);
    assert.match(states.get('t0-0')?.decisionReason ?? '', /^an exact duplicate of seed line 1$/);
    assert.equal(states.get('t0-0')?.flags.find((f) => f.code === 'duplicate')?.otherId, 'seed:line:1');
    assert.equal(states.get('t1-0')?.decisionReason, 'the response is a refusal, not an answer');
    assert.match(states.get('t2-0')?.decisionReason ?? '', /Latin-script language, but the seeds are in Chinese/);
    assert.deepEqual(report.rejections, { duplicate: 1, refusal: 1, 'language-mismatch': 1 });
  });

  it('stops cleanly at the budget, keeping what finished', async () => {
    const report = await run(plan({ count: 50 }), undefined, undefined, undefined, 0.5);
    assert.equal(report.stopReason, 'budget');
    assert.match(report.message, /budget of \$0\.50 is reached/);
    const manifest = await readRunManifest(report.runDir);
    assert.ok(manifest.ok);
    assert.equal(manifest.manifest.status, 'paused');
    assert.ok(manifest.manifest.cost.usd <= 0.5);
    assert.deepEqual((await readJournal(report.runDir)).problems, []);
  });

  it('stops with the endpoint’s error when every task fails', async () => {
    server.configure({ faults: [{ kind: 'http401' }] });
    const report = await run(plan());
    assert.equal(report.stopReason, 'failed');
    assert.match(report.message, /5 tasks in a row failed; the last: The endpoint .* refused the API key/);
  });

  it('gives up when the checks reject everything, saying why', async () => {
    const report = await run(plan({ count: 2, judgeModels: [], rules: { maxLength: { '*': 5 } } }));
    assert.equal(report.stopReason, 'exhausted');
    assert.match(report.message, /only 0 of 2 candidates passed the checks/);
    assert.ok((report.rejections['too-long'] ?? 0) > 0);
  });

  it('leaves a consistent journal when cancelled, and resumes to exactly the count without re-sending', async () => {
    server.configure({ latencyMs: 40 });
    const controller = new AbortController();
    let kept = 0;
    const first = await run(plan({ count: 12, concurrency: 2 }), undefined, controller.signal, (e) => {
      if (e.type === 'progress') kept = e.progress.kept;
      if (kept >= 3) controller.abort();
    });
    assert.equal(first.stopReason, 'cancelled');
    const journal = await readJournal(first.runDir);
    assert.deepEqual(journal.problems, []);
    const manifest = await readRunManifest(first.runDir);
    assert.ok(manifest.ok && manifest.manifest.status === 'cancelled');
    assert.equal(existsSync(join(first.runDir, RUN_LOCK_FILE)), false, 'a stopped run leaves no lock');
    // Answers the client had whole when cancelled; one the cancel cut off is asked again, for its candidate's checks.
    const cachedAtCancel = cachedKeys(workspace);
    server.clearLog();
    const resumedStates: string[] = [];
    const resumed = await run(plan({ resumeRunId: first.runId }), undefined, undefined, (e) => {
      if (e.type === 'started') void readRunManifest(first.runDir).then((m) => resumedStates.push(m.ok ? m.manifest.status : m.reason));
    });
    assert.equal(resumed.stopReason, 'completed');
    assert.deepEqual(resumedStates, ['running'], 'a resumed run says it is running again while it runs');
    assert.equal(resumed.kept, 12);
    const states = reduceEvents((await readJournal(first.runDir)).events);
    assert.equal([...states.values()].filter((s) => s.status === 'pending').length, 12);
    const resent = server.requests.filter((r) => cachedAtCancel.has(clientCacheKey(r.body, server.url)));
    assert.deepEqual(resent, [], 'no request answered before the cancel was sent again');
    assert.ok([...states.values()].filter((s) => s.status === 'pending').every((s) => s.verdict?.passed === true), 'every candidate for review was judged');
  });
});

describe('a run another process is generating', () => {
  it('is not resumed a second time, and the refusal changes nothing in the run', async () => {
    const good: Sample = { kind: 'instruction', instruction: '公积金账户密码忘了怎么办？', input: '', output: '可以通过公积金App或网点凭身份证重置密码。' };
    const first = await run(plan({ count: 1, judgeModels: [] }), { 'self-instruct': scripted([good]) });
    const before = readFileSync(join(first.runDir, 'run.json'), 'utf8');
    // This very process, with a fresh heartbeat: as live as a run can be.
    writeFileSync(join(first.runDir, RUN_LOCK_FILE), JSON.stringify({ pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), heartbeatAt: new Date().toISOString() }));
    await assert.rejects(run(plan({ count: 1, judgeModels: [], resumeRunId: first.runId }), { 'self-instruct': scripted([good]) }), /still being generated by process \d+/);
    assert.equal(readFileSync(join(first.runDir, 'run.json'), 'utf8'), before);
    assert.equal(existsSync(join(first.runDir, RUN_LOCK_FILE)), true, 'the live process keeps its lock');
  });
});

describe('a run killed mid-way', () => {
  it('resumes after SIGKILL to exactly N candidates, sending no request that had finished', { timeout: 60_000 }, async () => {
    server.configure({ latencyMs: 60 });
    const env = { ...process.env, OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'k' };
    const args = [join(ROOT, 'dist', 'cli.js'), 'generate', join(EXAMPLES, 'product-support.chat.jsonl'), '--strategy', 'self-instruct', '--count', '16', '--model', 'seedling-test-large', '--judge-model', 'seedling-judge', '--concurrency', '2'];
    const child: ChildProcess = spawn(process.execPath, args, { cwd: workspace, env, stdio: 'ignore' });
    // Kill it once some candidates are journaled.
    const killedAt = await new Promise<number>((resolve) => {
      const timer = setInterval(() => {
        const judged = server.requests.filter((r) => r.status === 200 && JSON.stringify(r.body).includes('judge_verdict')).length;
        if (judged >= 6) {
          clearInterval(timer);
          child.kill('SIGKILL');
          resolve(Date.now());
        }
      }, 5);
    });
    await new Promise((resolve) => child.once('exit', resolve));
    const finished = server.requests.filter((r) => r.status === 200 && r.durationMs !== undefined && r.at + r.durationMs < killedAt - 20).map((r) => JSON.stringify(r.body));
    assert.ok(finished.length > 0);
    server.clearLog();
    const runs = readdirSync(join(workspace, '.seedling', 'runs'));
    assert.equal(runs.length, 1);
    const runId = runs[0] ?? '';
    const killedRun = await readRunManifest(join(workspace, '.seedling', 'runs', runId));
    assert.ok(killedRun.ok && killedRun.manifest.status === 'running', 'a killed run never got to say it stopped');
    const liveness = await runLiveness(join(workspace, '.seedling', 'runs', runId), 'running');
    assert.equal(liveness.state === 'interrupted' ? liveness.reason : liveness.state, 'process-gone', 'yet it reads as interrupted, not running');
    const resumed = await new Promise<number | null>((resolve) => {
      spawn(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'generate', '--resume', runId, '--model', 'seedling-test-large', '--judge-model', 'seedling-judge'], { cwd: workspace, env, stdio: 'ignore' }).once('exit', resolve);
    });
    assert.equal(resumed, 0);
    const { events, problems } = await readJournal(join(workspace, '.seedling', 'runs', runId));
    assert.ok(problems.every((p) => p.severity === 'warning'), JSON.stringify(problems));
    const states = [...reduceEvents(events).values()];
    assert.equal(states.filter((s) => s.status === 'pending').length, 16);
    assert.equal(new Set(states.map((s) => s.id)).size, states.length, 'no candidate twice');
    const resent = server.requests.map((r) => JSON.stringify(r.body)).filter((body) => finished.includes(body));
    assert.deepEqual(resent, [], 'no finished request was sent again');
    rmSync(workspace, { recursive: true, force: true });
  });
});
