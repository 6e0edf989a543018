import * as vscode from 'vscode';
import type { OutputChannelLogger } from './outputChannelLogger';

/**
 * Wraps a command so that a failure is logged and shown to the user with a way to the
 * log, never swallowed.
 */
export function reportingErrors<Args extends unknown[]>(
  log: OutputChannelLogger,
  commandId: string,
  handler: (...args: Args) => unknown,
): (...args: Args) => Promise<void> {
  return async (...args: Args) => {
    try {
      await handler(...args);
    } catch (error: unknown) {
      const detail = error instanceof Error ? error.message : String(error);
      log.error(`${commandId} failed: ${error instanceof Error && error.stack ? error.stack : detail}`);
      const showLog = vscode.l10n.t('Show Log');
      const choice = await vscode.window.showErrorMessage(
        vscode.l10n.t('Seedling: {0}', detail),
        showLog,
      );
      if (choice === showLog) log.show();
    }
  };
}
