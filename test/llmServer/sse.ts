// Server-sent events as OpenAI streams them: `data: <json>\n\n` lines ending in `data: [DONE]`.
import type { ServerResponse } from 'node:http';

export const SSE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
};

/** Writes one event; false when the client has gone and nothing was written. */
export function writeEvent(res: ServerResponse, data: unknown): boolean {
  if (res.destroyed || res.writableEnded) return false;
  res.write(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
  return true;
}

export function writeDone(res: ServerResponse): boolean {
  return writeEvent(res, '[DONE]');
}

/**
 * Splits text into about `parts` pieces that join back to it exactly. English breaks after
 * spaces so that chunks look like tokens; other text breaks between any two characters.
 */
export function splitForStream(text: string, parts: number): string[] {
  const chars = Array.from(text);
  if (chars.length === 0) return [];
  const count = Math.max(1, Math.min(parts, chars.length));
  const size = chars.length / count;
  const out: string[] = [];
  let start = 0;
  for (let i = 1; i <= count; i += 1) {
    let end = i === count ? chars.length : Math.round(i * size);
    // Move the cut to just after the next space, if one is near.
    for (let look = end; look < Math.min(chars.length, end + 6) && i < count; look += 1) {
      if (chars[look - 1] === ' ') {
        end = look;
        break;
      }
    }
    if (end > start) out.push(chars.slice(start, end).join(''));
    start = Math.max(start, end);
  }
  if (start < chars.length) out.push(chars.slice(start).join(''));
  return out;
}
