import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hostToReviewMessage, reviewToHostMessage } from '../../../src/protocol/reviewMessages';
import { parseMessage, PROTOCOL_VERSION } from '../../../src/protocol/webviewMessages';

describe('webview message validation', () => {
  it('accepts the ready handshake of the current protocol', () => {
    const result = parseMessage(reviewToHostMessage, { type: 'ready', view: 'review', protocolVersion: PROTOCOL_VERSION });
    assert.deepEqual(result, { ok: true, message: { type: 'ready', view: 'review', protocolVersion: PROTOCOL_VERSION } });
  });

  const rejected: [string, unknown, string, RegExp][] = [
    ['a string', 'ready', 'notAnObject', /expected an object, got "ready"/],
    ['null', null, 'notAnObject', /got null/],
    ['an array', [{ type: 'ready' }], 'notAnObject', /got an array/],
    ['an unknown type', { type: 'runCommand', command: 'rm -rf' }, 'unknownType', /unknown message type "runCommand"/],
    ['a missing type', { view: 'review' }, 'unknownType', /unknown message type undefined/],
    ['an extra field (a smuggled command)', { type: 'requestGenerate', command: 'workbench.action.terminal.new' }, 'invalidShape', /command/],
    ['a wrong field type', { type: 'ready', view: 'review', protocolVersion: '1' }, 'invalidShape', /protocolVersion/],
    ['an unknown view', { type: 'ready', view: 'terminal', protocolVersion: 1 }, 'invalidShape', /view/],
    ['another protocol version', { type: 'ready', view: 'review', protocolVersion: PROTOCOL_VERSION + 1 }, 'protocolMismatch', /expected 1/],
  ];
  for (const [name, raw, reason, detail] of rejected) {
    it(`rejects ${name} with reason ${reason}`, () => {
      const result = parseMessage(reviewToHostMessage, raw);
      assert.equal(result.ok, false);
      assert.equal(result.reason, reason);
      assert.match(result.detail, detail);
    });
  }

  it('validates what the extension sends to the webview too', () => {
    const init = {
      type: 'init',
      environment: { protocolVersion: 1, locale: 'zh-cn', extensionVersion: '0.1.0', workspaceName: 'examples', workspaceTrusted: true },
      layout: 'sidebar',
      runs: [{ id: 'r1', seedFile: 'a.jsonl', createdAt: '2026-11-21T00:00:00.000Z' }],
      seedFile: null,
      run: null,
      counts: { pending: 0, accepted: 0, rejected: 0, failed: 0 },
      canUndo: false,
      selectedId: null,
      loading: null,
    };
    assert.equal(parseMessage(hostToReviewMessage, init).ok, true);
    assert.equal(parseMessage(hostToReviewMessage, { ...init, loading: 0.35 }).ok, true, 'the share of a long journal read so far');
    assert.equal(parseMessage(hostToReviewMessage, { ...init, loading: 1.5 }).ok, false);
    const broken = { ...init, runs: [{ id: '', seedFile: 'a.jsonl', createdAt: 'x' }] };
    const result = parseMessage(hostToReviewMessage, broken);
    assert.equal(result.ok, false);
    assert.match(result.detail, /runs\.0\.id/);
  });
});
