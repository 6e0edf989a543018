// Reading a JSON answer out of a model's text: bare JSON, a ```json fence, or an object
// with prose around it, validated against the expected schema.
import type { z } from 'zod';
import type { StructuredSchema } from './llmClient';

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

/** The first balanced {...} in a text, skipping braces inside strings. */
function firstObject(text: string): string | undefined {
  const start = text.indexOf('{');
  if (start === -1) return undefined;
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) return text.slice(start, i + 1);
    }
  }
  return undefined;
}

function candidates(text: string): string[] {
  const out = [text.trim()];
  for (const match of text.matchAll(/```(?:json|JSON)?\s*\n?([\s\S]*?)```/g)) if (match[1]) out.push(match[1].trim());
  const object = firstObject(text);
  if (object) out.push(object);
  return out;
}

export function parseStructured<T>(text: string, schema: z.ZodType<T>): Parsed<T> {
  let lastProblem = 'the answer holds no JSON object';
  for (const candidate of candidates(text)) {
    let value: unknown;
    try {
      value = JSON.parse(candidate);
    } catch {
      continue;
    }
    const result = schema.safeParse(value);
    if (result.success) return { ok: true, value: result.data };
    lastProblem = result.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || 'the object'}: ${issue.message}`)
      .join('; ');
  }
  return { ok: false, problem: lastProblem };
}

/** The instruction that asks for JSON in the prompt itself (JSON mode, plain instructions). */
export function jsonInstruction<T>(schema: StructuredSchema<T>): string {
  return `Answer with a single JSON object that matches this JSON Schema, and nothing else:\n\`\`\`json\n${JSON.stringify(schema.jsonSchema, null, 2)}\n\`\`\``;
}

/** The one repair request after an invalid answer: what was wrong, and what to send instead. */
export function repairInstruction(problem: string): string {
  return `REPAIR: that answer is not valid (${problem}). Reply with only the corrected JSON object, matching the JSON schema exactly, and nothing else.`;
}
