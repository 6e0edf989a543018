/** File extensions Seedling reads seed datasets from, lower case, with the dot. */
export const SEED_FILE_EXTENSIONS = ['.jsonl', '.json', '.csv'] as const;

/** Whether a path names a file Seedling can read as a seed dataset. */
export function isSeedFilePath(path: string): boolean {
  const lower = path.toLowerCase();
  return SEED_FILE_EXTENSIONS.some((extension) => lower.endsWith(extension));
}
