// Launches Debian's Chromium through playwright-core, headless, with the flags that keep it
// off the network (this machine has none, and Chromium would keep trying).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { ensureChromium } from './tools';

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
] as const;

/** `args`: more Chromium flags, e.g. the benchmarks' uncapped frame rate. */
export async function launchBrowser(options: { width?: number; height?: number; locale?: string; args?: readonly string[] } = {}): Promise<BrowserContext> {
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'sdl-chr-')), {
    executablePath: ensureChromium(),
    headless: true,
    viewport: { width: options.width ?? 1400, height: options.height ?? 900 },
    ...(options.locale ? { locale: options.locale } : {}),
    args: [...CHROMIUM_FLAGS, ...(options.args ?? [])],
  });
}
