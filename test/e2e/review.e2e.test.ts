import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generateRunWithCli, openWorkbench, runCommand, screenshot, setColorTheme, webviewFrame, type Workbench, workspaceDir } from './workbench';


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

describe('Review panel on a run', () => {
  let workbench: Workbench | undefined;
  before(async () => {
    generateRunWithCli();
    workbench = await openWorkbench();
  });
  after(async () => {
    await workbench?.close();
    // The other end-to-end tests expect a workspace without runs.
    rmSync(join(workspaceDir(), '.seedling'), { recursive: true, force: true });
  });

  it('lists the candidates, decides and moves with the keyboard, undoes, and shows the diff against the seed', async () => {
    assert.ok(workbench);
    const { page } = workbench;
    await setColorTheme(page, 'Light Modern');
    await runCommand(page, 'Seedling: Open Review');
    await page.locator('.tab', { hasText: 'Review: classification · reviews-sentiment.zh.jsonl' }).waitFor({ timeout: 30_000 });
    const view = await webviewFrame(page, 'review');
    await view.locator('#row-5').waitFor({ timeout: 30_000 });
    assert.equal(await view.locator('.rv-row').count(), 6);
    assert.match((await view.locator('#showing').textContent()) ?? '', /^6 of \d+ candidates shown$/);
    await view.locator('#row-0').click();
    await view.locator('#row-0[aria-selected="true"]').waitFor();
    await view.locator('#detail-id').waitFor();

    await page.keyboard.press('a');
    await view.locator('#row-0[data-status="accepted"]').waitFor({ timeout: 10_000 });
    await view.locator('#row-1[aria-selected="true"]').waitFor();
    await page.keyboard.press('r');
    await view.locator('#row-1[data-status="rejected"]').waitFor({ timeout: 10_000 });
    await page.keyboard.press('u');
    await view.locator('#row-1[data-status="pending"]').waitFor({ timeout: 10_000 });
    assert.equal(await view.locator('#row-0').getAttribute('data-status'), 'accepted');
    assert.equal((await view.locator('#chip-accepted .rv-count').textContent()), '1');

    await view.locator('#row-0').click();
    await view.locator('#detail-status').waitFor();
    const marks = await view.locator('#detail .rv-diff ins, #detail .rv-diff del').count();
    assert.ok(marks > 0, 'the candidate is shown as changes against its seed');
    await page.keyboard.press('j');
    await view.locator('#row-1[aria-selected="true"]').waitFor({ timeout: 10_000 });
    await page.keyboard.press('k');
    await view.locator('#row-0[aria-selected="true"]').waitFor({ timeout: 10_000 });
    await view.locator('#keyboard-help summary').click();
    await page.mouse.move(5, 300);
    await screenshot(page, 'review-run-light');
    await setColorTheme(page, 'Dark Modern');
    await screenshot(page, 'review-run-dark');
    await setColorTheme(page, 'Dark High Contrast');
    await screenshot(page, 'review-run-hc');
    await setColorTheme(page, 'Dark Modern');

    // A reload restores the panel on the same run, filter and selection (panel serializer).
    await view.locator('#row-2').click();
    await view.locator('#row-2[aria-selected="true"]').waitFor();
    const selected = await view.locator('#row-2').getAttribute('data-id');
    await runCommand(page, 'Developer: Reload Window');
    await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60_000 });
    await page.locator('.tab', { hasText: 'Review: classification · reviews-sentiment.zh.jsonl' }).waitFor({ timeout: 30_000 });
    const restored = await webviewFrame(page, 'review');
    assert.ok(selected);
    // Rows decided before the reload have left the pending view; the selection is the same candidate.
    await restored.locator(`.rv-row[data-id="${selected}"][aria-selected="true"]`).waitFor({ timeout: 30_000 });
    await restored.locator('#detail-id', { hasText: selected }).waitFor();
    assert.equal(await restored.locator('#chip-pending').getAttribute('aria-pressed'), 'true');
    assert.equal(await restored.locator('#chip-accepted .rv-count').textContent(), '1');
  });
});
