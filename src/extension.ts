/**
 * Entry point: builds the one CommandContext, registers the tree and the commands, and owns
 * every disposable (context.subscriptions, disposed by VS Code in reverse order). Nothing here
 * touches the network: the first request goes out when the Registries view asks for children.
 */
import * as vscode from 'vscode';
import type { CommandContext } from './contracts';
import { registerCommands } from './commands';
import { createPickers } from './commands/support/pickers';
import { connectionFingerprint, RegistryClientPool } from './config/clientPool';
import { readViewSettings, SettingsRegistryStore } from './config/registryStore';
import { DOCKER_HUB_ID } from './model/registryEntry';
import { SecretCredentialService } from './credentials/credentialService';
import { ManifestDocumentProvider } from './documents/manifestDocuments';
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
    const credentials = own(new SecretCredentialService(context.secrets, log));
    const version = String(context.extension.packageJSON?.version ?? '0');
    const hubApiUrl = () => vscode.workspace.getConfiguration('registryExplorer').get<string>('dockerHubApiUrl') || undefined;
    const clients = new RegistryClientPool(registries, credentials, context.globalState, log, `registry-explorer/${version} (vscode ${vscode.version})`, hubApiUrl);
    const tree = own(new RegistryTreeProvider((changed) => new RegistryTreeModel({ registries, clients, credentials, settings: readViewSettings, changed })));
    // Registered now (no request), so manifest tabs that VS Code restores at startup can load.
    const documents = own(new ManifestDocumentProvider((registryId) => clients.get(registryId)));
    const ctx: CommandContext = {
      registries,
      clients,
      credentials,
      tree,
      documents,
      log,
      secrets: context.secrets,
      pickers: createPickers({ registries, clients, tree }),
    };
    for (const d of registerCommands(ctx)) own(d);

    // Settings changed: redraw the list when registries came or went; reload a registry only when
    // its connection settings changed (the pool rebuilds its client then), otherwise redraw it
    // (repositories added by hand and the name are read from the settings on each draw).
    let snapshot = new Map(registries.list().map((e) => [e.id, e]));
    own(registries.onDidChange(() => {
      const next = new Map(registries.list().map((e) => [e.id, e]));
      const cameOrWent = next.size !== snapshot.size || [...next.keys()].some((id) => !snapshot.has(id));
      for (const [id, entry] of next) {
        const before = snapshot.get(id);
        if (!before || JSON.stringify(before) === JSON.stringify(entry)) continue;
        const node = tree.model.registryNode(id);
        if (!node) continue;
        const listing = (e: typeof entry) => JSON.stringify(e.namespaces ?? []);
        if (connectionFingerprint(before) !== connectionFingerprint(entry) || listing(before) !== listing(entry)) tree.refresh(node);
        else tree.changed(node);
      }
      snapshot = next;
      if (cameOrWent) tree.redraw();
    }));
    own(credentials.onDidChange((registryId) => {
      clients.invalidate(registryId);
      const node = tree.model.registryNode(registryId);
      if (node) tree.refresh(node);
    }));
    own(vscode.workspace.onDidChangeConfiguration((e) => {
      // Sorting needs no new data; a new page size applies to lists loaded from now on.
      if (e.affectsConfiguration('registryExplorer.tagSort')) tree.redraw();
      if (e.affectsConfiguration('registryExplorer.dockerHubApiUrl')) {
        clients.invalidate(DOCKER_HUB_ID);
        const hub = tree.model.registryNode(DOCKER_HUB_ID);
        if (hub) tree.refresh(hub);
      }
    }));
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
