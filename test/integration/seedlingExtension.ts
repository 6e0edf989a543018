// Access to the Seedling extension under test, for the suites in this folder.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SeedlingApi } from '../../src/extension/api';

export const EXTENSION_ID = 'seedling.seedling';

export async function activateSeedling(): Promise<{ extension: vscode.Extension<SeedlingApi>; api: SeedlingApi }> {
  const extension = vscode.extensions.getExtension<SeedlingApi>(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is installed`);
  const api = await extension.activate();
  return { extension, api };
}

/** Waits until `condition` holds, polling; fails with `what` after `timeoutMs`. */
export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`timed out waiting for ${what}`);
}
