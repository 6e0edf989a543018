// A tiny HTTP server that records every request it gets (method, path, Authorization header)
// and answers each with the same status and body: an endpoint a hostile workspace or a hostile
// text points at, to prove nothing reaches it, or that a key reaches it only with consent.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CapturedRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | undefined;
}

export interface CaptureServer {
  /** The server's root, e.g. http://127.0.0.1:1234. */
  readonly origin: string;
  readonly requests: readonly CapturedRequest[];
  close(): Promise<void>;
}

export interface CaptureAnswer {
  readonly status: number;
  readonly body?: (request: CapturedRequest) => string;
}

export async function startCaptureServer(answer: CaptureAnswer = { status: 500 }): Promise<CaptureServer> {
  const requests: CapturedRequest[] = [];
  const server: Server = createServer((request, response) => {
    const captured = { method: request.method ?? '?', path: request.url ?? '', authorization: request.headers.authorization };
    requests.push(captured);
    request.resume();
    request.on('end', () => {
      response.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body?.(captured) ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => { resolve(); });
    }),
  };
}
