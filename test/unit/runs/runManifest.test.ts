import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import {
  createRunId,
  listRuns,
  readRunManifest,
  redactBaseUrl,
  runDirectory,
  runManifest,
  writeRunManifest,
  type RunManifest,
} from '../../../src/core/runs/runManifest';

function manifest(id: string, createdAt = '2026-11-21T06:31:45.000Z'): RunManifest {
  return {
    version: 1,
    id,
    createdAt,
    updatedAt: createdAt,
    status: 'running',
    seed: { path: 'data/seed.jsonl', sha256: 'b'.repeat(64), format: 'jsonl-chat', records: 12 },
    config: { strategy: 'paraphrase', count: 100, temperature: 0.7, options: { diversity: 'high', maxTokens: 512 } },
    provider: { id: 'openai', baseUrl: 'https://api.openai.com/v1', models: { generator: ['gpt-a', 'gpt-b'], judge: ['gpt-j'] } },
    templates: { generate: 'c'.repeat(64), judge: 'd'.repeat(64) },
    counts: { generated: 10, accepted: 4, rejected: 2, pending: 3, saved: 4, failed: 1 },
    usage: { requests: 12, promptTokens: 3400, completionTokens: 900 },
    cost: { usd: 0.042, budgetUsd: 5 },
    timestamps: { started: createdAt },
  };
}

describe('run ids', () => {
  it('are UTC date, time and four base-36 characters', () => {
    const now = new Date(Date.UTC(2026, 10, 21, 6, 31, 45, 999));
    assert.equal(createRunId(now, () => 0), '20261121-063145-0000');
    assert.equal(createRunId(now, () => 0.9999999), '20261121-063145-zzzz');
    const digits = [20 / 36, 3 / 36, 15 / 36, 9 / 36];
    assert.equal(createRunId(now, () => digits.shift() ?? 0), '20261121-063145-k3f9');
  });
  it('pad single-digit fields and sort in time order', () => {
    const times = [Date.UTC(2026, 0, 2, 3, 4, 5), Date.UTC(2026, 0, 2, 3, 4, 6), Date.UTC(2026, 8, 30, 23, 59, 59), Date.UTC(2027, 0, 1, 0, 0, 0)];
    const ids = times.map((t) => createRunId(new Date(t)));
    assert.match(ids[0] ?? '', /^20260102-030405-[0-9a-z]{4}$/);
    assert.deepEqual([...ids].reverse().sort(), ids);
  });
  it('are valid folder names for the manifest', () => {
    assert.equal(runManifest.shape.id.safeParse(createRunId(new Date())).success, true);
  });
});

describe('runDirectory', () => {
  it('is .seedling/runs/<id> in the workspace', () => {
    assert.equal(runDirectory(join('/ws'), '20261121-063145-k3f9'), join('/ws', '.seedling', 'runs', '20261121-063145-k3f9'));
  });
  it('refuses ids that would leave the runs folder', () => {
    for (const id of ['..', '../x', 'a/b', 'a\\b', '', '.hidden']) assert.throws(() => runDirectory('/ws', id), /Not a valid run id/, id);
  });
});

describe('redactBaseUrl', () => {
  it('keeps ordinary base URLs unchanged', () => {
    for (const url of ['https://api.openai.com/v1', 'http://localhost:11434/v1', 'https://x.openai.azure.com/openai/deployments/d?api-version=2024-10-21', '']) {
      assert.equal(redactBaseUrl(url), url);
    }
  });
  it('removes user:password@ and a lone user@', () => {
    assert.equal(redactBaseUrl('https://alice:s3cr%40t@proxy.example.com:8443/v1'), 'https://proxy.example.com:8443/v1');
    assert.equal(redactBaseUrl('https://sk-live-123@api.example.com/v1'), 'https://api.example.com/v1');
    // An '@' in the path is not userinfo.
    assert.equal(redactBaseUrl('https://api.example.com/models/@cf/v1'), 'https://api.example.com/models/@cf/v1');
  });
  it('drops credential query parameters whatever their case, keeping the others in order', () => {
    const url = 'https://api.example.com/v1?api-version=2024-10-21&key=k1&API_KEY=k2&apiKey=k3&Api-Key=k4&token=t1&access_token=t2&sig=s1&SIG=s2&region=eu';
    assert.equal(redactBaseUrl(url), 'https://api.example.com/v1?api-version=2024-10-21&region=eu');
    assert.equal(redactBaseUrl('https://u:p@h/v1?token=x'), 'https://h/v1');
    assert.equal(redactBaseUrl('https://h/v1?x%2Dapi%2Dkey=secret&subscription-key=s'), 'https://h/v1');
  });
  it('drops the fragment and is idempotent', () => {
    const once = redactBaseUrl('https://u:p@h/v1?a=1&key=2#access_token=3');
    assert.equal(once, 'https://h/v1?a=1');
    assert.equal(redactBaseUrl(once), once);
  });
});

describe('run.json', () => {
  let workspace: string;
  beforeEach(() => {
    workspace = mkdtempSync(join(tmpdir(), 'seedling-runs-'));
  });
  afterEach(() => {
    rmSync(workspace, { recursive: true, force: true });
  });

  it('round-trips through write and read, as indented JSON ending in a newline', async () => {
    const m = manifest('20261121-063145-k3f9');
    const dir = runDirectory(workspace, m.id);
    assert.deepEqual(await writeRunManifest(dir, m), m);
    const text = readFileSync(join(dir, 'run.json'), 'utf8');
    assert.equal(text, `${JSON.stringify(m, null, 2)}\n`);
    assert.deepEqual(readdirSync(dir), ['run.json']);
    assert.deepEqual(await readRunManifest(dir), { ok: true, manifest: m });
  });

  it('rewrites an existing run.json', async () => {
    const m = manifest('20261121-063145-k3f9');
    const dir = runDirectory(workspace, m.id);
    await writeRunManifest(dir, m);
    const finished: RunManifest = { ...m, status: 'completed', timestamps: { started: m.createdAt, finished: '2026-11-21T07:00:00.000Z' } };
    await writeRunManifest(dir, finished);
    assert.deepEqual(await readRunManifest(dir), { ok: true, manifest: finished });
  });

  it('never stores a credential: not in the base URL, not in options, not as an extra field', async () => {
    const base = manifest('20261121-063145-k3f9');
    const withSecrets = {
      ...base,
      apiKey: 'sk-extra-field',
      provider: { ...base.provider, apiKey: 'sk-provider-field', baseUrl: 'https://bob:sk-userinfo@gw.example.com/v1?api_key=sk-query&api-version=1' },
      config: { ...base.config, options: { diversity: 'high', maxTokens: 512, dedupKey: 'output', apiKey: 'sk-option', nested: { authToken: 'sk-nested', keep: 1 }, list: [{ password: 'sk-list' }] } },
    };
    const dir = runDirectory(workspace, base.id);
    const stored = await writeRunManifest(dir, withSecrets);
    const text = readFileSync(join(dir, 'run.json'), 'utf8');
    assert.doesNotMatch(text, /sk-/);
    assert.equal(stored.provider.baseUrl, 'https://gw.example.com/v1?api-version=1');
    assert.deepEqual(stored.config.options, { diversity: 'high', maxTokens: 512, dedupKey: 'output', nested: { keep: 1 }, list: [{}] });
  });

  it('has no field for a key in its schema', () => {
    const names: string[] = [];
    const collect = (shape: Record<string, unknown>): void => {
      for (const [name, value] of Object.entries(shape)) {
        names.push(name);
        if (value instanceof Object && 'shape' in value && value.shape instanceof Object) collect(value.shape as Record<string, unknown>);
      }
    };
    collect(runManifest.shape);
    assert.ok(names.includes('baseUrl'), 'the walk reaches nested objects');
    assert.deepEqual(names.filter((n) => /key|secret|token$|password/i.test(n)), []);
  });

  it('refuses to write an invalid manifest and writes nothing', async () => {
    const bad = { ...manifest('20261121-063145-k3f9'), counts: { ...manifest('x').counts, accepted: -1 } };
    const dir = runDirectory(workspace, bad.id);
    await assert.rejects(writeRunManifest(dir, bad), /Invalid run manifest: counts\.accepted/);
    await assert.rejects(writeRunManifest(dir, { ...manifest('20261121-063145-k3f9'), id: '../escape' }), /Invalid run manifest: id/);
    for (const path of ['/home/me/seed.jsonl', 'C:\\data\\seed.jsonl', '\\\\server\\share\\seed.jsonl']) {
      const absolute = { ...manifest('20261121-063145-k3f9'), seed: { ...manifest('x').seed, path } };
      await assert.rejects(writeRunManifest(dir, absolute), /seed\.path: the seed path is relative to the workspace/, path);
    }
    assert.deepEqual((await readRunManifest(dir)).ok, false);
  });

  it('reports a missing, unparsable or malformed run.json instead of throwing', async () => {
    const dir = join(workspace, 'r');
    const missing = await readRunManifest(dir);
    assert.equal(missing.ok ? 'ok' : missing.reason, 'missing');

    mkdirSync(dir);
    writeFileSync(join(dir, 'run.json'), '{"version": 1,');
    const broken = await readRunManifest(dir);
    assert.equal(broken.ok ? 'ok' : broken.reason, 'invalid-json');

    writeFileSync(join(dir, 'run.json'), JSON.stringify({ ...manifest('r'), status: 'exploded' }));
    const wrong = await readRunManifest(dir);
    assert.ok(!wrong.ok);
    assert.equal(wrong.reason, 'invalid-shape');
    assert.match(wrong.message, /status/);
  });

  it('reads a run.json that starts with a byte order mark', async () => {
    const dir = join(workspace, 'r');
    mkdirSync(dir);
    writeFileSync(join(dir, 'run.json'), `\uFEFF${JSON.stringify(manifest('r'))}`);
    assert.deepEqual(await readRunManifest(dir), { ok: true, manifest: manifest('r') });
  });
});

describe('listRuns', () => {
  let workspace: string;
  beforeEach(() => {
    workspace = mkdtempSync(join(tmpdir(), 'seedling-list-'));
  });
  afterEach(() => {
    rmSync(workspace, { recursive: true, force: true });
  });

  it('is empty when the workspace has no runs yet', async () => {
    assert.deepEqual(await listRuns(workspace), { runs: [], unreadable: [] });
  });

  it('lists valid runs newest first and names the folders it could not read', async () => {
    const older = manifest('20261120-100000-aaaa', '2026-11-20T10:00:00.000Z');
    const newer = manifest('20261122-090000-bbbb', '2026-11-22T09:00:00.000Z');
    const middle = manifest('20261121-120000-cccc', '2026-11-21T12:00:00.000Z');
    for (const m of [older, newer, middle]) await writeRunManifest(runDirectory(workspace, m.id), m);

    const broken = runDirectory(workspace, '20261123-000000-dddd');
    mkdirSync(broken, { recursive: true });
    writeFileSync(join(broken, 'run.json'), '{ "version": 1, "id": "20261123-0');
    const empty = runDirectory(workspace, '20261124-000000-eeee');
    mkdirSync(empty);
    // A copied folder: its run.json names another run, so it cannot be opened by its id.
    const copy = runDirectory(workspace, '20261125-000000-ffff');
    await writeRunManifest(copy, manifest('20261120-100000-aaaa', '2026-11-25T00:00:00.000Z'));
    // Not runs at all.
    writeFileSync(join(workspace, '.seedling', 'runs', 'notes.txt'), 'hi');
    mkdirSync(join(workspace, '.seedling', 'runs', '.trash'));

    const { runs, unreadable } = await listRuns(workspace);
    assert.deepEqual(
      runs.map((r) => r.id),
      [newer.id, middle.id, older.id],
    );
    assert.deepEqual(
      unreadable.map((u) => [u.id, u.reason]),
      [
        ['20261125-000000-ffff', 'invalid-shape'],
        ['20261124-000000-eeee', 'missing'],
        ['20261123-000000-dddd', 'invalid-json'],
      ],
    );
    const brokenEntry = unreadable[2];
    assert.ok(brokenEntry);
    assert.equal(brokenEntry.dir, broken);
    assert.match(brokenEntry.message, /not valid JSON/);
  });
});
