// A local OpenAI-compatible server for tests and the demo: real HTTP and SSE, deterministic
// answers, realistic limits, and every fault a real endpoint produces, on demand.
import { handleCompletions } from './completionsRoute';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { handleChat } from './chatRoute';
import { handleEmbeddings } from './embeddingsRoute';
import { Exchange, type LogEntry, type LoggedRequest } from './exchange';
import { errorBody } from './openaiErrors';
import { parseSettings, type LlmServerOptions, type LlmServerSettings } from './options';
import { ServerState, type LlmServerStats } from './serverState';

export type { LoggedRequest } from './exchange';
export type { ChosenFault, FaultKind, FaultRule } from './faults';
export { FAULT_KINDS } from './faults';
export type { Capabilities, LlmServerOptions, LlmServerSettings, Overflow, RateLimit } from './options';
export { DEFAULT_MODELS } from './options';
export type { LlmServerStats } from './serverState';

export interface LlmServer {
  /** The base URL to give the openai SDK, e.g. http://127.0.0.1:PORT/v1. */
  readonly url: string;
  /** http://HOST:PORT, for the /__seedling control endpoints. */
  readonly origin: string;
  /** Every request since start or the last clearLog, in arrival order (control calls excluded). */
  readonly requests: readonly LoggedRequest[];
  readonly options: LlmServerOptions;
  /** Clears the log, fault counters, the rate-limit window and the counters of stats(). */
  clearLog(): void;
  /** Merges settings in; `faults` replaces the rules and restarts their counters. */
  configure(update: LlmServerSettings): void;
  stats(): LlmServerStats;
  /** Closes every socket, keep-alive and stalled ones included, and ends every wait. */
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) req.destroy(new Error('request body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => {
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

function parseBody(raw: string): unknown {
  if (raw === '') return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

function headersOf(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

class RunningLlmServer implements LlmServer {
  readonly url: string;
  readonly origin: string;
  private readonly active = new Set<Exchange>();
  private readonly sockets = new Set<Socket>();
  private closing: Promise<void> | undefined;

  constructor(private readonly server: Server, private readonly state: ServerState) {
    const address = server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    this.origin = `http://${host}:${address.port}`;
    this.url = `${this.origin}/v1`;
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      void this.handle(req, res);
    });
  }

  get requests(): readonly LoggedRequest[] {
    return this.state.log;
  }

  get options(): LlmServerOptions {
    return this.state.options;
  }

  clearLog(): void {
    this.state.reset();
  }

  configure(update: LlmServerSettings): void {
    this.state.configure(update);
  }

  stats(): LlmServerStats {
    return this.state.stats();
  }

  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      this.server.close(() => {
        resolve();
      });
      // Queued requests and timed waits end now instead of keeping the process alive.
      for (const exchange of this.active) exchange.abort(new Error('the test LLM server closed'));
      this.server.closeAllConnections();
      for (const socket of this.sockets) socket.destroy();
    });
    return this.closing;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    let raw: string;
    try {
      raw = await readBody(req);
    } catch {
      return; // the client went away mid-request
    }
    if (path.startsWith('/__seedling/')) {
      this.control(req, res, path, raw);
      return;
    }
    const body = parseBody(raw);
    const entry: LogEntry = {
      n: this.state.log.length + 1,
      at: started,
      method: req.method ?? 'GET',
      path,
      headers: headersOf(req),
      body,
      status: 0,
      stream: typeof body === 'object' && body !== null && 'stream' in body && body.stream === true,
    };
    this.state.log.push(entry);
    const exchange = new Exchange(req, res, entry, started);
    this.active.add(exchange);
    res.once('close', () => this.active.delete(exchange));
    try {
      await this.route(exchange, path, body);
    } catch (error) {
      // Aborted: the client left or the server is closing; there is nobody to answer.
      if (exchange.signal.aborted) return;
      if (res.headersSent) exchange.destroy();
      else exchange.json(500, errorBody(`The test LLM server failed: ${String(error)}`, 'server_error'));
    }
  }

  private async route(ex: Exchange, path: string, body: unknown): Promise<void> {
    const { options } = this.state;
    const method = ex.req.method ?? 'GET';
    if (options.apiKey !== undefined) {
      const authorization = ex.req.headers.authorization;
      if (authorization !== `Bearer ${options.apiKey}`) {
        const message = authorization === undefined
          ? "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
          : 'Incorrect API key provided. You can find your API key in your account settings.';
        ex.json(401, errorBody(message, 'invalid_request_error', 'invalid_api_key'));
        return;
      }
    }
    // Both /v1/... and /..., since some clients are configured without the /v1.
    const endpoint = `${method} ${path.replace(/^\/v1(?=\/)/, '')}`;
    const modelMatch = /^GET \/models\/(.+)$/.exec(endpoint);
    if (endpoint === 'GET /models') {
      ex.json(200, { object: 'list', data: options.models.map((id) => this.model(id)) });
    } else if (modelMatch) {
      const id = decodeURIComponent(modelMatch[1] ?? '');
      if (options.models.includes(id)) ex.json(200, this.model(id));
      else ex.json(404, errorBody(`The model '${id}' does not exist`, 'invalid_request_error', 'model_not_found', 'model'));
    } else if (endpoint === 'POST /chat/completions') {
      await handleChat(this.state, ex, body);
    } else if (endpoint === 'POST /completions' && options.capabilities.promptLogprobs) {
      await handleCompletions(this.state, ex, body);
    } else if (endpoint === 'POST /embeddings' && options.capabilities.embeddings) {
      await handleEmbeddings(this.state, ex, body);
    } else {
      ex.json(404, errorBody(`Invalid URL (${method} ${path})`, 'invalid_request_error'));
    }
  }

  private model(id: string): { id: string; object: 'model'; created: number; owned_by: string } {
    // A fixed date: the list is the same on every call, like a real one.
    return { id, object: 'model', created: 1_735_689_600, owned_by: 'seedling-test' };
  }

  /** The /__seedling endpoints, for a server started from the CLI. Not logged. */
  private control(req: IncomingMessage, res: ServerResponse, path: string, raw: string): void {
    const endpoint = `${req.method ?? 'GET'} ${path}`;
    try {
      switch (endpoint) {
        case 'GET /__seedling/log':
          sendJson(res, 200, this.state.log);
          return;
        case 'GET /__seedling/stats':
          sendJson(res, 200, this.state.stats());
          return;
        case 'GET /__seedling/config':
          sendJson(res, 200, this.publicOptions());
          return;
        case 'POST /__seedling/config':
          this.state.configure(parseSettings(raw === '' ? {} : JSON.parse(raw)));
          sendJson(res, 200, this.publicOptions());
          return;
        case 'POST /__seedling/reset':
          this.state.reset();
          sendJson(res, 200, { ok: true });
          return;
        default:
          sendJson(res, 404, { error: `unknown control endpoint ${endpoint}` });
      }
    } catch (error) {
      sendJson(res, 400, { error: error instanceof Error ? error.message : String(error) });
    }
  }

  /** The options as JSON: the key is never echoed, an infinite capacity reads null. */
  private publicOptions(): unknown {
    const { apiKey, ...rest } = this.state.options;
    return { ...rest, capacity: Number.isFinite(rest.capacity) ? rest.capacity : null, apiKey: apiKey === undefined ? null : '(set)' };
  }
}

export async function startLlmServer(settings: LlmServerSettings = {}): Promise<LlmServer> {
  const state = new ServerState(settings);
  const server = createServer({ keepAlive: true });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(state.options.port, state.options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return new RunningLlmServer(server, state);
}
