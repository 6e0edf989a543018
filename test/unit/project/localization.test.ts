// Every user-facing string ships in English and Simplified Chinese.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { STRATEGY_IDS } from '../../../src/core/strategies/strategy';
import { STRATEGIES } from '../../../src/core/strategies/strategyRegistry';

const ROOT = join(__dirname, '..', '..', '..', '..');
const readJson = (path: string): Record<string, unknown> => JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as Record<string, unknown>;

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => join(ROOT, dir, file));
}

describe('localization', () => {
  it('package.nls.zh-cn.json translates every key of package.nls.json and nothing else', () => {
    const en = Object.keys(readJson('package.nls.json')).sort();
    const zh = Object.keys(readJson('package.nls.zh-cn.json')).sort();
    assert.deepEqual(zh, en);
  });

  it('every %placeholder% in package.json has an English string', () => {
    const manifest = readFileSync(join(ROOT, 'package.json'), 'utf8');
    const en = readJson('package.nls.json');
    const placeholders = [...manifest.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1] ?? '');
    assert.ok(placeholders.length > 10);
    for (const key of placeholders) assert.ok(key in en, `package.nls.json lacks ${key}`);
  });

  it('every vscode.l10n.t string of the extension has a Chinese translation', () => {
    const bundle = readJson('l10n/bundle.l10n.zh-cn.json');
    const used = new Set<string>();
    for (const file of sourceFiles('src/extension')) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/l10n\.t\(\s*'((?:[^'\\]|\\.)*)'/g)) used.add((match[1] ?? '').replace(/\\'/g, "'"));
    }
    assert.ok(used.size > 5);
    const missing = [...used].filter((s) => typeof bundle[s] !== 'string' || bundle[s].length === 0);
    assert.deepEqual(missing, []);
    const unused = Object.keys(bundle).filter((s) => !used.has(s));
    assert.deepEqual(unused, [], 'translations nothing uses');
  });

  it('translations keep their {n} placeholders', () => {
    const bundle = readJson('l10n/bundle.l10n.zh-cn.json');
    for (const [english, chinese] of Object.entries(bundle)) {
      const holes = (s: string): string[] => (s.match(/\{\d+\}/g) ?? []).sort();
      assert.deepEqual(holes(chinese as string), holes(english), english);
    }
  });

  it('every strategy and every strategy option explains itself in English and in Chinese', () => {
    const han = /\p{Script=Han}/u;
    for (const id of STRATEGY_IDS) {
      const strategy = STRATEGIES[id];
      assert.ok(strategy.description.en.length > 0 && han.test(strategy.description.zh), id);
      for (const option of strategy.options) {
        assert.ok(option.description.en.length > 0, `${id} ${option.name}: English`);
        assert.ok(han.test(option.description.zh), `${id} ${option.name}: Chinese`);
      }
    }
  });
});
