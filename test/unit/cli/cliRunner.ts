// Runs the built `seedling` executable the way a user's shell would.
import { spawnSync } from 'node:child_process';
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
