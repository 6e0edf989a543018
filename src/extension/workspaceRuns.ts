import * as vscode from 'vscode';
import { listRuns } from '../core/runs/runManifest';
import type { OutputChannelLogger } from './outputChannelLogger';
import type { RunSummary } from '../protocol/webviewMessages';

/**
 * The runs of every workspace folder, newest first. A run folder whose run.json cannot be
 * read is logged with the reason and left out; it never hides the others.
 */
export async function listWorkspaceRuns(log: OutputChannelLogger): Promise<RunSummary[]> {
  const runs: RunSummary[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    if (folder.uri.scheme !== 'file') continue;
    const found = await listRuns(folder.uri.fsPath);
    for (const broken of found.unreadable) log.warn(`Run ${broken.id} in ${folder.name} cannot be read (${broken.reason}): ${broken.message}`);
    for (const run of found.runs) runs.push({ id: run.id, seedFile: run.seed.path, createdAt: run.createdAt });
  }
  return runs.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}
