import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { openWorkbench, runCommand, screenshot, setColorTheme, type Workbench } from './workbench';

const STEPS = ['Start from a seed file', 'Set up a provider and its API key', 'Review with the keyboard', 'Save the accepted samples', 'Check the dataset\'s health'];

/** Opens the walkthrough through Seedling: Get Started and expands the provider step, with its button and its media. */
async function showProviderStep(page: Page): Promise<void> {
  await runCommand(page, 'Seedling: Get Started');
  const walkthrough = page.locator('.gettingStartedContainer');
  await walkthrough.locator('.getting-started-category .category-title', { hasText: 'Get Started with Seedling' }).first().waitFor({ timeout: 30_000 });
  for (const title of STEPS) await walkthrough.locator('.getting-started-step .step-title', { hasText: title }).first().waitFor();
  const provider = walkthrough.locator('.getting-started-step', { hasText: STEPS[1] ?? '' });
  await provider.locator('.step-title').click();
  const setKey = provider.locator('.monaco-button', { hasText: 'Set API Key' });
  await setKey.waitFor();
  assert.equal(await setKey.isVisible(), true);
  // The step's markdown media renders in a webview beside the steps.
  await page.waitForFunction(() => [...document.querySelectorAll('iframe')].some((frame) => frame.closest('.gettingStartedContainer') !== null), undefined, { timeout: 30_000 });
  await page.waitForTimeout(1500);
  await page.mouse.move(5, 300);
}

describe('Get Started walkthrough', () => {
  let workbench: Workbench;
  before(async () => {
    workbench = await openWorkbench();
  });
  after(async () => {
    await workbench.close();
  });

  it('opens from Seedling: Get Started with its five steps, their buttons and media, in dark, light and high-contrast themes', async () => {
    const { page } = workbench;
    // Escape, which switching themes presses, leaves a walkthrough: open it after each switch.
    await showProviderStep(page);
    await setColorTheme(page, 'Dark Modern');
    await showProviderStep(page);
    await screenshot(page, 'walkthrough-dark');
    await setColorTheme(page, 'Light Modern');
    await showProviderStep(page);
    await screenshot(page, 'walkthrough-light');
    await setColorTheme(page, 'Light High Contrast');
    await showProviderStep(page);
    await screenshot(page, 'walkthrough-hc-light');
    await setColorTheme(page, 'Light Modern');
  });
});
