/**
 * The one table of commands. Each row is an id from package.json and a handler that receives the
 * shared CommandContext, then what VS Code passes: from a tree context menu the clicked node and
 * (with multi-select) the array of selected nodes; from the palette nothing, so the handler asks
 * with `ctx.pickers`. Add a command: one file in this folder, one row here, one entry in package.json.
 */
import * as vscode from 'vscode';
import type { CommandContext } from '../contracts';
import { addRegistry } from './addRegistry';
import { removeRegistry } from './removeRegistry';
import { signIn, signOut } from './signIn';
import { editConnection } from './editConnection';
import { importDockerConfig } from './importDockerConfig';
import { refresh, refreshNode, loadMore, readAllDates } from './refresh';
import { addNamespace, addRepository, removeRepository } from './repositories';
import { filter, clearFilter, sortTags } from './filterSort';
import { deleteTag } from './deleteTag';
import { retag } from './retag';
import { copyToRepository } from './copyToRepository';
import { inspectManifest, inspectConfig } from './inspect';
import { compareWith } from './compareWith';
import { copyReference, copyDigestReference, copyPullCommand } from './copyReference';
import { cleanupTags } from './cleanupTags';
import { previewSavedCleanup } from './previewSavedCleanup';
import { runCleanupPreview } from './runCleanup';
import { saveCleanupPreview } from './saveCleanupPreview';

export interface CommandSpec {
  id: string;
  run: (ctx: CommandContext, ...args: any[]) => unknown;
}

export const commands: CommandSpec[] = [
  // Registries, sign-in and the view
  { id: 'registryExplorer.addRegistry', run: addRegistry },
  { id: 'registryExplorer.removeRegistry', run: removeRegistry },
  { id: 'registryExplorer.signIn', run: signIn },
  { id: 'registryExplorer.signOut', run: signOut },
  { id: 'registryExplorer.editConnection', run: editConnection },
  { id: 'registryExplorer.importDockerConfig', run: importDockerConfig },
  { id: 'registryExplorer.refresh', run: refresh },
  { id: 'registryExplorer.refreshNode', run: refreshNode },
  // A failure row's own button and menu item: the same reload, named for what it does there.
  { id: 'registryExplorer.retry', run: refreshNode },
  { id: 'registryExplorer.loadMore', run: loadMore },
  { id: 'registryExplorer.readAllDates', run: readAllDates },
  { id: 'registryExplorer.addRepository', run: addRepository },
  { id: 'registryExplorer.addNamespace', run: addNamespace },
  { id: 'registryExplorer.removeRepository', run: removeRepository },
  { id: 'registryExplorer.filter', run: filter },
  { id: 'registryExplorer.clearFilter', run: clearFilter },
  { id: 'registryExplorer.sortTags', run: sortTags },
  { id: 'registryExplorer.showLog', run: (ctx) => ctx.log.show(true) },
  // Actions on tags and the manifests they name
  { id: 'registryExplorer.deleteTag', run: deleteTag },
  { id: 'registryExplorer.retag', run: retag },
  { id: 'registryExplorer.copyToRepository', run: copyToRepository },
  { id: 'registryExplorer.inspectManifest', run: inspectManifest },
  { id: 'registryExplorer.inspectConfig', run: inspectConfig },
  { id: 'registryExplorer.compareWith', run: compareWith },
  { id: 'registryExplorer.copyReference', run: copyReference },
  { id: 'registryExplorer.copyDigestReference', run: copyDigestReference },
  { id: 'registryExplorer.copyPullCommand', run: copyPullCommand },
  // Clean-up of repositories by rules: preview first, then the run from the preview
  { id: 'registryExplorer.cleanupTags', run: cleanupTags },
  { id: 'registryExplorer.previewSavedCleanup', run: previewSavedCleanup },
  { id: 'registryExplorer.runCleanup', run: runCleanupPreview },
  { id: 'registryExplorer.saveCleanupPreview', run: saveCleanupPreview },
];

/**
 * What the contributed keybindings pass (package.json `args`). VS Code gives a command run by a
 * key no tree node, so it acts on the view's selection, with the arguments a right-click on that
 * selection would give: the node, then every selected node.
 */
export const FROM_SELECTION = 'registryExplorer.fromSelection';

function argumentsOf(ctx: CommandContext, args: unknown[]): unknown[] {
  if (args[0] !== FROM_SELECTION) return args;
  const selected = ctx.tree.selection;
  return selected.length ? [selected[0], [...selected]] : [];
}

/** Registers every row; a handler's failure becomes one error message and a log line, never an unhandled rejection. */
export function registerCommands(ctx: CommandContext, table: CommandSpec[] = commands): vscode.Disposable[] {
  return table.map((spec) =>
    vscode.commands.registerCommand(spec.id, async (...args: unknown[]) => {
      try {
        return await spec.run(ctx, ...argumentsOf(ctx, args));
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        ctx.log.error(`${spec.id} failed: ${message}`);
        void vscode.window.showErrorMessage(message);
        return undefined;
      }
    }),
  );
}
