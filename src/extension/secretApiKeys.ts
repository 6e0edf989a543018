import type * as vscode from 'vscode';
import type { ApiKeySource } from '../core/llm/apiKeys';
import type { ProviderId } from '../core/llm/providers';
import { apiKeySecretName } from './commands/setApiKey';

/** The engine's key source inside VS Code: SecretStorage, and nothing else. */
export class SecretStorageApiKeys implements ApiKeySource {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  async apiKey(provider: ProviderId): Promise<string | undefined> {
    const key = await this.secrets.get(apiKeySecretName(provider));
    return key === undefined || key === '' ? undefined : key;
  }
}
