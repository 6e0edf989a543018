// Reads a dataset given as text, the way the extension reads an open editor's buffer.
import { bytesOf, loadDataset, type LoadedDataset, readDataset, type ReadDatasetOptions } from '../../../src/core/formats/datasetReader';
import type { Problem } from '../../../src/core/model/problem';

export function readText(text: string | Uint8Array, fileName: string, options: ReadDatasetOptions = {}, chunkSize?: number): Promise<LoadedDataset> {
  return loadDataset(readDataset(bytesOf(text, chunkSize), { fileName, ...options }));
}

/** Problems as `line:column code` strings, the shape most assertions compare. */
export function where(problems: readonly Problem[]): string[] {
  return problems.map((p) => `${p.line}:${p.column} ${p.code}`);
}
