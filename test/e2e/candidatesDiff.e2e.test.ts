// The native review path: a run's candidates as JSONL in VS Code's diff editor against the
// output dataset, each line with its scores after it and Accept / Reject / Fix above it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { journalOfTheRun, openWorkbenchOnARun, runCommand, screenshot, setColorTheme, webviewFrame, type Workbench } from './workbench';

describe('Candidates in the diff editor', () => {
  let workbench: Workbench | undefined;
  before(async () => {
    workbench = await openWorkbenchOnARun();
  });
  after(async () => {
    await workbench?.close();
  });

  it('shows the candidates as additions with their scores, and Accept and Fix above a line act on the journal', async () => {
    assert.ok(workbench);
    const { page } = workbench;
    await setColorTheme(page, 'Light Modern');
    await runCommand(page, 'Seedling: Open Candidates in Diff Editor');
    await page.locator('.tab', { hasText: 'candidates' }).first().waitFor({ timeout: 30_000 });
    // The diff editor hides CodeLens by default: Seedling asks once to show them.
    const turnOn = page.locator('.notifications-toasts .monaco-button', { hasText: 'Show CodeLens in Diffs' });
    await turnOn.waitFor({ timeout: 30_000 });
    await turnOn.click();
    const accept = page.locator('.monaco-diff-editor .codelens-decoration a', { hasText: 'Accept' });
    await accept.first().waitFor({ timeout: 30_000 });
    const pendingLines = await accept.count();
    assert.ok(pendingLines > 0, 'a lens above each pending candidate');
    // The scores follow each candidate line (an after-line decoration, drawn by CSS).
    const scored = await page.locator('.monaco-diff-editor .modified-in-monaco-diff-editor .view-line span[class*="ced-"]').count();
    assert.ok(scored > 0, 'score decorations after the candidate lines');
    await page.mouse.move(5, 300);
    await screenshot(page, 'candidates-diff-light');
    await setColorTheme(page, 'Dark Modern');
    await screenshot(page, 'candidates-diff-dark');
    await setColorTheme(page, 'Dark High Contrast');
    await screenshot(page, 'candidates-diff-hc');
    await setColorTheme(page, 'Light Modern');

    const acceptedBefore = [...(await journalOfTheRun()).values()].filter((c) => c.status === 'accepted').length;
    await accept.first().click();
    await page.waitForFunction(
      (count) => document.querySelectorAll('.monaco-diff-editor .codelens-decoration a').length > 0 && [...document.querySelectorAll('.monaco-diff-editor .codelens-decoration a')].filter((a) => a.textContent.includes('Accept')).length === count,
      pendingLines - 1,
      { timeout: 20_000 },
    );
    const accepted = [...(await journalOfTheRun()).values()].filter((c) => c.status === 'accepted');
    assert.equal(accepted.length, acceptedBefore + 1);
    assert.equal(accepted.at(-1)?.decidedBy, 'user');

    // Fix opens the candidate in the Review panel with the model's proposal to apply.
    await page.locator('.monaco-diff-editor .codelens-decoration a', { hasText: 'Fix with critique' }).first().click();
    const review = await webviewFrame(page, 'review', 30_000, '[data-layout="panel"]');
    await review.locator('#apply-revision').waitFor({ timeout: 60_000 });
    const fixedId = await review.locator('#detail-id').textContent();
    assert.ok(fixedId);
    await review.locator('#apply-revision').click();
    await review.locator('#detail .rv-edited').waitFor({ timeout: 10_000 });
    assert.equal((await journalOfTheRun()).get(fixedId)?.edited, true);
  });
});
