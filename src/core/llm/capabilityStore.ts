// What endpoints turned out to support, per endpoint and model, remembered across runs so a
// fallback is learned once (a 400 for json_schema, n ignored) and not paid for again.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { writeFileAtomic } from '../runs/atomicFile';
import type { ProviderCapabilities } from './providers';

const learned = z.record(
  z.string(),
  z.object({
    jsonSchema: z.boolean().optional(),
    jsonObject: z.boolean().optional(),
    jsonObjectNeedsWordJson: z.boolean().optional(),
    honoursN: z.boolean().optional(),
    embeddings: z.boolean().optional(),
    streamUsage: z.boolean().optional(),
    maxCompletionTokens: z.boolean().optional(),
    promptLogprobs: z.boolean().optional(),
  }),
);

export type LearnedCapabilities = Partial<ProviderCapabilities>;

export class CapabilityStore {
  private readonly entries = new Map<string, LearnedCapabilities>();
  private saving: Promise<void> = Promise.resolve();

  /** `file` persists what is learned; without it the store lives in memory only. */
  constructor(private readonly file?: string) {}

  /** Loads what earlier runs learned; a missing or damaged file is an empty store. */
  static async load(file: string): Promise<CapabilityStore> {
    const store = new CapabilityStore(file);
    try {
      const parsed = learned.safeParse(JSON.parse(await readFile(file, 'utf8')));
      if (parsed.success) {
        for (const [key, value] of Object.entries(parsed.data)) {
          store.entries.set(key, Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)));
        }
      }
    } catch {
      // nothing learned yet
    }
    return store;
  }

  private static key(endpoint: string, model: string): string {
    return `${endpoint} ${model}`;
  }

  get(endpoint: string, model: string): LearnedCapabilities | undefined {
    return this.entries.get(CapabilityStore.key(endpoint, model));
  }

  set(endpoint: string, model: string, capabilities: LearnedCapabilities): void {
    const key = CapabilityStore.key(endpoint, model);
    this.entries.set(key, { ...this.entries.get(key), ...capabilities });
    const file = this.file;
    if (file === undefined) return;
    const snapshot = JSON.stringify(Object.fromEntries(this.entries), null, 2);
    this.saving = this.saving.then(() => writeFileAtomic(file, `${snapshot}\n`, { durable: false })).catch(() => undefined);
  }

  /** Waits until what was learned is on disk. */
  flush(): Promise<void> {
    return this.saving;
  }
}
