import type { LineFixes } from '../lines/lineFixes';
import { lineTarget } from '../lines/lineTarget';

/** Seedling: Judge This Line — the judge's verdict on the record under the cursor, kept for its content. */
export function judgeLineCommand(fixes: LineFixes): (uri?: unknown, line?: unknown) => Promise<void> {
  return async (uri?: unknown, line?: unknown) => {
    const target = await lineTarget(uri, line);
    if (target) await fixes.judgeLine(target.document, target.line);
  };
}
