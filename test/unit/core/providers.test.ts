import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isProviderId, PROVIDER_IDS, PROVIDER_PRESETS } from '../../../src/core/llm/providers';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, { enum?: string[] }> } };
};

describe('provider presets', () => {
  it('offer in settings exactly the providers the engine knows', () => {
    assert.deepEqual(manifest.contributes.configuration.properties['seedling.provider']?.enum, [...PROVIDER_IDS]);
  });
  it('have a base URL wherever the endpoint does not depend on the user', () => {
    for (const id of PROVIDER_IDS) {
      const preset = PROVIDER_PRESETS[id];
      assert.equal(preset.id, id);
      if (id !== 'azure-openai' && id !== 'custom') assert.match(preset.defaultBaseUrl, /^https?:\/\/[^/]+.*\/v1$/, id);
    }
  });
  it('recognise only their own ids', () => {
    assert.equal(isProviderId('deepseek'), true);
    assert.equal(isProviderId('DeepSeek'), false);
    assert.equal(isProviderId('__proto__'), false);
  });
});
