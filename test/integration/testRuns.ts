// Runs written straight to the workspace, as the generator would leave them, for suites that review one.
import * as vscode from 'vscode';
import { type TestRun, writeRunFiles } from './runFiles';
import { activateSeedling, waitFor } from './seedlingExtension';

export type { TestRun } from './runFiles';

export function workspaceRoot(): string {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
}

/** Writes the run's manifest (its counts from the events) and journal, and waits until the extension lists it; returns the run's folder. */
export async function writeTestRun(run: TestRun): Promise<string> {
  const runDir = await writeRunFiles(workspaceRoot(), run);
  const { api } = await activateSeedling();
  api.runs.invalidate();
  await waitFor(`the run ${run.id}`, async () => (await api.runs.find(run.id)) !== undefined);
  return runDir;
}
