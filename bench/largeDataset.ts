// A 100,000-line alpaca dataset with a few planted problems: an invalid JSON line, an exact
// duplicate and a near-duplicate, as a long dataset in the editor has them.
import { writeFileSync } from 'node:fs';

const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'tu', 'ra', 'po', 'se', 'vi', 'da', 'fu', 'go', 'he', 'ji', 'ku', 'ly', 'ma', 'no', 'pi', 'qu'];

function sentence(seed: number, n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    let h = Math.imul(seed * 16 + i + 1, 0x9e3779b1) >>> 0;
    h = Math.imul(h ^ (h >>> 15), 0x85ebca6b) >>> 0;
    h = (h ^ (h >>> 13)) >>> 0;
    out.push(`${SYLLABLES[h % 20] ?? ''}${SYLLABLES[Math.floor(h / 20) % 20] ?? ''}${SYLLABLES[Math.floor(h / 400) % 20] ?? ''}`);
  }
  return `${out.join(' ')} ${seed}`;
}

function alpaca(instruction: string, output: string): string {
  return JSON.stringify({ instruction, input: '', output });
}

/** Writes `count` lines to `path`: line 50,000 broken, line count-2 a copy of line 10, line 70,001 a near-copy of 70,000. */
export function writeLargeDataset(path: string, count: number): void {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) lines.push(alpaca(`Describe the ${sentence(i, 9)}.`, `It is a ${sentence(i + count, 7)}.`));
  lines[Math.floor(count / 2)] = '{"instruction": "Broken line", "output": "no closing brace"';
  lines[count - 2] = lines[10] ?? '';
  lines[Math.floor(count * 0.7)] = alpaca('Explain how to withdraw money from the housing fund to pay the rent of a flat in the city.', 'Apply online with the rental contract.');
  lines[Math.floor(count * 0.7) + 1] = alpaca('Explain how to withdraw money from the housing fund to pay the rent of an apartment in the city.', 'Apply at a branch with the contract.');
  writeFileSync(path, `${lines.join('\n')}\n`);
}
