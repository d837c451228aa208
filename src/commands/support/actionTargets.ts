/**
 * What a command on tags and manifests acts on: the clicked node, the multi-selection VS Code
 * passes with it, or (from the palette, no arguments) what the pickers return.
 */
import * as vscode from 'vscode';
import { waitsShownIn } from '../../config/clientPool';
import type { CommandContext, StepCounter } from '../../contracts';
import { isPlatformNode, isReferrerNode, isTagNode, type PlatformNode, type ReferrerNode, type TagNode } from '../../model/nodes';

/** A node that names one manifest. */
export type ManifestNode = TagNode | PlatformNode | ReferrerNode;

export function isManifestNode(n: unknown): n is ManifestNode {
  return isTagNode(n) || isPlatformNode(n) || isReferrerNode(n);
}

/**
 * The tag nodes of a multi-select command: VS Code passes (clicked, selected[]). A right-click on a
 * node outside the selection acts on that node alone, as VS Code's own explorer does.
 */
export function selectedTags(node: unknown, nodes: unknown): TagNode[] {
  if (Array.isArray(nodes) && nodes.length > 0 && (node === undefined || nodes.includes(node))) return nodes.filter(isTagNode);
  return isTagNode(node) ? [node] : [];
}

/** How many steps asking for an image takes from the palette: registry, repository, tag. */
export const IMAGE_STEPS = 3;

/** Tags from the tree, or asked for in the palette (as the first steps of `steps`). */
export async function tagsOrPick(ctx: CommandContext, node: unknown, nodes: unknown, title: string, steps?: StepCounter): Promise<TagNode[] | undefined> {
  const tags = selectedTags(node, nodes);
  if (tags.length) {
    steps?.skip(IMAGE_STEPS);
    return tags;
  }
  return ctx.pickers.pickImage({ title, canPickMany: true, steps });
}

export async function tagOrPick(ctx: CommandContext, node: unknown, title: string, steps?: StepCounter): Promise<TagNode | undefined> {
  if (isTagNode(node)) {
    steps?.skip(IMAGE_STEPS);
    return node;
  }
  return ctx.pickers.pickImage({ title, steps });
}

export async function manifestNodeOrPick(ctx: CommandContext, node: unknown, title: string, steps?: StepCounter): Promise<ManifestNode | undefined> {
  if (isManifestNode(node)) {
    steps?.skip(IMAGE_STEPS);
    return node;
  }
  return ctx.pickers.pickImage({ title, steps });
}

/** The digest a node names: known on platform / referrer nodes, HEADed for a tag whose details are not loaded. */
export async function digestOf(ctx: CommandContext, node: ManifestNode, signal?: AbortSignal): Promise<{ digest: string; mediaType?: string }> {
  if (!isTagNode(node)) return { digest: node.digest, mediaType: node.mediaType };
  if (node.details?.digest) return { digest: node.details.digest, mediaType: node.details.mediaType };
  const head = await ctx.clients.get(node.registryId).headManifest(node.repository, node.tag, { signal });
  if (!head) throw new Error(`${node.repository}:${node.tag} no longer exists on ${node.registryId}. Refresh the view to see the current tags.`);
  return { digest: head.digest, mediaType: head.mediaType };
}

/** An AbortSignal that follows a VS Code cancellation token. */
export function signalOf(token: vscode.CancellationToken): AbortSignal {
  const ac = new AbortController();
  if (token.isCancellationRequested) ac.abort();
  else token.onCancellationRequested(() => ac.abort());
  return ac.signal;
}

/** Runs `task` under a cancellable notification progress, which also shows any wait the registry asks for. */
export function withCancellableProgress<T>(
  title: string,
  task: (progress: vscode.Progress<{ message?: string; increment?: number }>, signal: AbortSignal) => Promise<T>,
): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) =>
    waitsShownIn.run(
      (wait) =>
        progress.report({
          message:
            wait.reason === 'retry-after'
              ? `${wait.host} asked to wait ${Math.round(wait.ms / 1000)} s…`
              : `${wait.host} is not answering; trying again in ${Math.round(wait.ms / 1000)} s…`,
        }),
      () => task(progress, signalOf(token)),
    ),
  );
}

/** The message of any thrown value, with a RegistryError's hint. */
export function errorText(e: unknown): string {
  if (e instanceof Error) {
    const hint = (e as { hint?: string }).hint;
    return hint && !e.message.includes(hint) ? `${e.message} ${hint}` : e.message;
  }
  return String(e);
}

/** True for a user's cancel (progress Cancel button → AbortSignal) rather than a failure. */
export function isCancellation(e: unknown): boolean {
  const err = e as { name?: string; kind?: string } | undefined;
  return err?.name === 'AbortError' || err?.kind === 'cancelled';
}
