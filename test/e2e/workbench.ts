// Driving the real VS Code workbench (code-server) in Chromium: open a folder, run a
// command from the palette, reach into a webview, switch themes, take screenshots.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Frame, Page } from 'playwright-core';
import { reduceEvents } from '../../src/core/runs/candidateState';
import { readJournal } from '../../src/core/runs/journal';
import { launchBrowser } from '../harness/browser';

export interface Workbench {
  readonly page: Page;
  readonly context: BrowserContext;
  close(): Promise<void>;
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the end-to-end tests through \`npm run test:e2e\``);
  return value;
}

export const workspaceDir = (): string => requiredEnv('WS');
export const screenshotsDir = (): string => requiredEnv('SHOTS');

const ROOT = join(__dirname, '..', '..', '..');

/** Makes a real run of six candidates in the test workspace with the CLI, against the local test LLM server. */
export function generateRunWithCli(): void {
  const baseUrl = requiredEnv('LLM_BASE_URL');
  const seedFile = join(workspaceDir(), 'reviews-sentiment.zh.jsonl');
  const args = ['generate', seedFile, '--strategy', 'classification', '--count', '6', '--model', 'seedling-test-large', '--judge-model', 'seedling-judge', '--workspace', workspaceDir(), '--no-cache'];
  const result = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...args], {
    env: { ...process.env, OPENAI_BASE_URL: baseUrl, OPENAI_API_KEY: 'e2e-test-key' },
    encoding: 'utf8',
  });
  assert.equal(result.status, 0, result.stderr + result.stdout);
}

/** Opens the test workspace in a fresh browser and waits for the workbench to be usable. */
export async function openWorkbench(options: { readonly browserArgs?: readonly string[] } = {}): Promise<Workbench> {
  const context = await launchBrowser({ ...(options.browserArgs ? { args: options.browserArgs } : {}) });
  const page = context.pages()[0] ?? (await context.newPage());
  if (process.env['DEBUG_CONSOLE']) page.on('console', (m) => { console.log('[browser]', m.type(), m.text()); });
  await page.goto(`${requiredEnv('CS_URL')}/?folder=${encodeURIComponent(workspaceDir())}`);
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60_000 });
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
  return { page, context, close: () => context.close() };
}

/**
 * Runs a command from the palette. Contributed commands appear only once the extension
 * host has scanned the extensions, and an open palette never refreshes: reopen until the
 * row shows.
 */
export async function runCommand(page: Page, title: string, options: { readonly attempts?: number; readonly beforeRun?: () => Promise<void> } = {}): Promise<void> {
  for (let i = 0; i < (options.attempts ?? 30); i++) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor();
    await input.fill(`>${title}`);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    try {
      await row.waitFor({ timeout: 1500 });
    } catch {
      continue;
    }
    // The command starts with this click: a benchmark takes its start time here.
    await options.beforeRun?.();
    await row.click();
    return;
  }
  throw new Error(`command "${title}" never appeared in the command palette`);
}

/**
 * The content frame of one of Seedling's webviews (`bodyAttributes` tells two of a kind apart,
 * e.g. `[data-layout="sidebar"]` for the sidebar's Review view). VS Code nests our HTML in
 * iframe#active-frame inside an iframe.webview, and lays every webview (editor panels and
 * sidebar views alike) over the workbench from one container, so the frame is found by
 * what it holds: our <body data-view="…">.
 */
export async function webviewFrame(page: Page, view: 'review' | 'health' | 'generate', timeoutMs = 30_000, bodyAttributes = ''): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      try {
        if ((await frame.locator(`body[data-view="${view}"]${bodyAttributes}`).count()) > 0) return frame;
      } catch {
        // the frame navigated or went away while we looked
      }
    }
    await page.waitForTimeout(200);
  }
  throw new Error(`no ${view} webview appeared within ${timeoutMs / 1000} s; ${await describeWebviews(page, `no-${view}-webview`)}`);
}

/**
 * Reloads the window until `restored` resolves, twice at most. When VS Code for the Web restores
 * several webviews at once, one of them can wait for ever on a service worker another webview
 * took over (its console says "Found unexpected service worker controller … Waiting for
 * controllerchange"); a user would reload again, and so does this.
 */
export async function reloadWindowUntil<T>(page: Page, restored: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const loaded = page.waitForEvent('load', { timeout: 60_000 }).catch(() => undefined);
    await runCommand(page, 'Developer: Reload Window');
    await loaded;
    await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60_000 });
    try {
      return await restored();
    } catch (error) {
      if (attempt >= 1) throw error;
    }
  }
}

/**
 * What each webview frame holds, for a failure message, with a screenshot: which views drew
 * something, and which have their HTML but an empty #app (their script never ran).
 */
export async function describeWebviews(page: Page, shot: string): Promise<string> {
  const path = await screenshot(page, `failed-${shot}`).catch(() => 'no screenshot');
  const bodies = await Promise.all(
    page.frames().map(async (frame) => {
      const body = await frame
        .locator('body[data-view]')
        .first()
        .evaluate((element) => `${element.getAttribute('data-view') ?? ''}${element.hasAttribute('data-layout') ? `:${element.getAttribute('data-layout') ?? ''}` : ''} (#app ${element.querySelector('#app')?.childElementCount ?? -1} children: ${(element.querySelector('#app')?.textContent ?? '').slice(0, 80)})`, undefined, { timeout: 2000 })
        .catch((error: unknown) => (frame.url().includes('/webview/') ? `unreadable (${error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error)})` : ''));
      if (body === '') return '';
      // The frame element says whether VS Code shows it: a loading webview waits as a hidden "pending-frame".
      const element = await frame.frameElement().catch(() => undefined);
      const shown = element ? await element.evaluate((node) => (node instanceof Element ? `${node.id || 'frame'} ${getComputedStyle(node).visibility} ${Math.round(node.getBoundingClientRect().width)}x${Math.round(node.getBoundingClientRect().height)}` : '?')).catch(() => '?') : 'detached';
      return `${body} [${shown}]`;
    }),
  );
  const found = bodies.filter((body) => body !== '');
  return `webview bodies: ${found.length > 0 ? found.join('; ') : 'none'}; screenshot ${path}`;
}

/** Right-clicks a file in the Explorer and picks `entry`, reopening the menu until the extension's entries are there. */
export async function explorerMenu(page: Page, fileName: string, entry: string): Promise<void> {
  for (let attempt = 0; attempt < 20; attempt++) {
    await page.keyboard.press('Escape');
    const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: fileName }).first();
    await row.waitFor({ timeout: 30_000 });
    await row.click({ button: 'right' });
    const menu = page.locator('.context-view .monaco-menu');
    await menu.waitFor({ timeout: 10_000 });
    const item = menu.locator('.action-label', { hasText: entry }).first();
    if ((await item.count()) > 0) {
      // Menus act on a hovered (focused) item; a synthetic click can come too soon after opening.
      await item.hover();
      await page.keyboard.press('Enter');
      return;
    }
    await page.waitForTimeout(500);
  }
  throw new Error(`"${entry}" never appeared in the Explorer context menu of ${fileName}`);
}

/**
 * A webview's frame once its script has drawn something (and, with `showing`, once that
 * element holds that text), opening the view with `open` first. Under load, code-server's
 * webviews can hang while they load: several webviews starting at once race for the one
 * service worker of their origin, and the loser's frame never finishes loading (desktop VS Code
 * gives each webview its own origin). A user would close the view and open it again; so does
 * this, by closing the side bar, which drops its webviews, before opening the view again.
 */
export async function renderedWebviewFrame(
  page: Page,
  view: 'review' | 'health' | 'generate',
  bodyAttributes: string,
  open: () => Promise<void>,
  showing?: { readonly selector: string; readonly text: string },
): Promise<Frame> {
  for (let attempt = 0; ; attempt++) {
    await open();
    try {
      if (showing) return await webviewFrameShowing(page, view, showing.selector, showing.text, 20_000);
      const frame = await webviewFrame(page, view, 20_000, bodyAttributes);
      await frame.locator('#app > *').first().waitFor({ timeout: 10_000 });
      return frame;
    } catch (error) {
      if (attempt >= 2) throw error;
      console.log(`      [workbench] the ${view} webview did not draw (${error instanceof Error ? (error.message.split(';')[0] ?? '') : String(error)}): closing the side bar and opening it again`);
      await runCommand(page, 'View: Close Primary Side Bar');
      // The old frames go away first; looking again at once would find them.
      await page.waitForTimeout(2000);
    }
  }
}

/**
 * The frame of a webview once it shows `text` in `selector`: when a view was drawn again (a
 * sidebar view shown anew), an old frame of the same kind can linger for a moment beside it.
 */
export async function webviewFrameShowing(page: Page, view: 'review' | 'health' | 'generate', selector: string, text: string, timeoutMs = 30_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      try {
        if ((await frame.locator(`body[data-view="${view}"]`).count()) > 0 && ((await frame.locator(selector).first().textContent({ timeout: 200 })) ?? '').includes(text)) return frame;
      } catch {
        // not this frame, or it went away while we looked
      }
    }
    await page.waitForTimeout(200);
  }
  throw new Error(`no ${view} webview showed “${text}” in ${selector} within ${timeoutMs / 1000} s; ${await describeWebviews(page, `${view}-without-text`)}`);
}

export type ColorTheme = 'Light Modern' | 'Dark Modern' | 'Light High Contrast' | 'Dark High Contrast';

/** Switches the colour theme through Preferences: Color Theme, as a user would. */
export async function setColorTheme(page: Page, theme: ColorTheme): Promise<void> {
  const themeClass: Record<ColorTheme, string> = {
    'Light Modern': 'vscode-theme-defaults-themes-light_modern-json',
    'Dark Modern': 'vscode-theme-defaults-themes-dark_modern-json',
    'Light High Contrast': 'vscode-theme-defaults-themes-hc_light-json',
    'Dark High Contrast': 'vscode-theme-defaults-themes-hc_black-json',
  };
  const wanted = themeClass[theme];
  const current = await page.locator('.monaco-workbench').getAttribute('class');
  if (current?.split(' ').includes(wanted)) return;
  // On a busy machine the theme picker can open after the filter was typed into the palette
  // it replaces: type only once the picker is there, and start over when no row shows.
  for (let attempt = 0; attempt < 4; attempt++) {
    await runCommand(page, 'Preferences: Color Theme');
    try {
      const input = page.locator('.quick-input-widget input.input[placeholder*="Color Theme"]');
      await input.waitFor({ timeout: 5000 });
      await input.fill(theme);
      await page.locator('.quick-input-list .monaco-list-row', { hasText: theme }).first().waitFor({ timeout: 5000 });
    } catch {
      continue;
    }
    await page.keyboard.press('Enter');
    await page.locator(`.monaco-workbench.${wanted}`).waitFor({ timeout: 20_000 });
    await page.waitForTimeout(500); // webviews repaint with the new theme variables
    return;
  }
  throw new Error(`the colour theme "${theme}" never showed in Preferences: Color Theme`);
}

export async function screenshot(page: Page, name: string): Promise<string> {
  const path = join(screenshotsDir(), `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** The candidates of the run `generateRunWithCli` made, read from its journal as the extension left it. */
export async function journalOfTheRun(): Promise<ReturnType<typeof reduceEvents>> {
  const runs = join(workspaceDir(), '.seedling', 'runs');
  const [runId] = readdirSync(runs);
  assert.ok(runId, 'a run in the workspace');
  return reduceEvents((await readJournal(join(runs, runId))).events);
}

/**
 * Points the workspace's Seedling settings at the local test LLM server (fixes and
 * regenerations need an endpoint); resolves with what puts the settings file back.
 */
export function useTestEndpoint(baseUrl = requiredEnv('LLM_BASE_URL')): () => void {
  const file = join(workspaceDir(), '.vscode', 'settings.json');
  const before = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  mkdirSync(join(workspaceDir(), '.vscode'), { recursive: true });
  const current = before !== undefined ? (JSON.parse(before) as object) : {};
  writeFileSync(file, JSON.stringify({ ...current, 'seedling.provider': 'custom', 'seedling.baseUrl': baseUrl }, null, 2));
  return () => {
    if (before === undefined) rmSync(file, { force: true });
    else writeFileSync(file, before);
  };
}

/**
 * A workbench on the test workspace with a run made by the CLI and the test endpoint in the
 * settings. `close` leaves the workspace as the other suites expect it: no runs, no endpoint
 * settings, and none of the `leftovers` (files the suite writes, relative to the workspace).
 */
export async function openWorkbenchOnARun(leftovers: readonly string[] = []): Promise<Workbench> {
  generateRunWithCli();
  const restoreSettings = useTestEndpoint();
  const workbench = await openWorkbench();
  return {
    ...workbench,
    close: async () => {
      await workbench.close();
      rmSync(join(workspaceDir(), '.seedling'), { recursive: true, force: true });
      for (const file of leftovers) rmSync(join(workspaceDir(), file), { force: true });
      restoreSettings();
    },
  };
}
