// Runs mocha suites inside code-server's real extension host, the way @vscode/test-web
// does: open the workbench with a payload naming the extension under development and the
// tests, and receive the exit code through window.codeAutomationExit.
import { format } from 'node:util';
import { launchBrowser } from './browser';

/** Line the in-host runner prints with its counts, so the harness can add them up. */
export const RESULT_MARKER = 'SEEDLING_TEST_RESULT ';

export interface HostTestResult {
  readonly exitCode: number;
  readonly passed: number;
  readonly failed: number;
}

const NOISE = /^(Resolving|Resolved|Creating a socket|\[Service Worker\]|Updating additional|ChatSessionStore|\[Extension Host\] (debugger|Debugger))/;

export async function runExtensionHostTests(options: {
  codeServerUrl: string;
  extensionDevelopmentPath: string;
  extensionTestsPath: string;
  workspace: string;
  timeoutMs?: number;
}): Promise<HostTestResult> {
  const authority = new URL(options.codeServerUrl).host;
  const remote = (path: string): string => `vscode-remote://${authority}${path}`;
  const payload = [
    ['extensionDevelopmentPath', remote(options.extensionDevelopmentPath)],
    ['extensionTestsPath', remote(options.extensionTestsPath)],
  ];
  const url = `${options.codeServerUrl}/?folder=${encodeURIComponent(options.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const context = await launchBrowser();
  let counts = { passed: 0, failed: 0 };
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    // Far above a normal run (2–5 minutes), for a machine that is busy with other work.
    const timeoutMs = options.timeoutMs ?? 900_000;
    let exit: (code: number) => void = () => undefined;
    const exited = new Promise<number>((resolve) => {
      exit = resolve;
    });
    // The host's console (mocha's reporter included) arrives as ['%c INFO', 'color: …', fmt, …args].
    page.on('console', (message) => {
      void Promise.all(message.args().map((arg) => arg.jsonValue().catch(() => '?'))).then((args: unknown[]) => {
        if (typeof args[0] === 'string' && args[0].startsWith('%c')) args.splice(0, 2);
        const line = format(...args);
        if (line.startsWith(RESULT_MARKER)) {
          counts = JSON.parse(line.slice(RESULT_MARKER.length)) as typeof counts;
          return;
        }
        if (process.env['DEBUG_CONSOLE'] || !NOISE.test(line)) console.log(line);
      });
    });
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      if (process.env['DEBUG_CONSOLE']) console.log('[log]', type, ...args);
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => {
      exit(code);
    });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<number>((resolve) => {
      timer = setTimeout(() => {
        console.error(`[integration] the extension host did not finish within ${timeoutMs / 1000} s`);
        resolve(124);
      }, timeoutMs);
    });
    await page.goto(url);
    const exitCode = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    // Let the last console lines arrive before closing the page.
    await new Promise((resolve) => setTimeout(resolve, 200));
    return { exitCode, ...counts };
  } finally {
    await context.close();
  }
}
