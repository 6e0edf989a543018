import * as vscode from 'vscode';

/** The walkthrough contributed in package.json, as VS Code names it: `<publisher>.<name>#<id>`. */
export const WALKTHROUGH_ID = 'seedling.seedling#seedling.getStarted';

/** Seedling: Get Started — opens the Get Started walkthrough, for those who closed it. */
export function openWalkthroughCommand(): () => Promise<void> {
  return async () => {
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_ID, false);
  };
}
