/**
 * The words of a registry whose repositories come from its vendor's REST API (GitLab, Harbor,
 * Quay, GitHub for GHCR): where the list comes from, what to set when the settings name nothing
 * to list, and why the API failed and what is listed instead. Pure.
 */
import { isRegistryError, type VendorApi, type VendorKind } from '../registry';
import { failureNode, type FailureContext } from './errorNodes';
import type { MessageNode } from './nodes';

export const VENDOR_NAMES: Record<VendorKind, string> = { gitlab: 'GitLab', harbor: 'Harbor', quay: 'Quay', ghcr: 'GitHub', acr: 'ACR' };

/** What a vendor calls the namespaces it lists by: one, several. */
const NAMESPACE_WORDS: Record<VendorKind, [string, string]> = {
  gitlab: ['group or project', 'groups and projects'],
  harbor: ['project', 'projects'],
  quay: ['namespace', 'namespaces'],
  ghcr: ['owner', 'owners'],
  acr: ['repository', 'repositories'],
};

/** Examples of namespaces in the setting, per vendor. */
const EXAMPLES: Record<VendorKind, string> = {
  gitlab: '"my-group" or "my-group/my-project"',
  harbor: '"library"',
  quay: '"my-org"',
  ghcr: '"my-org"',
  acr: '',
};

const SETTING = 'the "namespaces" of this registry in the registryExplorer.registries setting';

function what(kind: VendorKind, namespaces: readonly string[]): string {
  const [one, many] = NAMESPACE_WORDS[kind];
  if (!namespaces.length) return `every ${one} the login sees`;
  return `${namespaces.length === 1 ? one : many} ${namespaces.join(', ')}`;
}

/** Where the list comes from, for the registry's tooltip: "Harbor's API at https://h/api/v2.0, projects a, b". */
export function vendorOrigin(vendor: VendorApi, namespaces: readonly string[]): string {
  return `${VENDOR_NAMES[vendor.kind]}'s API at ${vendor.apiUrl}, ${what(vendor.kind, namespaces)}`;
}

/** The note above the repositories a vendor API lists: which namespaces, and how to list others. */
export function vendorNote(registryId: string, vendor: VendorApi, namespaces: readonly string[]): MessageNode {
  const name = VENDOR_NAMES[vendor.kind];
  const [one, many] = NAMESPACE_WORDS[vendor.kind];
  const text = namespaces.length ? `${name} ${namespaces.length === 1 ? one : many}: ${namespaces.join(', ')}` : `${name}: every ${one} you may see`;
  return {
    kind: 'message',
    registryId,
    action: 'noCatalog',
    text,
    detail: `Repositories from ${vendorOrigin(vendor, namespaces)}. To list other ${many}, set ${SETTING}. Click to add any other repository by name.`,
  };
}

/** A vendor that lists only by namespace, with none set and no user name to default to: what to add. */
export function namespacesNeededNode(registryId: string, kind: VendorKind): MessageNode {
  const name = VENDOR_NAMES[kind];
  const [, many] = NAMESPACE_WORDS[kind];
  const defaultsToUser = kind === 'quay' || kind === 'ghcr' ? ' Signed in, your own user name is listed.' : '';
  return {
    kind: 'message',
    registryId,
    action: 'noCatalog',
    text: `Set the ${name} ${many} to list`,
    detail: `${name} lists repositories by ${NAMESPACE_WORDS[kind][0]}, and none is set for ${registryId}. Add ${EXAMPLES[kind]} to ${SETTING}.${defaultsToUser} Click to add a repository by name instead.`,
  };
}

/** A trailing "the tree can still list…" sentence of the vendor layer: the node says exactly what it lists instead. */
const GENERIC_FALLBACK = /\s*The tree can still list[^.]*\.\s*$/;

/**
 * The vendor API failed: the row says which API and, in a few words, why; the tooltip says the
 * rest (the API's own sentence, which names it and never a secret) and what is listed instead.
 * Its action is the fix the failure calls for (sign in, retry, edit connection).
 */
export function vendorFailureNode(error: unknown, ctx: FailureContext, vendor: VendorApi, fallback: 'catalog' | 'by-hand'): MessageNode {
  const name = `${VENDOR_NAMES[vendor.kind]}'s API`;
  const kind = isRegistryError(error) ? error.kind : undefined;
  const why =
    kind === 'unauthorized'
      ? 'refused the login'
      : kind === 'denied'
        ? 'denied access'
        : kind === 'network' || kind === 'timeout' || kind === 'tls'
          ? 'cannot be reached'
          : /web page instead of JSON/.test(error instanceof Error ? error.message : '')
            ? 'sent a web page'
            : 'failed';
  const said = isRegistryError(error)
    ? `${error.message}${error.hint ? ` ${error.hint.replace(GENERIC_FALLBACK, '')}` : ''}`
    : error instanceof Error
      ? error.message
      : String(error);
  const instead = fallback === 'catalog' ? "the registry's catalog and the repositories added by hand" : 'the repositories added by hand';
  return {
    ...failureNode(error, ctx),
    text: `${name} ${why}`,
    description: fallback === 'catalog' ? 'listing the catalog' : 'added by hand only',
    detail: `${said} Listed instead: ${instead}. The API's address is ${vendor.apiUrl}.`,
  };
}
