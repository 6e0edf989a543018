// Every webview shows hostile text as text. A run whose seed file has a hostile name, whose
// candidates, judge reasons, critiques and flags carry the corpus of test/fixtures, is shown in
// the Review panel and the sidebar's Review view; its seed file (hostile records, hostile name)
// in Dataset Health and the Generate panel. Each webview then reports from the page itself:
// no canary fired (no `window.__pwned`, no SEEDLING-PWNED console line, no request to the
// capture server, no CSP violation of a script or a load from it), no element carries an on*
// attribute or is of a kind we never create, and each string reads back exactly.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Frame } from 'playwright-core';
import { RUBRIC_IDS } from '../../src/core/quality/rubricIds';
import { makeEvent } from '../../src/core/runs/candidateEvents';
import { HOSTILE_FILE_STEM, hostileStrings } from '../fixtures/hostileStrings';
import { writeRunFiles } from '../integration/runFiles';
import { type CaptureServer, startCaptureServer } from '../llmServer/captureServer';
import { openWorkbench, renderedWebviewFrame, runCommand, screenshot, webviewFrame, type Workbench, workspaceDir } from './workbench';

const SEED = `${HOSTILE_FILE_STEM}.jsonl`;
const RUN_ID = '20261121-235959-hostile';
const PANEL = '[data-layout="panel"]';
const SIDEBAR = '[data-layout="sidebar"]';

/**
 * Runs in every frame before its own scripts: keeps the CSP violations the frame reports, so a
 * payload that became markup and was blocked by the CSP still shows. A reporting observer,
 * not an event listener: VS Code writes the webview's HTML with document.open(), which drops
 * every listener of the frame, while the observer stays with the window.
 */
function recordViolations(): void {
  const seen: string[] = [];
  Object.defineProperty(window, '__seedlingViolations', { value: seen });
  const observer = new ReportingObserver((reports) => {
    for (const report of reports) {
      const body = report.body as unknown as { effectiveDirective?: string; blockedURL?: string; sample?: string } | null;
      seen.push(`${body?.effectiveDirective ?? '?'} ${body?.blockedURL ?? ''} ${body?.sample ?? ''}`);
    }
  }, { types: ['csp-violation'], buffered: true });
  observer.observe();
}

interface PageReport {
  /** The violation recorder ran in this frame: the CSP check below means something. */
  readonly watched: boolean;
  readonly pwned: boolean;
  readonly onAttributes: string[];
  readonly foreignElements: string[];
  readonly violations: string[];
}

/** What the webview itself says about its document. */
async function pageReport(frame: Frame, canaryUrl: string): Promise<PageReport> {
  return frame.locator('body').evaluate((body, canary) => {
    const all = [...body.ownerDocument.querySelectorAll('*')];
    const onAttributes = all.flatMap((node) => node.getAttributeNames().filter((name) => /^on/i.test(name)).map((name) => `${node.tagName} ${name}`));
    // Elements no Seedling view creates: any of them in the body came from data.
    const foreign = [...body.querySelectorAll('script, iframe, object, embed, video, audio, img, form, style, link, meta, template, math, noscript, base, a[href^="javascript" i], [src], [href*="' + canary + '"]')]
      // Our own bundle is the one script, loaded from the extension.
      .filter((node) => !(node.tagName === 'SCRIPT' && (node.getAttribute('src') ?? '').includes('/dist/webview/')))
      .map((node) => node.outerHTML.slice(0, 120));
    const violations = ((window as unknown as { __seedlingViolations?: string[] }).__seedlingViolations ?? []).filter((v) => /^script|^frame|^object/.test(v) || v.includes(canary));
    return { watched: Array.isArray((window as unknown as { __seedlingViolations?: unknown }).__seedlingViolations), pwned: (window as unknown as { __pwned?: unknown }).__pwned !== undefined, onAttributes, foreignElements: foreign, violations };
  }, canaryUrl);
}

function assertInert(report: PageReport, where: string): void {
  assert.equal(report.watched, true, `${where}: the frame's CSP violations were recorded`);
  assert.equal(report.pwned, false, `${where}: window.__pwned was set`);
  assert.deepEqual(report.onAttributes, [], `${where}: elements with event handler attributes`);
  assert.deepEqual(report.foreignElements, [], `${where}: elements made from data`);
  assert.deepEqual(report.violations, [], `${where}: CSP violations of scripts or loads from the capture server`);
}

interface DetailText {
  readonly id: string;
  readonly instruction: string;
  readonly output: string;
  readonly reason: string;
  readonly critique: string;
  readonly flag: string;
  readonly criterion: string;
}

/** The current candidate's texts as the detail pane shows them (a diff's deletions are the seed's, not the candidate's). */
async function detailText(frame: Frame): Promise<DetailText> {
  return frame.locator('#detail').evaluate((detail) => {
    const fieldText = (name: string): string => {
      const block = detail.querySelector(`.rv-diff[data-field="${name}"]`);
      if (!block) return '<missing>';
      return [...block.children].filter((child) => child.tagName !== 'DEL').map((child) => child.textContent).join('');
    };
    const flagSpans = detail.querySelectorAll('#warnings .rv-flag > span');
    return {
      id: detail.querySelector('#detail-id')?.textContent ?? '',
      instruction: fieldText('instruction'),
      output: fieldText('output'),
      reason: detail.querySelector('.rv-reason')?.textContent ?? '<missing>',
      critique: detail.querySelector('#verdict p strong + span')?.textContent ?? '<missing>',
      // The message follows the flag's code after one space.
      flag: (flagSpans[1]?.textContent ?? '<missing>').slice(1),
      criterion: detail.querySelector('.rv-criterion')?.textContent ?? '<missing>',
    };
  });
}

/** Steps through every candidate with J, checking each reads back exactly; returns how many strings were compared. */
async function checkEveryCandidate(frame: Frame, corpus: readonly string[]): Promise<number> {
  const seen = new Set<string>();
  await frame.locator('#row-0').click();
  let compared = 0;
  for (let step = 0; step < corpus.length; step++) {
    if (step > 0) {
      const previous = await frame.locator('#detail-id').textContent();
      await frame.locator('#rows').press('j');
      await frame.waitForFunction((id) => (document.getElementById('detail-id')?.textContent ?? id) !== id, previous, { timeout: 20_000 });
    }
    const shown = await detailText(frame);
    const index = Number(/^h(\d+)$/.exec(shown.id)?.[1] ?? NaN);
    const expected = corpus[index];
    assert.ok(expected !== undefined, `an unknown candidate ${shown.id}`);
    const label = `candidate ${shown.id} (${JSON.stringify(expected.slice(0, 60))})`;
    assert.equal(shown.instruction, expected, `${label}: instruction`);
    assert.equal(shown.output, expected, `${label}: output`);
    assert.equal(shown.reason, expected, `${label}: judge reason`);
    assert.equal(shown.critique, expected, `${label}: critique`);
    assert.equal(shown.flag, expected, `${label}: flag message`);
    assert.equal(shown.criterion, expected, `${label}: criterion name`);
    compared += 6;
    seen.add(shown.id);
  }
  assert.equal(seen.size, corpus.length, 'every candidate was shown');
  // The titles of the rows drawn now are the candidates' own text, cut short at most.
  const titles = await frame.locator('.rv-row .rv-title').allTextContents();
  assert.ok(titles.length > 0);
  for (const title of titles) assert.ok(corpus.some((text) => text.replace(/\s+/g, ' ').trim().startsWith(title.replace(/…$/, '').replace(/\s+/g, ' ').trim())), `a row title from the corpus: ${JSON.stringify(title.slice(0, 80))}`);
  return compared;
}

describe('Hostile text in every webview', () => {
  let workbench: Workbench;
  let capture: CaptureServer;
  let corpus: readonly string[];
  const consoleCanaries: string[] = [];
  const places = { review: 0, sidebar: 0, health: 0, generate: 0 };

  /** Opens the seed with the hostile name in the editor, from the Explorer: the commands below act on the active editor. */
  async function openHostileSeed(): Promise<void> {
    const { page } = workbench;
    await runCommand(page, 'View: Show Explorer');
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: '<img src=x onerror=window.__pwned=1>' }).first().dblclick();
    await page.locator('.tab', { hasText: '<img src=x onerror' }).first().waitFor({ timeout: 30_000 });
    // The editor takes focus a moment after its tab shows; a palette opened before would close.
    await page.waitForTimeout(1000);
  }

  /** Asks the webview what it did with the text: nothing but show it. */
  async function assertNothingFired(frame: Frame, where: string, shot: string): Promise<void> {
    await screenshot(workbench.page, shot);
    assertInert(await pageReport(frame, capture.origin), where);
    assert.deepEqual(consoleCanaries, [], 'no payload logged its canary');
    assert.deepEqual(capture.requests, [], 'no payload reached the capture server');
  }

  before(async () => {
    capture = await startCaptureServer({ status: 204 });
    corpus = hostileStrings(capture.origin);
    const root = workspaceDir();
    rmSync(join(root, '.seedling'), { recursive: true, force: true });
    // The seed: one classification record per hostile string, the label hostile too.
    writeFileSync(join(root, SEED), corpus.map((text) => `${JSON.stringify({ text, label: text })}\n`).join(''));
    const at = new Date('2026-11-21T23:59:59.000Z');
    const provenance = { strategy: 'self-instruct', models: ['m'], templateHash: 'a'.repeat(64), seedIds: ['line:1'], at: at.toISOString(), usage: { promptTokens: 1, completionTokens: 1 } };
    await writeRunFiles(root, {
      id: RUN_ID, seedPath: SEED, seedFormat: 'classification', seedRecords: corpus.length, strategy: 'self-instruct', createdAt: at.toISOString(),
      events: corpus.flatMap((text, index) => {
        const id = `h${index}`;
        return [
          makeEvent('generated', id, { sample: { kind: 'instruction', instruction: text, input: '', output: text }, provenance }, at),
          makeEvent('checked', id, { flags: [{ code: 'hostile', severity: 'warning', message: text }] }, at),
          makeEvent('judged', id, { verdict: { overall: 3, criteria: [{ name: text, score: 3, reason: text }], critique: text, models: ['judge'] } }, at),
        ];
      }),
    });
    // The workspace's own rubrics (a cloned repository could ship them): criteria describing
    // themselves with the corpus, twelve to a rubric, shown in the Generate panel.
    const rubrics = join(root, '.seedling', 'rubrics');
    mkdirSync(rubrics, { recursive: true });
    for (const [index, id] of RUBRIC_IDS.entries()) {
      const criteria = corpus.slice(index * 12, index * 12 + 12).map((text, n) => ({ name: `c${n}`, description: text, descriptionZh: text }));
      if (criteria.length > 0) writeFileSync(join(rubrics, `${id}.json`), JSON.stringify({ id, criteria, passScore: 3 }));
    }
    workbench = await openWorkbench();
    await workbench.context.addInitScript(recordViolations);
    workbench.page.on('console', (message) => {
      if (message.text().includes('SEEDLING-PWNED')) consoleCanaries.push(message.text());
    });
    // The init script applies to frames made from now on: load the workbench again under it.
    await workbench.page.reload();
    await workbench.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
  });

  after(async () => {
    await workbench.close();
    rmSync(join(workspaceDir(), '.seedling'), { recursive: true, force: true });
    rmSync(join(workspaceDir(), SEED), { force: true });
    await capture.close();
    console.log(`[hostile text] ${corpus.length} payloads; strings compared: review panel ${places.review}, sidebar ${places.sidebar}, health ${places.health}, generate ${places.generate}; canaries fired: ${consoleCanaries.length}; capture server requests: ${capture.requests.length}`);
  });

  it('the Review panel shows every candidate, reason, critique, flag and the seed’s name as text', async () => {
    const { page } = workbench;
    await runCommand(page, 'Seedling: Open Review');
    const view = await webviewFrame(page, 'review', 60_000, PANEL);
    await view.locator('#row-0').waitFor({ timeout: 30_000 });
    // The run is named after its seed file: the hostile name, shown as text.
    assert.ok(((await view.locator('body').textContent()) ?? '').includes(SEED), 'the seed file’s name is shown as it is');
    places.review = 1 + (await checkEveryCandidate(view, corpus));
    await assertNothingFired(view, 'Review panel', 'hostile-review-panel');
  });

  it('the sidebar’s Review view does too', async () => {
    const { page } = workbench;
    await runCommand(page, 'View: Close All Editors');
    const side = await renderedWebviewFrame(page, 'review', SIDEBAR, () => runCommand(page, 'Seedling: Review in the Sidebar'));
    await side.locator('#row-0').waitFor({ timeout: 30_000 });
    places.sidebar = await checkEveryCandidate(side, corpus);
    await assertNothingFired(side, 'sidebar Review view', 'hostile-review-sidebar');
  });

  it('Dataset Health shows the hostile file’s name and labels as text', async () => {
    const { page } = workbench;
    await runCommand(page, 'View: Close All Editors');
    const view = await renderedWebviewFrame(
      page,
      'health',
      '',
      async () => {
        await openHostileSeed();
        await runCommand(page, 'Seedling: Show Dataset Health');
      },
      { selector: '#health-subject', text: '<img src=x' },
    );
    await view.locator('#health-labels').waitFor({ timeout: 30_000 });
    assert.equal(await view.locator('#health-subject').textContent(), SEED);
    const title = (await view.locator('#health-subject').getAttribute('title')) ?? '';
    assert.ok(title.endsWith(SEED), `the full name in the tooltip: ${JSON.stringify(title)}`);
    const labels = await view.locator('#health-labels .label-name').allTextContents();
    assert.ok(labels.length > 0, 'labels are listed');
    const known = new Set(corpus);
    for (const label of labels) assert.ok(known.has(label), `a label read back exactly: ${JSON.stringify(label.slice(0, 80))}`);
    places.health = 1 + labels.length;
    await assertNothingFired(view, 'Dataset Health view', 'hostile-health');
  });

  it('the Generate panel of the hostile seed shows its name and the workspace’s hostile rubric as text', async () => {
    const { page } = workbench;
    await openHostileSeed();
    await runCommand(page, 'Seedling: Generate Samples…');
    const view = await webviewFrame(page, 'generate', 60_000);
    await view.locator('#seed-file').waitFor({ timeout: 30_000 });
    const file = (await view.locator('#seed-file').textContent()) ?? '';
    assert.ok(file === SEED || file.endsWith(`/${SEED}`), `the seed's name read back exactly: ${JSON.stringify(file)}`);
    // A blank record is no record: every other one is counted.
    const records = corpus.filter((text) => text.trim() !== '').length;
    assert.match((await view.locator('#seed-records').textContent()) ?? '', new RegExp(`^${records} records$`));
    // The blank record is reported, not lost.
    const blankLines = corpus.flatMap((text, index) => (text.trim() === '' ? [`${index + 1}:`] : []));
    const problems = await view.locator('#seed-problem-list li').allTextContents();
    assert.ok(problems.length > 0 && problems.every((problem) => blankLines.some((line) => problem.startsWith(line))), `the blank record's line is named: ${problems.join(' | ')}`);
    const known = new Set(corpus);
    const criteria = await view.locator('#rubric-criteria li').allTextContents();
    assert.ok(criteria.length > 0, 'the rubric’s criteria are listed');
    for (const criterion of criteria) {
      const description = /^c\d+ — ([\s\S]*)$/.exec(criterion)?.[1];
      assert.ok(description !== undefined && known.has(description), `a criterion read back exactly: ${JSON.stringify(criterion.slice(0, 80))}`);
    }
    places.generate = 1 + criteria.length;
    await assertNothingFired(view, 'Generate panel', 'hostile-generate');
  });

  it('the checks above see a payload that did become markup: they can fail', async () => {
    const view = await webviewFrame(workbench.page, 'generate', 30_000);
    // What a view that parsed data as HTML would do (a payload whose image fails at once).
    await view.locator('#app').evaluate((app) => {
      const parsed = new DOMParser().parseFromString('<div id="planted"><img src="data:," onerror="window.__pwned=1"></div>', 'text/html');
      app.append(...parsed.body.childNodes);
    });
    await view.waitForFunction(() => ((window as unknown as { __seedlingViolations?: string[] }).__seedlingViolations ?? []).length > 0, undefined, { timeout: 10_000 });
    const report = await pageReport(view, capture.origin);
    assert.equal(report.pwned, false, 'the CSP still kept the handler from running');
    assert.ok(report.onAttributes.some((a) => a === 'IMG onerror'), `the handler attribute is seen: ${report.onAttributes.join(', ')}`);
    assert.ok(report.foreignElements.some((e) => e.startsWith('<img')), 'the element is seen');
    assert.ok(report.violations.some((v) => v.startsWith('script-src')), `the blocked handler is seen: ${report.violations.join(' | ')}`);
    await view.locator('#planted').evaluate((planted) => { planted.remove(); });
  });
});
