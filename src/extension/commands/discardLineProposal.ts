import * as vscode from 'vscode';
import type { LineProposals } from '../lines/lineProposals';

/** Discard, on the diff of a line proposal: the diff closes, the file was never touched. */
export function discardLineProposalCommand(proposals: LineProposals): (target?: unknown) => Promise<void> {
  return async (target?: unknown) => {
    await proposals.discard(target instanceof vscode.Uri || typeof target === 'string' ? target : undefined);
  };
}
