import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generateRunWithCli, openWorkbench, screenshot, setColorTheme, type Workbench } from './workbench';


describe('Runs view', () => {
  let workbench: Workbench;
  before(async () => {
    generateRunWithCli();
    workbench = await openWorkbench();
  });
  after(async () => {
    await workbench.close();
  });

  it('shows the run with its counts, and its candidates by status', async () => {
    const { page } = workbench;
    await setColorTheme(page, 'Dark Modern');
    await page.locator('.activitybar .action-item a[aria-label^="Seedling"]').click();
    const sidebar = page.locator('.part.sidebar');
    const run = sidebar.locator('.monaco-list-row', { hasText: 'classification · reviews-sentiment.zh.jsonl' });
    await run.waitFor({ timeout: 30_000 });
    assert.match((await run.textContent()) ?? '', /6 to review · 0 accepted · \$0\.0000/);
    await run.locator('.monaco-tl-twistie').click();
    const pending = sidebar.locator('.monaco-list-row', { hasText: 'Pending review' });
    await pending.waitFor();
    assert.match((await pending.textContent()) ?? '', /Pending review\s*6/);
    await pending.locator('.monaco-tl-twistie').click();
    await sidebar.locator('.monaco-list-row .label-description', { hasText: /★ \d\.\d/ }).first().waitFor();
    await page.mouse.move(700, 400);
    await screenshot(page, 'runs-dark');
    await setColorTheme(page, 'Light Modern');
    await screenshot(page, 'runs-light');
    await setColorTheme(page, 'Dark High Contrast');
    await screenshot(page, 'runs-hc');
    await setColorTheme(page, 'Light Modern');
  });
});
