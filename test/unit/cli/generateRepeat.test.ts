// `seedling generate --seed`: a run repeated with the same seed and settings sends the same
// requests, so the response cache answers all of them and the endpoint hears nothing.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { reduceEvents } from '../../../src/core/runs/candidateState';
import { readJournal } from '../../../src/core/runs/journal';
import { type LlmServer, startLlmServer } from '../../llmServer/llmServer';
import { EXAMPLES, seedlingAsync } from './cliRunner';

let workspace: string;
let server: LlmServer;
before(async () => {
  workspace = mkdtempSync(join(tmpdir(), 'sdl-gen-repeat-'));
  copyFileSync(join(EXAMPLES, 'gov-faq-housing-fund.alpaca.jsonl'), join(workspace, 'seeds.jsonl'));
  server = await startLlmServer();
});
after(async () => {
  await server.close();
  rmSync(workspace, { recursive: true, force: true });
});

async function samplesOf(runId: string): Promise<string[]> {
  const states = reduceEvents((await readJournal(join(workspace, '.seedling', 'runs', runId))).events);
  return [...states.values()].map((state) => JSON.stringify(state.sample));
}

describe('seedling generate --seed', () => {
  it('repeats a run from the cache without a request, with the same candidates', async () => {
    const args = ['generate', 'seeds.jsonl', '--strategy', 'distillation', '--count', '4', '--model', 'seedling-test-small', '--judge-model', 'seedling-judge', '--base-url', server.url, '--workspace', workspace, '--concurrency', '4'];
    const env = { OPENAI_API_KEY: 'test-key' };
    const first = await seedlingAsync([...args, '--seed', 'same'], { cwd: workspace, env });
    assert.equal(first.status, 0, first.stderr);
    const sent = server.stats().served;
    assert.ok(sent > 0);
    const again = await seedlingAsync([...args, '--seed', 'same'], { cwd: workspace, env });
    assert.equal(again.status, 0, again.stderr);
    assert.equal(server.stats().served, sent, 'the repeated run sent no request');
    const other = await seedlingAsync([...args, '--seed', 'other'], { cwd: workspace, env });
    assert.equal(other.status, 0, other.stderr);
    assert.ok(server.stats().served > sent, 'another seed makes other requests');
    const runs = readdirSync(join(workspace, '.seedling', 'runs')).sort();
    assert.equal(runs.length, 3);
    const [a, b] = await Promise.all([samplesOf(runs[0] ?? ''), samplesOf(runs[1] ?? '')]);
    assert.deepEqual(b.sort(), a.sort(), 'the same candidates (in the order their answers came)');
  });
});
