// Runs the built `seedling` CLI (dist/cli.js) as a user would, in a child process, and
// reports its exit code, output and wall time.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const CLI = resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
  /** The child's peak resident memory (VmHWM), in MB, when /proc tells it. */
  readonly peakRssMb: number | undefined;
}

/** Runs `node dist/cli.js ...args` in `cwd`; kills it (and fails) after `timeoutMs`. */
export function runCli(args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs: number; nodeOptions?: readonly string[] }): Promise<CliResult> {
  const started = Date.now();
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [...(options.nodeOptions ?? []), CLI, ...args], {
      cwd: options.cwd,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let peakRssMb: number | undefined;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
    const sampler = setInterval(() => {
      const mb = peakRssOf(child.pid);
      if (mb !== undefined) peakRssMb = Math.max(peakRssMb ?? 0, mb);
    }, 100);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`seedling ${args.join(' ')} did not finish within ${options.timeoutMs / 1000} s\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, options.timeoutMs);
    child.on('exit', (code) => {
      clearInterval(sampler);
      clearTimeout(timer);
      done({ code, stdout, stderr, seconds: (Date.now() - started) / 1000, peakRssMb });
    });
  });
}

/** VmHWM (the high-water mark of resident memory) of a live process, in MB. */
function peakRssOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}
