// `npm test` after typecheck and lint: unit tests (node's test runner), reliability tests
// (faults, crashes and hostile input against the CLI and the engine, node's test runner),
// integration tests (mocha in code-server's real extension host), the same in Restricted Mode
// (an untrusted workspace) and end-to-end tests (playwright-core + Chromium over code-server),
// in that order. Each stage installs or locates what it needs, and no process outlives the run.
//   node out/test/harness/run-all.js [unit|reliability|integration|restricted|e2e]...
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { startLlmServer } from '../llmServer/llmServer';
import { startCodeServer } from './codeServer';
import { runExtensionHostTests } from './extensionHostTests';
import { ensureChromium, ensureCodeServer } from './tools';

const ROOT = resolve(__dirname, '..', '..', '..');
const STAGES = ['unit', 'reliability', 'integration', 'restricted', 'e2e'] as const;
type Stage = (typeof STAGES)[number];

interface StageResult {
  readonly stage: Stage;
  readonly passed: number;
  readonly failed: number;
  readonly ok: boolean;
  readonly seconds: number;
}

function testFiles(dir: string, suffix: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith(suffix))
    .map((file) => join(dir, file))
    .sort();
}

/** Runs node's test runner, printing its spec report and reading its counts from TAP. */
async function nodeTestRunner(files: readonly string[], env: NodeJS.ProcessEnv, concurrency: number): Promise<{ passed: number; failed: number; code: number }> {
  const tap = join(mkdtempSync(join(tmpdir(), 'sdl-tap-')), 'report.tap');
  const args = [
    '--test',
    `--test-concurrency=${concurrency}`,
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tap}`,
    ...files,
  ];
  const code = await new Promise<number>((done) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: 'inherit' });
    child.on('exit', (exitCode, signal) => { done(exitCode ?? (signal ? 1 : 0)); });
  });
  const report = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const count = (name: string): number => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(report)?.[1] ?? 0);
  return { passed: count('pass'), failed: count('fail') + count('cancelled'), code };
}

/** Faults, crashes and hostile input, run one file at a time: they kill processes and time recoveries. */
async function reliabilityStage(): Promise<Omit<StageResult, 'seconds' | 'stage'>> {
  const only = process.env['SEEDLING_RELIABILITY_FILTER'];
  const files = testFiles(join(ROOT, 'out', 'test', 'reliability'), '.test.js').filter((file) => only === undefined || basename(file).includes(only));
  if (files.length === 0) return { passed: 0, failed: 0, ok: true };
  const { passed, failed, code } = await nodeTestRunner(files, process.env, 1);
  return { passed, failed, ok: code === 0 && failed === 0 };
}

async function unitStage(): Promise<Omit<StageResult, 'seconds' | 'stage'>> {
  const files = testFiles(join(ROOT, 'out', 'test', 'unit'), '.test.js');
  if (files.length === 0) throw new Error('no unit tests were built: run `npm run build:test` first');
  const { passed, failed, code } = await nodeTestRunner(files, process.env, 2);
  return { passed, failed, ok: code === 0 && failed === 0 };
}

function copyExampleWorkspace(into: string): string {
  const workspace = join(into, 'workspace');
  cpSync(join(ROOT, 'examples'), workspace, { recursive: true, filter: (source) => !source.includes(join('examples', '.seedling')) });
  return workspace;
}

/**
 * Runs the mocha suites of `out/test/<folder>` in code-server's extension host, on a fresh
 * copy of the example workspace. With `workspaceTrust`, trust is on and that folder is not
 * trusted: the extension runs in Restricted Mode.
 */
async function extensionHostStage(stage: Stage, folder: string, workspaceTrust: boolean): Promise<Omit<StageResult, 'seconds' | 'stage'>> {
  ensureChromium();
  const bin = ensureCodeServer();
  const runDir = mkdtempSync(join(tmpdir(), stage === 'integration' ? 'sdl-it-' : 'sdl-rm-'));
  const workspace = copyExampleWorkspace(runDir);
  const server = await startCodeServer({ bin, runDir, workspaceTrust });
  try {
    console.log(`[${stage}] code-server ${server.url}, logs in ${runDir}`);
    const result = await runExtensionHostTests({
      codeServerUrl: server.url,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: join(ROOT, 'out', 'test', folder, 'index'),
      workspace,
    });
    return { passed: result.passed, failed: result.failed, ok: result.exitCode === 0 };
  } finally {
    await server.stop();
  }
}

/** Builds the product as users get it (minified) and packages it. */
function packageExtension(): string {
  const result = spawnSync('npm', ['run', '--silent', 'package'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new Error('packaging the extension with vsce failed (npm run package)');
  return join(ROOT, 'out', 'seedling.vsix');
}

async function e2eStage(): Promise<Omit<StageResult, 'seconds' | 'stage'>> {
  ensureChromium();
  const bin = ensureCodeServer();
  const vsix = packageExtension();
  const runDir = mkdtempSync(join(tmpdir(), 'sdl-e2e-'));
  const workspace = copyExampleWorkspace(runDir);
  const shots = join(ROOT, 'out', 'screenshots');
  rmSync(shots, { recursive: true, force: true });
  mkdirSync(shots, { recursive: true });
  // The flows under test talk to a model: the local OpenAI-compatible test server, never the internet.
  const llm = await startLlmServer({ latencyMs: 20 });
  const server = await startCodeServer({ bin, runDir, vsixFiles: [vsix] });
  try {
    console.log(`[e2e] code-server ${server.url}, test LLM ${llm.url}, logs in ${runDir}, screenshots in ${shots}`);
    // SEEDLING_E2E_FILTER=walkthrough runs only the files whose name matches that regular expression.
    const only = process.env['SEEDLING_E2E_FILTER'];
    const files = testFiles(join(ROOT, 'out', 'test', 'e2e'), '.test.js').filter((file) => only === undefined || new RegExp(only).test(basename(file)));
    const { passed, failed, code } = await nodeTestRunner(
      files,
      { ...process.env, CS_URL: server.url, WS: workspace, SHOTS: shots, CS_USER_SETTINGS: server.userSettingsFile, CS_LOG_DIR: runDir, LLM_BASE_URL: llm.url },
      1, // one workbench at a time: they share the profile and the workspace
    );
    return { passed, failed, ok: code === 0 && failed === 0 };
  } finally {
    await server.stop();
    await llm.close();
  }
}

async function main(): Promise<number> {
  const requested = process.argv.slice(2);
  const unknown = requested.filter((name) => !(STAGES as readonly string[]).includes(name));
  if (unknown.length > 0) {
    console.error(`unknown stage(s): ${unknown.join(', ')}; stages are ${STAGES.join(', ')}`);
    return 2;
  }
  const stages = requested.length > 0 ? (requested as Stage[]) : [...STAGES];
  const run: Record<Stage, () => Promise<Omit<StageResult, 'seconds' | 'stage'>>> = {
    unit: unitStage,
    reliability: reliabilityStage,
    integration: () => extensionHostStage('integration', 'integration', false),
    restricted: () => extensionHostStage('restricted', 'integration-restricted', true),
    e2e: e2eStage,
  };
  const results: StageResult[] = [];
  for (const stage of stages) {
    console.log(`\n=== ${stage} tests ===`);
    const started = Date.now();
    try {
      results.push({ stage, ...(await run[stage]()), seconds: (Date.now() - started) / 1000 });
    } catch (error: unknown) {
      console.error(`[${stage}] could not run: ${error instanceof Error ? error.message : String(error)}`);
      results.push({ stage, passed: 0, failed: 1, ok: false, seconds: (Date.now() - started) / 1000 });
    }
  }
  console.log('\n=== summary ===');
  for (const r of results) {
    console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.stage.padEnd(12)} ${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(3)} failed  ${r.seconds.toFixed(1)} s`);
  }
  const passed = results.reduce((sum, r) => sum + r.passed, 0);
  const failed = results.reduce((sum, r) => sum + r.failed, 0);
  console.log(`${passed} passed, ${failed} failed`);
  return results.every((r) => r.ok) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
