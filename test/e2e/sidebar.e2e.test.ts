import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openWorkbench, renderedWebviewFrame, runCommand, screenshot, setColorTheme, type Workbench, workspaceDir } from './workbench';

describe('Seedling sidebar', () => {
  let workbench: Workbench;
  before(async () => {
    // The empty state: no run in the workspace (another test may have made one).
    rmSync(join(workspaceDir(), '.seedling'), { recursive: true, force: true });
    workbench = await openWorkbench();
  });
  after(async () => {
    await workbench.close();
  });

  it('shows the Runs view with its welcome and the Dataset Health webview', async () => {
    const { page } = workbench;
    await setColorTheme(page, 'Dark Modern');
    const container = page.locator('.activitybar .action-item a[aria-label^="Seedling"]');
    await container.waitFor({ timeout: 30_000 });
    await container.click();
    const sidebar = page.locator('.part.sidebar');
    await sidebar.locator('.pane-header', { hasText: 'Runs' }).waitFor();
    // No run exists in the example workspace: the welcome explains how to start one.
    const welcome = sidebar.locator('.welcome-view-content');
    await welcome.waitFor({ timeout: 30_000 });
    // The welcome shows while the view loads, too: it must still be there once it has loaded.
    await page.waitForTimeout(1500);
    assert.equal(await welcome.isVisible(), true);
    assert.equal(await sidebar.locator('.monaco-list-row', { hasText: ' · ' }).count(), 0, 'no run is listed');
    assert.match((await welcome.textContent()) ?? '', /No runs yet/);
    assert.ok(await welcome.locator('a, .monaco-button', { hasText: 'Generate Samples…' }).count() > 0);
    // The Dataset Health webview answers the handshake with its initial state.
    const health = await renderedWebviewFrame(page, 'health', '', () => runCommand(page, 'View: Show Seedling'), { selector: '#health-empty', text: 'Select a run or a dataset file' });
    assert.match((await health.locator('#health-empty').textContent()) ?? '', /Select a run or a dataset file/);
    await screenshot(page, 'sidebar-dark');
    await setColorTheme(page, 'Light Modern');
    await screenshot(page, 'sidebar-light');
    await setColorTheme(page, 'Dark High Contrast');
    await screenshot(page, 'sidebar-hc');
    await setColorTheme(page, 'Light Modern');
  });
});
