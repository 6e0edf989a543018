// One line of JSON made valid again, for the ways hand edits and model output usually break
// it: trailing commas, single-quoted or curly-quoted strings, quotes left unescaped inside a
// string, raw tabs and control characters. The line is rebuilt character by character, so
// everything that was right stays exactly as it was.

const CLOSERS = new Set([',', ':', '}', ']']);
const OPENING_QUOTES: Readonly<Record<string, string>> = { '"': '"', "'": "'", '\u201c': '\u201d', '\u201d': '\u201d' };
const CONTROL_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The next character that is not white space, from `index` on. */
function nextSignificant(text: string, index: number): string | undefined {
  for (let i = index; i < text.length; i++) {
    const c = text[i];
    if (c !== undefined && !/\s/.test(c)) return c;
  }
  return undefined;
}

/** Whether a quote at `index` closes the string: what follows it is structure, or nothing. */
function closesString(text: string, index: number): boolean {
  const next = nextSignificant(text, index + 1);
  return next === undefined || CLOSERS.has(next);
}

/**
 * The repaired line, or undefined when it is valid already or cannot be repaired this way.
 * A repair is only returned when the result parses.
 */
export function repairJsonLine(text: string): string | undefined {
  if (parses(text)) return undefined;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i] ?? '';
    const closing = OPENING_QUOTES[c];
    if (closing !== undefined) {
      // A string, however it was quoted, is written back double-quoted.
      out += '"';
      i++;
      while (i < text.length) {
        const d = text[i] ?? '';
        if (d === '\\' && i + 1 < text.length) {
          const escaped = text[i + 1] ?? '';
          // \' is not a JSON escape: the quote needs none inside a double-quoted string.
          out += escaped === "'" ? "'" : `\\${escaped}`;
          i += 2;
          continue;
        }
        if ((d === closing || (closing === '"' && d === '\u201d')) && closesString(text, i)) break;
        if (d === '"') out += '\\"';
        else out += CONTROL_ESCAPES[d] ?? (d < ' ' ? `\\u${d.charCodeAt(0).toString(16).padStart(4, '0')}` : d);
        i++;
      }
      out += '"';
      i++;
      continue;
    }
    if (c === ',') {
      const next = nextSignificant(text, i + 1);
      if (next === '}' || next === ']') {
        i++;
        continue;
      }
    }
    out += c;
    i++;
  }
  return parses(out) ? out : undefined;
}

/** Lines a record split by raw line breaks may span, at most. */
const MAX_SPLIT_LINES = 50;

/**
 * A JSON Lines record that raw line breaks in a string split over several lines, joined back
 * into one line with the breaks escaped (and the line's other faults repaired): the text and
 * how many lines it replaces. Undefined when `lines[0]` starts no such record, or when the
 * join would swallow a line that is a record of its own.
 */
export function joinSplitRecord(lines: readonly string[]): { readonly text: string; readonly lines: number } | undefined {
  const first = lines[0];
  if (first === undefined || parses(first) || !first.trimStart().startsWith('{')) return undefined;
  let joined = first;
  for (let count = 2; count <= Math.min(lines.length, MAX_SPLIT_LINES); count++) {
    const next = lines[count - 1] as string;
    if (next.trimStart().startsWith('{') && parses(next)) return undefined;
    joined = `${joined}\n${next}`;
    const repaired = repairJsonLine(joined);
    if (repaired === undefined) continue;
    const value: unknown = JSON.parse(repaired);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return { text: repaired, lines: count };
  }
  return undefined;
}
