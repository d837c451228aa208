/** Which document a node's Inspect / Compare opens: digest, title words, and for an index's config, which platform. */
import * as vscode from 'vscode';
import type { CommandContext, DocumentKind, DocumentSpec } from '../../contracts';
import { digestOf, type ManifestNode } from './actionTargets';
import { isIndexMediaType, isPlatformNode, isReferrerNode, platformLabel } from '../../model/nodes';
import { platformManifests } from '../../model/manifestDetails';
import { referrerLabel } from '../../model/referrerNodes';

export async function documentSpecFor(ctx: CommandContext, node: ManifestNode, kind: DocumentKind): Promise<DocumentSpec | undefined> {
  const { digest, mediaType } = await digestOf(ctx, node);
  const base = { kind, registryId: node.registryId, repository: node.repository, digest };
  if (isPlatformNode(node)) return { ...base, tag: node.tag, qualifier: platformLabel(node.platform) };
  if (isReferrerNode(node)) return { ...base, qualifier: referrerLabel(node) };
  if (kind === 'config' && isIndexMediaType(mediaType)) {
    const child = await pickPlatform(ctx, node.registryId, node.repository, digest, `${node.repository}:${node.tag} is multi-platform: whose config?`);
    return child && { ...base, digest: child.digest, tag: node.tag, qualifier: child.label };
  }
  return { ...base, tag: node.tag };
}

/** A child manifest of an index, chosen by platform (the platforms the tree shows under it). */
export async function pickPlatform(
  ctx: CommandContext,
  registryId: string,
  repository: string,
  indexDigest: string,
  title: string,
): Promise<{ digest: string; label: string } | undefined> {
  const index = await ctx.documents.manifest(registryId, repository, indexDigest);
  const items = platformManifests(index.json).map((m) => ({ label: platformLabel(m.platform), description: m.digest, digest: m.digest }));
  if (items.length === 1) return items[0];
  const picked = await vscode.window.showQuickPick(items, { title, matchOnDescription: true, ignoreFocusOut: true });
  return picked && { digest: picked.digest, label: picked.label };
}
