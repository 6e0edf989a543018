// A program that saves accepted samples with the engine's own save (saveSamples), one sample
// per save so a test's SIGKILL lands between or inside saves. It prints `saved N` after each.
//   node saveWorker.js OUTPUT SAMPLES_JSON SEED_FORMAT
import { readFileSync } from 'node:fs';
import { saveSamples } from '../../src/core/formats/saveSamples';
import { defaultLayout, containerForFileName } from '../../src/core/formats/datasetWriter';
import { isRecordFormatId } from '../../src/core/formats/recordFormats';
import type { Sample } from '../../src/core/model/sample';

async function main(): Promise<void> {
  const [outputPath, samplesPath, seedFormat] = process.argv.slice(2);
  if (outputPath === undefined || samplesPath === undefined || seedFormat === undefined || !isRecordFormatId(seedFormat)) throw new Error('usage: saveWorker OUTPUT SAMPLES_JSON SEED_FORMAT');
  const samples = JSON.parse(readFileSync(samplesPath, 'utf8')) as Sample[];
  const seedLayout = defaultLayout(containerForFileName(outputPath) ?? 'jsonl');
  for (const [index, sample] of samples.entries()) {
    await saveSamples({ outputPath, seedLayout, seedFormat, samples: [{ sample }] });
    process.stdout.write(`saved ${index + 1}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
