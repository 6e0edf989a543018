import * as vscode from 'vscode';
import { isProviderId, PROVIDER_PRESETS, type ProviderId } from '../../core/llm/providers';
import type { EndpointKeys } from '../endpointKeys';
import type { OutputChannelLogger } from '../outputChannelLogger';

/** The provider chosen in settings, or OpenAI when the setting holds something unknown. */
export function configuredProvider(): ProviderId {
  const value = vscode.workspace.getConfiguration('seedling').get<string>('provider', 'openai');
  return isProviderId(value) ? value : 'openai';
}

/** The endpoint the settings point at: the base URL, or the provider's default. */
export function configuredBaseUrl(provider: ProviderId): string {
  return vscode.workspace.getConfiguration('seedling').get<string>('baseUrl', '') || PROVIDER_PRESETS[provider].defaultBaseUrl;
}

/**
 * Seedling: Set API Key — asks for the key of the configured provider and keeps it in
 * VS Code's SecretStorage; replaces or removes an existing one.
 */
export function setApiKeyCommand(keys: EndpointKeys, log: OutputChannelLogger): () => Promise<void> {
  return async () => {
    const provider = configuredProvider();
    const label = PROVIDER_PRESETS[provider].label;
    if (await keys.has(provider)) {
      const replace = vscode.l10n.t('Replace the key');
      const remove = vscode.l10n.t('Remove the key');
      const choice = await vscode.window.showQuickPick([replace, remove], {
        title: vscode.l10n.t('An API key for {0} is already stored', label),
      });
      if (choice === undefined) return;
      if (choice === remove) {
        await keys.remove(provider);
        log.info(`API key for ${provider} removed from secret storage`);
        void vscode.window.showInformationMessage(vscode.l10n.t('The API key for {0} was removed.', label));
        return;
      }
    }
    const key = await vscode.window.showInputBox({
      title: vscode.l10n.t('API key for {0}', label),
      prompt: vscode.l10n.t('Stored in VS Code secret storage, never in settings or logs.'),
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) => {
        if (value.trim().length === 0) return vscode.l10n.t('Enter a key, or press Escape to cancel.');
        if (/\s/.test(value.trim())) return vscode.l10n.t('An API key has no spaces or line breaks.');
        return undefined;
      },
    });
    if (key === undefined) return;
    const endpoint = configuredBaseUrl(provider);
    await keys.store(provider, key.trim(), endpoint);
    log.info(`API key for ${provider} stored in secret storage, for ${endpoint}`);
    void vscode.window.showInformationMessage(vscode.l10n.t('The API key for {0} is stored in VS Code secret storage.', label));
  };
}
