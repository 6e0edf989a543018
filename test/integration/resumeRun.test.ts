// Seedling: Resume Run, against the local test LLM server: a run stopped part-way, or left
// "running" by a process that died, continues in VS Code to exactly its count without sending a
// finished request again; a run whose seed file changed, or that another process still
// generates, is refused with a message saying what to do.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { RunReport } from '../../src/core/pipeline';
import { reduceEvents } from '../../src/core/runs/candidateState';
import { readJournal } from '../../src/core/runs/journal';
import { RUN_LOCK_FILE } from '../../src/core/runs/runLock';
import { readRunManifest, writeRunManifest } from '../../src/core/runs/runManifest';
import type { RunsNode } from '../../src/extension/views/runsTree';
import { cachedKeys, clientCacheKey } from '../llmServer/clientCacheKeys';
import { type LlmServer, startLlmServer } from '../llmServer/llmServer';
import { activateSeedling, answeringMessages, testRun, useTestServer, waitFor } from './seedlingExtension';

const KEY = 'sk-resume-test-0123456789';
const SEEDS = 'resume-seeds';

/** The pid of a process that has ended: what a crashed extension host or CLI leaves in its lock. */
function deadPid(): number {
  const child = spawnSync('sh', ['-c', 'exit 0']);
  assert.ok(child.pid > 0, 'a short-lived process ran');
  return child.pid;
}

suite('Resume Run', () => {
  let server: LlmServer;
  let restore: () => Promise<void> = () => Promise.resolve();
  let root = '';
  const runIds: string[] = [];

  suiteSetup(async () => {
    // Slow enough answers that a cancel lands part-way through the run.
    server = await startLlmServer({ latencyMs: 40 });
    root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    restore = await useTestServer(server.url, KEY);
    mkdirSync(join(root, SEEDS), { recursive: true });
  });
  suiteTeardown(async () => {
    await restore();
    await server.close();
    rmSync(join(root, SEEDS), { recursive: true, force: true });
    for (const id of runIds) rmSync(join(root, '.seedling', 'runs', id), { recursive: true, force: true });
  });

  /** A seed file of its own for a test, so changing it touches nothing else. */
  function seedCopy(name: string): string {
    const path = join(root, SEEDS, `${name}.alpaca.jsonl`);
    copyFileSync(join(root, 'gov-faq-housing-fund.alpaca.jsonl'), path);
    return path;
  }

  /** A run of `count` candidates cancelled (through its AbortSignal) once two are kept. */
  async function cancelledRun(seed: string, count: number): Promise<RunReport> {
    const { api } = await activateSeedling();
    const controller = new AbortController();
    const report = await api.generation.start(testRun(seed, 'self-instruct', count), (event) => {
      if (event.type === 'progress' && event.progress.kept >= 2) controller.abort();
    }, controller.signal);
    runIds.push(report.runId);
    assert.equal(report.stopReason, 'cancelled', report.message);
    assert.ok(report.kept < count, `stopped part-way (${report.kept} of ${count})`);
    return report;
  }

  async function pendingInJournal(runDir: string): Promise<number> {
    return [...reduceEvents((await readJournal(runDir)).events).values()].filter((s) => s.status === 'pending').length;
  }

  async function runNode(runId: string): Promise<RunsNode> {
    const { api } = await activateSeedling();
    api.runs.invalidate();
    let found: RunsNode | undefined;
    await waitFor(`run ${runId} in the Runs view`, async () => {
      found = (await api.runsTree.getChildren()).find((n) => n.type === 'run' && n.run.manifest.id === runId);
      return found !== undefined;
    });
    assert.ok(found);
    return found;
  }

  test('a cancelled run resumes to exactly its count, sending no request that had finished', async () => {
    const first = await cancelledRun(seedCopy('cancelled'), 8);
    const item = (await activateSeedling()).api.runsTree.getTreeItem(await runNode(first.runId));
    assert.equal(item.contextValue, 'seedling.run.resumable', 'Resume Run is offered on the stopped run');
    const cachedAtCancel = cachedKeys(root);
    server.clearLog();
    const runsBefore = (await activateSeedling()).api.runs.list();
    const shown = await answeringMessages('showInformationMessage', undefined, async () => {
      await vscode.commands.executeCommand('seedling.resumeRun', first.runId);
    });
    assert.match(shown.join('\n'), new RegExp(`Run ${first.runId} is complete: 8 of 8 candidates are ready for review`));
    assert.equal((await (await activateSeedling()).api.runs.list()).length, (await runsBefore).length, 'the same run went on, not a new one');
    const manifest = await readRunManifest(first.runDir);
    assert.ok(manifest.ok);
    assert.equal(manifest.manifest.status, 'completed');
    assert.equal(manifest.manifest.counts.pending, 8);
    assert.equal(await pendingInJournal(first.runDir), 8, 'exactly the requested count waits for review');
    const chats = server.requests.filter((r) => r.path.endsWith('/chat/completions'));
    assert.ok(chats.length > 0, 'the unfinished part was generated');
    assert.deepEqual(chats.filter((r) => cachedAtCancel.has(clientCacheKey(r.body, server.url))).map((r) => r.n), [], 'no request answered before the cancel was sent again');
    assert.ok(chats.every((r) => ['seedling-test-large', 'seedling-judge'].includes((r.body as { model?: string }).model ?? '')), 'the run kept its own models');
  });

  test('a run left "running" by a process that died shows as interrupted, not running, and resumes; one still live elsewhere is refused', async () => {
    const first = await cancelledRun(seedCopy('interrupted'), 6);
    const read = await readRunManifest(first.runDir);
    assert.ok(read.ok);
    // What a crashed extension host leaves: the manifest still says running, and its lock names a process that is gone.
    await writeRunManifest(first.runDir, { ...read.manifest, status: 'running' });
    const lockOf = (pid: number): string => JSON.stringify({ pid, host: hostname(), startedAt: read.manifest.createdAt, heartbeatAt: new Date().toISOString() });

    // Live elsewhere first: a lock of a process that exists (this one) with a fresh heartbeat.
    writeFileSync(join(first.runDir, RUN_LOCK_FILE), lockOf(process.pid));
    const { api } = await activateSeedling();
    const liveItem = api.runsTree.getTreeItem(await runNode(first.runId));
    assert.equal((liveItem.iconPath as vscode.ThemeIcon).id, 'loading~spin', 'a live run still shows as running');
    assert.equal(liveItem.contextValue, 'seedling.run');
    server.clearLog();
    const refusedLive = await answeringMessages('showErrorMessage', undefined, async () => {
      await vscode.commands.executeCommand('seedling.resumeRun', first.runId);
    });
    assert.equal(refusedLive.length, 1, refusedLive.join('\n'));
    assert.match(refusedLive[0] ?? '', new RegExp(`still being generated by process ${process.pid}.*Stop it there, or wait until it ends`));

    writeFileSync(join(first.runDir, RUN_LOCK_FILE), lockOf(deadPid()));
    const item = api.runsTree.getTreeItem(await runNode(first.runId));
    assert.match(String(item.description), /^interrupted — Resume Run to continue · \d+ to review/);
    assert.notEqual((item.iconPath as vscode.ThemeIcon).id, 'loading~spin', 'no spinner for a run nothing generates');
    assert.equal(item.contextValue, 'seedling.run.resumable');
    assert.match((item.tooltip as vscode.MarkdownString).value, /stopped(&nbsp;| )before(&nbsp;| )it(&nbsp;| )finished/);

    const shown = await answeringMessages('showInformationMessage', undefined, async () => {
      await vscode.commands.executeCommand('seedling.resumeRun', first.runId);
    });
    assert.match(shown.join('\n'), new RegExp(`Run ${first.runId} is complete: 6 of 6 candidates`));
    assert.equal(await pendingInJournal(first.runDir), 6);
    assert.equal(existsSync(join(first.runDir, RUN_LOCK_FILE)), false, 'the dead process’s lock was taken over, then released');
    const after = api.runsTree.getTreeItem(await runNode(first.runId));
    assert.doesNotMatch(String(after.description), /interrupted/);
    assert.equal((after.iconPath as vscode.ThemeIcon).id, 'history', 'shown as complete');
  });

  test('a run stopped at its budget is resumed only when the user agrees to spend another budget', async () => {
    const first = await cancelledRun(seedCopy('budget'), 6);
    const read = await readRunManifest(first.runDir);
    assert.ok(read.ok);
    // What the pipeline leaves when the budget stops a run.
    await writeRunManifest(first.runDir, { ...read.manifest, status: 'paused', cost: { usd: 0.5, budgetUsd: 0.5 } });
    server.clearLog();
    const declined = await answeringMessages('showWarningMessage', undefined, async () => {
      await vscode.commands.executeCommand('seedling.resumeRun', first.runId);
    });
    assert.equal(declined.length, 1, declined.join('\n'));
    assert.match(declined[0] ?? '', /stopped at its budget: \$0\.50 of \$0\.50 spent\. Resuming it may spend up to \$0\.50 more/);
    assert.deepEqual(server.requests.filter((r) => r.path.endsWith('/chat/completions')), [], 'declining sends nothing');
    const unchanged = await readRunManifest(first.runDir);
    assert.ok(unchanged.ok && unchanged.manifest.status === 'paused');

    await answeringMessages('showWarningMessage', 'Resume with Another $0.50', async () => {
      await vscode.commands.executeCommand('seedling.resumeRun', first.runId);
    });
    assert.equal(await pendingInJournal(first.runDir), 6, 'agreeing resumes the run to its count');
  });

  test('from the Command Palette, offers the runs that can be resumed and none that is complete', async () => {
    // Two, so there is a choice to make: a single one is resumed without asking.
    const stopped = [await cancelledRun(seedCopy('palette'), 6), await cancelledRun(seedCopy('palette-2'), 6)];
    const complete = runIds[0] ?? '';
    const offered: string[] = [];
    const original: unknown = Reflect.get(vscode.window, 'showQuickPick');
    assert.ok(Reflect.set(vscode.window, 'showQuickPick', (items: readonly vscode.QuickPickItem[]) => {
      offered.push(...items.map((item) => item.detail ?? ''));
      return Promise.resolve(undefined);
    }), 'the pick can be observed');
    server.clearLog();
    try {
      await vscode.commands.executeCommand('seedling.resumeRun');
    } finally {
      Reflect.set(vscode.window, 'showQuickPick', original);
    }
    for (const run of stopped) assert.ok(offered.includes(run.runId), `the stopped run ${run.runId} is offered: ${offered.join(', ')}`);
    assert.ok(!offered.includes(complete), 'a complete run is not');
    assert.deepEqual(server.requests.filter((r) => r.path.endsWith('/chat/completions')), [], 'dismissing the pick sends nothing');
  });

  test('a run whose seed file changed is refused with what to do, and nothing is sent', async () => {
    const seed = seedCopy('changed');
    const first = await cancelledRun(seed, 6);
    appendFileSync(seed, '{"instruction":"公积金可以异地提取吗？","input":"","output":"可以，按异地转移接续办理。"}\n');
    server.clearLog();
    const errors = await answeringMessages('showErrorMessage', undefined, async () => {
      await vscode.commands.executeCommand('seedling.resumeRun', first.runId);
    });
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(errors[0] ?? '', /cannot be resumed: its seed file resume-seeds\/changed\.alpaca\.jsonl changed since the run started.*Restore the original file, or start a new run/);
    assert.deepEqual(server.requests.filter((r) => r.path.endsWith('/chat/completions')), [], 'nothing was sent');
    const manifest = await readRunManifest(first.runDir);
    assert.ok(manifest.ok && manifest.manifest.status === 'cancelled', 'the run is left as it was');
  });
});
