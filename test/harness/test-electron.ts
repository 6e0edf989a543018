// `npm run test:vscode`: the conventional @vscode/test-electron entry point. It runs the
// integration suites in a downloaded desktop VS Code where the internet allows, and
// otherwise in code-server, through a stand-in executable that takes the same command line.
// SEEDLING_VSCODE=code-server skips the download attempt.
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { startCodeServer } from './codeServer';
import { ensureChromium, ensureCodeServer } from './tools';

const ROOT = resolve(__dirname, '..', '..', '..');
const extensionTestsPath = join(ROOT, 'out', 'test', 'integration', 'index');

async function desktopVsCode(): Promise<string | undefined> {
  if (process.env['SEEDLING_VSCODE'] === 'code-server') return undefined;
  try {
    return await Promise.race([
      downloadAndUnzipVSCode({ version: '1.99.3' }),
      new Promise<never>((_, reject) => setTimeout(() => { reject(new Error('no answer within 60 s')); }, 60_000).unref()),
    ]);
  } catch (error: unknown) {
    console.log(`[test:vscode] desktop VS Code could not be downloaded (${error instanceof Error ? error.message : String(error)}); running the same suites in code-server`);
    return undefined;
  }
}

async function main(): Promise<number> {
  const runDir = mkdtempSync(join(tmpdir(), 'sdl-te-'));
  const workspace = join(runDir, 'workspace');
  cpSync(join(ROOT, 'examples'), workspace, { recursive: true });
  const desktop = await desktopVsCode();
  if (desktop) {
    await runTests({ vscodeExecutablePath: desktop, extensionDevelopmentPath: ROOT, extensionTestsPath, launchArgs: [workspace, '--disable-extensions'] });
    return 0;
  }
  ensureChromium();
  const server = await startCodeServer({ bin: ensureCodeServer(), runDir });
  try {
    await runTests({
      vscodeExecutablePath: join(__dirname, 'vscode-shim.js'),
      extensionDevelopmentPath: ROOT,
      extensionTestsPath,
      launchArgs: [workspace],
      extensionTestsEnv: { CS_URL: server.url },
    });
    return 0;
  } finally {
    await server.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[test:vscode] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
