/**
 * Entry point: builds the one CommandContext, registers the tree and the commands, and owns
 * every disposable (context.subscriptions, disposed by VS Code in reverse order). Nothing here
 * touches the network: the first request goes out when the Registries view asks for children.
 */
import * as vscode from 'vscode';
import type { CommandContext } from './contracts';
import { registerCommands } from './commands';
import { createPickers } from './commands/support/pickers';
import { RegistryClientPool } from './config/clientPool';
import { readViewSettings, SettingsRegistryStore } from './config/registryStore';
import { DOCKER_HUB_ID } from './model/registryEntry';
import { SecretCredentialService } from './credentials/credentialService';
import { TokenCommands, userTokenCommands } from './credentials/tokenCommand';
import { ManifestDocumentProvider } from './documents/manifestDocuments';
import { CleanupPreviewDocuments } from './documents/cleanupPreviews';
import { SettingsCleanupRuleStore } from './config/cleanupRuleStore';
import { LOG_CHANNEL_NAME } from './log';
import { RegistryTreeModel } from './model/treeModel';
import { RegistryTreeProvider } from './tree/provider';

export async function activate(context: vscode.ExtensionContext): Promise<CommandContext | undefined> {
  const own = <T extends vscode.Disposable>(d: T): T => {
    context.subscriptions.push(d);
    return d;
  };
  const log = own(vscode.window.createOutputChannel(LOG_CHANNEL_NAME, { log: true }));
  try {
    const registries = own(new SettingsRegistryStore());
    // User settings only: a workspace must not be able to make the extension run a command.
    const readTokenCommands = () => {
      const { commands, problems } = userTokenCommands(vscode.workspace.getConfiguration('registryExplorer').inspect('tokenCommands'));
      for (const p of problems) log.warn(p);
      return commands;
    };
    let tokenCommandSettings = readTokenCommands();
    const tokenCommands = new TokenCommands(() => tokenCommandSettings);
    const credentials = own(new SecretCredentialService(context.secrets, log, {}, tokenCommands));
    const version = String(context.extension.packageJSON?.version ?? '0');
    const hubApiUrl = () => vscode.workspace.getConfiguration('registryExplorer').get<string>('dockerHubApiUrl') || undefined;
    const clients = own(
      new RegistryClientPool(registries, credentials, context.globalState, log, `registry-explorer/${version} (vscode ${vscode.version})`, hubApiUrl),
    );
    const tree = own(
      new RegistryTreeProvider((changed) => new RegistryTreeModel({ registries, clients, credentials, settings: readViewSettings, changed }), readViewSettings),
    );
    // Registered now (no request), so manifest tabs that VS Code restores at startup can load.
    const cleanupPreviews = own(new CleanupPreviewDocuments());
    const documents = own(new ManifestDocumentProvider((registryId) => clients.get(registryId), cleanupPreviews));
    const ctx: CommandContext = {
      registries,
      clients,
      credentials,
      tree,
      documents,
      log,
      secrets: context.secrets,
      pickers: createPickers({ registries, clients, tree, showReferrerTags: () => readViewSettings().showReferrerTags }),
      cleanupRules: new SettingsCleanupRuleStore(() => registries.list().map((r) => r.id)),
      cleanupPreviews,
    };
    for (const d of registerCommands(ctx)) own(d);

    own(clients.onDidReload((registryId) => tree.refreshRegistry(registryId)));
    // Names, repositories added by hand and Docker Hub namespaces are read on each draw; the pool
    // reloads a registry whose connection settings changed.
    own(registries.onDidChange(() => tree.redraw()));
    own(
      vscode.workspace.onDidChangeConfiguration((e) => {
        // Sorting needs no new data; a new page size applies to lists loaded from now on.
        if (e.affectsConfiguration('registryExplorer.tagSort') || e.affectsConfiguration('registryExplorer.showReferrerTags')) tree.redraw();
        // The Hub API address is part of Docker Hub's connection.
        if (e.affectsConfiguration('registryExplorer.dockerHubApiUrl')) clients.reload(DOCKER_HUB_ID);
        // Another command may sign in otherwise: drop the tokens and start those sessions over.
        if (e.affectsConfiguration('registryExplorer.tokenCommands')) {
          const before = tokenCommandSettings;
          tokenCommandSettings = readTokenCommands();
          tokenCommands.forget();
          for (const id of new Set([...before.keys(), ...tokenCommandSettings.keys()])) clients.reload(id);
        }
      }),
    );
    return ctx;
  } catch (e) {
    // Report our own failure where the user looks, instead of a silently empty view.
    const message = e instanceof Error ? e.message : String(e);
    log.error(`Activation failed: ${message}`);
    void vscode.window.showErrorMessage(`Registry Explorer could not start: ${message}. The log (Registry Explorer: Show Log) has details.`);
    return undefined;
  }
}

export function deactivate(): void {
  // Everything is in context.subscriptions; VS Code disposes it.
}
