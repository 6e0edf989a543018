// LLM answers on disk, keyed by a hash of everything that changes the output. A hit makes
// no network call; only complete answers are stored, never truncated or failed ones, and
// never anything that identifies the API key.
import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { canonicalJson } from '../model/contentHash';
import { writeFileAtomic } from '../runs/atomicFile';

const cachedChoice = z.object({
  text: z.string(),
  finishReason: z.enum(['stop', 'length', 'content_filter', 'tool_calls', 'incomplete']),
  truncated: z.boolean(),
});

export const cachedChat = z.object({
  v: z.literal(1),
  model: z.string(),
  choices: z.array(cachedChoice),
  usage: z.object({ promptTokens: z.number(), completionTokens: z.number() }),
  createdAt: z.string(),
});
export type CachedChat = z.infer<typeof cachedChat>;

export interface ResponseCache {
  get(key: string): Promise<CachedChat | undefined>;
  put(key: string, value: CachedChat): Promise<void>;
}

/** The cache key: a SHA-256 of the canonical form of what determines the answer. */
export function requestKey(parts: Readonly<Record<string, unknown>>): string {
  return createHash('sha256').update(canonicalJson(parts)).digest('hex');
}

/** One small JSON file per answer, in 256 folders by the key's first two hex digits. */
export class DiskResponseCache implements ResponseCache {
  constructor(readonly root: string) {}

  private path(key: string): string {
    if (!/^[0-9a-f]{64}$/.test(key)) throw new Error(`not a cache key: ${key}`);
    return join(this.root, key.slice(0, 2), `${key}.json`);
  }

  async get(key: string): Promise<CachedChat | undefined> {
    let text: string;
    try {
      text = await readFile(this.path(key), 'utf8');
    } catch {
      return undefined;
    }
    try {
      const parsed = cachedChat.safeParse(JSON.parse(text));
      // A damaged entry is a miss: the request is simply sent again.
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  async put(key: string, value: CachedChat): Promise<void> {
    if (value.choices.some((choice) => choice.truncated)) return;
    const path = this.path(key);
    await mkdir(join(this.root, key.slice(0, 2)), { recursive: true });
    await writeFileAtomic(path, JSON.stringify(value), { durable: false });
  }
}

/** A cache in memory, for tests and for runs that should not touch the disk. */
export class MemoryResponseCache implements ResponseCache {
  private readonly entries = new Map<string, CachedChat>();

  get(key: string): Promise<CachedChat | undefined> {
    return Promise.resolve(this.entries.get(key));
  }

  put(key: string, value: CachedChat): Promise<void> {
    if (!value.choices.some((choice) => choice.truncated)) this.entries.set(key, value);
    return Promise.resolve();
  }

  get size(): number {
    return this.entries.size;
  }
}
