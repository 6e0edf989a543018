// Crash-safe whole-file writes: readers see either the old content or the new, never a mix.
import { randomBytes } from 'node:crypto';
import { open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The file-system calls writeFileAtomic may have replaced, so tests can simulate locked files. */
export interface AtomicWriteFs {
  readonly rename: (oldPath: string, newPath: string) => Promise<void>;
}

export interface WriteFileAtomicOptions {
  /** How many times a rename refused by a transient lock is tried again (default 4: 5 attempts in all). */
  readonly retries?: number;
  /** Permission bits of the file; by default those of the file being replaced, or 0o666 minus the umask. */
  readonly mode?: number;
  readonly fs?: AtomicWriteFs;
  /**
   * Flush to disk before and after the rename (default true). A cache can skip it: losing
   * an entry to a power cut costs a request, and the rename still keeps entries whole.
   */
  readonly durable?: boolean;
}

/** The `code` of a Node system error, when it has one. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

// Windows reports these while an antivirus, indexer or editor briefly holds the target open.
const TRANSIENT_RENAME_ERRORS = new Set(['EPERM', 'EBUSY', 'EACCES']);
// Platforms (Windows, some network file systems) that cannot open or fsync a directory say so with these.
const UNSUPPORTED_DIRECTORY_SYNC = new Set(['EISDIR', 'EINVAL', 'EPERM', 'EACCES', 'ENOTSUP']);
const DEFAULT_RETRIES = 4;
const BACKOFF_MS = 15;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Replaces `path` with `data` through a temp file in the same directory (a rename is atomic only
 * within one file system), fsyncing the data before the rename and the directory after it, so a
 * crash at any moment leaves either the old file or the complete new one.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: WriteFileAtomicOptions = {}): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const renameFile = options.fs?.rename ?? rename;
  const retries = Math.max(0, options.retries ?? DEFAULT_RETRIES);
  const mode = options.mode ?? (await existingMode(path));
  try {
    // 'wx': never follow or clobber something already at the temp name.
    const handle = await open(temp, 'wx', mode);
    try {
      await handle.writeFile(data);
      if (options.durable !== false) await handle.sync();
    } finally {
      await handle.close();
    }
    for (let attempt = 0; ; attempt++) {
      try {
        await renameFile(temp, path);
        break;
      } catch (error) {
        const code = errorCode(error);
        if (attempt >= retries || code === undefined || !TRANSIENT_RENAME_ERRORS.has(code)) throw error;
        await sleep(BACKOFF_MS * 2 ** attempt);
      }
    }
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  if (options.durable !== false) await syncDirectory(dir);
}

/** The content of a UTF-8 file, or undefined when there is no such file. */
export async function readFileIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
}

async function existingMode(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).mode & 0o7777;
  } catch {
    return undefined;
  }
}

/** Makes the rename itself durable; a no-op where directories cannot be synced. */
async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (error) {
    const code = errorCode(error);
    if (code === undefined || !UNSUPPORTED_DIRECTORY_SYNC.has(code)) throw error;
  } finally {
    await handle?.close();
  }
}
