// Parse + validate throughput and peak memory on a large generated JSONL file, side by side
// with the plain loop a script would use (readline + JSON.parse, no validation). Each
// measurement runs in a child process of its own, so its peak memory is its own.
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { readDatasetFile } from '../src/core/formats/datasetReader';
import type { Benchmark, BenchmarkResult } from './benchmark';

const SUBJECTS = ['Lumen Notes', '住房公积金', 'expense reports', 'the sync service', '发票报销', 'billing'];

/** A realistic chat record of about 1 KB, English and Chinese mixed, varied by `i`. */
function record(i: number): string {
  const subject = SUBJECTS[i % SUBJECTS.length] ?? '';
  const turns = 1 + (i % 3);
  const messages: { role: string; content: string }[] = [{ role: 'system', content: 'You are a careful, concise support assistant.' }];
  for (let t = 0; t < turns; t++) {
    messages.push({ role: 'user', content: `Question ${i}.${t} about ${subject}: how do I change the setting that controls ${subject} when I am offline? 请说明步骤。` });
    messages.push({ role: 'assistant', content: `For ${subject}, open Settings → Account, choose "${subject}", then confirm. 第${t + 1}步完成后会自动同步；if you are offline, the change is kept and applied on reconnect (ticket ${i * 7 + t}).` });
  }
  return JSON.stringify({ id: `r${i}`, messages });
}

async function generate(path: string, bytes: number): Promise<number> {
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  let written = 0;
  let i = 0;
  while (written < bytes) {
    let chunk = '';
    for (let k = 0; k < 1000; k++) chunk += record(i++) + '\n';
    written += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => { resolve(); }));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => { if (error) reject(error); else resolve(); }));
  return i;
}

interface Measurement {
  readonly seconds: number;
  readonly records: number;
  readonly problems: number;
  readonly maxRssMb: number;
}

/** Runs in the child: one pass over the file, prints a Measurement as JSON. */
export async function measure(mode: 'seedling' | 'baseline', path: string): Promise<Measurement> {
  const started = process.hrtime.bigint();
  let records = 0;
  let problems = 0;
  if (mode === 'seedling') {
    for await (const batch of readDatasetFile(path, { keepText: false })) {
      records += batch.records.length;
      problems += batch.problems.length;
    }
  } else {
    const lines = createInterface({ input: createReadStream(path, { highWaterMark: 1 << 20 }), crlfDelay: Infinity });
    for await (const line of lines) {
      if (line.length === 0) continue;
      try {
        JSON.parse(line);
        records++;
      } catch {
        problems++;
      }
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { seconds, records, problems, maxRssMb: process.resourceUsage().maxRSS / 1024 };
}

function measureInChild(mode: 'seedling' | 'baseline', path: string): Measurement {
  const result = spawnSync(process.execPath, [join(__dirname, 'parseMeasure.js'), mode, path], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (result.status !== 0) throw new Error(`measurement ${mode} failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as Measurement;
}

export const parseBenchmark: Benchmark = {
  name: 'parse',
  async run(): Promise<BenchmarkResult> {
    const sizeMb = Number(process.env['SEEDLING_BENCH_PARSE_MB'] ?? 500);
    const dir = mkdtempSync(join(tmpdir(), 'sdl-bench-parse-'));
    try {
      const large = join(dir, 'large.jsonl');
      const small = join(dir, 'small.jsonl');
      const count = await generate(large, sizeMb * 1024 * 1024);
      await generate(small, (sizeMb / 10) * 1024 * 1024);
      const largeMb = statSync(large).size / 1024 / 1024;
      const smallMb = statSync(small).size / 1024 / 1024;
      const seedling = measureInChild('seedling', large);
      const baseline = measureInChild('baseline', large);
      const seedlingSmall = measureInChild('seedling', small);
      if (seedling.records !== count || seedling.problems !== 0) throw new Error(`expected ${count} records and no problems, got ${seedling.records} and ${seedling.problems}`);
      const throughput = largeMb / seedling.seconds;
      const baselineThroughput = largeMb / baseline.seconds;
      const growth = seedling.maxRssMb / seedlingSmall.maxRssMb;
      return {
        title: 'Parsing and validating a large JSONL dataset',
        setup: `${largeMb.toFixed(0)} MB JSONL, ${count.toLocaleString('en')} OpenAI-chat records of 1–3 turns (English and Chinese), read from disk; each measurement in its own process`,
        figures: [
          { name: 'parse + validate throughput', value: throughput, unit: 'MB/s', target: '>= 100 MB/s', met: throughput >= 100, why: 'an absolute rate, so it falls with the machine\'s load (see the load average above); the ratio to a bare readline + JSON.parse loop measured beside it is the figure that holds under load. What would: a run on a machine without other work.' },
          { name: 'ratio to readline + JSON.parse (no validation)', value: throughput / baselineThroughput, unit: '×', note: `baseline ${baselineThroughput.toFixed(0)} MB/s` },
          { name: `peak memory on ${largeMb.toFixed(0)} MB`, value: seedling.maxRssMb, unit: 'MB' },
          { name: `peak memory on ${smallMb.toFixed(0)} MB`, value: seedlingSmall.maxRssMb, unit: 'MB' },
          { name: 'peak memory growth for a 10× larger file', value: growth, unit: '×', target: '<= 1.25× (does not grow with the file)', met: growth <= 1.25 },
        ],
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
