// A sample as readable text inside a prompt: for few-shot examples, for the judge, for fixes.
import type { Message, Sample, TextOrMessages } from '../model/sample';
import type { TemplateLanguage } from './promptTemplate';

const LABELS = {
  en: { instruction: 'Instruction', input: 'Input', output: 'Output', system: 'System prompt', prompt: 'Prompt', completion: 'Completion', chosen: 'Chosen response', rejected: 'Rejected response', text: 'Text', label: 'Label', user: 'User', assistant: 'Assistant', tool: 'Tool result' },
  zh: { instruction: '指令', input: '输入', output: '输出', system: '系统提示', prompt: '提示', completion: '续写', chosen: '较好的回答', rejected: '较差的回答', text: '文本', label: '标签', user: '用户', assistant: '助手', tool: '工具结果' },
} as const;

function dialogue(messages: readonly Message[], language: TemplateLanguage): string {
  const words = LABELS[language];
  return messages.map((m) => `[${words[m.role === 'system' ? 'system' : m.role]}]\n${m.content}`).join('\n\n');
}

export function renderTextOrMessages(value: TextOrMessages, language: TemplateLanguage): string {
  return typeof value === 'string' ? value : dialogue(value, language);
}

export function renderSample(sample: Sample, language: TemplateLanguage): string {
  const words = LABELS[language];
  switch (sample.kind) {
    case 'chat':
      return dialogue(sample.messages, language);
    case 'instruction':
      return [
        ...(sample.system !== undefined ? [`${words.system}:\n${sample.system}`] : []),
        `${words.instruction}:\n${sample.instruction}`,
        ...(sample.input.trim().length > 0 ? [`${words.input}:\n${sample.input}`] : []),
        `${words.output}:\n${sample.output}`,
      ].join('\n\n');
    case 'completion':
      return `${words.prompt}:\n${sample.prompt}\n\n${words.completion}:\n${sample.completion}`;
    case 'preference':
      return [
        ...(sample.prompt !== undefined ? [`${words.prompt}:\n${renderTextOrMessages(sample.prompt, language)}`] : []),
        `${words.chosen}:\n${renderTextOrMessages(sample.chosen, language)}`,
        `${words.rejected}:\n${renderTextOrMessages(sample.rejected, language)}`,
      ].join('\n\n');
    case 'classification':
      return `${words.text}:\n${sample.text}\n\n${words.label}: ${String(sample.label)}`;
  }
}

/** Numbered examples, separated clearly, for few-shot prompts and judge references. */
export function renderExamples(samples: readonly Sample[], language: TemplateLanguage): string {
  if (samples.length === 0) return language === 'zh' ? '（无）' : '(none)';
  const word = language === 'zh' ? '示例' : 'Example';
  return samples.map((sample, index) => `### ${word} ${index + 1}\n${renderSample(sample, language)}`).join('\n\n');
}
