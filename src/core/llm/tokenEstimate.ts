// Token counts before a request is sent, for budgets and cost estimates. Exact counts need
// each model's tokenizer; this errs on the high side so budgets are not overrun.
import type { Message } from '../model/sample';

const CJK = /[\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/g;

export function estimateTokens(text: string): number {
  const cjk = text.match(CJK)?.length ?? 0;
  return cjk + Math.ceil((text.length - cjk) / 3.5);
}

/** Prompt tokens of a message list, with the few tokens each message costs in framing. */
export function estimateMessageTokens(messages: readonly Message[]): number {
  let total = 3;
  for (const message of messages) total += 4 + estimateTokens(message.content);
  return total;
}
