// Error bodies in the shape OpenAI sends them, which is what the SDK turns into APIError
// subclasses (`error.code`, `error.type`, `error.param`).

export interface OpenAiErrorBody {
  readonly error: {
    readonly message: string;
    readonly type: string;
    readonly param: string | null;
    readonly code: string | null;
  };
}

export function errorBody(message: string, type: string, code: string | null = null, param: string | null = null): OpenAiErrorBody {
  return { error: { message, type, param, code } };
}

/** An HTTP error to send: status, body and any extra headers. */
export interface HttpError {
  readonly status: number;
  readonly body: OpenAiErrorBody | string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly contentType?: string;
}

export function invalidRequest(message: string, param: string | null = null, code: string | null = null): HttpError {
  return { status: 400, body: errorBody(message, 'invalid_request_error', code, param) };
}
