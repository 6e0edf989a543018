// One HTTP request and its answer: sends JSON or a stream, records status and duration in
// the request log, and aborts its waits when the client leaves or the server closes.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import type { FaultKind } from './faults';
import type { HttpError } from './openaiErrors';
import { SSE_HEADERS, writeEvent } from './sse';

export interface LoggedRequest {
  /** 1-based position in the log since start or the last reset. */
  readonly n: number;
  /** Milliseconds since the epoch. */
  readonly at: number;
  readonly method: string;
  readonly path: string;
  /** Lower-case names, as received. */
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON, or the raw text when it is not JSON. */
  readonly body: unknown;
  /** 0 until answered, and for a connection reset before any answer. */
  readonly status: number;
  readonly fault?: FaultKind;
  readonly stream: boolean;
  /** Until the answer was complete; absent while (or if forever) unfinished. */
  readonly durationMs?: number;
}

export type LogEntry = { -readonly [K in keyof LoggedRequest]: LoggedRequest[K] };

export class Exchange {
  private readonly controller = new AbortController();

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly entry: LogEntry,
    private readonly started: number,
  ) {
    res.on('close', () => {
      if (!res.writableFinished) this.controller.abort(new Error('the client closed the connection'));
    });
  }

  /** Aborted when the client goes away or the server closes. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  abort(reason: Error): void {
    this.controller.abort(reason);
  }

  /** Rejects with the abort reason if the exchange ends first. */
  async sleep(ms: number): Promise<void> {
    this.signal.throwIfAborted();
    if (ms > 0) await delay(ms, undefined, { signal: this.signal });
  }

  json(status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
    this.send(status, 'application/json', JSON.stringify(body), headers);
  }

  error(error: HttpError, headers: Readonly<Record<string, string>> = {}): void {
    const body = typeof error.body === 'string' ? error.body : JSON.stringify(error.body);
    this.send(error.status, error.contentType ?? 'application/json', body, { ...headers, ...error.headers });
  }

  send(status: number, contentType: string, body: string, headers: Readonly<Record<string, string>>): void {
    if (this.res.headersSent || this.res.destroyed) return;
    this.entry.status = status;
    this.res.writeHead(status, { ...this.requestId(), ...headers, 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
    this.res.end(body, () => {
      this.finished();
    });
  }

  /** Status line and headers only; what follows is up to the caller (or never comes). */
  startStream(headers: Readonly<Record<string, string>> = {}, contentType?: string): void {
    this.entry.status = 200;
    this.res.writeHead(200, { ...this.requestId(), ...headers, ...(contentType ? { 'content-type': contentType } : SSE_HEADERS) });
    this.res.flushHeaders();
  }

  event(data: unknown): boolean {
    return writeEvent(this.res, data);
  }

  write(text: string, onWritten?: () => void): void {
    if (!this.res.destroyed) this.res.write(text, onWritten);
  }

  end(): void {
    if (this.res.destroyed || this.res.writableEnded) return;
    this.res.end(() => {
      this.finished();
    });
  }

  /** Drops the connection, as a crashed server or a broken network does. */
  destroy(): void {
    this.req.socket.destroy();
  }

  /** Drops the connection once what was written so far has gone out. */
  cut(): void {
    const socket = this.req.socket;
    socket.end(() => {
      socket.destroy();
    });
  }

  get open(): boolean {
    return !this.res.destroyed && !this.res.writableEnded;
  }

  /** The SDK exposes it as `_request_id`; clients log it next to errors. */
  private requestId(): Record<string, string> {
    return { 'x-request-id': `req_seedling_${this.entry.at.toString(36)}_${this.entry.n}` };
  }

  private finished(): void {
    this.entry.durationMs = Date.now() - this.started;
  }
}
