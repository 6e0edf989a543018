import type { LineFixes } from '../lines/lineFixes';
import { lineTarget } from '../lines/lineTarget';

/** Seedling: Regenerate from Seed — a new sample from the seeds of the run the line came from, shown as a diff. */
export function regenerateLineCommand(fixes: LineFixes): (uri?: unknown, line?: unknown) => Promise<void> {
  return async (uri?: unknown, line?: unknown) => {
    const target = await lineTarget(uri, line);
    if (target) await fixes.regenerateLine(target.document, target.line);
  };
}
