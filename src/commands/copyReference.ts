/** Copy Reference / Copy Digest Reference / Copy Pull Command to the clipboard. */
import * as vscode from 'vscode';
import type { CommandContext } from '../contracts';
import { digestOf, manifestNodeOrPick, type ManifestNode } from './support/actionTargets';
import { digestReference, pullCommand, tagReference } from '../actions/pullReferences';
import { isTagNode } from '../model/nodes';

async function copy(text: string): Promise<string> {
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(`Copied ${text}`, 4000);
  return text;
}

/** `host/repo:tag` for a tag; a platform or referrer has no tag, so its digest reference. */
function referenceOf(target: ManifestNode): string {
  return isTagNode(target) ? tagReference(target.registryId, target.repository, target.tag) : digestReference(target.registryId, target.repository, target.digest);
}

export async function copyReference(ctx: CommandContext, node?: unknown): Promise<string | undefined> {
  const target = await manifestNodeOrPick(ctx, node, 'Copy reference of…');
  if (!target) return undefined;
  return copy(referenceOf(target));
}

/** `host/repo@sha256:…`: what the tag points at now, immune to later retags. */
export async function copyDigestReference(ctx: CommandContext, node?: unknown): Promise<string | undefined> {
  const target = await manifestNodeOrPick(ctx, node, 'Copy digest reference of…');
  if (!target) return undefined;
  const { digest } = await digestOf(ctx, target);
  return copy(digestReference(target.registryId, target.repository, digest));
}

export async function copyPullCommand(ctx: CommandContext, node?: unknown): Promise<string | undefined> {
  const target = await manifestNodeOrPick(ctx, node, 'Copy pull command of…');
  if (!target) return undefined;
  return copy(pullCommand(referenceOf(target)));
}
