import * as vscode from 'vscode';
import type { CandidateState, CandidateStatus } from '../../core/runs/candidateState';
import { promptText } from '../../core/model/sampleText';
import { isResumable } from '../../core/runs/runResumption';
import type { RunStore, WorkspaceRun } from '../runs/runStore';

export const RUNS_VIEW_ID = 'seedling.runs';

/** Candidates listed under a status before "open Review" takes over. */
const CANDIDATES_SHOWN = 200;
const STATUSES: readonly CandidateStatus[] = ['pending', 'accepted', 'rejected', 'failed'];

export type RunsNode =
  | { readonly type: 'run'; readonly run: WorkspaceRun }
  | { readonly type: 'status'; readonly run: WorkspaceRun; readonly status: CandidateStatus; readonly count: number }
  | { readonly type: 'candidate'; readonly run: WorkspaceRun; readonly candidate: CandidateState }
  | { readonly type: 'more'; readonly run: WorkspaceRun; readonly status: CandidateStatus; readonly hidden: number };

/** The run id a command was given: an id (a CodeLens, a test, another command) or a Runs view item (its context menu). */
export function runIdOf(given: unknown): string | undefined {
  if (typeof given === 'string') return given;
  if (typeof given === 'object' && given !== null && 'run' in given) return (given as { readonly run: WorkspaceRun }).run.manifest.id;
  return undefined;
}

function statusLabel(status: CandidateStatus): string {
  switch (status) {
    case 'pending':
      return vscode.l10n.t('Pending review');
    case 'accepted':
      return vscode.l10n.t('Accepted');
    case 'rejected':
      return vscode.l10n.t('Rejected');
    case 'failed':
      return vscode.l10n.t('Failed');
  }
}

const STATUS_ICONS: Record<CandidateStatus, vscode.ThemeIcon> = {
  pending: new vscode.ThemeIcon('circle-large-outline'),
  accepted: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  rejected: new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('testing.iconFailed')),
  failed: new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')),
};

function money(usd: number): string {
  return usd < 0.01 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}

function firstLine(text: string, max = 80): string {
  const line = text.split('\n').find((l) => l.trim().length > 0)?.trim() ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** The Runs view: every run with its strategy, counts and cost, expanding to its candidates by status. */
export class RunsTreeProvider implements vscode.TreeDataProvider<RunsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RunsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly store: RunStore) {
    this.subscription = store.onDidChange(() => {
      this.changed.fire(undefined);
    });
  }

  refresh(): void {
    this.store.invalidate();
  }

  getTreeItem(node: RunsNode): vscode.TreeItem {
    switch (node.type) {
      case 'run': {
        const m = node.run.manifest;
        const seedName = m.seed.path.split('/').pop() ?? m.seed.path;
        const item = new vscode.TreeItem(`${m.config.strategy} · ${seedName}`, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `run:${node.run.runDir}`;
        const counts = vscode.l10n.t('{0} to review · {1} accepted · {2}', String(m.counts.pending), String(m.counts.accepted), money(m.cost.usd));
        const interrupted = node.run.liveness.state === 'interrupted';
        item.description = interrupted ? vscode.l10n.t('interrupted — Resume Run to continue · {0}', counts) : counts;
        const tooltip = new vscode.MarkdownString(undefined, true);
        tooltip.isTrusted = false;
        tooltip.appendMarkdown(`**${m.id}** · ${interrupted ? vscode.l10n.t('interrupted') : m.status}\n\n`);
        if (interrupted) tooltip.appendText(`${vscode.l10n.t('The process generating this run stopped before it finished (VS Code or the CLI was closed or crashed). What finished is kept; Resume Run continues it without sending finished requests again.')}\n`);
        tooltip.appendText(`${vscode.l10n.t('Seed')}: ${m.seed.path} (${m.seed.records})\n`);
        tooltip.appendText(`${vscode.l10n.t('Models')}: ${m.provider.models.generator.join(', ')}${m.provider.models.judge.length > 0 ? ` · ${vscode.l10n.t('judge')}: ${m.provider.models.judge.join(', ')}` : ''}\n`);
        tooltip.appendText(`${vscode.l10n.t('Started')}: ${new Date(m.createdAt).toLocaleString()}\n`);
        tooltip.appendText(`${vscode.l10n.t('Candidates')}: ${m.counts.pending} ${vscode.l10n.t('pending')}, ${m.counts.accepted} ${vscode.l10n.t('accepted')}, ${m.counts.rejected} ${vscode.l10n.t('rejected')}, ${m.counts.failed} ${vscode.l10n.t('failed')}\n`);
        tooltip.appendText(`${vscode.l10n.t('Tokens')}: ${m.usage.promptTokens + m.usage.completionTokens} · ${vscode.l10n.t('Cost')}: ${money(m.cost.usd)}`);
        item.tooltip = tooltip;
        item.iconPath = interrupted
          ? new vscode.ThemeIcon('debug-disconnect', new vscode.ThemeColor('problemsWarningIcon.foreground'))
          : new vscode.ThemeIcon(m.status === 'running' ? 'loading~spin' : m.status === 'completed' ? 'history' : m.status === 'failed' ? 'error' : 'debug-pause');
        // The suffix shows Resume Run on the runs it can continue; every other run action matches both.
        item.contextValue = isResumable(m, node.run.liveness) ? 'seedling.run.resumable' : 'seedling.run';
        item.command = { command: 'seedling.openReview', title: vscode.l10n.t('Open Review'), arguments: [m.id] };
        return item;
      }
      case 'status': {
        const item = new vscode.TreeItem(statusLabel(node.status), vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `status:${node.run.runDir}:${node.status}`;
        item.description = String(node.count);
        item.iconPath = STATUS_ICONS[node.status];
        item.contextValue = `seedling.status.${node.status}`;
        return item;
      }
      case 'candidate': {
        const c = node.candidate;
        const item = new vscode.TreeItem(firstLine(promptText(c.sample)) || c.id, vscode.TreeItemCollapsibleState.None);
        item.id = `candidate:${node.run.runDir}:${c.id}`;
        item.description = c.verdict ? `★ ${c.verdict.overall.toFixed(1)}` : '';
        const reasons = [c.decisionReason, ...c.flags.map((f) => f.message)].filter((r): r is string => r !== undefined && r.length > 0);
        item.tooltip = [c.id, ...reasons].join('\n');
        item.iconPath = STATUS_ICONS[c.status];
        item.contextValue = 'seedling.candidate';
        item.command = { command: 'seedling.openReview', title: vscode.l10n.t('Open Review'), arguments: [node.run.manifest.id, c.id] };
        return item;
      }
      case 'more': {
        const item = new vscode.TreeItem(vscode.l10n.t('{0} more — open Review to see them all', String(node.hidden)), vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('ellipsis');
        item.command = { command: 'seedling.openReview', title: vscode.l10n.t('Open Review'), arguments: [node.run.manifest.id] };
        return item;
      }
    }
  }

  async getChildren(node?: RunsNode): Promise<RunsNode[]> {
    if (!node) return (await this.store.list()).map((run) => ({ type: 'run', run }));
    if (node.type === 'run') {
      const candidates = [...(await this.store.candidates(node.run)).values()];
      return STATUSES.flatMap((status) => {
        const count = candidates.filter((c) => c.status === status).length;
        return count > 0 ? [{ type: 'status' as const, run: node.run, status, count }] : [];
      });
    }
    if (node.type === 'status') {
      const all = [...(await this.store.candidates(node.run)).values()].filter((c) => c.status === node.status);
      const shown: RunsNode[] = all.slice(0, CANDIDATES_SHOWN).map((candidate) => ({ type: 'candidate', run: node.run, candidate }));
      if (all.length > CANDIDATES_SHOWN) shown.push({ type: 'more', run: node.run, status: node.status, hidden: all.length - CANDIDATES_SHOWN });
      return shown;
    }
    return [];
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
