/**
 * Clean Up Tags… on a repository, on several selected repositories, or from the palette (a
 * registry and a repository are asked for): rules, then a read-only preview tab of everything
 * that goes and stays and why, then (from the preview) one confirm and the run.
 */
import type { CommandContext } from '../contracts';
import type { RepositoryNode } from '../model/nodes';
import type { CleanupRunReport } from '../actions/cleanup/run';
import { askRules, type RepositoryRef } from './support/cleanupRulesInput';
import { offerCleanup, showCleanupPreview } from './support/cleanupPreviewFlow';

const isRepositoryNode = (n: unknown): n is RepositoryNode => !!n && typeof n === 'object' && (n as RepositoryNode).kind === 'repository';

/** The repositories of a tree command: the selection when the clicked one is in it, else the clicked one. */
function selectedRepositories(node: unknown, nodes: unknown): RepositoryRef[] {
  const list =
    Array.isArray(nodes) && nodes.length && (node === undefined || nodes.includes(node))
      ? nodes.filter(isRepositoryNode)
      : isRepositoryNode(node)
        ? [node]
        : [];
  return list.map(({ registryId, repository }) => ({ registryId, repository }));
}

export async function cleanupTags(ctx: CommandContext, node?: unknown, nodes?: unknown): Promise<CleanupRunReport[] | undefined> {
  let targets = selectedRepositories(node, nodes);
  if (!targets.length) {
    const registry = await ctx.pickers.pickRegistry({ title: 'Clean Up Tags', placeHolder: 'Registry to clean up' });
    if (!registry) return undefined;
    const repository = await ctx.pickers.pickRepository(registry.id, { title: 'Clean Up Tags', placeHolder: `Repository on ${registry.id} to clean up` });
    if (!repository) return undefined;
    targets = [{ registryId: registry.id, repository }];
  }
  const choices = await askRules(ctx, targets);
  if (!choices) return undefined;
  const preview = await showCleanupPreview(ctx, choices);
  return preview && offerCleanup(ctx, preview, choices);
}
