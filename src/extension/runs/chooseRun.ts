import * as vscode from 'vscode';
import { isResumable } from '../../core/runs/runResumption';
import type { RunStore, WorkspaceRun } from './runStore';

/** The id of the run a command was given: a run id, or a Runs view item holding a run. */
function givenRunId(given: unknown): string | undefined {
  if (typeof given === 'string') return given;
  if (typeof given === 'object' && given !== null && 'run' in given) return (given as { run: WorkspaceRun }).run.manifest.id;
  return undefined;
}

interface RunChoice {
  readonly title: string;
  /** Runs the command can act on. */
  readonly eligible: (run: WorkspaceRun) => boolean;
  /** Said when no run is eligible. */
  readonly none: () => string;
  readonly describe: (run: WorkspaceRun) => string;
}

/** The run a command acts on: the one given (from the Runs view), else the only eligible one, else one the user picks. */
async function chooseRun(store: RunStore, given: unknown, choice: RunChoice): Promise<WorkspaceRun | undefined> {
  const runs = await store.list();
  const id = givenRunId(given);
  if (id !== undefined) {
    const run = runs.find((r) => r.manifest.id === id);
    if (!run) void vscode.window.showErrorMessage(vscode.l10n.t('Run {0} is no longer in this workspace. Refresh the Runs view and choose another.', id));
    return run;
  }
  const eligible = runs.filter(choice.eligible);
  if (eligible.length === 0) {
    void vscode.window.showInformationMessage(choice.none());
    return undefined;
  }
  if (eligible.length === 1) return eligible[0];
  const picked = await vscode.window.showQuickPick(
    eligible.map((run) => ({ label: `${run.manifest.config.strategy} · ${run.manifest.seed.path}`, description: choice.describe(run), detail: run.manifest.id, run })),
    { title: choice.title },
  );
  return picked?.run;
}

/** A run whose accepted candidates to save (or preview). */
export function chooseRunWithAccepted(store: RunStore, given: unknown, title: string): Promise<WorkspaceRun | undefined> {
  return chooseRun(store, given, {
    title,
    eligible: (run) => run.manifest.counts.accepted > 0,
    none: () => vscode.l10n.t('No run has accepted candidates to save yet. Accept some in Review first.'),
    describe: (run) => vscode.l10n.t('{0} accepted', String(run.manifest.counts.accepted)),
  });
}

/** Any run of the workspace. */
export function chooseAnyRun(store: RunStore, given: unknown, title: string): Promise<WorkspaceRun | undefined> {
  return chooseRun(store, given, {
    title,
    eligible: () => true,
    none: () => vscode.l10n.t('This workspace has no run yet. Generate samples from a seed file first.'),
    describe: (run) => run.manifest.status,
  });
}

/** A run stopped before it had all its candidates, that no live process is generating. */
export function chooseResumableRun(store: RunStore, given: unknown, title: string): Promise<WorkspaceRun | undefined> {
  return chooseRun(store, given, {
    title,
    eligible: (run) => isResumable(run.manifest, run.liveness),
    none: () => vscode.l10n.t('No run is waiting to be resumed: every run is complete or still generating.'),
    describe: (run) =>
      vscode.l10n.t('{0} · {1} of {2} candidates', run.liveness.state === 'interrupted' ? vscode.l10n.t('interrupted') : run.manifest.status, String(run.manifest.counts.pending + run.manifest.counts.accepted), String(run.manifest.config.count)),
  });
}
