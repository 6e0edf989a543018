import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { readDatasetFile, type DatasetSummary } from '../../core/formats/datasetReader';
import { serializeDataset } from '../../core/formats/datasetWriter';
import type { JsonObject } from '../../core/formats/recordFormats';
import { fullText } from '../../core/model/sampleText';
import { readEvalItems } from '../../core/quality/evalItems';
import { ContaminationIndex } from '../../core/quality/similarity/ngramOverlap';
import { type CliCommand, parseOrExplain, positiveInteger, UsageError, writeErr, writeOut } from '../cliCommand';
import { ProgressBar } from '../progress';

export const decontaminateCommand: CliCommand = {
  name: 'decontaminate',
  summary: 'find records that overlap evaluation/test sets (n-gram overlap)',
  usage: `Usage: seedling decontaminate FILE --eval FILE... [--n 13] [--cjk-n 13] [--out OUT] [--json]

Flags every record that shares a run of n words (n characters for Chinese, Japanese and
Korean text) with an item of an --eval file, naming the eval item (file, line, id). Eval files
may be in any shape: JSONL or JSON (every string field counts), CSV, or plain text (one item a
line). --out writes the records that are clean, in FILE's own format.`,
  async run(args) {
    const { values, positionals } = parseOrExplain(() =>
      parseArgs({ args: [...args], allowPositionals: true, options: { eval: { type: 'string', multiple: true }, n: { type: 'string' }, 'cjk-n': { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' } } }),
    );
    const [file, ...extra] = positionals;
    if (file === undefined || extra.length > 0) throw new UsageError('name one file to check');
    const evals = values.eval ?? [];
    if (evals.length === 0) throw new UsageError('name the evaluation files to check against: --eval FILE');
    const wordN = positiveInteger(values.n, '--n') ?? 13;
    const cjkN = positiveInteger(values['cjk-n'], '--cjk-n') ?? 13;
    const index = new ContaminationIndex({ wordN, cjkN });
    let items = 0;
    for (const path of evals) {
      for await (const item of readEvalItems(path)) {
        index.addEvalItem(item.ref, item.text);
        items++;
      }
    }
    const progress = new ProgressBar('checking', 0);
    const clean: JsonObject[] = [];
    let summary: DatasetSummary | undefined;
    let contaminated = 0;
    for await (const batch of readDatasetFile(file, { keepText: false })) {
      for (const record of batch.records) {
        const hits = index.check(fullText(record.sample));
        if (hits.length === 0) {
          if (values.out !== undefined) clean.push(record.source);
          continue;
        }
        contaminated++;
        for (const hit of hits) {
          const where = `${hit.ref.file}:${hit.ref.line}${hit.ref.id !== undefined ? ` (id ${hit.ref.id})` : ''}`;
          writeOut(values.json === true ? JSON.stringify({ file, line: record.line, eval: hit.ref, ngram: hit.ngram, overlap: hit.overlapCount }) : `${file}:${record.line}: contaminated: shares "${hit.ngram}" with ${where}`);
        }
      }
      progress.tick(batch.records.length);
      if (batch.summary) summary = batch.summary;
    }
    progress.finish();
    if (!summary) return 1;
    writeErr(`${file}: ${summary.records} records checked against ${items} eval items: ${contaminated} contaminated`);
    if (values.out !== undefined) {
      await writeFile(values.out, serializeDataset(clean, { ...summary.layout, header: [] }, summary.dominantFormat));
      writeErr(`${clean.length} clean records written to ${values.out}`);
    }
    return 0;
  },
};
