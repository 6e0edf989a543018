import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { journalOfTheRun, openWorkbench, openWorkbenchOnARun, reloadWindowUntil, renderedWebviewFrame, runCommand, screenshot, setColorTheme, webviewFrame, type Workbench, workspaceDir } from './workbench';

const PANEL = '[data-layout="panel"]';
const OUTPUT = 'reviews-sentiment.zh.synthetic.jsonl';
const SIDEBAR = '[data-layout="sidebar"]';


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
    await setColorTheme(page, 'Dark High Contrast');
    await screenshot(page, 'review-hc');
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
  const output = (): string => join(workspaceDir(), OUTPUT);
  before(async () => {
    workbench = await openWorkbenchOnARun([OUTPUT]);
  });
  after(async () => {
    await workbench?.close();
  });

  it('lists the candidates, decides and moves with the keyboard, undoes, and shows the diff against the seed', async () => {
    assert.ok(workbench);
    const { page } = workbench;
    await setColorTheme(page, 'Light Modern');
    await runCommand(page, 'Seedling: Open Review');
    await page.locator('.tab', { hasText: 'Review: classification · reviews-sentiment.zh.jsonl' }).waitFor({ timeout: 30_000 });
    const view = await webviewFrame(page, 'review', 30_000, PANEL);
    await view.locator('#row-5').waitFor({ timeout: 30_000 });
    // The panel renders again when the run's journal settles; count once it has.
    await view.waitForFunction(() => document.querySelectorAll('.rv-row').length === 6 && /^6 of \d+ candidates shown$/.test(document.getElementById('showing')?.textContent ?? ''), undefined, { timeout: 10_000 });
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
    // D opens VS Code's own diff editor on the seed and the candidate; the panel comes back to front after.
    const selectedId = await view.locator('#row-0').getAttribute('data-id');
    await page.keyboard.press('d');
    await page.locator('.tab', { hasText: `Candidate ${selectedId ?? ''}` }).waitFor({ timeout: 20_000 });
    await page.locator('.tab', { hasText: 'Review: classification · reviews-sentiment.zh.jsonl' }).click();
    await view.locator('#row-0').click();
    await view.locator('#keyboard-help summary').click();
    await page.mouse.move(5, 300);
    await screenshot(page, 'review-run-light');
    await setColorTheme(page, 'Dark Modern');
    await screenshot(page, 'review-run-dark');
    await setColorTheme(page, 'Dark High Contrast');
    await screenshot(page, 'review-run-hc');
    await setColorTheme(page, 'Dark Modern');
  });

  it('fixes one with the critique (seen as a diff first), edits one, and saves exactly the accepted samples in the seed’s format', async () => {
    assert.ok(workbench);
    const { page } = workbench;
    await setColorTheme(page, 'Light Modern');
    const view = await webviewFrame(page, 'review', 30_000, PANEL);
    await view.locator('#row-0').waitFor({ timeout: 30_000 });

    // Fix: F asks the model; the proposal shows as a diff with its new score; Enter applies it.
    const target = await view.locator('#row-0').getAttribute('data-id');
    assert.ok(target);
    await view.locator('#row-0').click();
    await view.locator('#detail-id', { hasText: target }).waitFor();
    await page.keyboard.press('f');
    await view.locator('#apply-revision').waitFor({ timeout: 60_000 });
    assert.match((await view.locator('#proposal-score').textContent()) ?? '', /→ \d/);
    assert.ok((await view.locator('#proposal-fields .rv-diff ins, #proposal-fields .rv-diff del').count()) > 0, 'the fix is shown as changes');
    await page.mouse.move(5, 300);
    await screenshot(page, 'review-fix-light');
    await setColorTheme(page, 'Dark Modern');
    await screenshot(page, 'review-fix-dark');
    await setColorTheme(page, 'Dark High Contrast');
    await screenshot(page, 'review-fix-hc');
    await setColorTheme(page, 'Light Modern');
    await view.locator('#detail').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Enter');
    await view.locator('#proposal').waitFor({ state: 'detached', timeout: 10_000 });
    await view.locator('#detail .rv-edited').waitFor({ timeout: 10_000 });
    const fixed = (await journalOfTheRun()).get(target);
    assert.equal(fixed?.edited, true, 'the fix is in the journal');
    await page.keyboard.press('a');
    await view.locator(`.rv-row[data-id="${target}"][data-status="accepted"]`).waitFor({ timeout: 10_000 });

    // Edit: E opens the record; an invalid one is refused, a valid one saved with Ctrl+Enter.
    const editedId = await view.locator('.rv-row[data-status="pending"]').first().getAttribute('data-id');
    assert.ok(editedId);
    await view.locator(`.rv-row[data-id="${editedId}"]`).click();
    await view.locator('#detail-id', { hasText: editedId }).waitFor();
    await page.keyboard.press('e');
    const area = view.locator('#edit-record');
    await area.waitFor();
    const record = JSON.parse(await area.inputValue()) as Record<string, unknown>;
    await area.fill('{ "text": ');
    await area.press('Control+Enter');
    await view.locator('#edit-errors').waitFor({ timeout: 10_000 });
    await area.fill(JSON.stringify({ ...record, text: `${String(record['text'])}（已核对）` }, null, 2));
    await area.press('Control+Enter');
    await area.waitFor({ state: 'detached', timeout: 10_000 });
    await view.locator('#rows').focus();
    await page.keyboard.press('a');
    await view.locator(`.rv-row[data-id="${editedId}"][data-status="accepted"]`).waitFor({ timeout: 10_000 });

    // Save: the output holds exactly the accepted samples, as the seed file's records.
    await view.locator('#save-accepted').click();
    await view.locator('#notice.ok').waitFor({ timeout: 20_000 });
    const states = await journalOfTheRun();
    const accepted = [...states.values()].filter((c) => c.status === 'accepted');
    const lines = readFileSync(output(), 'utf8').split('\n').filter((line) => line.trim() !== '');
    assert.equal(lines.length, accepted.length);
    const written = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const seedKeys = Object.keys(JSON.parse(readFileSync(join(workspaceDir(), 'reviews-sentiment.zh.jsonl'), 'utf8').split('\n')[0] ?? '{}') as object).sort();
    for (const record of written) assert.deepEqual(Object.keys(record).sort(), seedKeys, 'records in the seed file’s format');
    assert.deepEqual(written.map((r) => r['text']).sort(), accepted.map((c) => (c.sample.kind === 'classification' ? c.sample.text : '')).sort());
    assert.ok(written.some((r) => String(r['text']).endsWith('（已核对）')), 'the edit is saved');
  });

  it('restores the panel after a reload on the same run, filter and selection (panel serializer)', async () => {
    assert.ok(workbench);
    const { page } = workbench;
    const view = await webviewFrame(page, 'review', 30_000, PANEL);
    // A pending one: those decided here stay in view only until the panel is drawn anew.
    const pending = view.locator('.rv-row[data-status="pending"]').last();
    await pending.waitFor({ timeout: 30_000 });
    const selected = await pending.getAttribute('data-id');
    await pending.click();
    await view.locator(`.rv-row[data-id="${selected ?? ''}"][aria-selected="true"]`).waitFor();
    const restored = await reloadWindowUntil(page, async () => {
      await page.locator('.tab', { hasText: 'Review: classification · reviews-sentiment.zh.jsonl' }).waitFor({ timeout: 30_000 });
      return webviewFrame(page, 'review', 30_000, PANEL);
    });
    assert.ok(selected);
    // Rows decided before the reload have left the pending view; the selection is the same candidate.
    await restored.locator(`.rv-row[data-id="${selected}"][aria-selected="true"]`).waitFor({ timeout: 30_000 });
    await restored.locator('#detail-id', { hasText: selected }).waitFor();
    assert.equal(await restored.locator('#chip-pending').getAttribute('aria-pressed'), 'true');
    const accepted = [...(await journalOfTheRun()).values()].filter((c) => c.status === 'accepted').length;
    assert.equal(await restored.locator('#chip-accepted .rv-count').textContent(), String(accepted));
  });
});

describe('Review view in the sidebar', () => {
  let workbench: Workbench | undefined;
  before(async () => {
    workbench = await openWorkbenchOnARun();
  });
  after(async () => {
    await workbench?.close();
  });

  it('reviews from the sidebar on its own, with the editor on the current candidate’s diff', async () => {
    assert.ok(workbench);
    const { page } = workbench;
    const side = await renderedWebviewFrame(page, 'review', SIDEBAR, () => runCommand(page, 'Seedling: Review in the Sidebar'));
    await side.locator('#row-0').waitFor({ timeout: 30_000 });
    const id = await side.locator('#row-0').getAttribute('data-id');
    assert.ok(id);
    await side.locator('#row-0').click();
    await page.locator('.tab', { hasText: `Candidate ${id}` }).waitFor({ timeout: 20_000 });
    await side.locator('#detail-id', { hasText: id }).waitFor();
    await side.locator('#rows').focus();
    await page.keyboard.press('r');
    await side.locator(`.rv-row[data-id="${id}"][data-status="rejected"]`).waitFor({ timeout: 10_000 });
    assert.equal((await journalOfTheRun()).get(id)?.status, 'rejected');
    await page.mouse.move(700, 300);
    await screenshot(page, 'review-sidebar-light');
    await setColorTheme(page, 'Dark Modern');
    await screenshot(page, 'review-sidebar-dark');
    await setColorTheme(page, 'Light High Contrast');
    await screenshot(page, 'review-sidebar-hc-light');
    await setColorTheme(page, 'Dark Modern');
  });
});
