// A finished run written straight into a workspace's .seedling/runs, for suites that need
// one without generating it: two accepted candidates and a rejected one.
import { makeEvent } from '../../src/core/runs/candidateEvents';
import { CandidateJournal } from '../../src/core/runs/journal';
import { runDirectory, writeRunManifest } from '../../src/core/runs/runManifest';

/** The seed file of the run, in the example workspace. */
export const RUN_SEED = 'gov-faq-housing-fund.alpaca.jsonl';
/** The samples the run accepted, in order. */
export const ACCEPTED = [
  { instruction: '公积金可以还房贷吗？', input: '', output: '可以，按月对冲还款。' },
  { instruction: '公积金余额怎么查？', input: '', output: '登录公积金App查询。' },
] as const;

const provenance = { strategy: 'self-instruct', models: ['m'], templateHash: 'a'.repeat(64), seedIds: ['line:1'], at: '2026-11-21T09:00:00.000Z', usage: { promptTokens: 1, completionTokens: 1 } };
const sample = (question: string, answer: string) => ({ kind: 'instruction' as const, instruction: question, input: '', output: answer });

/** Writes the run; returns its folder. */
export async function writeAcceptedRun(root: string, runId: string): Promise<string> {
  const runDir = runDirectory(root, runId);
  await writeRunManifest(runDir, {
    version: 1, id: runId, createdAt: '2026-11-21T09:00:00.000Z', updatedAt: '2026-11-21T09:00:00.000Z', status: 'completed',
    seed: { path: RUN_SEED, sha256: 'b'.repeat(64), format: 'alpaca', records: 17 },
    config: { strategy: 'self-instruct', count: 3, options: {} },
    provider: { id: 'custom', baseUrl: 'http://127.0.0.1:1/v1', models: { generator: ['m'], judge: [] } },
    templates: {}, counts: { generated: 3, accepted: 2, rejected: 1, pending: 0, saved: 0, failed: 0 },
    usage: { requests: 1, promptTokens: 1, completionTokens: 1 }, cost: { usd: 0 }, timestamps: { started: '2026-11-21T09:00:00.000Z' },
  });
  const journal = await CandidateJournal.open(runDir);
  await journal.append([
    ...ACCEPTED.map((s, index) => makeEvent('generated', `t0-${index}`, { sample: sample(s.instruction, s.output), provenance })),
    makeEvent('generated', 't0-2', { sample: sample('被拒绝的问题？', '不应保存。'), provenance }),
    makeEvent('accepted', 't0-0', { by: 'user' }),
    makeEvent('accepted', 't0-1', { by: 'user' }),
    makeEvent('rejected', 't0-2', { by: 'user' }),
  ]);
  await journal.close();
  return runDir;
}
