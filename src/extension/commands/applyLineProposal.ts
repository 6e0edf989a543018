import * as vscode from 'vscode';
import type { LineProposals } from '../lines/lineProposals';

/** Apply, on the diff of a line proposal: the line is replaced in one undoable edit. */
export function applyLineProposalCommand(proposals: LineProposals): (target?: unknown) => Promise<void> {
  return async (target?: unknown) => {
    await proposals.apply(target instanceof vscode.Uri || typeof target === 'string' ? target : undefined);
  };
}
