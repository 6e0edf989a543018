import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateSeedling } from './seedlingExtension';

interface ContributedCommand {
  readonly command: string;
}

suite('Activation', () => {
  test('the extension activates and reports it in its log', async () => {
    const { extension, api } = await activateSeedling();
    assert.equal(extension.isActive, true);
    assert.ok(
      api.recentLog().some((line) => /^info: Seedling \S+ activated in [\d.]+ ms$/.test(line)),
      `activation is logged: ${api.recentLog().join(' | ')}`,
    );
  });

  test('every contributed command is registered, and nothing else under seedling.', async () => {
    const { extension } = await activateSeedling();
    const manifest = extension.packageJSON as { contributes: { commands: ContributedCommand[]; views: Record<string, { id: string }[]> } };
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    // VS Code adds focus/toggle commands of its own for every contributed view.
    const viewIds = Object.values(manifest.contributes.views).flat().map((view) => `${view.id}.`);
    const registered = (await vscode.commands.getCommands(true))
      .filter((id) => id.startsWith('seedling.') && !viewIds.some((prefix) => id.startsWith(prefix)))
      .sort();
    assert.deepEqual(registered, contributed);
    assert.ok(contributed.includes('seedling.generateSamples'));
    assert.ok(contributed.includes('seedling.openReview'));
    assert.ok(contributed.includes('seedling.setApiKey'));
  });

  test('activation is lazy: nothing activates Seedling on startup', async () => {
    const { extension } = await activateSeedling();
    const events = (extension.packageJSON as { activationEvents?: string[] }).activationEvents ?? [];
    assert.ok(!events.includes('*') && !events.includes('onStartupFinished'), `activation events: ${events.join(', ')}`);
  });
});
