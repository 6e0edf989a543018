import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Frame, Page } from 'playwright-core';
import { explorerMenu, openWorkbench, renderedWebviewFrame, runCommand, screenshot, setColorTheme, type Workbench, workspaceDir } from './workbench';

const ENTRY = 'Show Dataset Health';
const SEED = 'reviews-sentiment.zh.jsonl';
const SYNTHETIC = 'reviews-sentiment.zh.synthetic.jsonl';

/** Folds or unfolds the Runs view above Dataset Health (folded, the charts get the sidebar's height). */
async function setRunsExpanded(page: Page, expanded: boolean): Promise<void> {
  const header = page.locator('.part.sidebar .pane-header', { hasText: 'Runs' }).first();
  if ((await header.count()) === 0) return;
  if (((await header.getAttribute('aria-expanded')) === 'true') === expanded) return;
  await header.click();
  await page.waitForTimeout(600); // the panes animate to their new sizes
}

async function labelRows(view: Frame): Promise<string[]> {
  return (await view.locator('#health-labels .label-row').allTextContents()).map((text) => text.replace(/\s+/g, ' ').trim());
}

describe('Dataset Health view', () => {
  let workbench: Workbench;
  before(async () => {
    // The two-series charts need a synthetic file beside its seed: every fifth seed, relabelled.
    const seeds = readFileSync(join(workspaceDir(), SEED), 'utf8').split('\n').filter((line) => line.trim().length > 0);
    const synthetic = seeds.map((line, index) => {
      const record = JSON.parse(line) as { text: string; label: string };
      return JSON.stringify({ text: `${record.text}${index % 2 === 0 ? '整体来说还会再来。' : ''}`, label: index % 5 === 0 ? '积极' : record.label });
    });
    writeFileSync(join(workspaceDir(), SYNTHETIC), `${synthetic.join('\n')}\n`);
    workbench = await openWorkbench();
    // Tall enough for every section of the view in one screenshot.
    await workbench.page.setViewportSize({ width: 1400, height: 1600 });
  });
  after(async () => {
    // The other suites share this profile and expect the Runs view open.
    await setRunsExpanded(workbench.page, true);
    await workbench.close();
    rmSync(join(workspaceDir(), SYNTHETIC), { force: true });
  });

  it('shows the label balance of a file chosen in the Explorer, in light, dark and high-contrast themes', async () => {
    const { page } = workbench;
    await setColorTheme(page, 'Light Modern');
    const view = await renderedWebviewFrame(
      page,
      'health',
      '',
      async () => {
        await runCommand(page, 'View: Show Explorer');
        await explorerMenu(page, SEED, ENTRY);
      },
      { selector: '#health-subject', text: SEED },
    );
    await view.locator('#health-labels').waitFor({ timeout: 30_000 });
    await setRunsExpanded(page, false);

    assert.equal(await view.locator('#health-subject').textContent(), SEED);
    assert.equal(await view.locator('#health-records').textContent(), '18 records');
    const rows = await labelRows(view);
    assert.equal(rows.length, 3, rows.join(' | '));
    for (const label of ['积极', '中性', '消极']) {
      assert.ok(rows.some((row) => row.startsWith(label) && row.includes('6 (33%)')), `${label} 6 (33%) in ${rows.join(' | ')}`);
    }
    // No judge has scored a plain file: a sentence, not an empty chart.
    assert.equal(await view.locator('#health-no-scores').textContent(), 'No judge scores yet');
    // The length chart is SVG for the eye and a table for screen readers.
    assert.ok((await view.locator('#health-lengths-chart rect.chart-column').count()) >= 9);
    assert.equal(await view.locator('#health-lengths-chart').getAttribute('aria-hidden'), 'true');
    const table = view.locator('#health-lengths table.visually-hidden');
    assert.match((await table.locator('caption').textContent()) ?? '', /Response length/);
    assert.equal(await table.locator('tbody tr').count(), 9);
    assert.match((await view.locator('#health-duplicates-table').textContent()) ?? '', /Within this file/);
    // Colours come from the theme: the columns are painted with --vscode-charts-blue.
    const fill = await view.locator('#health-lengths-chart rect.chart-column').first().evaluate((rect) => getComputedStyle(rect).fill);
    const blue = await view.locator('body').evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--vscode-charts-blue').trim());
    assert.ok(blue.length > 0, 'the theme defines --vscode-charts-blue');
    assert.notEqual(fill, 'none');
    await screenshot(page, 'health-light');

    await setColorTheme(page, 'Dark Modern');
    await view.locator('#health-labels').waitFor();
    await screenshot(page, 'health-dark');

    await setColorTheme(page, 'Dark High Contrast');
    await view.locator('#health-labels').waitFor();
    assert.equal(await view.locator('body').evaluate((body) => body.classList.contains('vscode-high-contrast')), true);
    await screenshot(page, 'health-hc');
  });

  it('compares a synthetic file with its seeds, from the palette for the active editor', async () => {
    const { page } = workbench;
    await setColorTheme(page, 'Dark Modern');
    const view = await renderedWebviewFrame(
      page,
      'health',
      '',
      async () => {
        await runCommand(page, 'View: Show Explorer');
        await page.locator('.explorer-folders-view .monaco-list-row', { hasText: SYNTHETIC }).first().click();
        await page.locator('.tab', { hasText: SYNTHETIC }).waitFor({ timeout: 30_000 });
        await runCommand(page, `Seedling: ${ENTRY}`);
      },
      { selector: '#health-subject', text: SYNTHETIC },
    );
    await view.locator('#health-comparison').waitFor();
    assert.match((await view.locator('#health-compared').textContent()) ?? '', /reviews-sentiment\.zh\.jsonl \(18 records\)/);
    // Seeds and synthetic side by side: two columns per length bin, with a legend.
    assert.equal(await view.locator('#health-lengths-chart rect.series-seeds').count(), 9);
    assert.equal(await view.locator('#health-lengths-chart rect.series-subject').count(), 9);
    assert.match((await view.locator('#health-lengths .chart-legend').textContent()) ?? '', /Seeds.*Synthetic/);
    assert.match((await view.locator('#health-label-shift').textContent()) ?? '', /Label shift/);
    await screenshot(page, 'health-compared-dark');
    await setColorTheme(page, 'Light Modern');
  });
});
