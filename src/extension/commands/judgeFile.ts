import type { FileJudging } from '../lines/fileJudging';
import { fileTarget } from '../lines/lineTarget';

/** Seedling: Judge Whole File — every line of the dataset that has no verdict yet. */
export function judgeFileCommand(judging: FileJudging): (uri?: unknown) => Promise<void> {
  return async (uri?: unknown) => {
    const document = await fileTarget(uri);
    if (document) await judging.judgeFile(document);
  };
}
