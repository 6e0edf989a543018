import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import type { Logger } from '../../../src/core/logger';
import { WebviewLoader } from '../../../src/extension/webviews/webviewLoader';

interface Harness {
  readonly loader: WebviewLoader;
  readonly renders: string[];
  readonly warnings: string[];
  visible: boolean;
}

function harness(): Harness {
  const renders: string[] = [];
  const warnings: string[] = [];
  const log: Logger = { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: (message) => warnings.push(message), error: () => undefined };
  const state = { visible: true };
  const webview = {
    set html(value: string) {
      renders.push(value);
    },
    get html(): string {
      return renders.at(-1) ?? '';
    },
  };
  let count = 0;
  const loader = new WebviewLoader({ webview, name: 'Test view', isVisible: () => state.visible, render: () => `<html nonce=${++count}>`, log });
  return {
    loader,
    renders,
    warnings,
    get visible() {
      return state.visible;
    },
    set visible(value: boolean) {
      state.visible = value;
    },
  };
}

/** Moves the clock a second at a time: Node 20's mocked timers run one timer of a chain per tick. */
function advance(ms: number): void {
  for (let elapsed = 0; elapsed < ms; elapsed += 1000) mock.timers.tick(1000);
}

describe('WebviewLoader', () => {
  beforeEach(() => {
    mock.timers.enable({ apis: ['setTimeout'] });
  });
  afterEach(() => {
    mock.timers.reset();
  });

  it('renders once when the webview says ready in time', () => {
    const { loader, renders, warnings } = harness();
    loader.load();
    advance(3000);
    loader.markReady();
    advance(60_000);
    assert.deepEqual(renders, ['<html nonce=1>']);
    assert.deepEqual(warnings, []);
    assert.equal(loader.ready, true);
  });

  it('renders a webview that never said ready again, with a fresh nonce, twice at most, then says what to do', () => {
    const { loader, renders, warnings } = harness();
    loader.load();
    advance(9000);
    assert.equal(renders.length, 1, 'a shown webview gets 10 s to load');
    advance(1000);
    assert.deepEqual(renders, ['<html nonce=1>', '<html nonce=2>']);
    advance(15_000);
    assert.equal(renders.length, 3);
    advance(120_000);
    assert.equal(renders.length, 3, 'no endless reloading');
    assert.equal(warnings.length, 3);
    assert.match(warnings.at(-1) ?? '', /close it and open it again/);
  });

  it('does not count the time a webview is hidden: it is not loading then', () => {
    const h = harness();
    h.visible = false;
    h.loader.load();
    advance(60_000);
    assert.equal(h.renders.length, 1);
    h.visible = true;
    advance(9000);
    assert.equal(h.renders.length, 1);
    advance(1000);
    assert.equal(h.renders.length, 2);
    h.loader.markReady();
    advance(60_000);
    assert.equal(h.renders.length, 2);
  });

  it('waits for ready again when a view that is not retained is shown again, and renders it anew if it never comes', () => {
    const { loader, renders } = harness();
    loader.load();
    advance(2000);
    loader.markReady();
    advance(30_000);
    loader.shownAgain();
    advance(9000);
    assert.equal(renders.length, 1);
    advance(1000);
    assert.equal(renders.length, 2);
    loader.markReady();
    advance(60_000);
    assert.equal(renders.length, 2);
  });

  it('stops waiting when disposed', () => {
    const { loader, renders } = harness();
    loader.load();
    loader.dispose();
    advance(60_000);
    assert.equal(renders.length, 1);
  });
});
