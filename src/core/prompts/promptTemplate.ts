// Prompt templates are data: a system and a user part with {{placeholders}}, in English and
// Chinese, chosen by the data's language and overridable per workspace in
// .seedling/templates/<id>.<language>.json. Each template's hash goes into provenance, so
// every sample says exactly which wording produced it.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Message } from '../model/sample';
import type { Language } from '../quality/language';

export type TemplateLanguage = 'en' | 'zh';

export const promptTemplate = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/),
  language: z.enum(['en', 'zh']),
  /** Role, task and knowledge boundary. */
  system: z.string().min(1),
  /** The request itself: few-shot examples, the input, the output-format constraint. */
  user: z.string().min(1),
});
export type PromptTemplate = z.infer<typeof promptTemplate>;

/** Chinese templates for Chinese (and Japanese) data, English ones for everything else. */
export function templateLanguageFor(language: Language): TemplateLanguage {
  return language === 'zh' || language === 'ja' ? 'zh' : 'en';
}

export function templateHash(template: PromptTemplate): string {
  return createHash('sha256').update(JSON.stringify([template.id, template.language, template.system, template.user])).digest('hex');
}

const PLACEHOLDER = /\{\{\s*([a-zA-Z][a-zA-Z0-9_]*)\s*\}\}/g;

export function placeholdersOf(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1] ?? ''))];
}

/**
 * Fills a template. Every placeholder must get a value and every value must be used, so a
 * workspace override that drops or misspells one fails loudly instead of sending a broken
 * prompt. Values are inserted verbatim, never re-scanned for placeholders.
 */
export function renderTemplate(template: PromptTemplate, values: Readonly<Record<string, string>>): Message[] {
  const used = new Set<string>();
  const fill = (text: string): string =>
    text.replace(PLACEHOLDER, (_, name: string) => {
      const value = values[name];
      if (value === undefined) throw new Error(`the prompt template "${template.id}" (${template.language}) uses {{${name}}}, which has no value`);
      used.add(name);
      return value;
    });
  const messages: Message[] = [
    { role: 'system', content: fill(template.system) },
    { role: 'user', content: fill(template.user) },
  ];
  const unused = Object.keys(values).filter((name) => !used.has(name));
  if (unused.length > 0) throw new Error(`the prompt template "${template.id}" (${template.language}) does not use ${unused.map((n) => `{{${n}}}`).join(', ')}`);
  return messages;
}

export interface TemplateProblem {
  readonly file: string;
  readonly message: string;
}

/** Built-in templates plus the workspace's overrides. */
export class TemplateLibrary {
  private readonly templates = new Map<string, PromptTemplate>();
  readonly problems: TemplateProblem[] = [];
  readonly overridden = new Set<string>();

  constructor(defaults: readonly PromptTemplate[]) {
    for (const template of defaults) this.templates.set(`${template.id}.${template.language}`, template);
  }

  /**
   * Reads `<dir>/<id>.<en|zh>.json` files. An override must keep the placeholders of the
   * template it replaces; one that does not is reported and ignored.
   */
  async loadOverrides(dir: string): Promise<void> {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return; // no overrides in this workspace
    }
    for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
      const file = join(dir, name);
      try {
        const parsed = promptTemplate.safeParse(JSON.parse(await readFile(file, 'utf8')));
        if (!parsed.success) {
          this.problems.push({ file, message: parsed.error.issues.map((i) => `${i.path.join('.') || 'template'}: ${i.message}`).join('; ') });
          continue;
        }
        const template = parsed.data;
        if (name !== `${template.id}.${template.language}.json`) {
          this.problems.push({ file, message: `the file must be named ${template.id}.${template.language}.json` });
          continue;
        }
        const key = `${template.id}.${template.language}`;
        const original = this.templates.get(key);
        if (!original) {
          this.problems.push({ file, message: `there is no built-in template "${template.id}" to override` });
          continue;
        }
        const wanted = placeholdersOf(original.system + original.user).sort();
        const given = placeholdersOf(template.system + template.user).sort();
        if (JSON.stringify(wanted) !== JSON.stringify(given)) {
          this.problems.push({ file, message: `the override must use exactly the placeholders ${wanted.map((p) => `{{${p}}}`).join(', ')}; it uses ${given.map((p) => `{{${p}}}`).join(', ') || 'none'}` });
          continue;
        }
        this.templates.set(key, template);
        this.overridden.add(key);
      } catch (error: unknown) {
        this.problems.push({ file, message: error instanceof Error ? error.message : String(error) });
      }
    }
  }

  get(id: string, language: TemplateLanguage): PromptTemplate {
    const template = this.templates.get(`${id}.${language}`) ?? this.templates.get(`${id}.en`);
    if (!template) throw new Error(`no prompt template "${id}"`);
    return template;
  }

  all(): PromptTemplate[] {
    return [...this.templates.values()];
  }
}
