import type { LineFixes } from '../lines/lineFixes';
import { lineTarget } from '../lines/lineTarget';

/** Seedling: Rewrite with Critique — a rewrite of the line under the cursor, shown as a diff to apply or discard. */
export function rewriteLineCommand(fixes: LineFixes): (uri?: unknown, line?: unknown) => Promise<void> {
  return async (uri?: unknown, line?: unknown) => {
    const target = await lineTarget(uri, line);
    if (target) await fixes.rewriteLine(target.document, target.line);
  };
}
