/** Compare With…: the manifests (or configs) of two images in VS Code's diff editor. */
import * as vscode from 'vscode';
import type { CommandContext, DocumentKind } from '../contracts';
import { manifestNodeOrPick, type ManifestNode } from './support/actionTargets';
import { documentSpecFor } from './support/documentSpecs';
import { documentTitle } from '../documents/documentUri';
import { isTagNode } from '../model/nodes';
import { shortDigest } from '../registry';

function nameOf(n: ManifestNode): string {
  return isTagNode(n) ? `${n.repository}:${n.tag}` : `${n.repository}@${shortDigest(n.digest)}`;
}

/** `other` and `kind` may be passed by callers (tests); otherwise the user is asked. */
export async function compareWith(ctx: CommandContext, node?: unknown, other?: unknown, kindArg?: unknown): Promise<string | undefined> {
  const left = await manifestNodeOrPick(ctx, node, 'Compare: the first image');
  if (!left) return undefined;
  // From a selection of exactly two (VS Code passes the clicked node and the selection), compare
  // the two without asking; otherwise ask for the other side.
  const selectedOther = Array.isArray(other) && other.length === 2 ? other.find((n) => n !== node) : undefined;
  const right = selectedOther
    ? await manifestNodeOrPick(ctx, selectedOther, 'Compare with…')
    : Array.isArray(other) || other === undefined
      ? await pickOther(ctx, left)
      : await manifestNodeOrPick(ctx, other, 'Compare with…');
  if (!right) return undefined;
  const kind = kindArg === 'manifest' || kindArg === 'config' ? kindArg : await pickKind();
  if (!kind) return undefined;

  const [leftSpec, rightSpec] = [await documentSpecFor(ctx, left, kind), await documentSpecFor(ctx, right, kind)];
  if (!leftSpec || !rightSpec) return undefined;
  const docs = ctx.documents;
  await Promise.all([docs.preload(leftSpec), docs.preload(rightSpec)]);
  const title = `${documentTitle({ ...leftSpec, kind: 'manifest' }).replace(/ · manifest$/, '')} ↔ ${documentTitle(rightSpec)}`;
  await vscode.commands.executeCommand('vscode.diff', docs.uri(leftSpec), docs.uri(rightSpec), title);
  return title;
}

async function pickOther(ctx: CommandContext, left: ManifestNode): Promise<ManifestNode | undefined> {
  const sameRepo = { label: `Another tag of ${left.repository}`, same: true };
  const anywhere = { label: 'A tag in another repository or registry…', same: false };
  const choice = await vscode.window.showQuickPick([sameRepo, anywhere], { title: `Compare ${nameOf(left)} with…`, ignoreFocusOut: true });
  if (!choice) return undefined;
  if (choice.same) return ctx.pickers.pickTag(left.registryId, left.repository, { title: `Compare ${nameOf(left)} with…` });
  return ctx.pickers.pickImage({ title: `Compare ${nameOf(left)} with…` });
}

async function pickKind(): Promise<DocumentKind | undefined> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'Manifests', description: 'layers, config digest, platforms, annotations', documentKind: 'manifest' as const },
      { label: 'Configs', description: 'environment, entrypoint, history, created', documentKind: 'config' as const },
    ],
    { title: 'Compare what?', ignoreFocusOut: true },
  );
  return picked?.documentKind;
}
