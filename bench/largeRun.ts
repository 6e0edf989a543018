// A run of 100,000 candidates as a long generation leaves it: a `generated` and a `judged`
// event per candidate (about 84 MB of journal), some flagged, some already decided, and a
// 100,000-line dataset. Deterministic, so every bench run measures the same files.
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { type CandidateEvent, makeEvent } from '../src/core/runs/candidateEvents';
import { journalPath } from '../src/core/runs/journal';
import { runDirectory, writeRunManifest } from '../src/core/runs/runManifest';

const WORDS = ['housing', 'fund', 'withdraw', 'balance', 'loan', 'rent', 'city', 'account', 'employer', 'transfer', 'interest', 'deposit', 'statement', 'branch', 'online', 'application', 'monthly', 'limit', 'proof', 'contract'];
const HANZI = '公积金提取租房贷款余额查询单位缴存转移利息申请材料合同证明城市账户网上办理';

/** A deterministic pseudo-random word stream: each (seed, i) pair hashed on its own. */
function word(seed: number, i: number): number {
  let h = Math.imul(seed * 31 + i + 1, 0x9e3779b1) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b) >>> 0;
  return (h ^ (h >>> 13)) >>> 0;
}

function english(seed: number, n: number): string {
  return Array.from({ length: n }, (_, i) => WORDS[word(seed, i) % WORDS.length] ?? '').join(' ');
}

function chinese(seed: number, n: number): string {
  return Array.from({ length: n }, (_, i) => HANZI[word(seed, i) % HANZI.length] ?? '').join('');
}

const AT = '2026-11-21T10:00:00.000Z';
const provenance = { strategy: 'self-instruct', models: ['seedling-test-large'], templateHash: 'a'.repeat(64), seedIds: ['line:1', 'line:2'], at: AT, usage: { promptTokens: 812, completionTokens: 96 } };

/** The events of candidate `i`: generated and judged; every 7th flagged, every 10th already accepted. */
export function candidateEvents(i: number): CandidateEvent[] {
  const id = `c${String(i).padStart(6, '0')}`;
  const chineseOne = i % 3 === 0;
  const instruction = chineseOne ? `${chinese(i, 18)}？（第${i}条）` : `How do I ${english(i, 12)}? (case ${i})`;
  const output = chineseOne ? `${chinese(i + 1_000_000, 36)}。` : `${english(i + 1_000_000, 22)}.`;
  const at = new Date(Date.parse(AT) + i * 10);
  const overall = 1 + (word(i, 99) % 41) / 10;
  const events: CandidateEvent[] = [
    makeEvent('generated', id, { sample: { kind: 'instruction', instruction, input: '', output }, provenance, nearestSeedId: `line:${(i % 17) + 1}` }, at),
    makeEvent('judged', id, { verdict: { overall, criteria: [{ name: 'accuracy', score: Math.round(overall), reason: 'Matches the policy text of the seed.' }, { name: 'helpfulness', score: Math.round(overall), reason: 'Answers the question directly.' }], critique: 'Could name the documents needed.', models: ['seedling-judge'] } }, at),
  ];
  if (i % 7 === 3) events.push(makeEvent('checked', id, { flags: [{ code: 'near-duplicate', severity: 'warning', message: `Near-duplicate of c${String(i - 1).padStart(6, '0')} (ROUGE-L 0.74)`, otherId: `c${String(i - 1).padStart(6, '0')}` }] }, at));
  if (i % 10 === 5) events.push(makeEvent('accepted', id, { by: 'judge' }, at));
  return events;
}

/** Writes the run `runId` of `count` candidates under `root`, over the seed file `seedPath` (relative). */
export async function writeLargeRun(root: string, runId: string, count: number, seedPath: string): Promise<string> {
  const runDir = runDirectory(root, runId);
  await mkdir(runDir, { recursive: true });
  const out = createWriteStream(journalPath(runDir));
  let buffered = '';
  for (let i = 0; i < count; i++) {
    for (const event of candidateEvents(i)) buffered += `${JSON.stringify(event)}\n`;
    if (buffered.length > 1 << 20) {
      if (!out.write(buffered)) await once(out, 'drain');
      buffered = '';
    }
  }
  out.end(buffered);
  await once(out, 'finish');
  const accepted = Math.floor((count + 4) / 10);
  await writeRunManifest(runDir, {
    version: 1, id: runId, createdAt: AT, updatedAt: AT, status: 'completed',
    seed: { path: seedPath, sha256: 'b'.repeat(64), format: 'alpaca', records: 17 },
    config: { strategy: 'self-instruct', count, options: {} },
    provider: { id: 'custom', baseUrl: 'http://127.0.0.1:1/v1', models: { generator: ['seedling-test-large'], judge: ['seedling-judge'] } },
    templates: {}, counts: { generated: count, accepted, rejected: 0, pending: count - accepted, saved: 0, failed: 0 },
    usage: { requests: count * 2, promptTokens: count * 812, completionTokens: count * 96 }, cost: { usd: 0 }, timestamps: { started: AT },
  });
  return runDir;
}

/** The path of the journal of a run folder (for sizes in the report). */
export function largeRunJournal(runDir: string): string {
  return join(runDir, 'candidates.jsonl');
}
