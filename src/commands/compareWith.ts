/** Compare With…: the manifests (or configs) of two images in VS Code's diff editor. */
import type { CommandContext, DocumentKind } from '../contracts';
import { IMAGE_STEPS, manifestNodeOrPick, type ManifestNode } from './support/actionTargets';
import { askPick, isCancelled, Steps } from './support/multiStep';
import { documentSpecFor } from './support/documentSpecs';
import { documentTitle } from '../documents/documentUri';
import { isTagNode } from '../model/nodes';
import { shortDigest } from '../registry';

function nameOf(n: ManifestNode): string {
  return isTagNode(n) ? `${n.repository}:${n.tag}` : `${n.repository}@${shortDigest(n.digest)}`;
}

/** `other` and `kind` may be passed by callers (tests); otherwise the user is asked. */
export async function compareWith(ctx: CommandContext, node?: unknown, other?: unknown, kindArg?: unknown): Promise<string | undefined> {
  // The first image (from the palette), same repository or not, the other tag, and what to compare;
  // another repository adds its registry and repository.
  const steps = new Steps('Compare With', IMAGE_STEPS + 3);
  const left = await manifestNodeOrPick(ctx, node, 'Compare', steps);
  if (!left) return undefined;
  // From a selection of exactly two (VS Code passes the clicked node and the selection), compare
  // the two without asking; otherwise ask for the other side.
  const selectedOther = Array.isArray(other) && other.length === 2 ? other.find((n) => n !== node) : undefined;
  const given = selectedOther ?? (Array.isArray(other) ? undefined : other);
  if (given !== undefined) steps.skip(2);
  const right = given !== undefined ? await manifestNodeOrPick(ctx, given, 'Compare with…') : await pickOther(ctx, left, steps);
  if (!right) return undefined;
  const kind = kindArg === 'manifest' || kindArg === 'config' ? kindArg : await pickKind(steps, `Compare ${nameOf(left)} with ${nameOf(right)}`);
  if (!kind) return undefined;

  const [leftSpec, rightSpec] = [await documentSpecFor(ctx, left, kind), await documentSpecFor(ctx, right, kind)];
  if (!leftSpec || !rightSpec) return undefined;
  const title = `${documentTitle({ ...leftSpec, kind: 'manifest' }).replace(/ · manifest$/, '')} ↔ ${documentTitle(rightSpec)}`;
  await ctx.documents.diff(leftSpec, rightSpec, title);
  return title;
}

async function pickOther(ctx: CommandContext, left: ManifestNode, steps: Steps): Promise<ManifestNode | undefined> {
  const title = `Compare ${nameOf(left)} with…`;
  const sameRepo = { label: `Another tag of ${left.repository}`, same: true };
  const anywhere = { label: 'A tag in another repository or registry…', same: false };
  const choice = await askPick(steps.next(title), [sameRepo, anywhere]);
  if (isCancelled(choice)) return undefined;
  if (!choice.same) {
    steps.add(2);
    return ctx.pickers.pickImage({ title, steps });
  }
  // The image itself is no comparison; tags on the same image would show no difference.
  const own = isTagNode(left) ? left.tag : undefined;
  const leftDigest = isTagNode(left) ? left.details?.digest : left.digest;
  const digests = new Map(ctx.tree.loadedTags(left.registryId, left.repository).map((t) => [t.tag, t.details?.digest]));
  return ctx.pickers.pickTag(left.registryId, left.repository, {
    title,
    steps,
    except: own,
    note: (tag) => (leftDigest && digests.get(tag) === leftDigest ? 'same image: no difference' : undefined),
  });
}

async function pickKind(steps: Steps, title: string): Promise<DocumentKind | undefined> {
  const picked = await askPick(
    steps.next(title),
    [
      { label: 'Manifests', description: 'layers, config digest, platforms, annotations', documentKind: 'manifest' as const },
      { label: 'Configs', description: 'environment, entrypoint, history, created', documentKind: 'config' as const },
    ],
    { placeholder: 'Compare what?' },
  );
  return isCancelled(picked) ? undefined : picked.documentKind;
}
