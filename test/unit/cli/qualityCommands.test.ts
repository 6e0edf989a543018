import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type LlmServer, startLlmServer } from '../../llmServer/llmServer';
import { EXAMPLES, seedling, seedlingAsync } from './cliRunner';

let dir: string;
let server: LlmServer;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sdl-qcli-'));
  server = await startLlmServer({ capabilities: { promptLogprobs: true } });
});
after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const instruction = (i: string, o = 'An answer.'): string => JSON.stringify({ instruction: i, input: '', output: o });

describe('seedling dedupe', () => {
  it('names the record each duplicate repeats, in the file and in --against files, and writes the rest', () => {
    writeFileSync(join(dir, 'seed.jsonl'), `${instruction('离职后公积金能全部取出来吗？')}\n`);
    writeFileSync(join(dir, 'gen.jsonl'), [instruction('How do I export my notes as Markdown?'), instruction('How do I export my notes to Markdown?'), instruction('离职以后公积金能全部取出来吗？'), instruction('What plans do you offer?'), instruction('how do i export my notes as markdown')].join('\n') + '\n');
    const result = seedling(['dedupe', 'gen.jsonl', '--against', 'seed.jsonl', '--out', 'kept.jsonl'], dir);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(result.stdout.trim().split('\n'), [
      'gen.jsonl:2: a near-duplicate of gen.jsonl:1 (ROUGE-L 0.88)',
      'gen.jsonl:3: a near-duplicate of seed.jsonl:1 (ROUGE-L 0.96)',
      'gen.jsonl:5: an exact duplicate of gen.jsonl:1',
    ]);
    assert.match(result.stderr, /5 records, 3 duplicates \(1 exact, 2 near, ROUGE-L > 0\.7\)/);
    assert.equal(readFileSync(join(dir, 'kept.jsonl'), 'utf8'), `${instruction('How do I export my notes as Markdown?')}\n${instruction('What plans do you offer?')}\n`);
  });

  it('finds the same duplicates with MinHash-LSH', () => {
    const lines = Array.from({ length: 40 }, (_, i) => instruction(`Question number ${i} asks how the sync service handles conflicting edits on several devices`));
    lines.push(instruction('Question number 7 asks how the sync service handles conflicting edits on several devices today'));
    writeFileSync(join(dir, 'many.jsonl'), lines.join('\n'));
    const result = seedling(['dedupe', 'many.jsonl', '--method', 'minhash', '--threshold', '0.8'], dir);
    assert.match(result.stdout, /many\.jsonl:41: a near-duplicate of many\.jsonl:8 \(estimated Jaccard 0\.\d+\)/);
  });
});

describe('seedling decontaminate', () => {
  it('flags records that share a 13-word run with an eval item, naming it', () => {
    writeFileSync(join(dir, 'eval.jsonl'), `${JSON.stringify({ id: 'gsm8k-17', question: 'Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May.' })}\n`);
    writeFileSync(join(dir, 'synthetic.jsonl'), [instruction('Natalia sold clips to 48 of her friends in April, and then she sold half as many. How many?'), instruction('Natalia sold clips to her friends in April and May.')].join('\n') + '\n');
    const result = seedling(['decontaminate', 'synthetic.jsonl', '--eval', 'eval.jsonl', '--out', 'clean.jsonl'], dir);
    assert.equal(result.status, 0);
    assert.deepEqual(result.stdout.trim().split('\n'), ['synthetic.jsonl:1: contaminated: shares "natalia sold clips to 48 of her friends in april and then she" with eval.jsonl:1 (id gsm8k-17)']);
    assert.equal(readFileSync(join(dir, 'clean.jsonl'), 'utf8'), `${instruction('Natalia sold clips to her friends in April and May.')}\n`);
  });
});

describe('seedling stats', () => {
  it('reports statistics and the drift from the seeds', () => {
    const result = seedling(['stats', join(EXAMPLES, 'gov-faq-housing-fund.alpaca.jsonl'), '--compare', join(EXAMPLES, 'gov-faq-housing-fund.alpaca.jsonl'), '--json']);
    const report = JSON.parse(result.stdout) as { records: number; languages: Record<string, number>; comparison: { unigramJsDivergence: number } };
    assert.equal(report.records, 17);
    assert.deepEqual(report.languages, { zh: 17 });
    assert.equal(report.comparison.unigramJsDivergence, 0);
  });

  it('scores IFD where the endpoint returns prompt log-probabilities, and says why not elsewhere', async () => {
    const env = { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'test-key' };
    const vllm = await seedlingAsync(['stats', join(EXAMPLES, 'helpfulness.dpo.jsonl'), '--ifd', '--provider', 'vllm', '--model', 'seedling-test-small', '--ifd-limit', '3', '--no-cache'], { env });
    assert.equal(vllm.status, 0, vllm.stderr);
    assert.match(vllm.stdout, /IFD +mean \d\.\d{3}, median \d\.\d{3} over 3 records/);
    const openai = await seedlingAsync(['stats', join(EXAMPLES, 'helpfulness.dpo.jsonl'), '--ifd', '--provider', 'openai', '--model', 'seedling-test-small', '--no-cache'], { env });
    assert.equal(openai.status, 0);
    assert.match(openai.stderr, /IFD is unavailable: IFD scores need the log-probabilities of prompt tokens.*vLLM/);
  });
});

describe('seedling judge', () => {
  it('scores every record against the test server, with a summary', async () => {
    const result = await seedlingAsync(['judge', join(EXAMPLES, 'reviews-sentiment.zh.jsonl'), '--judge-model', 'seedling-judge', '--limit', '4', '--no-cache', '--json'], { env: { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'test-key' } });
    assert.equal(result.status, 0, result.stderr);
    const verdicts = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as { line: number; overall: number; criteria: { name: string }[]; rubric: string });
    assert.deepEqual(verdicts.map((v) => v.line), [1, 2, 3, 4]);
    assert.ok(verdicts.every((v) => v.rubric === 'classification' && v.criteria.some((c) => c.name === 'label_correctness')));
    assert.match(result.stderr, /4 judged: mean \d\.\d\d\/5, \d pass/);
  });

  it('says clearly when no endpoint is configured', () => {
    const result = seedling(['judge', join(EXAMPLES, 'reviews-sentiment.zh.jsonl'), '--judge-model', 'gpt-4o-mini']);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /No API key is set for OpenAI: set OPENAI_API_KEY in the environment/);
  });
});

describe('seedling dedupe with embeddings', () => {
  it('compares embeddings from the endpoint and names the other record', async () => {
    writeFileSync(join(dir, 'emb.jsonl'), [instruction('How do I export my notes as Markdown files?'), instruction('What is the refund policy for yearly plans?'), instruction('How can I export my notes as Markdown files?')].join('\n') + '\n');
    const result = await seedlingAsync(['dedupe', 'emb.jsonl', '--method', 'embedding', '--model', 'seedling-embed', '--no-cache'], { cwd: dir, env: { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'test-key' } });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^emb\.jsonl:3: a near-duplicate of emb\.jsonl:1 \(embedding cosine 0\.9\d\)\n$/);
    assert.match(result.stderr, /embedding cosine ≥ 0\.92/);
  });
});
