// Shared by the test server's suites: an SDK client pointed at a server, and raw requests
// for what the SDK would hide (status lines, headers, exact bodies).
import OpenAI, { type ClientOptions } from 'openai';
import type { LlmServer } from '../../llmServer/llmServer';

export function clientFor(server: LlmServer, options: ClientOptions = {}): OpenAI {
  return new OpenAI({ baseURL: server.url, apiKey: 'test', maxRetries: 0, ...options });
}

export function post(server: LlmServer, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer test', ...headers },
    body: JSON.stringify(body),
  });
}

/** The content of the first choice of a raw non-streamed answer. */
export async function contentOf(response: Response): Promise<string> {
  const body = (await response.json()) as { choices: { message: { content: string } }[] };
  return body.choices[0]?.message.content ?? '';
}

export interface Question {
  model: string;
  messages: { role: 'user'; content: string }[];
}

export function ask(question: string, model = 'seedling-test-small'): Question {
  return { model, messages: [{ role: 'user', content: question }] };
}

export function cjkShare(text: string): number {
  const letters = text.match(/[\p{Script=Han}A-Za-z]/gu) ?? [];
  const han = text.match(/\p{Script=Han}/gu) ?? [];
  return letters.length === 0 ? 0 : han.length / letters.length;
}
