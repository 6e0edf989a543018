// A dataset open in the editor, as a user meets it: the problems squiggled on their lines, the
// hover naming the other line of a duplicate, and Ctrl+. fixing the line.
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { openWorkbench, runCommand, screenshot, setColorTheme, workspaceDir, type Workbench } from './workbench';

const FILE = 'lines-probe.jsonl';
const alpaca = (instruction: string, output: string): string => JSON.stringify({ instruction, input: '', output });
const LINES = [
  alpaca('Write a short poem about the sea at night.', 'Waves fold silver under the moon.'),
  alpaca('用一句话介绍长城。', '长城是中国古代修建的军事防御工程。'),
  '{"instruction": "Name a metal.", "output": "Iron.",}',
  alpaca('Write a short poem about the sea at night.', 'Waves fold silver under the moon.'),
  alpaca('用一句话介绍长城。', '长城是中国古代修建的军事防御工程。'),
];

/** Opens a workspace file through Go to File, as a user would. */
async function openFile(page: Page, name: string): Promise<void> {
  await runCommand(page, 'Go to File...');
  const input = page.locator('.quick-input-widget input.input');
  await input.fill(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: name }).waitFor({ timeout: 20_000 });
}

/** The editor's text, row by row, as the view shows it (wrapped lines take several rows). */
async function editorLines(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('.editor-instance .view-lines .view-line')]
      .map((line) => ({ top: parseFloat((line as HTMLElement).style.top), text: line.textContent.replace(/\u00a0/g, ' ') }))
      .sort((a, b) => a.top - b.top)
      .map((line) => line.text),
  );
}

/** Rests the mouse on a decoration; the text layer above it takes the pointer events, as it does for a user. */
async function hoverOver(page: Page, selector: string): Promise<void> {
  const box = await page.locator(selector).first().boundingBox();
  assert.ok(box, `${selector} is shown`);
  await page.mouse.move(box.x + Math.min(40, box.width / 2), box.y + box.height / 2);
}

/** Puts the cursor on a 1-based line through Go to Line. */
async function goToLine(page: Page, line: number): Promise<void> {
  await runCommand(page, 'Go to Line/Column...');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ timeout: 5000 });
  await input.fill(`:${line}`);
  await page.keyboard.press('Enter');
}

/** Opens the quick fix menu (Ctrl+.) on a line and chooses an entry by its title. */
async function quickFix(page: Page, line: number, title: string, shot?: string): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt++) {
    await goToLine(page, line);
    await page.keyboard.press('Control+.');
    const entry = page.locator('.action-widget .monaco-list-row', { hasText: title }).first();
    try {
      await entry.waitFor({ timeout: 3000 });
    } catch {
      await page.keyboard.press('Escape');
      continue;
    }
    if (shot !== undefined) await screenshot(page, shot);
    // The menu's rows never count as "stable" for a plain click: hover the row, then Enter.
    await entry.hover({ force: true });
    await page.keyboard.press('Enter');
    return;
  }
  throw new Error(`the quick fix “${title}” never showed on line ${line}`);
}

describe('Dataset lines in the editor', () => {
  let workbench: Workbench;
  before(async () => {
    writeFileSync(join(workspaceDir(), FILE), `${LINES.join('\n')}\n`);
    workbench = await openWorkbench();
  });
  after(async () => {
    await workbench.close();
    rmSync(join(workspaceDir(), FILE), { force: true });
  });

  it('squiggles the problems, names the first copy of a duplicate on hover, and fixes lines with Ctrl+.', async () => {
    const { page } = workbench;
    await setColorTheme(page, 'Light Modern');
    await openFile(page, FILE);
    // An error under the broken line, warnings under the two duplicates.
    await page.locator('.editor-instance .squiggly-error').first().waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => document.querySelectorAll('.editor-instance .squiggly-warning').length >= 2, undefined, { timeout: 30_000 });

    // The hover over a duplicate says which line it copies.
    const duplicate = '.editor-instance .squiggly-warning';
    await hoverOver(page, duplicate);
    const hover = page.locator('.monaco-hover .marker.hover-contents', { hasText: 'an exact duplicate of line 1' });
    await hover.waitFor({ timeout: 15_000 });
    await screenshot(page, 'dataset-lines-hover-light');
    await setColorTheme(page, 'Dark Modern');
    await page.mouse.move(5, 5);
    await hoverOver(page, duplicate);
    await hover.waitFor({ timeout: 15_000 });
    await screenshot(page, 'dataset-lines-hover-dark');
    await setColorTheme(page, 'Light Modern');
    await page.mouse.move(5, 5);

    await quickFix(page, 3, 'Repair JSON on this line', 'dataset-lines-quick-fix-light');
    await page.waitForFunction(() => [...document.querySelectorAll('.editor-instance .view-line')].some((line) => line.textContent.includes('"Iron."}')) && !document.querySelector('.editor-instance .squiggly-error'), undefined, { timeout: 20_000 });

    await quickFix(page, 4, 'Remove all 2 exact duplicate lines (the first copies stay)');
    await page.waitForFunction(() => document.querySelectorAll('.editor-instance .squiggly-warning').length === 0, undefined, { timeout: 20_000 });
    // The view wraps long lines: compare the text it shows, joined.
    assert.equal((await editorLines(page)).join(''), [LINES[0], LINES[1], '{"instruction": "Name a metal.", "output": "Iron."}'].join(''));
    await screenshot(page, 'dataset-lines-fixed-light');
    await runCommand(page, 'File: Revert File');
  });
});
