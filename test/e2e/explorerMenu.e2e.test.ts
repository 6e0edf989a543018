import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { openWorkbench, screenshot, workspaceDir, type Workbench } from './workbench';

const ENTRY = 'Generate Samples…';

async function contextMenuEntries(page: Page, fileName: string): Promise<string[]> {
  const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: fileName }).first();
  await row.waitFor({ timeout: 30_000 });
  await row.click({ button: 'right' });
  const menu = page.locator('.context-view .monaco-menu');
  await menu.waitFor({ timeout: 10_000 });
  // Contributed entries appear once the extension host has read the manifests.
  await page.waitForTimeout(300);
  const labels = await menu.locator('.action-label').allTextContents();
  return labels.map((label) => label.trim()).filter((label) => label.length > 0);
}

describe('Explorer context menu', () => {
  let workbench: Workbench;
  before(async () => {
    writeFileSync(join(workspaceDir(), 'prepare.ts'), 'export const seeds = 1;\n');
    workbench = await openWorkbench();
  });
  after(async () => {
    await workbench.close();
    // The other suites show the workspace as the examples have it.
    rmSync(join(workspaceDir(), 'prepare.ts'), { force: true });
  });

  it('offers Generate Samples… on a .jsonl seed file', async () => {
    const { page } = workbench;
    let entries: string[] = [];
    // The first menu can open before the extension's contributions are registered.
    for (let attempt = 0; attempt < 20 && !entries.includes(ENTRY); attempt++) {
      await page.keyboard.press('Escape');
      entries = await contextMenuEntries(page, 'product-support.chat.jsonl');
      if (!entries.includes(ENTRY)) await page.waitForTimeout(500);
    }
    assert.ok(entries.includes(ENTRY), `menu: ${entries.join(' | ')}`);
    await screenshot(page, 'explorer-context-menu');
    await page.keyboard.press('Escape');
  });

  it('offers it on a .json file too, but not on a .ts file', async () => {
    const { page } = workbench;
    const json = await contextMenuEntries(page, 'expense-reimbursement.sharegpt.json');
    await page.keyboard.press('Escape');
    assert.ok(json.includes(ENTRY), `menu on .json: ${json.join(' | ')}`);
    const ts = await contextMenuEntries(page, 'prepare.ts');
    await page.keyboard.press('Escape');
    assert.ok(ts.length > 3, `the .ts menu opened: ${ts.join(' | ')}`);
    assert.ok(!ts.includes(ENTRY), `menu on .ts: ${ts.join(' | ')}`);
  });
});
