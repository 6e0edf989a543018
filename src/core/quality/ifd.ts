// Instruction-following difficulty (IFD): how much an instruction helps a model predict its
// answer, the ratio of the answer's perplexity with the instruction to its perplexity alone.
// Near or above 1 the instruction barely helps (a hard or mismatched pair); low values mean
// the answer follows easily. It needs the log-probabilities of prompt tokens, which only
// some endpoints (vLLM) return; elsewhere it says so instead of guessing.
import type { CallOptions, PromptLogprobs } from '../llm/llmClient';

export interface PromptLogprobSource {
  promptLogprobs(model: string, text: string, options?: CallOptions): Promise<PromptLogprobs>;
}

export interface IfdScore {
  readonly ifd: number;
  /** Perplexity of the answer after the instruction. */
  readonly conditioned: number;
  /** Perplexity of the answer on its own. */
  readonly unconditioned: number;
}

/** Mean negative log-likelihood of the tokens starting at or after `from`. */
function meanNll(scored: PromptLogprobs, from: number): number | undefined {
  let sum = 0;
  let count = 0;
  scored.offsets.forEach((offset, index) => {
    const logprob = scored.logprobs[index];
    if (offset >= from && logprob !== null && logprob !== undefined) {
      sum -= logprob;
      count++;
    }
  });
  return count === 0 ? undefined : sum / count;
}

export async function ifdScore(source: PromptLogprobSource, model: string, instruction: string, answer: string, options: CallOptions = {}): Promise<IfdScore | undefined> {
  const separator = '\n';
  const [conditioned, alone] = await Promise.all([
    source.promptLogprobs(model, `${instruction}${separator}${answer}`, options),
    source.promptLogprobs(model, answer, options),
  ]);
  const withInstruction = meanNll(conditioned, instruction.length + separator.length);
  const withoutInstruction = meanNll(alone, 0);
  if (withInstruction === undefined || withoutInstruction === undefined) return undefined; // an answer of one token
  const ppl = { conditioned: Math.exp(withInstruction), unconditioned: Math.exp(withoutInstruction) };
  return { ifd: ppl.conditioned / ppl.unconditioned, ...ppl };
}
