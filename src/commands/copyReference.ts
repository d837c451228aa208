/** Copy Reference / Copy Digest Reference / Copy Pull Command to the clipboard. */
import * as vscode from 'vscode';
import type { CommandContext } from '../contracts';
import { digestOf, IMAGE_STEPS, manifestNodeOrPick, type ManifestNode } from './support/actionTargets';
import { Steps } from './support/multiStep';
import { digestReference, pullCommand, tagReference } from '../actions/pullReferences';
import { isTagNode } from '../model/nodes';

async function copy(text: string): Promise<string> {
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(`Copied ${text}`, 4000);
  return text;
}

/** `host/repo:tag` for a tag; a platform or referrer has no tag, so its digest reference. */
function referenceOf(target: ManifestNode): string {
  return isTagNode(target)
    ? tagReference(target.registryId, target.repository, target.tag)
    : digestReference(target.registryId, target.repository, target.digest);
}

export async function copyReference(ctx: CommandContext, node?: unknown): Promise<string | undefined> {
  const target = await manifestNodeOrPick(ctx, node, 'Copy Reference', new Steps('Copy Reference', IMAGE_STEPS));
  if (!target) return undefined;
  return copy(referenceOf(target));
}

/** `host/repo@sha256:…`: what the tag points at now, immune to later retags. */
export async function copyDigestReference(ctx: CommandContext, node?: unknown): Promise<string | undefined> {
  const target = await manifestNodeOrPick(ctx, node, 'Copy Digest Reference', new Steps('Copy Digest Reference', IMAGE_STEPS));
  if (!target) return undefined;
  const { digest } = await digestOf(ctx, target);
  return copy(digestReference(target.registryId, target.repository, digest));
}

export async function copyPullCommand(ctx: CommandContext, node?: unknown): Promise<string | undefined> {
  const target = await manifestNodeOrPick(ctx, node, 'Copy Pull Command', new Steps('Copy Pull Command', IMAGE_STEPS));
  if (!target) return undefined;
  return copy(pullCommand(referenceOf(target)));
}
