// `.seedling/judgements.jsonl`: verdicts given to dataset lines from the editor, outside any
// run. Append-only like a run's journal: a line per verdict, keyed by the content it judged,
// so a verdict follows its sample wherever the sample is written and in whatever format.
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { errorCode, readFileIfExists } from './atomicFile';
import { verdict } from './candidateEvents';
import { endsWithNewlineOrEmpty } from './journal';
import { describeIssues } from './schemaErrors';

export const JUDGEMENTS_FILE = 'judgements.jsonl';
export const JUDGEMENTS_VERSION = 1;

export const editorJudgement = z.object({
  v: z.literal(JUDGEMENTS_VERSION),
  at: z.iso.datetime({ offset: true }),
  /** `sampleContentHash` of the judged sample. */
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
  rubric: z.string().min(1),
  /** The judge model(s), also in the verdict: kept apart so the store reads without it. */
  models: z.array(z.string()),
  verdict,
});
export type EditorJudgement = z.infer<typeof editorJudgement>;

export interface JudgementStoreContents {
  readonly judgements: EditorJudgement[];
  /** One sentence per line that was skipped, with its number. */
  readonly skipped: string[];
}

export function judgementsPath(workspaceRoot: string): string {
  return join(workspaceRoot, '.seedling', JUDGEMENTS_FILE);
}

/** Every valid judgement of the store, in the order they were given; a missing store is an empty one. */
export async function readJudgements(path: string): Promise<JudgementStoreContents> {
  const text = (await readFileIfExists(path)) ?? '';
  const judgements: EditorJudgement[] = [];
  const skipped: string[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      // Most likely a write torn by a crash: the verdicts around it still count.
      skipped.push(`${path}:${index + 1}: not valid JSON (an interrupted write?); skipped`);
      return;
    }
    const parsed = editorJudgement.safeParse(json);
    if (parsed.success) judgements.push(parsed.data);
    else skipped.push(`${path}:${index + 1}: not a judgement; skipped (${describeIssues(parsed.error)})`);
  });
  return { judgements, skipped };
}

/**
 * Appends judgements as complete lines in one write (O_APPEND), starting on a fresh line when
 * a crash left the last one torn. Rejects, writing nothing, when any judgement is invalid.
 */
export async function appendJudgements(path: string, judgements: readonly EditorJudgement[]): Promise<void> {
  const lines = judgements.map((judgement) => {
    const parsed = editorJudgement.safeParse(judgement);
    if (!parsed.success) throw new Error(`A judgement cannot go into ${path}: ${describeIssues(parsed.error)}`);
    return `${JSON.stringify(parsed.data)}\n`;
  });
  if (lines.length === 0) return;
  await mkdir(dirname(path), { recursive: true });
  const whole = await endsWithNewlineOrEmpty(path).catch((error: unknown) => {
    if (errorCode(error) === 'ENOENT') return true;
    throw error;
  });
  const lead = whole ? '' : '\n';
  await appendFile(path, lead + lines.join(''), 'utf8');
}
