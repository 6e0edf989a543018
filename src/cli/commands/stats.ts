import { parseArgs } from 'node:util';
import { readDatasetFile } from '../../core/formats/datasetReader';
import { LlmError } from '../../core/llm/llmErrors';
import { promptText, responseText } from '../../core/model/sampleText';
import type { Sample } from '../../core/model/sample';
import { formatStatsReport, StatsAccumulator } from '../../core/quality/datasetStats';
import { ifdScore } from '../../core/quality/ifd';
import { type CliCommand, parseOrExplain, positiveInteger, UsageError, writeErr, writeOut } from '../cliCommand';
import { endpointChoice, LLM_OPTIONS, LLM_OPTIONS_HELP, openCliSession } from '../llmOptions';
import { ProgressBar } from '../progress';
import { stderrLogger } from '../stderrLogger';

async function accumulate(file: string, keep?: Sample[], limit = 0): Promise<StatsAccumulator> {
  const stats = new StatsAccumulator();
  for await (const batch of readDatasetFile(file, { keepText: false })) {
    for (const record of batch.records) {
      stats.add(record.sample);
      if (keep && keep.length < limit) keep.push(record.sample);
    }
  }
  return stats;
}

export const statsCommand: CliCommand = {
  name: 'stats',
  summary: 'dataset statistics, and how synthetic data compares with its seeds',
  usage: `Usage: seedling stats FILE [--compare SEED] [--json] [--ifd --model M [--ifd-limit N]]

Counts by kind and label, lengths (characters and approximate tokens), distinct-1/2, the
language mix; with --compare, the n-gram divergence (Jensen–Shannon) and length and label
drift from the seeds. --ifd scores instruction-following difficulty on up to --ifd-limit
records (default 100) where the endpoint returns prompt log-probabilities (vLLM).

${LLM_OPTIONS_HELP}`,
  async run(args) {
    const { values, positionals } = parseOrExplain(() =>
      parseArgs({ args: [...args], allowPositionals: true, options: { ...LLM_OPTIONS, compare: { type: 'string' }, json: { type: 'boolean' }, ifd: { type: 'boolean' }, 'ifd-limit': { type: 'string' } } }),
    );
    const [file, ...extra] = positionals;
    if (file === undefined || extra.length > 0) throw new UsageError('name one file');
    const ifdLimit = positiveInteger(values['ifd-limit'], '--ifd-limit') ?? 100;
    const sampled: Sample[] = [];
    const stats = await accumulate(file, values.ifd === true ? sampled : undefined, ifdLimit);
    const seeds = values.compare !== undefined ? await accumulate(values.compare) : undefined;
    const comparison = seeds ? stats.compareWith(seeds) : undefined;
    let ifd: { mean: number; median: number; count: number } | { unavailable: string } | undefined;
    if (values.ifd === true) {
      const choice = endpointChoice(values);
      if (choice.model === undefined) throw new UsageError('--ifd needs the model to score with: --model M');
      const model = choice.model;
      const session = await openCliSession(values, choice, stderrLogger);
      const progress = new ProgressBar('IFD', sampled.length);
      try {
        const scores: number[] = [];
        for (const sample of sampled) {
          const score = await ifdScore(session.client, model, promptText(sample), responseText(sample));
          if (score) scores.push(score.ifd);
          progress.tick();
        }
        const sorted = [...scores].sort((a, b) => a - b);
        ifd = { mean: scores.reduce((a, b) => a + b, 0) / Math.max(1, scores.length), median: sorted[Math.floor(sorted.length / 2)] ?? 0, count: scores.length };
      } catch (error: unknown) {
        if (!(error instanceof LlmError) || error.reason !== 'unsupported') throw error;
        ifd = { unavailable: error.message };
      } finally {
        progress.finish();
        await session.close();
      }
    }
    if (values.json === true) {
      writeOut(JSON.stringify({ file, ...stats.result(), ...(comparison ? { comparison } : {}), ...(ifd ? { ifd } : {}) }));
    } else {
      writeOut(formatStatsReport(file, stats.result(), comparison));
      if (ifd && 'unavailable' in ifd) writeErr(`IFD is unavailable: ${ifd.unavailable}`);
      else if (ifd) writeOut(`  ${'IFD'.padEnd(18)}mean ${ifd.mean.toFixed(3)}, median ${ifd.median.toFixed(3)} over ${ifd.count} records (lower: the instruction helps more)`);
    }
    return 0;
  },
};
