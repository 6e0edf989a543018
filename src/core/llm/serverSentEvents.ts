// Reads a server-sent-events body (text/event-stream) event by event. The SDK's own stream
// reader stacks several async generators per chunk; reading the socket's data events
// directly keeps the client's CPU per request well under a millisecond.

interface NodeReadable {
  setEncoding(encoding: 'utf8'): unknown;
  on(event: 'data', listener: (chunk: string) => void): unknown;
  on(event: 'end' | 'close', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  readableEnded?: boolean;
}

function isNodeReadable(body: unknown): body is NodeReadable {
  return typeof body === 'object' && body !== null && typeof (body as { on?: unknown }).on === 'function' && typeof (body as { setEncoding?: unknown }).setEncoding === 'function';
}

/** Splits the text of an event stream into the data of each event. */
class EventSplitter {
  private pending = '';

  constructor(private readonly onData: (data: string) => void) {}

  push(text: string): void {
    this.pending += text;
    let start = 0;
    for (;;) {
      const end = this.pending.indexOf('\n\n', start);
      const endCr = end === -1 ? this.pending.indexOf('\r\n\r\n', start) : -1;
      const boundary = end !== -1 ? end : endCr;
      if (boundary === -1) break;
      this.event(this.pending.slice(start, boundary));
      start = boundary + (end !== -1 ? 2 : 4);
    }
    if (start > 0) this.pending = this.pending.slice(start);
  }

  end(): void {
    if (this.pending.trim().length > 0) this.event(this.pending);
    this.pending = '';
  }

  private event(block: string): void {
    let data: string | undefined;
    for (const rawLine of block.split('\n')) {
      const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
      if (!line.startsWith('data:')) continue; // comments (":"), event names and ids carry nothing we need
      const value = line.charCodeAt(5) === 0x20 ? line.slice(6) : line.slice(5);
      data = data === undefined ? value : `${data}\n${value}`;
    }
    if (data !== undefined) this.onData(data);
  }
}

/**
 * Calls `onData` with the data of every event until the stream ends. An exception from
 * `onData` (an event that is not JSON, say) ends the read with that error.
 */
export function readServerSentEvents(body: unknown, onData: (data: string) => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let failed = false;
    const splitter = new EventSplitter(onData);
    const fail = (error: unknown): void => {
      if (failed) return;
      failed = true;
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    if (isNodeReadable(body)) {
      body.setEncoding('utf8');
      body.on('data', (chunk: string) => {
        if (failed) return;
        try {
          splitter.push(chunk);
        } catch (error: unknown) {
          fail(error);
        }
      });
      body.on('error', fail);
      body.on('end', () => {
        if (failed) return;
        try {
          splitter.end();
          resolve();
        } catch (error: unknown) {
          fail(error);
        }
      });
      // A socket closed without an end is an answer cut off.
      body.on('close', () => {
        if (body.readableEnded !== true) fail(new Error('the connection closed before the answer was complete'));
      });
      return;
    }
    if (typeof body === 'object' && body !== null && Symbol.asyncIterator in body) {
      const decoder = new TextDecoder();
      void (async () => {
        try {
          for await (const chunk of body as AsyncIterable<Uint8Array>) splitter.push(decoder.decode(chunk, { stream: true }));
          splitter.push(decoder.decode());
          splitter.end();
          resolve();
        } catch (error: unknown) {
          fail(error);
        }
      })();
      return;
    }
    fail(new Error('the answer has no body to read'));
  });
}
