import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadDataset, readDatasetFile } from '../../core/formats/datasetReader';
import { LlmError } from '../../core/llm/llmErrors';
import { JUDGE_TEMPLATES } from '../../core/prompts/judgeTemplates';
import { TemplateLibrary } from '../../core/prompts/promptTemplate';
import { Judge, type JudgeOutcome } from '../../core/quality/judge';
import { loadRubrics } from '../../core/quality/rubrics';
import type { Sample } from '../../core/model/sample';
import { type CliCommand, parseOrExplain, positiveInteger, UsageError, writeErr, writeOut } from '../cliCommand';
import { endpointChoice, LLM_OPTIONS, LLM_OPTIONS_HELP, openCliSession } from '../llmOptions';
import { ProgressBar } from '../progress';
import { stderrLogger } from '../stderrLogger';

export const judgeCommand: CliCommand = {
  name: 'judge',
  summary: 'score every record of a dataset with an LLM judge (per criterion, with reasons)',
  usage: `Usage: seedling judge FILE [--judge-model J]... [--references SEED] [--limit N] [--aggregate mean|median] [--json]

Scores each record 1–5 per rubric criterion with a one-sentence reason, an overall score and a
critique, using the default rubric for the record's kind (or .seedling/rubrics/<kind>.json).
Several --judge-model flags let several judges vote; disagreement is flagged.

  --references SEED   give the judge up to 3 records of SEED as the standard of style and facts
  --limit N           judge only the first N records
  --json              one JSON object per record

${LLM_OPTIONS_HELP}`,
  async run(args) {
    const { values, positionals } = parseOrExplain(() =>
      parseArgs({
        args: [...args],
        allowPositionals: true,
        options: { ...LLM_OPTIONS, references: { type: 'string' }, limit: { type: 'string' }, aggregate: { type: 'string' }, json: { type: 'boolean' } },
      }),
    );
    const [file, ...extra] = positionals;
    if (file === undefined || extra.length > 0) throw new UsageError('name one file to judge');
    const aggregate = values.aggregate ?? 'mean';
    if (aggregate !== 'mean' && aggregate !== 'median') throw new UsageError('--aggregate is mean or median');
    const choice = endpointChoice(values);
    if (choice.judgeModels.length === 0) throw new UsageError('name a judge model: --judge-model J (or --model M, or set SEEDLING_JUDGE_MODEL)');
    const limit = positiveInteger(values.limit, '--limit');
    const dataset = await loadDataset(readDatasetFile(file));
    if (dataset.summary.rejected > 0) writeErr(`${file}: ${dataset.summary.rejected} records have errors and are not judged (see "seedling validate ${file}")`);
    let references: Sample[] = [];
    if (values.references !== undefined) references = (await loadDataset(readDatasetFile(values.references))).records.slice(0, 3).map((r) => r.sample);
    const records = dataset.records.slice(0, limit ?? dataset.records.length);
    const labels = [...new Set(dataset.records.flatMap((r) => (r.sample.kind === 'classification' ? [r.sample.label] : [])))];
    const templates = new TemplateLibrary(JUDGE_TEMPLATES);
    await templates.loadOverrides(join(process.cwd(), '.seedling', 'templates'));
    const rubrics = await loadRubrics(join(process.cwd(), '.seedling', 'rubrics'));
    for (const problem of [...templates.problems, ...rubrics.problems]) writeErr(`${problem.file}: ignored: ${problem.message}`);
    const session = await openCliSession(values, choice, stderrLogger);
    const judge = new Judge(session.client, templates, rubrics.rubrics);
    const progress = new ProgressBar('judging', records.length);
    const controller = new AbortController();
    const onSignal = (): void => {
      controller.abort();
    };
    process.once('SIGINT', onSignal);
    const outcomes: (JudgeOutcome | undefined)[] = [];
    let failed = 0;
    try {
      await Promise.all(
        records.map(async (record, index) => {
          try {
            outcomes[index] = await judge.judge(record.sample, { models: choice.judgeModels, aggregate, references, allowedLabels: labels, signal: controller.signal });
          } catch (error: unknown) {
            if (error instanceof LlmError && (error.reason === 'cancelled' || error.reason === 'budget')) throw error;
            failed++;
            writeErr(`${file}:${record.line}: not judged: ${error instanceof Error ? error.message : String(error)}`);
          }
          progress.tick(1, `$${session.costMeter.spentUsd.toFixed(4)}`);
        }),
      );
    } catch (error: unknown) {
      if (!(error instanceof LlmError)) throw error;
      writeErr(`stopped: ${error.message}`);
    } finally {
      process.removeListener('SIGINT', onSignal);
      progress.finish();
      await session.close();
    }
    const judged = records.flatMap((record, index) => {
      const outcome = outcomes[index];
      return outcome ? [{ record, outcome }] : [];
    });
    for (const { record, outcome } of judged) {
      const v = outcome.verdict;
      if (values.json === true) {
        writeOut(JSON.stringify({ file, line: record.line, ...v, perModel: outcome.perModel }));
      } else {
        const scores = v.criteria.map((c) => `${c.name} ${c.score}`).join(', ');
        writeOut(`${file}:${record.line}: ${v.overall.toFixed(1)}/5 ${v.passed ? 'pass' : 'FAIL'}${v.disagreement ? ' (judges disagree)' : ''}${v.preferred ? ` prefers ${v.preferred}` : ''} — ${scores}`);
        const weakest = [...v.criteria].sort((a, b) => a.score - b.score)[0];
        if (weakest && weakest.score < 4) writeOut(`  ${weakest.name}: ${weakest.reason}`);
        if (!v.passed && v.critique) writeOut(`  critique: ${v.critique}`);
      }
    }
    if (judged.length > 0) {
      const mean = judged.reduce((s, j) => s + j.outcome.verdict.overall, 0) / judged.length;
      const passed = judged.filter((j) => j.outcome.verdict.passed).length;
      writeErr(`${judged.length} judged: mean ${mean.toFixed(2)}/5, ${passed} pass (${Math.round((100 * passed) / judged.length)}%), cost $${session.costMeter.spentUsd.toFixed(4)}${failed > 0 ? `, ${failed} not judged` : ''}`);
    }
    return failed > 0 || judged.length < records.length ? 1 : 0;
  },
};
