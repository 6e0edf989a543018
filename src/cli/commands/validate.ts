import { parseArgs } from 'node:util';
import { readDatasetFile } from '../../core/formats/datasetReader';
import { isRecordFormatId, RECORD_FORMAT_IDS, RECORD_FORMATS } from '../../core/formats/recordFormats';
import type { Problem } from '../../core/model/problem';
import { type CliCommand, parseOrExplain, positiveInteger, UsageError, writeErr, writeOut } from '../cliCommand';

function formatProblem(file: string, found: Problem): string {
  return `${file}:${found.line}:${found.column}: ${found.code}: ${found.message}`;
}

export const validateCommand: CliCommand = {
  name: 'validate',
  summary: 'check datasets and print every problem as file:line:col: code: message',
  usage: `Usage: seedling validate FILE... [--format FORMAT] [--max-record-bytes N] [--errors-only] [--json]

Reads each file (JSONL, JSON array or CSV; any supported record format) and prints every
problem with its line and column. Exits 1 if any file has an error, 0 otherwise.

  --format FORMAT        read every record as this format: ${RECORD_FORMAT_IDS.join(', ')}
  --max-record-bytes N   report records larger than N bytes instead of loading them (default 16 MiB)
  --errors-only          leave out warnings
  --json                 one JSON object per problem, then one per file summary`,
  async run(args) {
    const { values, positionals } = parseOrExplain(() =>
      parseArgs({
        args: [...args],
        allowPositionals: true,
        options: { format: { type: 'string' }, 'max-record-bytes': { type: 'string' }, 'errors-only': { type: 'boolean' }, json: { type: 'boolean' } },
      }),
    );
    if (positionals.length === 0) throw new UsageError('name at least one file to validate');
    const format = values.format;
    if (format !== undefined && !isRecordFormatId(format)) throw new UsageError(`unknown format "${format}"; formats are ${RECORD_FORMAT_IDS.join(', ')}`);
    const maxRecordBytes = positiveInteger(values['max-record-bytes'], '--max-record-bytes');
    let failed = false;
    for (const file of positionals) {
      try {
        for await (const batch of readDatasetFile(file, { keepText: false, ...(format ? { format } : {}), ...(maxRecordBytes ? { maxRecordBytes } : {}) })) {
          for (const found of batch.problems) {
            if (values['errors-only'] === true && found.severity !== 'error') continue;
            writeOut(values.json === true ? JSON.stringify({ file, ...found }) : formatProblem(file, found));
          }
          const summary = batch.summary;
          if (!summary) continue;
          if (summary.errors > 0) failed = true;
          if (values.json === true) {
            writeOut(JSON.stringify({ file, summary: { records: summary.records, rejected: summary.rejected, errors: summary.errors, warnings: summary.warnings, format: summary.dominantFormat ?? null, container: summary.layout.container } }));
          } else {
            const what = summary.dominantFormat ? `${RECORD_FORMATS[summary.dominantFormat].label}, ${summary.layout.container}` : summary.layout.container;
            writeErr(`${file}: ${summary.records} records (${what}), ${summary.errors} errors, ${summary.warnings} warnings`);
          }
        }
      } catch (error: unknown) {
        const code = (error as NodeJS.ErrnoException).code;
        const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : code === 'EACCES' ? 'permission denied' : error instanceof Error ? error.message : String(error);
        writeOut(values.json === true ? JSON.stringify({ file, line: 0, column: 0, code: 'unreadable', severity: 'error', message: reason }) : `${file}: cannot read: ${reason}`);
        failed = true;
      }
    }
    return failed ? 1 : 0;
  },
};
