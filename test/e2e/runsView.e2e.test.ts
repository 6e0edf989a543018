import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openWorkbench, screenshot, setColorTheme, type Workbench, workspaceDir } from './workbench';

const ROOT = join(__dirname, '..', '..', '..');

describe('Runs view', () => {
  let workbench: Workbench;
  before(async () => {
    // A real run, made by the CLI against the local test LLM server, in the test workspace.
    const baseUrl = process.env['LLM_BASE_URL'];
    assert.ok(baseUrl, 'LLM_BASE_URL: run the end-to-end tests through npm run test:e2e');
    const result = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'generate', join(workspaceDir(), 'reviews-sentiment.zh.jsonl'), '--strategy', 'classification', '--count', '6', '--model', 'seedling-test-large', '--judge-model', 'seedling-judge', '--workspace', workspaceDir(), '--no-cache'], {
      env: { ...process.env, OPENAI_BASE_URL: baseUrl, OPENAI_API_KEY: 'e2e-test-key' },
      encoding: 'utf8',
    });
    assert.equal(result.status, 0, result.stderr + result.stdout);
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
  });
});
