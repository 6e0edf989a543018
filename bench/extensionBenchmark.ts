// Seedling as users get it (the packaged, minified extension) in the real VS Code workbench
// (code-server) driven through Chromium: bundle sizes, activation time as VS Code's extension
// host measures it, the Review panel on a run of 100,000 candidates (first rows, frame times
// while scrolling fast, the webview's heap, the extension host's memory) and the time to open
// a 100,000-line dataset with its diagnostics.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { openWorkbench, runCommand, webviewFrame, type Workbench } from '../test/e2e/workbench';
import { startCodeServer } from '../test/harness/codeServer';
import { ensureChromium, ensureCodeServer } from '../test/harness/tools';
import type { Benchmark, BenchmarkResult, Figure } from './benchmark';
import { writeLargeRun } from './largeRun';
import { writeLargeDataset } from './largeDataset';

const ROOT = resolve(__dirname, '..', '..');
const RUN_ID = '20261121-100000-large';
const CANDIDATES = 100_000;
const DATASET_LINES = 100_000;
const MB = 1_000_000;
/** Uncapped frames, so a frame's interval is the time it took; exact heap figures. */
const BROWSER_ARGS = ['--disable-frame-rate-limit', '--disable-gpu-vsync', '--enable-precise-memory-info'];

function size(path: string): number {
  return statSync(path).size;
}

function packageExtension(): string {
  const result = spawnSync('npm', ['run', '--silent', 'package'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) throw new Error('packaging the extension with vsce failed (npm run package)');
  return join(ROOT, 'out', 'seedling.vsix');
}

function bundleFigures(vsix: string): Figure[] {
  const dist = join(ROOT, 'dist');
  const extension = size(join(dist, 'extension.js'));
  const webviews = readdirSync(join(dist, 'webview')).filter((name) => name.endsWith('.js'));
  return [
    { name: 'extension bundle (dist/extension.js, minified)', value: extension / MB, unit: 'MB', target: '< 1.5 MB', met: extension < 1.5 * MB },
    ...webviews.map((name): Figure => ({ name: `webview bundle ${name}`, value: size(join(dist, 'webview', name)) / MB, unit: 'MB' })),
    { name: 'CLI bundle (dist/cli.js)', value: size(join(dist, 'cli.js')) / MB, unit: 'MB' },
    { name: 'packaged extension (.vsix)', value: size(vsix) / MB, unit: 'MB' },
  ];
}

/** The pid of the extension host that code-server (process `serverPid`) started. */
function extensionHostPid(serverPid: number): number | undefined {
  const parentOf = (pid: number): number | undefined => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    } catch {
      return undefined;
    }
  };
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    let cmdline = '';
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (!cmdline.includes('--type=extensionHost')) continue;
    for (let up = parentOf(pid), hops = 0; up !== undefined && up > 1 && hops < 10; up = parentOf(up), hops++) if (up === serverPid) return pid;
  }
  return undefined;
}

/** Resident memory of a process, in MB. */
function residentMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1] ?? 0) / 1024;
}

async function waitUntil<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs / 1000} s`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

/**
 * VS Code's own activation times (code loading + activate call) from Show Running Extensions:
 * Seedling's, and the built-in Git extension's in the same extension host, for scale.
 */
async function activationTimes(page: Page): Promise<{ seedling: number; builtIn: string }> {
  await runCommand(page, 'Developer: Show Running Extensions');
  const rows = page.locator('.runtime-extensions-editor .monaco-list-row');
  const times = await waitUntil('Seedling in Running Extensions', async () => {
    const found = await rows.evaluateAll((elements) => elements.map((row) => ({ name: row.querySelector('.name')?.textContent.trim() ?? '', time: row.querySelector('.activation-time')?.textContent ?? '' })));
    const ms = (time: string): number => Number(/([\d.]+)\s*ms/.exec(time)?.[1] ?? Number.NaN);
    const seedling = found.find((row) => row.name.startsWith('Seedling'));
    if (!seedling || !Number.isFinite(ms(seedling.time))) return undefined;
    const builtIn = found.filter((row) => ['Git', 'JSON Language Features', 'TypeScript and JavaScript Language Features', 'Emmet'].includes(row.name) && Number.isFinite(ms(row.time)));
    return { seedling: ms(seedling.time), builtIn: builtIn.map((row) => `${row.name} ${ms(row.time)} ms`).join(', ') };
  }, 30_000);
  await runCommand(page, 'View: Close All Editors');
  return times;
}

/** Opens the Review panel from the palette; ms from the command to the first rows drawn. */
async function openReview(page: Page): Promise<{ ms: number; frame: Frame }> {
  let started = 0;
  await runCommand(page, 'Seedling: Open Review', {
    beforeRun: async () => {
      started = await page.evaluate(() => Date.now());
    },
  });
  const frame = await webviewFrame(page, 'review', 60_000, '[data-layout="panel"]');
  const drawn = await waitUntil(
    'the first rows',
    () => frame.evaluate(() => {
      const mark = performance.getEntriesByName('seedling.review.firstRows')[0];
      return mark ? performance.timeOrigin + mark.startTime : undefined;
    }),
    60_000,
  );
  return { ms: drawn - started, frame };
}

interface ScrollResult {
  readonly frames: number;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
  /** Frames in which the rows in sight were not drawn yet (waiting for the extension). */
  readonly blank: number;
  readonly rowsPerFrame: number;
}

/** Scrolls the list fast (40 rows a frame, 20,000 rows in all), one step per frame, timing each frame. */
async function scrollFast(frame: Frame): Promise<ScrollResult> {
  return frame.evaluate(async () => {
    const list = document.getElementById('rows');
    if (!list) throw new Error('no list of rows');
    const steps = 500;
    const step = 40 * 28;
    const times: number[] = [];
    let blank = 0;
    await new Promise<void>((done) => {
      let last = performance.now();
      let count = 0;
      const tick = (now: number): void => {
        if (count > 0) times.push(now - last);
        last = now;
        const top = list.scrollTop;
        const inSight = [...list.querySelectorAll<HTMLElement>('.rv-row')].some((row) => row.offsetTop >= top - 28 && row.offsetTop <= top + list.clientHeight);
        if (count > 0 && !inSight) blank++;
        if (count++ >= steps) {
          done();
          return;
        }
        list.scrollTop = top + step;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    const sorted = [...times].sort((a, b) => a - b);
    const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
    return { frames: times.length, p50: at(0.5), p95: at(0.95), max: at(1), blank, rowsPerFrame: step / 28 };
  });
}

async function webviewHeapMb(frame: Frame): Promise<number> {
  return frame.evaluate(() => {
    const memory = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
    return (memory?.usedJSHeapSize ?? Number.NaN) / 1_000_000;
  });
}

/** The problem counts of the status bar: "errors warnings". */
async function problemCounts(page: Page): Promise<string> {
  const label = (await page.locator('.statusbar-item[id="status.problems"] a, .statusbar-item[id="status.problems"]').first().getAttribute('aria-label')) ?? '';
  return label;
}

/** Opens the dataset through Quick Open; ms until its text shows and until its diagnostics settle. */
async function openDataset(page: Page, name: string, expected: RegExp): Promise<{ shownMs: number; checkedMs: number; problems: string }> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor();
  await input.fill(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 20_000 });
  const started = Date.now();
  await page.keyboard.press('Enter');
  await page.locator('.monaco-editor .view-lines .view-line', { hasText: 'instruction' }).first().waitFor({ timeout: 60_000 });
  const shownMs = Date.now() - started;
  const problems = await waitUntil('the planted problems', async () => {
    const label = await problemCounts(page);
    return expected.test(label) ? label : undefined;
  }, 120_000);
  return { shownMs, checkedMs: Date.now() - started, problems };
}

async function measureInWorkbench(workbench: Workbench, serverPid: number, workspace: string, sofar: Figure[]): Promise<void> {
  const { page } = workbench;
  // Pushed onto what came before, so a failure still shows what was measured.
  const figures = sofar;
  const hostPid = await waitUntil('the extension host', () => Promise.resolve(extensionHostPid(serverPid)), 30_000);
  // Let the workbench settle: the extension host starts the built-in extensions first.
  await page.waitForTimeout(3000);
  const hostBefore = residentMb(hostPid);

  const first = await openReview(page);
  figures.push({ name: `command to first rows, Review panel on ${CANDIDATES.toLocaleString('en')} candidates (extension activated by the command)`, value: first.ms, unit: 'ms', target: '< 1000 ms', met: first.ms < 1000, why: 'the command first activates the extension (see the activation time below), then VS Code creates the panel and Chromium loads its 0.4 MB script; the first chunks of the journal are read and their rows drawn while the rest is read (the Seedling log says how long the whole read took). On a machine shared with other work each of these steps stretches. What would: a faster activation (below) and a lighter webview bundle.' });
  // The rows come while the journal is read; the scroll starts once all of it is.
  await waitUntil('the whole journal read', () => first.frame.evaluate(() => (document.getElementById('showing')?.textContent.includes('%') === false ? true : undefined)), 180_000);
  const scroll = await scrollFast(first.frame);
  figures.push(
    { name: `frame time while scrolling fast (${scroll.frames} frames, ${scroll.rowsPerFrame.toFixed(0)} rows a frame), 95th percentile`, value: scroll.p95, unit: 'ms', target: '< 16 ms', met: scroll.p95 < 16, note: `median ${scroll.p50.toFixed(1)} ms, longest ${scroll.max.toFixed(1)} ms`, why: 'each frame draws only the rows in sight (nodes still in sight are kept), so what remains is Chromium\'s own work in a headless, software-rendered browser on a loaded machine; the median frame is the figure to compare. What would: a quieter machine, or a GPU-backed browser as users have.' },
    { name: 'frames in which the rows in sight were not drawn yet', value: (100 * scroll.blank) / scroll.frames, unit: '%', note: `${scroll.blank} of ${scroll.frames}; rows come from the extension host, a window of 500 at a time, asked for ahead of the scroll` },
  );
  const heap = await webviewHeapMb(first.frame);
  figures.push({ name: 'webview JS heap after the scroll', value: heap, unit: 'MB', target: '< 300 MB', met: heap < 300 });
  const hostOpen = residentMb(hostPid);
  figures.push({ name: 'extension host memory growth with the panel open (resident)', value: hostOpen - hostBefore, unit: 'MB', note: `${hostBefore.toFixed(0)} MB → ${hostOpen.toFixed(0)} MB; journal ${(size(join(workspace, '.seedling', 'runs', RUN_ID, 'candidates.jsonl')) / MB).toFixed(0)} MB` });

  await runCommand(page, 'View: Close All Editors');
  await page.waitForTimeout(500);
  const again = await openReview(page);
  figures.push({ name: 'command to first rows, Review panel opened again', value: again.ms, unit: 'ms', target: '< 1000 ms', met: again.ms < 1000, why: 'the run\'s candidates are already in memory (a stat of the journal shows nothing new); what is left is VS Code creating the panel and Chromium loading its 0.4 MB script (mostly the webview UI toolkit) and drawing it, on a machine shared with other work. What would: a lighter webview bundle (the toolkit\'s components are most of it), and a quieter machine.' });
  await runCommand(page, 'View: Close All Editors');
  // The store lets go of a run no view shows 20 s after its last read; then the collector's turn.
  await page.waitForTimeout(25_000);
  const hostClosed = residentMb(hostPid);
  figures.push({ name: 'extension host memory growth after the panel closed (resident)', value: hostClosed - hostBefore, unit: 'MB', target: '< 150 MB', met: hostClosed - hostBefore < 150, note: `${hostClosed.toFixed(0)} MB`, why: 'the run store lets go of a run no view shows 20 s after its last read, but a Node process rarely gives memory its heap once held back to the system: resident memory stays near its peak while the heap is free for reuse. What would: measuring the extension host\'s heap (its inspector) rather than its resident size, and reading a long journal in less memory (a compact index of the rows instead of every sample held).' });

  const activation = await activationTimes(page);
  figures.push({ name: 'activation time in the extension host (code loading + activate, as Show Running Extensions reports it)', value: activation.seedling, unit: 'ms', target: '< 50 ms', met: activation.seedling < 50, note: `built-in extensions in the same host: ${activation.builtIn}`, why: 'almost all of it is loading the 1.4 MB bundle: reading and compiling it, and building the zod schemas of the engine and the protocol as its modules are evaluated (activate() itself registers providers, see “activated in” in the Seedling log). The openai SDK and undici already load only with the first request. What would hold: an activation bundle that only registers commands, views and providers, loading the engine (formats, quality, runs) and the schemas with the first command or document that needs them.' });

  const dataset = await openDataset(page, 'dataset-100k.jsonl', /Errors?: ?1\b.*Warnings?: ?[1-9]/i);
  figures.push(
    { name: `open a ${DATASET_LINES.toLocaleString('en')}-line dataset: command to text shown`, value: dataset.shownMs, unit: 'ms' },
    { name: `open a ${DATASET_LINES.toLocaleString('en')}-line dataset: command to its first problems in the status bar (the invalid line's error and a duplicate's warning)`, value: dataset.checkedMs / 1000, unit: 's', note: dataset.problems },
  );
}

export const extensionBenchmark: Benchmark = {
  name: 'extension',
  async run(): Promise<BenchmarkResult> {
    ensureChromium();
    const bin = ensureCodeServer();
    const vsix = packageExtension();
    const figures = bundleFigures(vsix);
    const runDir = mkdtempSync(join(tmpdir(), 'sdl-bench-'));
    const workspace = join(runDir, 'workspace');
    await writeLargeRun(workspace, RUN_ID, CANDIDATES, 'seeds.jsonl');
    copyFileSync(join(ROOT, 'examples', 'gov-faq-housing-fund.alpaca.jsonl'), join(workspace, 'seeds.jsonl'));
    writeLargeDataset(join(workspace, 'dataset-100k.jsonl'), DATASET_LINES);
    writeFileSync(join(workspace, '.gitignore'), '.seedling/\n');
    // A user opening a large dataset says Open Anyway once; the benchmark says it in the settings.
    const server = await startCodeServer({ bin, runDir, vsixFiles: [vsix], settings: { 'workbench.editorLargeFileConfirmation': 1024 } });
    let workbench: Workbench | undefined;
    try {
      process.env['CS_URL'] = server.url;
      process.env['WS'] = workspace;
      workbench = await openWorkbench({ browserArgs: BROWSER_ARGS });
      await measureInWorkbench(workbench, server.process.pid ?? 0, workspace, figures);
    } catch (error) {
      const shot = join(ROOT, 'out', 'bench-failure.png');
      await workbench?.page.screenshot({ path: shot }).catch(() => undefined);
      throw new Error(`${error instanceof Error ? error.message : String(error)} (the workbench as it was: ${shot}; figures so far: ${JSON.stringify(figures)})`);
    } finally {
      await workbench?.close();
      await server.stop();
      // SEEDLING_BENCH_KEEP=1 keeps the workspace and code-server's logs to look into.
      if (process.env['SEEDLING_BENCH_KEEP'] === undefined) rmSync(runDir, { recursive: true, force: true });
      else console.log(`[bench] code-server's logs and the workspace are in ${runDir}`);
    }
    return {
      title: 'The extension in VS Code (code-server + Chromium)',
      setup: `the packaged, minified extension installed in code-server, driven in headless Chromium (frame rate uncapped, so a frame's interval is its cost); a run of ${CANDIDATES.toLocaleString('en')} candidates (generated, judged, some flagged and accepted) and a ${DATASET_LINES.toLocaleString('en')}-line alpaca dataset with an invalid line, an exact and a near-duplicate`,
      figures,
    };
  },
};
