// `npm start`: builds Seedling and opens it in a real VS Code on the examples/ workspace:
// the desktop `code` with --extensionDevelopmentPath where one is installed and a display
// is available, code-server in the browser otherwise. Ctrl+C stops everything.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort, startCodeServer } from './codeServer';
import { ensureCodeServer } from './tools';

const ROOT = resolve(__dirname, '..', '..', '..');
const EXAMPLES = join(ROOT, 'examples');

function desktopCode(): string | undefined {
  if (process.env['SEEDLING_USE_CODE_SERVER'] || !(process.env['DISPLAY'] || process.env['WAYLAND_DISPLAY'])) return undefined;
  const found = spawnSync('sh', ['-c', 'command -v code'], { encoding: 'utf8' }).stdout.trim();
  return found || undefined;
}

async function portToUse(): Promise<number> {
  const wanted = Number(process.env['PORT'] ?? 8080);
  const probe = spawnSync(process.execPath, ['-e', `require('net').createServer().once('error',()=>process.exit(1)).listen(${wanted},'127.0.0.1',function(){this.close()})`]);
  return probe.status === 0 ? wanted : freePort();
}

async function main(): Promise<void> {
  const code = desktopCode();
  if (code) {
    console.log(`[start] opening ${EXAMPLES} in VS Code with Seedling under development`);
    spawn(code, [`--extensionDevelopmentPath=${ROOT}`, EXAMPLES], { stdio: 'inherit', detached: true }).unref();
    return;
  }
  const bin = ensureCodeServer();
  const vsix = join(ROOT, 'out', 'seedling.vsix');
  const packaged = spawnSync('npm', ['run', '--silent', 'package'], { cwd: ROOT, stdio: 'inherit' });
  if (packaged.status !== 0 || !existsSync(vsix)) throw new Error('packaging the extension failed');
  // A profile of its own that survives restarts, so the user's layout and state stay.
  const runDir = join(ROOT, '.vscode-test', 'start');
  const server = await startCodeServer({ bin, runDir, vsixFiles: [vsix], port: await portToUse(), defaultFolder: EXAMPLES, keepUserSettings: true });
  const url = `${server.url}/?folder=${encodeURIComponent(EXAMPLES)}`;
  console.log(`\nSeedling is running in VS Code (code-server) on the examples workspace:\n\n  ${url}\n\nOpen it in a browser. Logs: ${server.logFile}. Ctrl+C stops it.`);
  const stop = (): void => {
    void server.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  server.process.once('exit', (exitCode) => {
    console.error(`code-server exited (${String(exitCode)}); see ${server.logFile}`);
    process.exit(1);
  });
}

main().catch((error: unknown) => {
  console.error(`[start] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
