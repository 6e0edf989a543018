// Runs the built `seedling` executable the way a user's shell would.
import { execFile, spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..', '..', '..');
export const EXAMPLES = join(ROOT, 'examples');

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function seedling(args: readonly string[], cwd = ROOT): CliResult {
  const result = spawnSync(join(ROOT, 'dist', 'cli.js'), args, { cwd, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Like `seedling`, without blocking the event loop (for tests that serve HTTP in-process). */
export function seedlingAsync(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(join(ROOT, 'dist', 'cli.js'), [...args], { cwd: options.cwd ?? ROOT, env: { ...process.env, ...options.env }, encoding: 'utf8' }, (error, stdout, stderr) => {
      const status = error && typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : error ? 1 : 0;
      resolve({ status, stdout, stderr });
    });
  });
}
