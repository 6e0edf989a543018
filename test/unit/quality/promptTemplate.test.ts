import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { JUDGE_TEMPLATES } from '../../../src/core/prompts/judgeTemplates';
import { type PromptTemplate, renderTemplate, TemplateLibrary, templateHash } from '../../../src/core/prompts/promptTemplate';

const template: PromptTemplate = { id: 'demo', language: 'en', system: 'You write {{topic}} data.', user: 'Examples:\n{{examples}}' };

describe('prompt templates', () => {
  it('fill every placeholder, verbatim', () => {
    assert.deepEqual(renderTemplate(template, { topic: 'FAQ', examples: 'a {{topic}} b' }), [
      { role: 'system', content: 'You write FAQ data.' },
      { role: 'user', content: 'Examples:\na {{topic}} b' },
    ]);
  });

  it('fail loudly on a missing or an unused value', () => {
    assert.throws(() => renderTemplate(template, { topic: 'x' }), /uses \{\{examples\}\}, which has no value/);
    assert.throws(() => renderTemplate(template, { topic: 'x', examples: 'y', extra: 'z' }), /does not use \{\{extra\}\}/);
  });

  it('hash their wording, so provenance tells versions apart', () => {
    assert.match(templateHash(template), /^[0-9a-f]{64}$/);
    assert.notEqual(templateHash(template), templateHash({ ...template, user: `${template.user} ` }));
  });

  it('come in English and Chinese for the judge, with the same placeholders', () => {
    const library = new TemplateLibrary(JUDGE_TEMPLATES);
    for (const id of ['judge', 'judge-pair']) {
      const en = library.get(id, 'en');
      const zh = library.get(id, 'zh');
      assert.equal(zh.language, 'zh');
      assert.match(zh.system, /[\u4e00-\u9fff]/);
      const holes = (t: PromptTemplate): string[] => [...(t.system + t.user).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1] ?? '').sort();
      assert.deepEqual(holes(zh), holes(en));
    }
  });

  it('take workspace overrides that keep the placeholders, and report the others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sdl-tpl-'));
    try {
      const judge = JUDGE_TEMPLATES.find((t) => t.id === 'judge' && t.language === 'en');
      assert.ok(judge);
      writeFileSync(join(dir, 'judge.en.json'), JSON.stringify({ ...judge, system: 'Be very strict.' }));
      writeFileSync(join(dir, 'judge-pair.en.json'), JSON.stringify({ ...judge, id: 'judge-pair', user: 'Rate {{candidate}}' }));
      writeFileSync(join(dir, 'judge.zh.json'), '{ not json');
      const library = new TemplateLibrary(JUDGE_TEMPLATES);
      await library.loadOverrides(dir);
      assert.equal(library.get('judge', 'en').system, 'Be very strict.');
      assert.deepEqual([...library.overridden], ['judge.en']);
      assert.equal(library.problems.length, 2);
      assert.match(library.problems.map((p) => p.message).join('\n'), /must use exactly the placeholders/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
