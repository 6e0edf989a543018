// Where `seedling generate --out` writes. Unlike the extension, whose output path can come from
// a cloned workspace's settings and is therefore kept inside the workspace, the CLI's --out is
// typed by the user on the command line: it writes exactly there, inside the workspace or not,
// links included, as any command-line tool does.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type LlmServer, startLlmServer } from '../../llmServer/llmServer';
import { EXAMPLES, seedlingAsync } from './cliRunner';

let workspace: string;
let elsewhere: string;
let server: LlmServer;
before(async () => {
  workspace = mkdtempSync(join(tmpdir(), 'sdl-gen-ws-'));
  elsewhere = mkdtempSync(join(tmpdir(), 'sdl-gen-out-'));
  copyFileSync(join(EXAMPLES, 'gov-faq-housing-fund.alpaca.jsonl'), join(workspace, 'seeds.jsonl'));
  symlinkSync(elsewhere, join(workspace, 'shared'), 'dir');
  server = await startLlmServer();
});
after(async () => {
  await server.close();
  rmSync(workspace, { recursive: true, force: true });
  rmSync(elsewhere, { recursive: true, force: true });
});

const lines = (path: string): string[] => readFileSync(path, 'utf8').split('\n').filter((line) => line.length > 0);

describe('seedling generate --out', () => {
  it('writes where the user says, outside the workspace and through a link out of it', async () => {
    const endpoint = ['--base-url', server.url, '--no-cache', '--no-judge', '--workspace', workspace];
    const first = await seedlingAsync(['generate', 'seeds.jsonl', '--strategy', 'self-instruct', '--count', '2', '--model', 'seedling-test-small', ...endpoint, '--out', join(elsewhere, 'direct.jsonl')], { cwd: workspace, env: { OPENAI_API_KEY: 'test-key' } });
    assert.equal(first.status, 0, first.stderr);
    assert.equal(lines(join(elsewhere, 'direct.jsonl')).length, 2);
    const runId = /^run (\S+):/m.exec(first.stdout)?.[1] ?? '';
    // Resumed without --model: the run goes on with its own.
    const again = await seedlingAsync(['generate', '--resume', runId, ...endpoint, '--out', join(workspace, 'shared', 'linked.jsonl')], { cwd: workspace, env: { OPENAI_API_KEY: 'test-key' } });
    assert.equal(again.status, 0, again.stderr);
    assert.deepEqual(lines(join(elsewhere, 'linked.jsonl')), lines(join(elsewhere, 'direct.jsonl')));
  });
});
