import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { convertRecords } from '../../core/formats/convert';
import { loadDataset, readDatasetFile } from '../../core/formats/datasetReader';
import { containerForFileName, defaultLayout, serializeDataset } from '../../core/formats/datasetWriter';
import { isRecordFormatId, RECORD_FORMAT_IDS, RECORD_FORMATS } from '../../core/formats/recordFormats';
import { writeFileAtomic } from '../../core/runs/atomicFile';
import { type CliCommand, parseOrExplain, UsageError, writeErr } from '../cliCommand';

export const convertCommand: CliCommand = {
  name: 'convert',
  summary: 'convert a dataset to another record format (and container, by the output name)',
  usage: `Usage: seedling convert IN --to FORMAT [--out OUT]

Converts every record of IN to FORMAT (${RECORD_FORMAT_IDS.join(', ')}).
The container follows OUT's extension (.jsonl, .json, .csv); without --out, JSON lines go to
standard output. What a conversion cannot carry over is listed on standard error, as are
records that cannot be converted at all. Exits 1 if IN has errors or a record was skipped.`,
  async run(args) {
    const { values, positionals } = parseOrExplain(() =>
      parseArgs({ args: [...args], allowPositionals: true, options: { to: { type: 'string' }, out: { type: 'string' } } }),
    );
    const [input, ...extra] = positionals;
    if (input === undefined) throw new UsageError('name the file to convert');
    if (extra.length > 0) throw new UsageError(`convert takes one input file; also got ${extra.join(', ')}`);
    const to = values.to;
    if (to === undefined) throw new UsageError(`say which format to convert to: --to ${RECORD_FORMAT_IDS.join('|')}`);
    if (!isRecordFormatId(to)) throw new UsageError(`unknown format "${to}"; formats are ${RECORD_FORMAT_IDS.join(', ')}`);
    const out = values.out;
    const container = out === undefined ? 'jsonl' : containerForFileName(out);
    if (container === undefined) throw new UsageError(`the output name must end in .jsonl, .json or .csv: ${out ?? ''}`);

    const dataset = await loadDataset(readDatasetFile(input));
    if (dataset.summary.errors > 0) {
      writeErr(`${input}: ${dataset.summary.rejected} records have errors and are not converted (run "seedling validate ${input}" to see them)`);
    }
    const { records, report } = convertRecords(dataset.records, to);
    for (const [loss, count] of report.losses) writeErr(`lost in ${count} records: ${loss}`);
    for (const skipped of report.skipped.slice(0, 20)) writeErr(`${input}:${skipped.line}: skipped: ${skipped.reason}`);
    if (report.skipped.length > 20) writeErr(`… and ${report.skipped.length - 20} more records skipped`);

    if (report.converted === 0) {
      writeErr(`0 records converted to ${RECORD_FORMATS[to].label}: nothing was written`);
      return 1;
    }
    const sameContainer = container === dataset.summary.layout.container;
    const layout = sameContainer ? { ...dataset.summary.layout, header: [] } : defaultLayout(container);
    const text = serializeDataset(records, layout, to);
    if (out === undefined) process.stdout.write(text);
    else if (out === input) await writeFileAtomic(out, text);
    else await writeFile(out, text);
    writeErr(`${report.converted} records converted to ${RECORD_FORMATS[to].label}${out === undefined ? '' : ` in ${out}`}${report.skipped.length > 0 ? `, ${report.skipped.length} skipped` : ''}`);
    return dataset.summary.errors > 0 || report.skipped.length > 0 ? 1 : 0;
  },
};
