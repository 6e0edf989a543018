import * as vscode from 'vscode';
import type { RunSummary } from '../protocol/webviewMessages';

/** Where a workspace folder keeps its runs: `.seedling/runs/<run-id>/`. */
export function runsFolder(workspaceFolder: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(workspaceFolder, '.seedling', 'runs');
}

/** The runs of every workspace folder, newest first. A folder with no runs gives none. */
export async function listWorkspaceRuns(): Promise<RunSummary[]> {
  const runs: RunSummary[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const root = runsFolder(folder.uri);
    if (!(await isDirectory(root))) continue; // nothing has been generated in this folder yet
    const entries = await vscode.workspace.fs.readDirectory(root);
    for (const [name, type] of entries) {
      if (type !== vscode.FileType.Directory) continue;
      const run = await readRunSummary(vscode.Uri.joinPath(root, name), name);
      if (run) runs.push(run);
    }
  }
  return runs.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

async function isDirectory(uri: vscode.Uri): Promise<boolean> {
  try {
    return (await vscode.workspace.fs.stat(uri)).type === vscode.FileType.Directory;
  } catch {
    return false;
  }
}

async function readRunSummary(runFolder: vscode.Uri, id: string): Promise<RunSummary | undefined> {
  const runFile = vscode.Uri.joinPath(runFolder, 'run.json');
  try {
    const stat = await vscode.workspace.fs.stat(runFile);
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(runFile));
    const parsed: unknown = JSON.parse(text);
    const record = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
    const seedFile = typeof record['seedFile'] === 'string' ? record['seedFile'] : '';
    const createdAt = typeof record['createdAt'] === 'string' ? record['createdAt'] : new Date(stat.ctime).toISOString();
    return { id, seedFile, createdAt };
  } catch {
    return undefined; // a folder without a readable run.json is not a run
  }
}
