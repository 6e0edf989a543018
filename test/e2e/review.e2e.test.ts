import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openWorkbench, runCommand, screenshot, setColorTheme, webviewFrame, type Workbench } from './workbench';

describe('Review panel in VS Code', () => {
  let workbench: Workbench;
  before(async () => {
    workbench = await openWorkbench();
  });
  after(async () => {
    await workbench.close();
  });

  it('opens from the command palette and shows the state received through the handshake', async () => {
    const { page } = workbench;
    await setColorTheme(page, 'Dark Modern');
    await runCommand(page, 'Seedling: Open Review');
    await page.locator('.tab', { hasText: 'Seedling Review' }).waitFor({ timeout: 30_000 });
    const view = await webviewFrame(page, 'review');
    // Everything below is rendered from the `init` message: before it, only a spinner shows.
    await view.locator('#empty-state').waitFor({ timeout: 30_000 });
    assert.equal(await view.locator('h1').textContent(), 'Review');
    assert.equal(await view.locator('#empty-state h2').textContent(), 'No runs yet');
    assert.match((await view.locator('.facts').textContent()) ?? '', /Workspace:\s*workspace/);
    assert.match((await view.locator('.view-footer').textContent()) ?? '', /^Seedling \d+\.\d+\.\d+$/);
    // The toolkit's button rendered as a custom element with its shadow DOM.
    const button = view.locator('vscode-button#generate');
    await button.waitFor();
    assert.equal(await button.evaluate((el) => el.shadowRoot !== null), true);
    await screenshot(page, 'review-dark');
    await setColorTheme(page, 'Light Modern');
    await screenshot(page, 'review-light');
  });

  it('runs under a CSP that blocks inline script', async () => {
    const view = await webviewFrame(workbench.page, 'review');
    const blocked = await view.locator('body').evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true';
      document.body.append(script);
      return !(window as unknown as { __inlineRan?: boolean }).__inlineRan;
    });
    assert.equal(blocked, true, 'an inline script without the nonce does not run');
  });
});
