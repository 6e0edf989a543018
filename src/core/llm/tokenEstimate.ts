// Token counts before a request is sent, for budgets and cost estimates. Exact counts need
// each model's tokenizer; this errs on the high side so budgets are not overrun.
import type { Message } from '../model/sample';

/** CJK ideographs, kana, Hangul and full-width forms: about one token each. */
function isCjk(code: number): boolean {
  return (code >= 0x3000 && code <= 0x30ff) || (code >= 0x3400 && code <= 0x4dbf) || (code >= 0x4e00 && code <= 0x9fff) || (code >= 0xac00 && code <= 0xd7af) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xff00 && code <= 0xffef);
}

export function estimateTokens(text: string): number {
  let cjk = 0;
  for (let i = 0; i < text.length; i++) if (isCjk(text.charCodeAt(i))) cjk++;
  return cjk + Math.ceil((text.length - cjk) / 3.5);
}

/** Prompt tokens of a message list, with the few tokens each message costs in framing. */
export function estimateMessageTokens(messages: readonly Message[]): number {
  let total = 3;
  for (const message of messages) total += 4 + estimateTokens(message.content);
  return total;
}
