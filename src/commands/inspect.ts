/** Inspect Manifest / Inspect Config: read-only JSON tabs (also for platform and referrer nodes). */
import type { CommandContext, DocumentKind } from '../contracts';
import { IMAGE_STEPS, manifestNodeOrPick } from './support/actionTargets';
import { Steps } from './support/multiStep';
import { documentSpecFor } from './support/documentSpecs';

/** How a tab opens; the tree's default action (click or Enter) keeps the focus in the tree, as the Explorer does. */
export interface InspectOptions {
  preserveFocus?: boolean;
}

async function inspect(ctx: CommandContext, node: unknown, kind: DocumentKind, options: unknown): Promise<string | undefined> {
  const title = kind === 'manifest' ? 'Inspect Manifest' : 'Inspect Config';
  const target = await manifestNodeOrPick(ctx, node, title, new Steps(title, IMAGE_STEPS));
  if (!target) return undefined;
  const spec = await documentSpecFor(ctx, target, kind);
  if (!spec) return undefined;
  const preserveFocus = !!(options && typeof options === 'object' && (options as InspectOptions).preserveFocus);
  // A preview tab, replaced by the next one opened the same way, as a click in the Explorer does.
  await ctx.documents.open(spec, { preview: true, preserveFocus });
  return ctx.documents.uri(spec).toString();
}

export const inspectManifest = (ctx: CommandContext, node?: unknown, options?: unknown) => inspect(ctx, node, 'manifest', options);
export const inspectConfig = (ctx: CommandContext, node?: unknown, options?: unknown) => inspect(ctx, node, 'config', options);
