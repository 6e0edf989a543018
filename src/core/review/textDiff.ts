// Differences between a candidate and its seed, the way review shows them: word by word for
// space-separated scripts, character by character for Chinese, Japanese and Korean, white
// space and punctuation kept as their own pieces so the text re-assembles exactly.

export type DiffOp = 'equal' | 'insert' | 'delete';

export interface DiffSegment {
  readonly op: DiffOp;
  readonly text: string;
}

const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]/u;

/** Pieces a diff works on: words, single CJK characters, runs of white space, single marks. */
export function diffPieces(text: string): string[] {
  const pieces: string[] = [];
  const pattern = /[\p{L}\p{N}_'’-]+|\s+|./gsu;
  for (const match of text.matchAll(pattern)) {
    const piece = match[0];
    if (CJK.test(piece) && piece.length > 1) pieces.push(...Array.from(piece));
    else pieces.push(piece);
  }
  return pieces;
}

/** Above this many piece pairs the diff falls back to line by line, to stay fast. */
const MAX_CELLS = 4_000_000;

function merge(segments: DiffSegment[], op: DiffOp, text: string): void {
  const last = segments.at(-1);
  if (last && last.op === op) segments[segments.length - 1] = { op, text: last.text + text };
  else if (text.length > 0) segments.push({ op, text });
}

function diffSequences(a: readonly string[], b: readonly string[]): DiffSegment[] {
  // Common prefix and suffix first: edits are usually small.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const segments: DiffSegment[] = [];
  merge(segments, 'equal', a.slice(0, start).join(''));
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  const n = midA.length;
  const m = midB.length;
  if (n * m > MAX_CELLS) {
    merge(segments, 'delete', midA.join(''));
    merge(segments, 'insert', midB.join(''));
  } else {
    // LCS table, then a walk from the start that prefers deletions before insertions.
    const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
    for (let i = n - 1; i >= 0; i--) {
      const row = lcs[i] as Uint32Array;
      const below = lcs[i + 1] as Uint32Array;
      for (let j = m - 1; j >= 0; j--) row[j] = midA[i] === midB[j] ? (below[j + 1] ?? 0) + 1 : Math.max(below[j] ?? 0, row[j + 1] ?? 0);
    }
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (midA[i] === midB[j]) {
        merge(segments, 'equal', midA[i] ?? '');
        i++;
        j++;
      } else if ((lcs[i + 1]?.[j] ?? 0) >= (lcs[i]?.[j + 1] ?? 0)) {
        merge(segments, 'delete', midA[i] ?? '');
        i++;
      } else {
        merge(segments, 'insert', midB[j] ?? '');
        j++;
      }
    }
    merge(segments, 'delete', midA.slice(i).join(''));
    merge(segments, 'insert', midB.slice(j).join(''));
  }
  merge(segments, 'equal', a.slice(endA).join(''));
  return segments;
}

/** How `after` differs from `before`: equal, deleted and inserted runs, in order. */
export function diffText(before: string, after: string): DiffSegment[] {
  const a = diffPieces(before);
  const b = diffPieces(after);
  if (a.length * b.length > MAX_CELLS * 4) {
    // Very long texts: compare lines instead of words.
    return diffSequences(before.split(/(?<=\n)/), after.split(/(?<=\n)/));
  }
  return diffSequences(a, b);
}

/** Share of the text that is unchanged (0–1), for "how close to its seed" at a glance. */
export function similarity(segments: readonly DiffSegment[]): number {
  let equal = 0;
  let total = 0;
  for (const segment of segments) {
    const length = segment.text.length;
    if (segment.op === 'equal') {
      equal += 2 * length;
      total += 2 * length;
    } else total += length;
  }
  return total === 0 ? 1 : equal / total;
}
