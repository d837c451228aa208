/**
 * Node → what the tree shows, as a plain object (no `vscode`), so the mapping is unit-tested;
 * the provider turns it into a vscode.TreeItem. Rows must read in a 300 px side bar: the label
 * leads with what matters, the description is compact, the tooltip says the rest once, and every
 * row has a label a screen reader reads as a sentence.
 */
import { nodeId, type TreeNode, type MessageNode, type RegistryNode, type RepositoryNode } from '../model/nodes';
import type { RegistryInfo } from '../model/services';
import type { TagSort } from '../model/tagSort';
import { describePlatform, describeReferrer, describeTag } from './describeImage';
import { formatWindow, md } from './format';
import type { DescribeContext, ItemDescription } from './itemDescription';

export { md } from './format';
export type { DescribeContext, ItemDescription } from './itemDescription';

/** What a message row's click and inline button do, named by what they do. */
export const MESSAGE_COMMANDS: Record<MessageNode['action'], { command: string; title: string } | undefined> = {
  signIn: { command: 'registryExplorer.signIn', title: 'Sign In…' },
  retry: { command: 'registryExplorer.retry', title: 'Retry' },
  editConnection: { command: 'registryExplorer.editConnection', title: 'Edit Connection…' },
  noCatalog: { command: 'registryExplorer.addRepository', title: 'Add Repository…' },
  hubNamespaces: { command: 'registryExplorer.addRepository', title: 'Add Repository…' },
  info: undefined,
  readAllDates: { command: 'registryExplorer.readAllDates', title: 'Read Every Date' },
};

const SORT_WORDS: Record<TagSort, string> = {
  version: 'by version (latest, then newest version first)',
  date: 'by date (newest image first)',
  name: 'by name',
};

export function describeNode(node: TreeNode, ctx: DescribeContext): ItemDescription {
  const id = nodeId(node);
  switch (node.kind) {
    case 'registry':
      return describeRegistry(node, ctx, id);
    case 'repository':
      return describeRepository(node, ctx, id);
    case 'tag':
      return describeTag(node, ctx, id);
    case 'platform':
      return describePlatform(node, ctx, id);
    case 'referrer':
      return describeReferrer(node, id);
    case 'loadMore': {
      const what = node.repository ? `tags of ${node.repository}` : `repositories of ${node.registryId}`;
      const whose = md(node.repository ?? node.registryId);
      const count = (n: number) => n.toLocaleString('en-US');
      const label = node.all ? (node.remaining === undefined ? 'Load all' : `Load all (${count(node.remaining)} more)`) : 'Load more…';
      return {
        id,
        label,
        description: node.searched !== undefined ? `${count(node.searched)} searched` : undefined,
        tooltip: node.all
          ? node.remaining === undefined
            ? `Read every page of the ${md(what)} and show them all (their details are read as they are shown)`
            : `Show the other ${count(node.remaining)} ${md(what)} (their details are read as they are shown)`
          : node.searched !== undefined
            ? `The filter matched too few of the ${count(node.searched)} names of ${whose} read so far: search the next page`
            : `Load the next page of ${md(what)}`,
        accessibilityLabel: node.all ? `${label.replace('…', '')} ${what}` : `Load more ${what}`,
        contextValue: 'loadMore',
        collapsible: 'none',
        icon: node.all ? 'unfold' : 'ellipsis',
        command: { command: 'registryExplorer.loadMore', title: node.all ? 'Load All' : 'Load More' },
      };
    }
    case 'message':
      return describeMessage(node, id);
  }
}

function describeMessage(node: MessageNode, id: string): ItemDescription {
  const failure = node.action === 'signIn' || node.action === 'retry' || node.action === 'editConnection';
  const action = MESSAGE_COMMANDS[node.action];
  return {
    id,
    label: node.text,
    description: node.description,
    tooltip: node.detail ? md(node.detail) : md(node.text),
    accessibilityLabel: `${failure ? 'Problem: ' : ''}${node.text}${node.description ? `, ${node.description}` : ''}${action ? `. Enter: ${action.title.replace(/…$/, '')}` : ''}`,
    contextValue: node.action === 'info' ? 'message' : `message.${node.action}`,
    collapsible: 'none',
    icon: failure ? 'warning' : 'info',
    iconColor: failure ? 'problemsWarningIcon.foreground' : undefined,
    command: action,
  };
}

function describeRepository(node: RepositoryNode, ctx: DescribeContext, id: string): ItemDescription {
  const lines = [`**${md(node.repository)}** on ${md(node.registryId)}`];
  if (node.addedByHand) lines.push('Added by hand (kept in settings); Remove Repository takes it off the view.');
  if (ctx.tagSort) lines.push(`Tags sorted ${SORT_WORDS[ctx.tagSort]}; Sort Tags… in the view's title bar changes it.`);
  return {
    id,
    label: node.repository,
    description: node.addedByHand ? 'added by hand' : undefined,
    tooltip: lines.join('\n\n'),
    accessibilityLabel: `repository ${node.repository}${node.addedByHand ? ', added by hand' : ''}`,
    contextValue: node.addedByHand ? 'repository.byHand' : 'repository',
    collapsible: 'collapsed',
    icon: 'repo',
  };
}

/** How the command for `docker logout` reads for this registry. */
function logoutCommand(info: RegistryInfo): string {
  const tool = info.credentialKind === 'podman' ? 'podman' : 'docker';
  return info.host === 'docker.io' ? `${tool} logout` : `${tool} logout ${info.host}`;
}

function describeRegistry(node: RegistryNode, ctx: DescribeContext, id: string): ItemDescription {
  const info = ctx.registry(node.registryId);
  const label = info?.name ?? node.registryId;
  const plainHttp = info?.url.startsWith('http://');
  const lines: string[] = [info?.name ? `**${md(info.name)}** · \`${info.url}\`` : `**${md(node.registryId)}**${plainHttp ? ' · plain HTTP' : ''}`];
  const external = !!info && !info.signedInHere && !!(info.username || info.credentialSource);
  if (info) {
    const who = info.username ? `Signed in as **${md(info.username)}**` : info.credentialSource ? 'Signed in with a token' : 'Anonymous (not signed in)';
    if (info.signedInHere) lines.push(`${who} in VS Code (kept in the OS keychain); Sign Out removes it.`);
    else if (external && info.credentialKind === 'token-command')
      lines.push(`${who} through a ${md(info.credentialSource ?? 'token command')} (registryExplorer.tokenCommands in your user settings).`);
    else if (external) lines.push(`${who} through ${md(info.credentialSource ?? "Docker's config")}; \`${logoutCommand(info)}\` removes it.`);
    else lines.push(who);
    const connection = [
      info.insecure && !plainHttp ? 'plain HTTP allowed' : '',
      info.skipTlsVerify ? 'TLS verification off' : '',
      info.caFile ? `CA file \`${info.caFile}\`` : '',
    ].filter(Boolean);
    if (connection.length) lines.push(`Connection: ${connection.join(', ')}`);
    if (info.listedFrom) lines.push(`Repositories from ${md(info.listedFrom)}.`);
    if (info.catalogClosed) lines.push('Lists no repositories to this view: add the ones you use (Add Repository…).');
    const rl = info.rateLimit;
    if (rl && (rl.limit !== undefined || rl.remaining !== undefined)) {
      const window = rl.windowSeconds ? ` per ${formatWindow(rl.windowSeconds)}` : '';
      lines.push(`Pull rate limit: **${rl.remaining ?? '?'}** of ${rl.limit ?? '?'} left${window}${rl.source ? ` (counted for ${md(rl.source)})` : ''}`);
    }
    if (info.credentialProblem) lines.push(`⚠ ${md(info.credentialProblem)}`);
  }
  // Who is signed in leads: at the default side-bar width the end of the description is cut.
  const who = info?.username ?? (info?.credentialSource ? 'token' : 'anonymous');
  const login = info?.signedInHere ? '.signedIn' : external ? '.external' : '';
  return {
    id,
    label,
    description: info?.name ? `${who} · ${node.registryId}` : who,
    tooltip: lines.join('\n\n'),
    accessibilityLabel: `registry ${label}${info?.name ? ` at ${node.registryId}` : ''}, ${info?.username ? `signed in as ${info.username}` : info?.credentialSource ? 'signed in with a token' : 'anonymous'}`,
    contextValue: `registry${login}${info?.catalogClosed ? '.noCatalog' : ''}`,
    collapsible: 'collapsed',
    icon: 'server',
  };
}

/**
 * What is selected, for keybindings' when clauses (they cannot see `viewItem`): the item's context
 * value when one is selected, `tags` for several tags, `mixed` otherwise, '' for nothing.
 */
export function selectionContext(contextValues: readonly string[]): string {
  if (contextValues.length <= 1) return contextValues[0] ?? '';
  return contextValues.every((c) => c.startsWith('tag')) ? 'tags' : 'mixed';
}
