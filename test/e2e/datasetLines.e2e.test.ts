// A dataset open in the editor, as a user meets it: the problems squiggled on their lines, the
// hover naming the other line of a duplicate, and Ctrl+. fixing the line.
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { mkdirSync, readFileSync } from 'node:fs';
import { openWorkbench, runCommand, screenshot, setColorTheme, useTestEndpoint, workspaceDir, type Workbench } from './workbench';

const FILE = 'lines-probe.jsonl';
const LLM_FILE = 'lines-llm.jsonl';
const ROUTER = '{"instruction":"How do I reset my router?","input":"","output":"Unplug it.","source":"faq-7"}';
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
  let restoreSettings: () => void = () => undefined;
  before(async () => {
    writeFileSync(join(workspaceDir(), FILE), `${LINES.join('\n')}\n`);
    writeFileSync(join(workspaceDir(), LLM_FILE), `${ROUTER}\n`);
    // The LLM fixes ask the local test server, with its generator and judge models.
    restoreSettings = useTestEndpoint();
    const settingsFile = join(workspaceDir(), '.vscode', 'settings.json');
    mkdirSync(join(workspaceDir(), '.vscode'), { recursive: true });
    const settings = JSON.parse(readFileSync(settingsFile, 'utf8')) as Record<string, unknown>;
    writeFileSync(settingsFile, JSON.stringify({ ...settings, 'seedling.model': 'seedling-test-large', 'seedling.judgeModel': 'seedling-judge' }, null, 2));
    workbench = await openWorkbench();
  });
  after(async () => {
    await workbench.close();
    restoreSettings();
    rmSync(join(workspaceDir(), FILE), { force: true });
    rmSync(join(workspaceDir(), LLM_FILE), { force: true });
    rmSync(join(workspaceDir(), '.seedling'), { recursive: true, force: true });
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

  it('judges a line into a score lens and a hover, and applies a rewrite with the critique from its diff', async () => {
    const { page } = workbench;
    await setColorTheme(page, 'Light Modern');
    await openFile(page, LLM_FILE);
    await quickFix(page, 1, 'Judge This Line');
    const lens = page.locator('.editor-instance .codelens-decoration', { hasText: '★' }).first();
    await lens.waitFor({ timeout: 60_000 });
    assert.match((await lens.textContent()) ?? '', /★ \d\.\d \/ 5 · weakest: /);

    // The hover on the judged line: every criterion with its reason.
    await hoverOver(page, '.editor-instance .view-line span');
    const hover = page.locator('.monaco-hover', { hasText: 'Critique' }).first();
    await hover.waitFor({ timeout: 15_000 });
    await screenshot(page, 'dataset-lines-score-light');
    await setColorTheme(page, 'Dark Modern');
    await page.mouse.move(5, 5);
    await hoverOver(page, '.editor-instance .view-line span');
    await hover.waitFor({ timeout: 15_000 });
    await screenshot(page, 'dataset-lines-score-dark');
    await setColorTheme(page, 'Light Modern');
    await page.mouse.move(5, 5);

    // The rewrite opens as a diff with its new score, and Apply writes it to the line.
    await quickFix(page, 1, 'Rewrite with Critique');
    await page.locator('.monaco-diff-editor').first().waitFor({ timeout: 60_000 });
    const apply = page.locator('.notifications-toasts .monaco-button', { hasText: 'Apply' }).first();
    await apply.waitFor({ timeout: 30_000 });
    await screenshot(page, 'dataset-lines-rewrite-light');
    await setColorTheme(page, 'Dark Modern');
    await screenshot(page, 'dataset-lines-rewrite-dark');
    await setColorTheme(page, 'Light Modern');
    // The notification may have gone to the notification centre by now: the diff's own title button applies too.
    await page.locator('.editor-actions .action-label[aria-label^="Apply Proposal to the Line"]').first().click();
    await page.locator('.tab.active', { hasText: LLM_FILE }).waitFor({ timeout: 20_000 });
    await page.waitForFunction((original) => {
      const text = [...document.querySelectorAll('.editor-instance .view-lines .view-line')].map((line) => line.textContent.replace(/\u00a0/g, ' ')).join('');
      return text.length > 0 && !text.includes(original) && text.includes('"source":"faq-7"');
    }, ROUTER, { timeout: 20_000 });
    // The diff closes and the file's editor takes the focus back: let it settle before the palette opens.
    await page.waitForTimeout(1000);
    await runCommand(page, 'File: Revert File');
  });
});
