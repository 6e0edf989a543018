import * as vscode from 'vscode';
import type { ApiKeySource } from '../core/llm/apiKeys';
import { normalizeBaseUrl } from '../core/llm/openAiCompatibleClient';
import { PROVIDER_PRESETS, type ProviderId } from '../core/llm/providers';
import type { OutputChannelLogger } from './outputChannelLogger';

/** Where the key of a provider lives in SecretStorage. Keys never go to settings. */
export function apiKeySecretName(provider: ProviderId): string {
  return `seedling.apiKey.${provider}`;
}

/** Endpoints the user let a provider's key go to (the one it was stored for, and any approved since). */
function endpointsStateKey(provider: ProviderId): string {
  return `seedling.apiKeyEndpoints.${provider}`;
}

export type KeyConsent = 'once' | 'always' | 'never';

/** Asks whether a key may go to an endpoint it was not stored for. */
export type ConsentPrompt = (provider: ProviderId, endpoint: string, storedFor: readonly string[]) => Promise<KeyConsent>;

export const askForConsent: ConsentPrompt = async (provider, endpoint, storedFor) => {
  const once = vscode.l10n.t('Send it this time');
  const always = vscode.l10n.t('Always send it to this endpoint');
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('Send your {0} API key to {1}?', PROVIDER_PRESETS[provider].label, endpoint),
    {
      modal: true,
      detail: vscode.l10n.t('The key was stored for {0}. This workspace’s settings point Seedling at another endpoint; send the key only if you trust it.', storedFor.join(', ') || vscode.l10n.t('another endpoint')),
    },
    once,
    always,
  );
  return choice === always ? 'always' : choice === once ? 'once' : 'never';
};

/**
 * API keys in VS Code: kept in SecretStorage, each bound to the endpoints the user meant it
 * for. A workspace whose settings point elsewhere (a hostile .vscode/settings.json) cannot
 * receive the key without the user saying so.
 */
export class EndpointKeys implements ApiKeySource {
  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly state: vscode.Memento,
    private readonly log: OutputChannelLogger,
    private readonly consent: ConsentPrompt = askForConsent,
  ) {}

  /** The same keys, asking consent another way (tests answer for the user). */
  withConsent(consent: ConsentPrompt): EndpointKeys {
    return new EndpointKeys(this.secrets, this.state, this.log, consent);
  }

  async store(provider: ProviderId, key: string, endpoint: string): Promise<void> {
    await this.secrets.store(apiKeySecretName(provider), key);
    await this.state.update(endpointsStateKey(provider), [normalizeBaseUrl(endpoint)]);
  }

  async remove(provider: ProviderId): Promise<void> {
    await this.secrets.delete(apiKeySecretName(provider));
    await this.state.update(endpointsStateKey(provider), undefined);
  }

  async has(provider: ProviderId): Promise<boolean> {
    return (await this.secrets.get(apiKeySecretName(provider))) !== undefined;
  }

  endpointsFor(provider: ProviderId): readonly string[] {
    return this.state.get<string[]>(endpointsStateKey(provider), []);
  }

  async apiKey(provider: ProviderId, baseUrl: string): Promise<string | undefined> {
    const key = await this.secrets.get(apiKeySecretName(provider));
    if (key === undefined || key === '') return undefined;
    const endpoint = normalizeBaseUrl(baseUrl);
    const allowed = this.endpointsFor(provider);
    if (allowed.includes(endpoint)) return key;
    const answer = await this.consent(provider, endpoint, allowed);
    this.log.info(`API key for ${provider}: the user answered "${answer}" for ${endpoint}`);
    if (answer === 'never') return undefined;
    if (answer === 'always') await this.state.update(endpointsStateKey(provider), [...allowed, endpoint]);
    return key;
  }
}
