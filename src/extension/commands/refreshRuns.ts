import type { RunsTreeProvider } from '../views/runsTree';

/** Refresh button of the Runs view. */
export function refreshRunsCommand(runs: RunsTreeProvider): () => void {
  return () => {
    runs.refresh();
  };
}
