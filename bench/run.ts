// `npm run bench [NAME...]`: runs the benchmarks and writes bench/REPORT.md and
// bench/report.json, every figure next to its target (some of them only: out/bench/REPORT.partial.md).
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import type { Benchmark, BenchmarkResult, Figure } from './benchmark';
import { cacheBenchmark } from './cacheBenchmark';
import { extensionBenchmark } from './extensionBenchmark';
import { minhashBenchmark } from './minhashBenchmark';
import { llmBenchmark } from './llmBenchmark';
import { parseBenchmark } from './parseBenchmark';
import { rougeBenchmark } from './rougeBenchmark';

const BENCHMARKS: readonly Benchmark[] = [parseBenchmark, llmBenchmark, cacheBenchmark, rougeBenchmark, minhashBenchmark, extensionBenchmark];
const ROOT = resolve(__dirname, '..', '..');

function show(figure: Figure): string {
  const value = figure.value >= 100 ? figure.value.toFixed(0) : figure.value >= 10 ? figure.value.toFixed(1) : figure.value.toFixed(2);
  return `${value} ${figure.unit}`;
}

function markdown(results: readonly BenchmarkResult[], started: Date, seconds: number, load: readonly number[]): string {
  const lines = [
    '# Seedling benchmarks',
    '',
    `Measured ${started.toISOString()} on this machine (${process.platform}, ${cpus().length} cores, Node ${process.version}), in ${seconds.toFixed(0)} s. Regenerate with \`npm run bench\`.`,
    '',
    `The machine was shared with other work: its load average (runnable processes, against ${cpus().length} cores) went from ${Math.min(...load).toFixed(1)} to ${Math.max(...load).toFixed(1)} during the run, ${(load.reduce((a, b) => a + b, 0) / load.length).toFixed(1)} on average. Ratios measured side by side hold under load; absolute times stretch with it.`,
    '',
  ];
  for (const result of results) {
    lines.push(`## ${result.title}`, '', result.setup, '', '| figure | value | target | holds |', '| --- | --- | --- | --- |');
    for (const figure of result.figures) {
      lines.push(`| ${figure.name} | ${show(figure)}${figure.note ? ` (${figure.note})` : ''} | ${figure.target ?? '—'} | ${figure.met === undefined ? '—' : figure.met ? 'yes' : '**no**'} |`);
    }
    lines.push('');
    for (const figure of result.figures) if (figure.met === false && figure.why) lines.push(`- **${figure.name}** misses its target: ${figure.why}`, '');
  }
  return lines.join('\n');
}

async function main(): Promise<number> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !BENCHMARKS.some((b) => b.name === name));
  if (unknown.length > 0) {
    console.error(`unknown benchmark(s): ${unknown.join(', ')}; there are ${BENCHMARKS.map((b) => b.name).join(', ')}`);
    return 2;
  }
  const selected = wanted.length > 0 ? BENCHMARKS.filter((b) => wanted.includes(b.name)) : BENCHMARKS;
  const started = new Date();
  const results: BenchmarkResult[] = [];
  const load = [loadavg()[0] ?? 0];
  const sampling = setInterval(() => load.push(loadavg()[0] ?? 0), 5000);
  for (const benchmark of selected) {
    console.log(`[bench] ${benchmark.name}…`);
    const result = await benchmark.run();
    for (const figure of result.figures) console.log(`  ${figure.name}: ${show(figure)}${figure.target ? `  (target ${figure.target}: ${figure.met === true ? 'holds' : 'MISSED'})` : ''}`);
    results.push(result);
  }
  clearInterval(sampling);
  const seconds = (Date.now() - started.getTime()) / 1000;
  // The report holds figures of one run side by side: a run of some benchmarks writes beside it.
  const [report, json] = wanted.length > 0 ? ['out/bench/REPORT.partial.md', 'out/bench/report.partial.json'] : ['bench/REPORT.md', 'bench/report.json'];
  writeFileSync(join(ROOT, report), markdown(results, started, seconds, load));
  writeFileSync(join(ROOT, json), `${JSON.stringify({ measuredAt: started.toISOString(), seconds, loadAverage: load, results }, null, 2)}\n`);
  console.log(`[bench] wrote ${report} and ${json} (${seconds.toFixed(0)} s)`);
  return results.every((r) => r.figures.every((f) => f.met !== false)) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
