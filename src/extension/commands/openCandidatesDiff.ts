import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { containerForFileName } from '../../core/formats/datasetWriter';
import type { OutputChannelLogger } from '../outputChannelLogger';
import type { CandidatesDocuments } from '../review/candidatesDocument';
import type { RunStore, WorkspaceRun } from '../runs/runStore';
import type { SaveService } from '../runs/saveService';
import { runIdOf } from '../views/runsTree';

/** Set once the user said not to be asked about CodeLens in diffs again. */
const CODE_LENS_ASKED_KEY = 'seedling.candidatesDiff.codeLensDeclined';

/** The run given (by id or Runs view item), else the only one, else the one the user picks (newest first). */
async function chooseRun(store: RunStore, given: unknown): Promise<WorkspaceRun | undefined> {
  const runs = await store.list();
  const id = runIdOf(given);
  if (id !== undefined) {
    const run = runs.find((r) => r.manifest.id === id);
    if (!run) throw new Error(vscode.l10n.t('There is no run {0} in this workspace any more.', id));
    return run;
  }
  if (runs.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('There are no runs yet: generate samples from a seed file first.'));
    return undefined;
  }
  if (runs.length === 1) return runs[0];
  const picked = await vscode.window.showQuickPick(
    runs.map((run) => ({
      label: `${run.manifest.config.strategy} · ${run.manifest.seed.path}`,
      description: vscode.l10n.t('{0} pending · {1} accepted', String(run.manifest.counts.pending), String(run.manifest.counts.accepted)),
      detail: `${run.manifest.id} · ${new Date(run.manifest.createdAt).toLocaleString()}`,
      run,
    })),
    { title: vscode.l10n.t('Open the candidates of which run?') },
  );
  return picked?.run;
}

function diffTitle(outputPath: string, runId: string): string {
  const name = basename(outputPath);
  switch (containerForFileName(outputPath)) {
    case 'json-array':
      return vscode.l10n.t('{0} ({1}) ↔ candidates of run {2} as JSONL', name, vscode.l10n.t('JSON array'), runId);
    case 'csv':
      return vscode.l10n.t('{0} ({1}) ↔ candidates of run {2} as JSONL', name, 'CSV', runId);
    case 'jsonl':
    case undefined:
      return vscode.l10n.t('{0} ↔ candidates of run {1}', name, runId);
  }
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (info) => info.isFile(),
    () => false,
  );
}

/** The lenses carry the actions, and the diff editor hides CodeLens unless diffEditor.codeLens is on: offer to turn it on. */
async function offerCodeLensInDiffs(state: vscode.Memento): Promise<void> {
  const settings = vscode.workspace.getConfiguration('diffEditor');
  if (settings.get<boolean>('codeLens', false) || state.get<boolean>(CODE_LENS_ASKED_KEY, false)) return;
  const turnOn = vscode.l10n.t('Show CodeLens in Diffs');
  const never = vscode.l10n.t('Don’t Ask Again');
  const choice = await vscode.window.showInformationMessage(
    vscode.l10n.t('Accept, Reject and Fix appear above each candidate line once the diff editor shows CodeLens (the setting diffEditor.codeLens, off by default). Turn it on?'),
    turnOn,
    never,
  );
  if (choice === turnOn) await settings.update('codeLens', true, vscode.ConfigurationTarget.Global);
  else if (choice === never) await state.update(CODE_LENS_ASKED_KEY, true);
}

/**
 * Seedling: Open Candidates in Diff Editor — the run's dataset as it is now against the same
 * dataset with the run's pending and accepted candidates added as JSONL lines, scored inline.
 */
export function openCandidatesDiffCommand(store: RunStore, documents: CandidatesDocuments, saver: SaveService, globalState: vscode.Memento, log: OutputChannelLogger): (run?: unknown) => Promise<void> {
  return async (given?: unknown) => {
    const run = await chooseRun(store, given);
    if (!run) return;
    const runId = run.manifest.id;
    const outputPath = saver.outputPath(run);
    const left = (await isFile(outputPath)) ? vscode.Uri.file(outputPath) : documents.datasetStandInUri(runId, basename(outputPath));
    const right = documents.candidatesUri(runId);
    await vscode.commands.executeCommand('vscode.diff', left, right, diffTitle(outputPath, runId), { preview: false });
    log.info(`Candidates diff: opened run ${runId} against ${outputPath}`);
    offerCodeLensInDiffs(globalState).catch((error: unknown) => {
      const detail = error instanceof Error ? error.message : String(error);
      log.error(`Candidates diff: could not turn on diffEditor.codeLens: ${detail}`);
      void vscode.window.showErrorMessage(vscode.l10n.t('Seedling could not turn on diffEditor.codeLens: {0}. Turn it on in Settings.', detail));
    });
  };
}
