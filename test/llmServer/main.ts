// The test LLM server as a program, for the demo and for poking at it by hand:
//   npm run llm-server -- [--port 8787] [--latency 200] [--jitter 50] [--capacity 32]
//     [--overflow queue|reject503|reject429] [--rpm 600] [--tpm 100000]
//     [--faults '<json FaultRule[]>'] [--api-key KEY] [--no-json-schema] [--no-json-object]
//     [--no-n] [--no-embeddings] [--no-stream-usage] [--json-needs-word]
// It prints the base URL and runs until Ctrl+C. Settings can change while it runs through
// POST /__seedling/config; GET /__seedling/log shows what it received.
import { parseArgs } from 'node:util';
import { startLlmServer } from './llmServer';
import { parseFaultRules, type Capabilities, type LlmServerSettings, type Overflow } from './options';

const USAGE = `usage: npm run llm-server -- [--port 8787] [--host 127.0.0.1] [--latency MS] [--jitter MS]
  [--capacity N] [--overflow queue|reject503|reject429] [--rpm N] [--tpm N]
  [--faults '<json FaultRule[]>'] [--api-key KEY] [--no-json-schema] [--no-json-object]
  [--no-n] [--no-embeddings] [--no-stream-usage] [--json-needs-word] [--prompt-logprobs]`;

function number(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`--${name} must be a number ≥ 0, got '${value}'`);
  return parsed;
}

function settingsFrom(argv: readonly string[]): LlmServerSettings | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      port: { type: 'string', default: '8787' },
      host: { type: 'string', default: '127.0.0.1' },
      latency: { type: 'string' },
      jitter: { type: 'string' },
      capacity: { type: 'string' },
      overflow: { type: 'string' },
      rpm: { type: 'string' },
      tpm: { type: 'string' },
      faults: { type: 'string' },
      'api-key': { type: 'string' },
      'no-json-schema': { type: 'boolean' },
      'no-json-object': { type: 'boolean' },
      'no-n': { type: 'boolean' },
      'no-embeddings': { type: 'boolean' },
      'no-stream-usage': { type: 'boolean' },
      'json-needs-word': { type: 'boolean' },
      'prompt-logprobs': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) return 'help';
  const overflow = values.overflow;
  if (overflow !== undefined && overflow !== 'queue' && overflow !== 'reject503' && overflow !== 'reject429') {
    throw new Error(`--overflow must be queue, reject503 or reject429, got '${overflow}'`);
  }
  const capabilities: { -readonly [K in keyof Capabilities]?: boolean } = {};
  if (values['no-json-schema'] === true) capabilities.jsonSchema = false;
  if (values['no-json-object'] === true) capabilities.jsonObject = false;
  if (values['no-n'] === true) capabilities.honoursN = false;
  if (values['no-embeddings'] === true) capabilities.embeddings = false;
  if (values['no-stream-usage'] === true) capabilities.streamUsage = false;
  if (values['prompt-logprobs'] === true) capabilities.promptLogprobs = true;
  if (values['json-needs-word'] === true) capabilities.jsonObjectNeedsWordJson = true;
  const rpm = number(values.rpm, 'rpm');
  const tpm = number(values.tpm, 'tpm');
  const latency = number(values.latency, 'latency');
  const jitter = number(values.jitter, 'jitter');
  const capacity = number(values.capacity, 'capacity');
  return {
    host: values.host,
    port: number(values.port, 'port') ?? 8787,
    capabilities,
    ...(latency !== undefined ? { latencyMs: latency } : {}),
    ...(jitter !== undefined ? { jitterMs: jitter } : {}),
    ...(capacity !== undefined ? { capacity } : {}),
    ...(overflow !== undefined ? { overflow: overflow satisfies Overflow } : {}),
    ...(rpm !== undefined || tpm !== undefined
      ? { rateLimit: { ...(rpm !== undefined ? { requestsPerMinute: rpm } : {}), ...(tpm !== undefined ? { tokensPerMinute: tpm } : {}) } }
      : {}),
    ...(values.faults !== undefined ? { faults: parseFaultRules(JSON.parse(values.faults), '--faults') } : {}),
    ...(values['api-key'] !== undefined ? { apiKey: values['api-key'] } : {}),
  };
}

async function main(): Promise<void> {
  let settings: LlmServerSettings | 'help';
  try {
    settings = settingsFrom(process.argv.slice(2));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (settings === 'help') {
    console.log(USAGE);
    return;
  }
  const server = await startLlmServer(settings);
  console.log(`Seedling test LLM server: ${server.url}`);
  console.log(`  models: ${server.options.models.join(', ')}`);
  console.log(`  control: ${server.origin}/__seedling/{log,stats,config,reset}   Ctrl+C stops`);
  const stop = (): void => {
    void server.close().then(() => {
      console.log('stopped');
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  // A port in use is the usual cause: say so in one line, not with a stack.
  console.error(`The test LLM server could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
