/** Filter (text or glob) and tag order of the Registries view. */
import * as vscode from 'vscode';
import { parseFilter } from '../model/filter';
import type { CommandContext } from '../contracts';
import { withCancellableProgress } from './support/actionTargets';

/** `registryExplorer.filter` may be called with the filter text. */
export async function filter(ctx: CommandContext, text?: unknown): Promise<void> {
  const value =
    typeof text === 'string'
      ? text
      : await vscode.window.showInputBox({
          title: 'Filter the Registries view',
          prompt:
            'Names: multi · tags: 1.2* · repositories: team/* or alpine: · both: team/*:1.* · tags only: :rc — * and ? are globs, plain text matches anywhere. Empty clears.',
          value: ctx.tree.filter ?? '',
          ignoreFocusOut: true,
          validateInput: (v) => (v.trim() && !parseFilter(v) ? 'This filter matches nothing to filter on; type a name part or a glob.' : undefined),
        });
  if (value === undefined) return;
  ctx.tree.setFilter(value.trim() || undefined);
  if (!value.trim()) return;
  // Past the loaded pages: read on until a screenful matches, with progress and Cancel.
  await withCancellableProgress(`Searching for ${value.trim()}`, (progress, signal) =>
    ctx.tree.search(signal, (p) => progress.report({ message: `${p.registryId}: ${p.searched.toLocaleString('en-US')} searched, ${p.matched} match` })),
  );
}

export async function clearFilter(ctx: CommandContext): Promise<void> {
  ctx.tree.setFilter(undefined);
}

const ORDERS = [
  { label: 'Version', value: 'version', description: 'latest, then newest version first (1.10.0 above 1.9.0)' },
  { label: 'Date', value: 'date', description: 'newest image first' },
  { label: 'Name', value: 'name', description: 'alphabetical' },
] as const;

/** `registryExplorer.sortTags` may be called with 'name' | 'version' | 'date'. */
export async function sortTags(_ctx: CommandContext, order?: unknown): Promise<void> {
  const current = vscode.workspace.getConfiguration('registryExplorer').get<string>('tagSort');
  const value =
    typeof order === 'string' && ORDERS.some((o) => o.value === order)
      ? order
      : (
          await vscode.window.showQuickPick(
            ORDERS.map((o) => ({ ...o, label: o.value === current ? `$(check) ${o.label}` : o.label })),
            { placeHolder: 'Sort tags by', ignoreFocusOut: true },
          )
        )?.value;
  if (!value) return;
  await vscode.workspace.getConfiguration('registryExplorer').update('tagSort', value, vscode.ConfigurationTarget.Global);
}
