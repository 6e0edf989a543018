import { statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadDataset, readDatasetFile, type DatasetSummary } from '../../core/formats/datasetReader';
import { serializeDataset } from '../../core/formats/datasetWriter';
import type { JsonObject } from '../../core/formats/recordFormats';
import type { Sample } from '../../core/model/sample';
import { fullText, promptText } from '../../core/model/sampleText';
import { DEFAULT_ROUGE_THRESHOLD, type DuplicateFlag, duplicateMessage, type DuplicateRef, NearDuplicateFilter } from '../../core/quality/nearDuplicates';
import { ExactDuplicateIndex } from '../../core/quality/similarity/exactDuplicates';
import { MinHashLsh } from '../../core/quality/similarity/minhash';
import { type CliCommand, parseOrExplain, UsageError, writeErr, writeOut } from '../cliCommand';
import { ProgressBar } from '../progress';

/** Above this size the near-duplicate search switches from exact ROUGE-L to MinHash-LSH. */
const MINHASH_ABOVE_BYTES = 200 * 1024 * 1024;

type Method = 'exact' | 'rouge' | 'minhash';

interface Detector {
  add(ref: DuplicateRef, text: string): void;
  checkAndAdd(ref: DuplicateRef, text: string): DuplicateFlag | undefined;
}

function exactDetector(): Detector {
  const index = new ExactDuplicateIndex();
  const refs: DuplicateRef[] = [];
  const check = (ref: DuplicateRef, text: string, add: boolean): DuplicateFlag | undefined => {
    const first = index.find(text);
    const other = first === undefined ? undefined : refs[first];
    if (other) return { method: 'exact', score: 1, other, message: duplicateMessage('exact', 1, other) };
    if (add) {
      index.add(refs.length, text);
      refs.push(ref);
    }
    return undefined;
  };
  return { add: (ref, text) => void check(ref, text, true), checkAndAdd: (ref, text) => check(ref, text, true) };
}

function minhashDetector(threshold: number): Detector {
  const lsh = new MinHashLsh<number>({ threshold });
  const exact = exactDetector();
  const refs: DuplicateRef[] = [];
  return {
    add: (ref, text) => {
      exact.add(ref, text);
      lsh.add(refs.length, text);
      refs.push(ref);
    },
    checkAndAdd: (ref, text) => {
      const copy = exact.checkAndAdd(ref, text);
      if (copy) return copy;
      const best = lsh.query(text).sort((a, b) => b.estimate - a.estimate)[0];
      const other = best ? refs[best.id] : undefined;
      if (best && other) return { method: 'minhash', score: best.estimate, other, message: duplicateMessage('minhash', best.estimate, other) };
      lsh.add(refs.length, text);
      refs.push(ref);
      return undefined;
    },
  };
}

export const dedupeCommand: CliCommand = {
  name: 'dedupe',
  summary: 'find exact and near-duplicate records, within a file and against others',
  usage: `Usage: seedling dedupe FILE [--against FILE]... [--threshold T] [--method auto|exact|rouge|minhash] [--field prompt|full] [--out OUT] [--json]

Reports every record that duplicates an earlier one, or one in an --against file (the seeds,
what was already accepted), naming the other record. Near-duplicates are found with ROUGE-L
(> 0.7 by default, words for Latin scripts, characters for CJK), or MinHash-LSH for very
large files. --out writes the records that are not duplicates, in FILE's own format.

  --field prompt|full   compare the prompts (instructions, user turns; the default) or everything`,
  async run(args) {
    const { values, positionals } = parseOrExplain(() =>
      parseArgs({
        args: [...args],
        allowPositionals: true,
        options: { against: { type: 'string', multiple: true }, threshold: { type: 'string' }, method: { type: 'string' }, field: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' } },
      }),
    );
    const [file, ...extra] = positionals;
    if (file === undefined || extra.length > 0) throw new UsageError('name one file to deduplicate');
    const threshold = values.threshold === undefined ? DEFAULT_ROUGE_THRESHOLD : Number(values.threshold);
    if (!(threshold > 0 && threshold <= 1)) throw new UsageError(`--threshold is a number above 0 and at most 1, got "${values.threshold ?? ''}"`);
    const field = values.field ?? 'prompt';
    if (field !== 'prompt' && field !== 'full') throw new UsageError('--field is prompt or full');
    const textOf = (sample: Sample): string => (field === 'prompt' ? promptText(sample) : fullText(sample));
    const requested = values.method ?? 'auto';
    if (!['auto', 'exact', 'rouge', 'minhash'].includes(requested)) throw new UsageError('--method is auto, exact, rouge or minhash');
    let method: Method = requested === 'auto' ? 'rouge' : (requested as Method);
    if (requested === 'auto' && statSync(file).size > MINHASH_ABOVE_BYTES) method = 'minhash';
    const detector: Detector = method === 'exact' ? exactDetector() : method === 'minhash' ? minhashDetector(threshold) : new NearDuplicateFilter(threshold);

    for (const against of values.against ?? []) {
      const reference = await loadDataset(readDatasetFile(against, { keepText: false }));
      for (const record of reference.records) detector.add({ id: `${against}:${record.line}`, source: 'file', label: `${against}:${record.line}` }, textOf(record.sample));
    }
    const progress = new ProgressBar('deduplicating', 0);
    const kept: JsonObject[] = [];
    let summary: DatasetSummary | undefined;
    let exact = 0;
    let near = 0;
    for await (const batch of readDatasetFile(file, { keepText: false })) {
      for (const record of batch.records) {
        const flag = detector.checkAndAdd({ id: `${file}:${record.line}`, source: 'file', label: `${file}:${record.line}` }, textOf(record.sample));
        if (!flag) {
          if (values.out !== undefined) kept.push(record.source);
          continue;
        }
        if (flag.method === 'exact') exact++;
        else near++;
        writeOut(values.json === true ? JSON.stringify({ file, line: record.line, method: flag.method, score: flag.score, other: flag.other.label }) : `${file}:${record.line}: ${flag.message}`);
      }
      progress.tick(batch.records.length);
      if (batch.summary) summary = batch.summary;
    }
    progress.finish();
    if (!summary) return 1;
    if (summary.rejected > 0) writeErr(`${file}: ${summary.rejected} records have errors and were not compared (see "seedling validate ${file}")`);
    writeErr(`${file}: ${summary.records} records, ${exact + near} duplicates (${exact} exact, ${near} near, ${method === 'rouge' ? `ROUGE-L > ${threshold}` : method === 'minhash' ? `MinHash Jaccard ≥ ${threshold}` : 'exact only'})`);
    if (values.out !== undefined) {
      await writeFile(values.out, serializeDataset(kept, { ...summary.layout, header: [] }, summary.dominantFormat));
      writeErr(`${kept.length} records written to ${values.out}`);
    }
    return 0;
  },
};
