import * as vscode from 'vscode';
import type { RunSummary } from '../../protocol/webviewMessages';
import type { OutputChannelLogger } from '../outputChannelLogger';
import { listWorkspaceRuns } from '../workspaceRuns';

export const RUNS_VIEW_ID = 'seedling.runs';

/** The Runs view: every run of the workspace, newest first. */
export class RunsTreeProvider implements vscode.TreeDataProvider<RunSummary>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly watcher = vscode.workspace.createFileSystemWatcher('**/.seedling/runs/*/run.json');

  constructor(private readonly log: OutputChannelLogger) {
    const refresh = (): void => {
      this.refresh();
    };
    this.watcher.onDidCreate(refresh);
    this.watcher.onDidChange(refresh);
    this.watcher.onDidDelete(refresh);
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(run: RunSummary): vscode.TreeItem {
    const item = new vscode.TreeItem(run.id, vscode.TreeItemCollapsibleState.None);
    item.description = run.seedFile;
    item.tooltip = `${run.seedFile}\n${new Date(run.createdAt).toLocaleString()}`;
    item.iconPath = new vscode.ThemeIcon('history');
    item.contextValue = 'seedling.run';
    item.command = { command: 'seedling.openReview', title: vscode.l10n.t('Open Review'), arguments: [] };
    return item;
  }

  async getChildren(element?: RunSummary): Promise<RunSummary[]> {
    return element ? [] : listWorkspaceRuns(this.log);
  }

  dispose(): void {
    this.watcher.dispose();
    this.changed.dispose();
  }
}
