import { parseArgs } from 'node:util';
import { readDatasetFile, type DatasetSummary } from '../../core/formats/datasetReader';
import { FieldStats, type FieldStatsSummary, type NumberSummary } from '../../core/formats/fieldStats';
import { RECORD_FORMATS, type RecordFormatId } from '../../core/formats/recordFormats';
import type { ProblemCode } from '../../core/model/problem';
import { type CliCommand, parseOrExplain, UsageError, writeOut } from '../cliCommand';

function numbers(summary: NumberSummary | undefined): string {
  if (!summary) return '';
  const round = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(1));
  return `min ${round(summary.min)}  median ${round(summary.p50)}  mean ${round(summary.mean)}  p95 ${round(summary.p95)}  max ${round(summary.max)}`;
}

function report(file: string, summary: DatasetSummary, stats: FieldStatsSummary, problemCounts: ReadonlyMap<ProblemCode, number>): string {
  const lines: string[] = [];
  const format = summary.dominantFormat;
  lines.push(file);
  lines.push(`  format      ${format ? `${RECORD_FORMATS[format].label} [${format}]` : 'unknown'}`);
  lines.push(`  container   ${summary.layout.container}${summary.layout.bom ? ', with BOM' : ''}${summary.layout.lineEnding === '\r\n' ? ', CRLF' : ''}${summary.layout.container === 'csv' ? `, delimiter ${JSON.stringify(summary.layout.delimiter)}` : ''}`);
  lines.push(`  size        ${summary.bytes} bytes, ${summary.lines} lines`);
  lines.push(`  records     ${summary.records} usable, ${summary.rejected} with errors`);
  const formats = Object.entries(summary.formatCounts) as [RecordFormatId, number][];
  if (formats.length > 1) lines.push(`  mixed       ${formats.map(([id, n]) => `${n} ${id}`).join(', ')}`);
  const kinds = Object.entries(summary.kindCounts);
  if (kinds.length > 0) lines.push(`  kinds       ${kinds.map(([kind, n]) => `${n} ${kind}`).join(', ')}`);
  lines.push(`  problems    ${summary.errors} errors, ${summary.warnings} warnings${problemCounts.size > 0 ? ` (${[...problemCounts].map(([code, n]) => `${n} ${code}`).join(', ')})` : ''}`);
  if (stats.turns) lines.push(`  turns       ${numbers(stats.turns)}`);
  if (stats.labels) lines.push(`  labels      ${stats.labels.map((l) => `${l.label} ${l.count}`).join(', ')}`);
  if (stats.fields.length > 0) {
    lines.push('  fields');
    const width = Math.max(...stats.fields.map((f) => f.name.length));
    for (const field of stats.fields) {
      const types = Object.entries(field.types).map(([type, n]) => (n === field.present ? type : `${type} ${n}`)).join(', ');
      const length = field.length ? `  length ${numbers(field.length)}` : '';
      lines.push(`    ${field.name.padEnd(width)}  ${field.present}/${stats.records} present, ${field.empty} empty, ${types}${length}`);
    }
  }
  return lines.join('\n');
}

export const inspectCommand: CliCommand = {
  name: 'inspect',
  summary: 'describe a dataset: format, counts, kinds, field statistics',
  usage: `Usage: seedling inspect FILE... [--json]

Prints each file's format and layout, record counts by kind, problems by code, and for every
field how often it is present or empty and how long its values are.`,
  async run(args) {
    const { values, positionals } = parseOrExplain(() => parseArgs({ args: [...args], allowPositionals: true, options: { json: { type: 'boolean' } } }));
    if (positionals.length === 0) throw new UsageError('name at least one file to inspect');
    let failed = false;
    for (const file of positionals) {
      const stats = new FieldStats();
      const problemCounts = new Map<ProblemCode, number>();
      let summary: DatasetSummary | undefined;
      for await (const batch of readDatasetFile(file, { keepText: false })) {
        for (const record of batch.records) stats.add(record.source, record.sample);
        for (const found of batch.problems) problemCounts.set(found.code, (problemCounts.get(found.code) ?? 0) + 1);
        if (batch.summary) summary = batch.summary;
      }
      if (!summary) continue;
      if (summary.errors > 0) failed = true;
      const fieldStats = stats.summary();
      if (values.json === true) {
        writeOut(JSON.stringify({ file, ...summary, problems: Object.fromEntries(problemCounts), statistics: fieldStats }));
      } else {
        writeOut(report(file, summary, fieldStats, problemCounts));
      }
    }
    return failed ? 1 : 0;
  },
};
