/**
 * Node → what the tree shows, as a plain object (no `vscode`), so the mapping is unit-tested;
 * the provider turns it into a vscode.TreeItem.
 */
import { shortDigest } from '../registry';
import { isIndexMediaType, nodeId, platformLabel, type TreeNode, type TagNode, type MessageNode, type RegistryNode } from '../model/nodes';
import { formatAge, formatSize } from './format';
import type { RegistryInfo } from '../model/services';
import { referrerLabel } from '../model/referrerNodes';

export interface ItemDescription {
  id: string;
  label: string;
  description?: string;
  /** Markdown. */
  tooltip?: string;
  contextValue: string;
  collapsible: 'none' | 'collapsed' | 'expanded';
  /** Codicon id (`tag`, `repo`, …). */
  icon: string;
  /** Theme color id for the icon, for failures. */
  iconColor?: string;
  /** Command run on click; its single argument is the node. */
  command?: { command: string; title: string };
}

export interface DescribeContext {
  registry(registryId: string): RegistryInfo | undefined;
  now: number;
}

const MESSAGE_COMMANDS: Record<MessageNode['action'], { command: string; title: string } | undefined> = {
  signIn: { command: 'registryExplorer.signIn', title: 'Sign In…' },
  retry: { command: 'registryExplorer.refreshNode', title: 'Retry' },
  editConnection: { command: 'registryExplorer.editConnection', title: 'Edit Connection…' },
  noCatalog: { command: 'registryExplorer.addRepository', title: 'Add Repository…' },
  hubNamespaces: { command: 'registryExplorer.addRepository', title: 'Add Repository…' },
  info: undefined,
  readAllDates: { command: 'registryExplorer.readAllDates', title: 'Read Every Date' },
};

/** Escapes text for a Markdown tooltip. */
export function md(text: string): string {
  return text.replace(/([\\`*_{}[\]()#+\-.!|<>])/g, '\\$1');
}

export function describeNode(node: TreeNode, ctx: DescribeContext): ItemDescription {
  const id = nodeId(node);
  switch (node.kind) {
    case 'registry':
      return describeRegistry(node, ctx, id);
    case 'repository':
      return {
        id,
        label: node.repository,
        description: node.addedByHand ? 'added by hand' : undefined,
        tooltip: `**${md(node.repository)}** on ${md(node.registryId)}${node.addedByHand ? '\n\nAdded by hand (kept in settings); Remove Repository takes it off the list.' : ''}`,
        contextValue: node.addedByHand ? 'repository.byHand' : 'repository',
        collapsible: 'collapsed',
        icon: 'repo',
      };
    case 'tag':
      return describeTag(node, ctx, id);
    case 'platform':
      return {
        id,
        label: platformLabel(node.platform),
        description: [shortDigest(node.digest), formatSize(node.size)].filter(Boolean).join(' · '),
        tooltip: [`**${md(node.repository)}:${md(node.tag)}** · ${md(platformLabel(node.platform))}`, '', `Digest: \`${node.digest}\``, `Media type: \`${node.mediaType}\``, node.size !== undefined ? `Manifest size: ${node.size} bytes` : ''].filter((l, i) => l || i === 1).join('\n\n'),
        contextValue: 'platform',
        collapsible: 'none',
        icon: 'vm',
      };
    case 'referrer':
      return {
        id,
        label: referrerLabel(node),
        description: [shortDigest(node.digest), formatSize(node.size)].filter(Boolean).join(' · '),
        tooltip: [`Referrer of \`${node.subject}\``, `Digest: \`${node.digest}\``, `Media type: \`${node.mediaType}\``, node.artifactType ? `Artifact type: \`${node.artifactType}\`` : ''].filter(Boolean).join('\n\n'),
        contextValue: 'referrer',
        collapsible: 'none',
        icon: 'references',
      };
    case 'loadMore': {
      const what = node.repository ? 'tags' : 'repositories';
      const count = (n: number) => n.toLocaleString('en-US');
      return {
        id,
        label: node.all ? (node.remaining === undefined ? 'Load all' : `Load all (${count(node.remaining)} more)`) : 'Load more…',
        description: node.searched !== undefined ? `${count(node.searched)} searched` : undefined,
        tooltip: node.all
          ? node.remaining === undefined
            ? `Read every page of the ${what} of ${md(node.repository ?? node.registryId)} and show them all (their details are read as they are shown)`
            : `Show the other ${count(node.remaining)} ${what} of ${md(node.repository ?? node.registryId)} (their details are read as they are shown)`
          : node.searched !== undefined
            ? `The filter matched too few of the ${count(node.searched)} ${what} read so far: search the next page of ${md(node.repository ?? node.registryId)}`
            : node.repository
              ? `Load the next page of tags of ${md(node.repository)}`
              : `Load the next page of repositories of ${md(node.registryId)}`,
        contextValue: 'loadMore',
        collapsible: 'none',
        icon: node.all ? 'unfold' : 'ellipsis',
        command: { command: 'registryExplorer.loadMore', title: node.all ? 'Load All' : 'Load More' },
      };
    }
    case 'message': {
      const failure = node.action === 'signIn' || node.action === 'retry' || node.action === 'editConnection';
      return {
        id,
        label: node.text,
        tooltip: node.detail ? `${md(node.text)}\n\n${md(node.detail)}` : md(node.text),
        contextValue: node.action === 'info' ? 'message' : `message.${node.action}`,
        collapsible: 'none',
        icon: failure ? 'warning' : 'info',
        iconColor: failure ? 'problemsWarningIcon.foreground' : undefined,
        command: MESSAGE_COMMANDS[node.action],
      };
    }
  }
}

function describeRegistry(node: RegistryNode, ctx: DescribeContext, id: string): ItemDescription {
  const info = ctx.registry(node.registryId);
  const lines: string[] = [`**${md(node.registryId)}**${info?.name ? ` (${md(info.name)})` : ''}`];
  if (info) {
    lines.push(`Address: \`${info.url}\``);
    lines.push(info.username ? `Signed in as **${md(info.username)}** (${md(info.credentialSource ?? 'unknown source')})` : info.credentialSource ? `Signed in with a token (${md(info.credentialSource)})` : 'Anonymous (not signed in)');
    const connection = [info.insecure ? 'plain HTTP allowed' : '', info.skipTlsVerify ? 'TLS verification off' : '', info.caFile ? `CA file \`${info.caFile}\`` : ''].filter(Boolean);
    if (connection.length) lines.push(`Connection: ${connection.join(', ')}`);
    const rl = info.rateLimit;
    if (rl && (rl.limit !== undefined || rl.remaining !== undefined)) {
      const window = rl.windowSeconds ? ` per ${formatWindow(rl.windowSeconds)}` : '';
      lines.push(`Pull rate limit: **${rl.remaining ?? '?'}** of ${rl.limit ?? '?'} left${window}${rl.source ? ` (counted for ${md(rl.source)})` : ''}`);
    }
    if (info.credentialProblem) lines.push(`⚠ ${md(info.credentialProblem)}`);
  }
  const description = info?.username ?? (info?.credentialSource ? 'token' : 'anonymous');
  return {
    id,
    label: node.registryId,
    description: info?.name ? `${info.name} · ${description}` : description,
    tooltip: lines.join('\n\n'),
    contextValue: info?.signedInHere ? 'registry.signedIn' : 'registry',
    collapsible: 'collapsed',
    icon: 'server',
  };
}

function formatWindow(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

const REFERRER_TAG = /^sha256-([0-9a-f]{64})(?:\.(sig|att|sbom))?$/;
const REFERRER_TAG_KIND: Record<string, string> = { '': 'referrers', sig: 'cosign signature', att: 'cosign attestation', sbom: 'cosign SBOM' };

/**
 * Tags that are not images of their own but name another image by digest: the OCI 1.1 fallback
 * index of its referrers (`sha256-<hex>`) and cosign's `sha256-<hex>.sig` / `.att` / `.sbom`.
 */
export function referrerTagSubject(tag: string): { digest: string; kind: string } | undefined {
  const m = REFERRER_TAG.exec(tag);
  return m ? { digest: `sha256:${m[1]}`, kind: REFERRER_TAG_KIND[m[2] ?? ''] } : undefined;
}

function describeTag(node: TagNode, ctx: DescribeContext, id: string): ItemDescription {
  const subject = referrerTagSubject(node.tag);
  const details = node.details;
  // A referrers index lists artifacts, not platforms: shown as a plain tag.
  const index = isIndexMediaType(details?.mediaType) && !subject;
  const platforms = details?.platforms?.length ?? 0;
  let description: string;
  if (details?.state === 'failed') description = 'details unavailable';
  else if (!details?.digest) description = '…';
  else {
    description = [
      shortDigest(details.digest),
      index ? (platforms ? `${platforms} platform${platforms === 1 ? '' : 's'}` : 'index') : formatSize(details.size),
      formatAge(details.created, ctx.now),
    ].filter(Boolean).join(' · ');
  }
  if (subject) description = `${subject.kind} of ${shortDigest(subject.digest)}${description === '…' ? '' : ` · ${description}`}`;
  const lines: string[] = [`**${md(node.repository)}:${md(node.tag)}**`];
  if (subject) {
    lines.push(subject.kind === 'referrers'
      ? `The OCI 1.1 fallback index listing the referrers (signatures, SBOMs) of \`${subject.digest}\`; Delete with Referrers on that image removes it.`
      : `The ${subject.kind} of \`${subject.digest}\`, stored under a tag by cosign.`);
  }
  if (details?.digest) lines.push(`Digest: \`${details.digest}\``);
  if (details?.mediaType) lines.push(`Media type: \`${details.mediaType}\``);
  if (platforms) lines.push(`Platforms: ${details!.platforms!.map((p) => md(platformLabel(p))).join(', ')}`);
  if (details?.created) lines.push(`Created: ${md(details.created)}${formatAge(details.created, ctx.now) ? ` (${formatAge(details.created, ctx.now)})` : ''}`);
  if (details?.size !== undefined) lines.push(`Size: ${formatSize(details.size)} (${details.size} bytes, compressed layers + config)`);
  if (!details || details.state === 'loading') lines.push('_Loading details…_');
  if (details?.referrerCount) lines.push(`Referrers: ${details.referrerCount} (signatures, SBOMs, attestations; expand the tag)`);
  if (details?.error) lines.push(`⚠ ${md(details.error)}`);
  return {
    id,
    label: node.tag,
    description,
    tooltip: lines.join('\n\n'),
    contextValue: index ? 'tag.index' : 'tag',
    collapsible: index || details?.referrerCount ? 'collapsed' : 'none',
    icon: subject ? 'references' : index ? 'layers' : 'tag',
  };
}
