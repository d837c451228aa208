/** Inspect Manifest / Inspect Config: read-only JSON tabs (also for platform and referrer nodes). */
import type { CommandContext, DocumentKind } from '../contracts';
import { manifestNodeOrPick } from './support/actionTargets';
import { documentSpecFor } from './support/documentSpecs';

async function inspect(ctx: CommandContext, node: unknown, kind: DocumentKind): Promise<string | undefined> {
  const target = await manifestNodeOrPick(ctx, node, `Inspect ${kind} of…`);
  if (!target) return undefined;
  const spec = await documentSpecFor(ctx, target, kind);
  if (!spec) return undefined;
  await ctx.documents.open(spec);
  return ctx.documents.uri(spec).toString();
}

export const inspectManifest = (ctx: CommandContext, node?: unknown) => inspect(ctx, node, 'manifest');
export const inspectConfig = (ctx: CommandContext, node?: unknown) => inspect(ctx, node, 'config');
