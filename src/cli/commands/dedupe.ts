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
import { EmbeddingIndex } from '../../core/quality/similarity/embeddingSimilarity';
import { MinHashLsh } from '../../core/quality/similarity/minhash';
import type { LlmSession } from '../../core/llm/llmSession';
import { type CliCommand, parseOrExplain, UsageError, writeErr, writeOut } from '../cliCommand';
import { endpointChoice, LLM_OPTIONS, LLM_OPTIONS_HELP, openCliSession } from '../llmOptions';
import { ProgressBar } from '../progress';
import { stderrLogger } from '../stderrLogger';

/** Above this size the near-duplicate search switches from exact ROUGE-L to MinHash-LSH. */
const MINHASH_ABOVE_BYTES = 200 * 1024 * 1024;

type Method = 'exact' | 'rouge' | 'minhash' | 'embedding';

/** Cosine similarity above which two embeddings count as near-duplicates. */
const DEFAULT_EMBEDDING_THRESHOLD = 0.92;

/** Embeddings for every text, in batches through the endpoint, before any comparison. */
async function embeddingDetector(texts: readonly string[], session: LlmSession, model: string, threshold: number): Promise<Detector> {
  const progress = new ProgressBar('embedding', texts.length);
  const vectors = new Map<string, Float32Array>();
  const distinct = [...new Set(texts)];
  for (let start = 0; start < distinct.length; start += 512) {
    const batch = distinct.slice(start, start + 512);
    const result = await session.client.embed(batch, model);
    batch.forEach((text, i) => vectors.set(text, Float32Array.from(result.vectors[i] ?? [])));
    progress.tick(batch.length);
  }
  progress.finish();
  let index: EmbeddingIndex | undefined;
  const refs: DuplicateRef[] = [];
  const exact = exactDetector();
  const vectorOf = (text: string): Float32Array => vectors.get(text) ?? new Float32Array(0);
  const add = (ref: DuplicateRef, text: string): void => {
    const vector = vectorOf(text);
    index ??= new EmbeddingIndex(vector.length);
    index.add(vector);
    refs.push(ref);
  };
  return {
    add: (ref, text) => {
      exact.add(ref, text);
      add(ref, text);
    },
    checkAndAdd: (ref, text) => {
      const copy = exact.checkAndAdd(ref, text);
      if (copy) return copy;
      const best = index?.mostSimilar(vectorOf(text), threshold);
      const other = best ? refs[best.index] : undefined;
      if (best && other) return { method: 'embedding', score: best.score, other, message: duplicateMessage('embedding', best.score, other) };
      add(ref, text);
      return undefined;
    },
  };
}

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
  usage: `Usage: seedling dedupe FILE [--against FILE]... [--threshold T] [--method auto|exact|rouge|minhash|embedding] [--field prompt|full] [--out OUT] [--json]

Reports every record that duplicates an earlier one, or one in an --against file (the seeds,
what was already accepted), naming the other record. Near-duplicates are found with ROUGE-L
(> 0.7 by default, words for Latin scripts, characters for CJK), or MinHash-LSH for very
large files. --out writes the records that are not duplicates, in FILE's own format.

  --field prompt|full   compare the prompts (instructions, user turns; the default) or everything
  --method embedding    compare embeddings from the endpoint (cosine ≥ 0.92 by default);
                        name the model with --model (the endpoint options below apply)

${LLM_OPTIONS_HELP}`,
  async run(args) {
    const { values, positionals } = parseOrExplain(() =>
      parseArgs({
        args: [...args],
        allowPositionals: true,
        options: { ...LLM_OPTIONS, against: { type: 'string', multiple: true }, threshold: { type: 'string' }, method: { type: 'string' }, field: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' } },
      }),
    );
    const [file, ...extra] = positionals;
    if (file === undefined || extra.length > 0) throw new UsageError('name one file to deduplicate');
    const requested = values.method ?? 'auto';
    if (!['auto', 'exact', 'rouge', 'minhash', 'embedding'].includes(requested)) throw new UsageError('--method is auto, exact, rouge, minhash or embedding');
    const threshold = values.threshold === undefined ? (requested === 'embedding' ? DEFAULT_EMBEDDING_THRESHOLD : DEFAULT_ROUGE_THRESHOLD) : Number(values.threshold);
    if (!(threshold > 0 && threshold <= 1)) throw new UsageError(`--threshold is a number above 0 and at most 1, got "${values.threshold ?? ''}"`);
    const field = values.field ?? 'prompt';
    if (field !== 'prompt' && field !== 'full') throw new UsageError('--field is prompt or full');
    const textOf = (sample: Sample): string => (field === 'prompt' ? promptText(sample) : fullText(sample));
    let method: Method = requested === 'auto' ? 'rouge' : (requested as Method);
    if (requested === 'auto' && statSync(file).size > MINHASH_ABOVE_BYTES) method = 'minhash';
    const references = await Promise.all((values.against ?? []).map(async (against) => ({ file: against, records: (await loadDataset(readDatasetFile(against, { keepText: false }))).records })));
    let session: LlmSession | undefined;
    let detector: Detector;
    if (method === 'embedding') {
      const choice = endpointChoice(values);
      if (choice.model === undefined) throw new UsageError('--method embedding needs the embedding model: --model M');
      session = await openCliSession(values, choice, stderrLogger);
      const own = await loadDataset(readDatasetFile(file, { keepText: false }));
      const texts = [...references.flatMap((r) => r.records), ...own.records].map((record) => textOf(record.sample));
      try {
        detector = await embeddingDetector(texts, session, choice.model, threshold);
      } finally {
        await session.close();
      }
    } else {
      detector = method === 'exact' ? exactDetector() : method === 'minhash' ? minhashDetector(threshold) : new NearDuplicateFilter(threshold);
    }
    for (const reference of references) {
      for (const record of reference.records) detector.add({ id: `${reference.file}:${record.line}`, source: 'file', label: `${reference.file}:${record.line}` }, textOf(record.sample));
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
    const rule = { rouge: `ROUGE-L > ${threshold}`, minhash: `MinHash Jaccard ≥ ${threshold}`, embedding: `embedding cosine ≥ ${threshold}`, exact: 'exact only' }[method];
    writeErr(`${file}: ${summary.records} records, ${exact + near} duplicates (${exact} exact, ${near} near, ${rule})`);
    if (values.out !== undefined) {
      await writeFile(values.out, serializeDataset(kept, { ...summary.layout, header: [] }, summary.dominantFormat));
      writeErr(`${kept.length} records written to ${values.out}`);
    }
    return 0;
  },
};
