import * as vscode from 'vscode';
import { LlmError } from '../../core/llm/llmErrors';

/** What a cancellable task gets: its progress to report, and the signal that stops its requests. */
export type CancellableTask<T> = (progress: vscode.Progress<{ message?: string; increment?: number }>, signal: AbortSignal) => Promise<T>;

/** Whether an error is only the echo of a cancellation. */
export function isCancellation(error: unknown, signal: AbortSignal): boolean {
  return signal.aborted || (error instanceof LlmError && error.reason === 'cancelled') || (error instanceof Error && error.name === 'AbortError');
}

/**
 * Runs a task under a cancellable progress notification. Cancelling it, or aborting `signal`,
 * aborts the task's requests; the task's result is then dropped and undefined comes back, so a
 * cancelled action changes nothing.
 */
export async function withCancellableProgress<T>(title: string, signal: AbortSignal | undefined, task: CancellableTask<T>): Promise<T | undefined> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    const controller = new AbortController();
    const abort = (): void => {
      controller.abort();
    };
    const cancelled = token.onCancellationRequested(abort);
    if (signal?.aborted === true) controller.abort();
    signal?.addEventListener('abort', abort, { once: true });
    try {
      const result = await task(progress, controller.signal);
      return controller.signal.aborted ? undefined : result;
    } catch (error) {
      if (isCancellation(error, controller.signal)) return undefined;
      throw error;
    } finally {
      cancelled.dispose();
      signal?.removeEventListener('abort', abort);
    }
  });
}
