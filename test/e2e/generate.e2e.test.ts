import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Frame } from 'playwright-core';
import { explorerMenu, openWorkbench, screenshot, setColorTheme, webviewFrame, type Workbench, workspaceDir } from './workbench';

const ENTRY = 'Generate Samples…';
const SEED = 'product-support.chat.jsonl';

describe('Generate panel', () => {
  let workbench: Workbench;
  const settingsFile = (): string => join(workspaceDir(), '.vscode', 'settings.json');
  let settingsBefore: string | undefined;
  before(async () => {
    settingsBefore = existsSync(settingsFile()) ? readFileSync(settingsFile(), 'utf8') : undefined;
    workbench = await openWorkbench();
  });
  after(async () => {
    await workbench.close();
    // Leave the shared workspace as the other suites expect it: no runs, no endpoint settings.
    rmSync(join(workspaceDir(), '.seedling'), { recursive: true, force: true });
    if (settingsBefore === undefined) rmSync(settingsFile(), { force: true });
    else writeFileSync(settingsFile(), settingsBefore);
  });

  it('opens from the Explorer, estimates, runs against the test endpoint and lists the run', async () => {
    const { page } = workbench;
    const baseUrl = process.env['LLM_BASE_URL'];
    assert.ok(baseUrl, 'LLM_BASE_URL: run the end-to-end tests through npm run test:e2e');
    await setColorTheme(page, 'Light Modern');
    await explorerMenu(page, SEED, ENTRY);
    await page.locator('.tab', { hasText: `Generate: ${SEED}` }).waitFor({ timeout: 30_000 });
    const view: Frame = await webviewFrame(page, 'generate');
    await view.locator('#seed-format').waitFor({ timeout: 30_000 });
    assert.match((await view.locator('#seed-format').textContent()) ?? '', /OpenAI chat/);
    assert.match((await view.locator('#seed-records').textContent()) ?? '', /15 records/);

    await view.locator('#provider').selectOption('custom');
    await view.locator('#base-url').fill(baseUrl);
    await view.locator('#base-url').press('Tab');
    await view.locator('#strategy').selectOption('self-instruct');
    assert.ok(((await view.locator('#strategy-description').textContent()) ?? '').length > 10, 'the strategy is explained');
    await view.locator('#count').fill('4');
    await view.locator('#models').fill('seedling-test-large');
    await view.locator('#judge-models').fill('seedling-judge');
    // Enter in a field does not start anything.
    await view.locator('#judge-models').press('Enter');
    await view.locator('#estimate-cost').waitFor({ timeout: 30_000 });
    assert.match((await view.locator('#estimate').textContent()) ?? '', /tasks · \d+ requests/);
    assert.equal(await view.locator('#run-status, #run-done').count(), 0, 'nothing started on Enter');

    // The rubric the judge will use, with its criteria and where it comes from.
    await view.locator('#rubric-summary').scrollIntoViewIfNeeded();
    assert.match((await view.locator('#rubric-summary').textContent()) ?? '', /“instruction” rubric; a candidate passes at \d(\.\d)? or above/);
    assert.ok((await view.locator('#rubric-criteria li').count()) > 0);
    assert.ok((await view.locator('vscode-button#customize-rubric').count()) === 1);
    await page.mouse.move(5, 400);
    await screenshot(page, 'generate-rubric-light');
    await view.locator('h1').scrollIntoViewIfNeeded();
    await page.mouse.move(5, 400);
    await screenshot(page, 'generate-light');
    await setColorTheme(page, 'Dark Modern');
    await screenshot(page, 'generate-dark');
    await setColorTheme(page, 'Dark High Contrast');
    await screenshot(page, 'generate-hc');
    await setColorTheme(page, 'Dark Modern');

    const panel = await webviewFrame(page, 'generate');
    await panel.locator('vscode-button#start').click();
    const done = panel.locator('#run-done');
    await done.waitFor({ timeout: 120_000 });
    assert.match((await done.textContent()) ?? '', /4 of 4/);
    await panel.locator('vscode-button#open-review').waitFor();
    await screenshot(page, 'generate-done');

    await page.locator('.activitybar .action-item a[aria-label^="Seedling"]').click();
    const run = page.locator('.part.sidebar .monaco-list-row', { hasText: `self-instruct · ${SEED}` });
    await run.waitFor({ timeout: 30_000 });
  });
});
