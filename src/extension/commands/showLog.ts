import type { OutputChannelLogger } from '../outputChannelLogger';

/** Seedling: Show Log — reveals the Seedling output channel. */
export function showLogCommand(log: OutputChannelLogger): () => void {
  return () => {
    log.show();
  };
}
