// The two ways a strategy asks a model: for a structured answer (a JSON object it checks),
// or for plain text. Both render a template in the run's language and book the call's
// usage, cost and template hash on the task's meter.
import type { StructuredSchema } from '../llm/llmClient';
import { renderTemplate, templateHash } from '../prompts/promptTemplate';
import { type StrategyContext, TaskMeter } from './strategy';

export interface CallSettings {
  readonly model?: string;
  readonly temperature?: number;
  readonly maxTokens?: number;
  readonly seed?: number;
}

export async function askStructured<T>(
  context: StrategyContext,
  meter: TaskMeter,
  templateId: string,
  values: Readonly<Record<string, string>>,
  schema: StructuredSchema<T>,
  settings: CallSettings = {},
): Promise<T> {
  const template = context.templates.get(templateId, context.language);
  const model = settings.model ?? context.models[0] ?? '';
  const result = await context.client.chatStructured(
    {
      model,
      messages: renderTemplate(template, values),
      temperature: settings.temperature ?? context.temperature,
      maxTokens: settings.maxTokens ?? context.maxTokens,
      ...(settings.seed !== undefined ? { seed: settings.seed } : {}),
    },
    schema,
    context.signal ? { signal: context.signal } : {},
  );
  meter.add(result, model, templateHash(template));
  return result.value;
}

export async function askText(
  context: StrategyContext,
  meter: TaskMeter,
  templateId: string,
  values: Readonly<Record<string, string>>,
  settings: CallSettings = {},
): Promise<{ text: string; complete: boolean }> {
  const template = context.templates.get(templateId, context.language);
  const model = settings.model ?? context.models[0] ?? '';
  const result = await context.client.chat(
    {
      model,
      messages: renderTemplate(template, values),
      temperature: settings.temperature ?? context.temperature,
      maxTokens: settings.maxTokens ?? context.maxTokens,
      ...(settings.seed !== undefined ? { seed: settings.seed } : {}),
    },
    context.signal ? { signal: context.signal } : {},
  );
  meter.add(result, model, templateHash(template));
  const choice = result.choices[0];
  return { text: choice?.text.trim() ?? '', complete: choice !== undefined && !choice.truncated };
}

/** Runs calls at once but books them on the meter in call order, so provenance does not depend on timing. */
export async function inCallOrder<T>(meter: TaskMeter, calls: readonly ((meter: TaskMeter) => Promise<T>)[]): Promise<T[]> {
  const started = calls.map((call) => {
    const own = new TaskMeter();
    return { own, value: call(own) };
  });
  const values = await Promise.all(started.map((s) => s.value));
  for (const { own } of started) {
    // Each call is one model call: one model and one template to book.
    const booked = own.result([]);
    const model = booked.models[0];
    if (model !== undefined) meter.add(booked, model, booked.templateHashes[0]);
  }
  return values;
}
