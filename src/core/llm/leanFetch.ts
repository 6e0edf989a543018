// A `fetch` for the openai SDK over undici's stream-based request API. The standard fetch
// wraps every answer in WHATWG streams, which costs more CPU per request than the rest of
// the client together; this hands the SDK the same bytes as a plain async-iterable body.
import type { Dispatcher } from 'undici';
import { request } from 'undici';

type FetchInput = string | URL | { url: string };

interface LeanInit {
  method?: string;
  headers?: ConstructorParameters<typeof Headers>[0];
  body?: string | Uint8Array | null;
  signal?: AbortSignal | null;
}

function headerRecord(init: ConstructorParameters<typeof Headers>[0] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  new Headers(init).forEach((value, key) => {
    out[key] = value;
  });
  return out;
}

function responseHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const [key, value] of Object.entries(raw)) {
    if (Array.isArray(value)) for (const item of value) headers.append(key, item);
    else if (value !== undefined) headers.set(key, value);
  }
  return headers;
}

/** What the SDK reads of a response: status, headers, and the body as bytes, text or JSON. */
class LeanResponse {
  readonly ok: boolean;
  readonly statusText = '';
  readonly redirected = false;
  readonly type = 'basic';
  bodyUsed = false;

  constructor(
    readonly url: string,
    readonly status: number,
    readonly headers: Headers,
    readonly body: Dispatcher.ResponseData['body'],
  ) {
    this.ok = status >= 200 && status < 300;
  }

  async text(): Promise<string> {
    this.bodyUsed = true;
    return this.body.text();
  }

  async json(): Promise<unknown> {
    this.bodyUsed = true;
    return this.body.json();
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    this.bodyUsed = true;
    return this.body.arrayBuffer();
  }
}

export function leanFetch(dispatcher: Dispatcher): typeof globalThis.fetch {
  const lean = async (input: FetchInput, init: LeanInit = {}): Promise<LeanResponse> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.toString() : input.url;
    const response = await request(url, {
      method: init.method ?? 'GET',
      headers: headerRecord(init.headers),
      body: init.body ?? null,
      signal: init.signal ?? null,
      dispatcher,
    });
    return new LeanResponse(url, response.statusCode, responseHeaders(response.headers), response.body);
  };
  return lean as unknown as typeof globalThis.fetch;
}
