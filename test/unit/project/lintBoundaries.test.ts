// The architecture's one-way dependencies are enforced by lint; these tests show that the
// rules really fire, on fixture files placed (virtually) where the rule applies.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

const ROOT = join(__dirname, '..', '..', '..', '..');
// The fixtures are linted under paths that do not exist, so without type information;
// the boundary rules need none.
const eslint = new ESLint({ cwd: ROOT, overrideConfig: [tseslint.configs.disableTypeChecked] });

async function lintAs(fixture: string, virtualPath: string): Promise<string[]> {
  const text = readFileSync(join(ROOT, 'test', 'fixtures', 'lint', fixture), 'utf8');
  const [result] = await eslint.lintText(text, { filePath: join(ROOT, virtualPath) });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'fatal'}: ${m.message}`);
}

describe('lint boundaries', () => {
  for (const layer of ['src/core/llm', 'src/cli', 'src/protocol']) {
    it(`fails a vscode import in ${layer}`, async () => {
      const messages = await lintAs('importsVscode.ts', `${layer}/importsVscodeFixture.ts`);
      assert.ok(messages.some((m) => m.startsWith('no-restricted-imports:') && m.includes('never import `vscode`')), messages.join('\n'));
    });
  }

  it('allows the same import in src/extension', async () => {
    const messages = await lintAs('importsVscode.ts', 'src/extension/importsVscodeFixture.ts');
    assert.deepEqual(messages.filter((m) => m.startsWith('no-restricted-imports')), []);
  });

  it('fails innerHTML and friends in webview code', async () => {
    const messages = await lintAs('writesHtml.ts', 'webview/review/writesHtmlFixture.ts');
    assert.equal(messages.filter((m) => m.startsWith('no-restricted-syntax:')).length, 3, messages.join('\n'));
  });

  it('keeps the UI toolkit behind webview/components/toolkit.ts', async () => {
    const messages = await lintAs('importsToolkit.ts', 'webview/review/importsToolkitFixture.ts');
    assert.ok(messages.some((m) => m.includes('only through webview/components/toolkit.ts')), messages.join('\n'));
  });
});
