import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type LlmSession, openLlmSession } from '../../../src/core/llm/llmSession';
import type { Sample } from '../../../src/core/model/sample';
import { loadSeeds, runGeneration } from '../../../src/core/pipeline';
import { BUILT_IN_TEMPLATES } from '../../../src/core/prompts/generationTemplates';
import { TemplateLibrary } from '../../../src/core/prompts/promptTemplate';
import { DEFAULT_RUBRICS } from '../../../src/core/quality/rubrics';
import { type RevisionRun, reviseCandidate, reviseSample, RevisionError } from '../../../src/core/review/candidateRevision';
import { ReviewModel } from '../../../src/core/review/reviewModel';
import { revisableFields, sampleFields, withRevisedFields } from '../../../src/core/review/sampleFields';
import { makeEvent } from '../../../src/core/runs/candidateEvents';
import { type CandidateState, reduceEvents } from '../../../src/core/runs/candidateState';
import { readJournal } from '../../../src/core/runs/journal';
import { readRunManifest } from '../../../src/core/runs/runManifest';
import { STRATEGIES } from '../../../src/core/strategies/strategyRegistry';
import { type LlmServer, startLlmServer } from '../../llmServer/llmServer';

const EXAMPLES = join(__dirname, '..', '..', '..', '..', 'examples');
const quiet = { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const templates = new TemplateLibrary(BUILT_IN_TEMPLATES);

describe('sample fields', () => {
  it('names every text of each kind and puts revised texts back without changing the shape', () => {
    const chat: Sample = { kind: 'chat', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hello' }] };
    assert.deepEqual(sampleFields(chat).map((f) => [f.name, f.role]), [['turn0', 'system'], ['turn1', 'user'], ['turn2', 'assistant']]);
    assert.deepEqual(withRevisedFields(chat, { turn2: 'Hello there.' }), { kind: 'chat', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hello there.' }] });

    const pair: Sample = { kind: 'preference', prompt: [{ role: 'user', content: 'Q' }], chosen: [{ role: 'assistant', content: 'good' }], rejected: 'bad' };
    assert.deepEqual(revisableFields(pair), { chosen: 'good', rejected: 'bad' });
    assert.deepEqual(withRevisedFields(pair, { chosen: 'better', rejected: 'worse' }), { kind: 'preference', prompt: [{ role: 'user', content: 'Q' }], chosen: [{ role: 'assistant', content: 'better' }], rejected: 'worse' });

    const labelled: Sample = { kind: 'classification', text: 'great', label: 1 };
    assert.deepEqual(revisableFields(labelled), { text: 'great' });
    assert.deepEqual(withRevisedFields(labelled, { text: 'really great', label: 'ignored' }), { kind: 'classification', text: 'really great', label: 1 });
  });
});

describe('candidate revision', () => {
  let server: LlmServer;
  let session: LlmSession;
  let run: RevisionRun;
  let runDir: string;

  before(async () => {
    server = await startLlmServer();
    const workspace = mkdtempSync(join(tmpdir(), 'sdl-revise-'));
    session = await openLlmSession({ provider: 'custom', baseUrl: server.url, apiKey: 'k', cacheDir: join(workspace, '.seedling', 'cache'), maxConcurrency: 4 });
    const seedPath = join(EXAMPLES, 'gov-faq-housing-fund.alpaca.jsonl');
    const report = await runGeneration(
      { session, strategies: STRATEGIES, templates, rubrics: DEFAULT_RUBRICS, logger: quiet },
      { workspaceRoot: workspace, seedPath, strategy: 'self-instruct', count: 3, models: ['seedling-test-large'], judgeModels: ['seedling-judge'], temperature: 0.9, maxTokens: 800, strategyOptions: {}, concurrency: 2, dedupThreshold: 0.7, provider: { id: 'custom', baseUrl: server.url } },
    );
    runDir = report.runDir;
    const manifest = await readRunManifest(runDir);
    assert.ok(manifest.ok);
    run = { manifest: manifest.manifest, seeds: await loadSeeds(seedPath), candidates: reduceEvents((await readJournal(runDir)).events) };
  });
  after(async () => {
    await session.close();
    await server.close();
  });

  const deps = (): Parameters<typeof reviseCandidate>[0] => ({ client: session.client, templates, rubrics: DEFAULT_RUBRICS, strategies: STRATEGIES });
  const pending = (): CandidateState => {
    const state = [...run.candidates.values()].find((s) => s.status === 'pending' && s.verdict?.critique !== undefined);
    assert.ok(state, 'a judged pending candidate');
    return state;
  };

  it('fixes a candidate with its critique: the model sees the critique and scores, and the proposal is checked and judged again', async () => {
    const state = pending();
    server.clearLog();
    const revision = await reviseCandidate(deps(), run, state.id, 'fix');
    assert.equal(revision.mode, 'fix');
    assert.equal(revision.sample.kind, 'instruction');
    assert.notDeepEqual(revision.sample, state.sample);
    assert.deepEqual(revision.basedOn, state.sample);
    assert.ok(revision.verdict, 'the proposal is judged');
    assert.ok(Array.isArray(revision.flags));
    const asked = server.requests.map((entry) => JSON.stringify(entry.body));
    assert.ok(asked.some((body) => body.includes(state.verdict?.critique?.slice(0, 40) ?? '∅')), 'the critique goes to the model');
    assert.ok(asked.some((body) => body.includes('revised_sample')), 'it asks for the revised fields by schema');
  });

  it('regenerates a candidate from its own seeds with a new answer each time', async () => {
    const state = pending();
    const first = await reviseCandidate(deps(), run, state.id, 'regenerate', { taskIndex: 1_000_001 });
    const second = await reviseCandidate(deps(), run, state.id, 'regenerate', { taskIndex: 1_000_002 });
    assert.equal(first.sample.kind, 'instruction');
    assert.notDeepEqual(first.sample, state.sample);
    assert.notDeepEqual(first.sample, second.sample);
    assert.ok(first.verdict);
  });

  it('refuses to fix a candidate the judge never critiqued, saying what to do instead', async () => {
    const state = pending();
    const bare: CandidateState = { ...state, id: 'bare' };
    delete (bare as { verdict?: unknown }).verdict;
    const candidates = new Map(run.candidates).set('bare', bare);
    await assert.rejects(reviseCandidate(deps(), { ...run, candidates }, 'bare', 'fix'), (error: unknown) => error instanceof RevisionError && error.reason === 'no-critique' && /regenerate it, or edit it yourself/.test(error.message));
    await assert.rejects(reviseCandidate(deps(), run, 'nope', 'fix'), (error: unknown) => error instanceof RevisionError && error.reason === 'no-candidate');
  });

  it('rewrites a bare sample with its verdict, keeping its shape, and judges the rewrite', async () => {
    const state = pending();
    server.clearLog();
    const revision = await reviseSample({ client: session.client, templates, rubrics: DEFAULT_RUBRICS }, state.sample, state.verdict, { model: 'seedling-test-large', judgeModels: ['seedling-judge'], examples: [], temperature: 0.7, maxTokens: 800 });
    assert.equal(revision.basedOn, state.sample);
    assert.equal(revision.sample.kind, state.sample.kind);
    assert.deepEqual(Object.keys(revisableFields(revision.sample)), Object.keys(revisableFields(state.sample)));
    assert.ok(revision.verdict, 'the rewrite is judged');
    const asked = server.requests.map((r) => JSON.stringify(r.body));
    assert.ok(asked.some((body) => body.includes('revised_sample')), 'the model is asked for the revised fields');
    await assert.rejects(
      reviseSample({ client: session.client, templates, rubrics: DEFAULT_RUBRICS }, state.sample, undefined, { model: 'm', judgeModels: [], examples: [], temperature: 0, maxTokens: 10 }),
      (error: unknown) => error instanceof RevisionError && error.reason === 'no-critique',
    );
  });

  it('applies a proposal as journal events whose undo puts back the sample, the flags and the verdict', async () => {
    const state = pending();
    const at = new Date('2026-11-21T10:00:00.000Z');
    const model = new ReviewModel(new Map(run.candidates), () => at);
    const proposal = { sample: withRevisedFields(state.sample, { output: 'A revised answer that names the office to ask.' }), flags: [{ code: 'too-short', severity: 'warning' as const, message: 'short' }], verdict: { overall: 4.5, criteria: [], models: ['seedling-judge'] } };
    const events = model.revise(state.id, proposal, 'fix');
    assert.deepEqual(events.map((e) => e.type), ['edited', 'checked', 'judged']);
    assert.deepEqual(events[0], makeEvent('edited', state.id, { sample: proposal.sample, by: 'fix' }, at));
    assert.equal(model.get(state.id)?.verdict?.overall, 4.5);
    const undo = model.undo();
    assert.deepEqual(undo.map((e) => e.type), ['edited', 'checked', 'judged']);
    const back = model.get(state.id);
    assert.ok(back);
    assert.deepEqual(back.sample, state.sample);
    assert.deepEqual(back.flags, state.flags);
    assert.deepEqual(back.verdict, state.verdict);
  });
});
