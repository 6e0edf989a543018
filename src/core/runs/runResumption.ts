// Whether a stopped run can be continued as it was started, and why not when it cannot.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { errorCode } from './atomicFile';
import type { RunLiveness, RunLock } from './runLock';
import type { RunManifest } from './runManifest';

export type ResumeObstacle =
  | { readonly kind: 'complete' }
  | { readonly kind: 'live'; readonly lock: RunLock }
  | { readonly kind: 'seed-missing'; readonly seedPath: string }
  | { readonly kind: 'seed-changed'; readonly seedPath: string };

export async function sha256File(path: string): Promise<string> {
  return createHash('sha256').update(await readFile(path)).digest('hex');
}

/** A run stopped before it had all its candidates: cancelled, paused (budget, quota), failed, or interrupted. */
export function isResumable(manifest: RunManifest, liveness: RunLiveness): boolean {
  return manifest.status !== 'completed' && liveness.state !== 'live';
}

/**
 * What stops `manifest`'s run from being resumed, if anything. The seed must be the very file the
 * run started from: its journal's task numbers and near-duplicate checks refer to those records.
 */
export async function resumeObstacle(workspaceRoot: string, manifest: RunManifest, liveness: RunLiveness): Promise<ResumeObstacle | undefined> {
  if (manifest.status === 'completed') return { kind: 'complete' };
  if (liveness.state === 'live') return { kind: 'live', lock: liveness.lock };
  const seedPath = join(workspaceRoot, manifest.seed.path);
  let sha: string;
  try {
    sha = await sha256File(seedPath);
  } catch (error) {
    if (errorCode(error) === 'ENOENT' || errorCode(error) === 'EISDIR' || errorCode(error) === 'ENOTDIR') return { kind: 'seed-missing', seedPath };
    throw error;
  }
  return sha === manifest.seed.sha256 ? undefined : { kind: 'seed-changed', seedPath };
}
