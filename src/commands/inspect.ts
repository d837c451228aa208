/** Inspect Manifest / Inspect Config: read-only JSON tabs (also for platform and referrer nodes). */
import type { CommandContext } from './context';
import { manifestNodeOrPick } from './actionTargets';
import { documentSpecFor } from './documentSpecs';
import { manifestDocuments } from '../documents/manifestDocuments';
import type { DocumentKind } from '../documents/documentUri';

async function inspect(ctx: CommandContext, node: unknown, kind: DocumentKind): Promise<string | undefined> {
  const target = await manifestNodeOrPick(ctx, node, `Inspect ${kind} of…`);
  if (!target) return undefined;
  const spec = await documentSpecFor(ctx, target, kind);
  if (!spec) return undefined;
  const docs = manifestDocuments(ctx);
  await docs.open(spec);
  return docs.uri(spec).toString();
}

export const inspectManifest = (ctx: CommandContext, node?: unknown) => inspect(ctx, node, 'manifest');
export const inspectConfig = (ctx: CommandContext, node?: unknown) => inspect(ctx, node, 'config');
