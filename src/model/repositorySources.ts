/**
 * Where a registry's repository names come from. A registry lists through the repositories added
 * by hand plus what the registry itself can list: its catalog, or Docker Hub's own API for a
 * namespace, or a vendor's REST API (GitLab, Harbor, Quay, GHCR) that lists what the catalog does
 * not; the tree reads every source the same way, page by page.
 */
import { withHasNext, type RegistryApi, type VendorApi, type VendorKind } from '../registry';
import { failureNode, noCatalogNode, type FailureContext } from './errorNodes';
import { catalogFailure } from './failureExplanation';
import type { MessageNode } from './nodes';
import { hasNoCatalogByDesign, hubNamespacesOf, isDockerHubId, type RegistryEntry } from './registryEntry';
import type { ClientLookup } from './services';
import { namespacesNeededNode, vendorFailureNode, vendorNote, vendorOrigin } from './vendorNotes';

export interface RepositorySource {
  /**
   * What it lists, e.g. `catalog` or `docker-hub:alice,acme`. The tree keeps one listing per id,
   * so a changed setting (other namespaces, another repository added by hand) makes a new
   * listing of that source only.
   */
  readonly id: string;
  /** Its names were added by hand (Remove Repository takes them off the list). */
  readonly addedByHand: boolean;
  /** What lists through it, where that matters to the registry node: the registry's catalog, or a vendor's API. */
  readonly lister?: 'catalog' | 'vendor-api';
  /** Pages of repository names, as large as the source likes to send them (the tree shows its own pages). */
  list(): AsyncIterable<string[]>;
  /** Pages of the names after `last`, in name order, where the source can start there (a catalog). */
  listFrom?(last: string): AsyncIterable<string[]>;
  /** A message shown above the repositories: what is listed, and how to add more. */
  readonly note?: MessageNode;
  /** Where its names come from, in words for the registry's tooltip ("the registry's catalog"); undefined while it lists nothing. */
  readonly origin?: string;
  /** The nodes that say why a listing failed and offer the fix. */
  explainFailure(error: unknown, context: FailureContext): Promise<MessageNode[]>;
}

/** The registry's catalog (`/v2/_catalog`). */
export function catalogSource(client: RegistryApi): RepositorySource {
  return {
    id: 'catalog',
    addedByHand: false,
    lister: 'catalog',
    list: () => client.catalog(),
    listFrom: (last) => client.catalog({ last }),
    origin: "the registry's catalog",
    explainFailure: (error, context) => catalogFailure(client, error, context),
  };
}

/**
 * Docker Hub has no catalog; its own API (`listNamespace`, the client's `namespaceRepositories`)
 * lists the repositories of users and organisations, one namespace after the other.
 */
export function dockerHubNamespacesSource(
  registryId: string,
  namespaces: readonly string[],
  listNamespace: NonNullable<RegistryApi['namespaceRepositories']>,
): RepositorySource {
  return {
    id: `docker-hub:${namespaces.join(',')}`,
    addedByHand: false,
    list: async function* () {
      // Hub's API pages at most 100 repositories. A namespace's last page is not the list's last
      // while other namespaces follow.
      for (const [i, namespace] of namespaces.entries()) {
        for await (const page of listNamespace(namespace, { pageSize: 100 })) {
          yield i < namespaces.length - 1 ? withHasNext(page, true) : page;
        }
      }
    },
    note: noCatalogNode(registryId, 'by-design', undefined, [...namespaces]),
    origin: `Docker Hub's API, namespaces ${namespaces.join(', ')}`,
    explainFailure: async (error, context) => [failureNode(error, context)],
  };
}

/**
 * The repositories added by hand (kept in settings). `note` explains, on a registry that lists
 * nothing itself, why the user adds them.
 */
export function handAddedSource(repositories: readonly string[], note?: MessageNode): RepositorySource {
  return {
    // The note is part of what it shows: another note (namespaces now set) is another listing.
    id: `by-hand${note ? `+${note.text}` : ''}:${JSON.stringify(repositories)}`,
    addedByHand: true,
    list: async function* () {
      yield withHasNext([...repositories], false);
    },
    note,
    explainFailure: async () => [],
  };
}

/**
 * The sources of a registry, the repositories added by hand first. Without a client (its
 * connection settings cannot be used) only those; `username` is whose Docker Hub namespace is
 * listed when the settings name none.
 */
export function repositorySources(entry: RegistryEntry, client: RegistryApi | undefined, username: string | undefined, vendor?: VendorApi): RepositorySource[] {
  const byHand = entry.repositories ?? [];
  if (!client) return [handAddedSource(byHand)];
  // ACR's catalog works: its API is for tag metadata and untag, not for listing.
  if (vendor && vendor.kind !== 'acr') return vendorSources(entry, client, vendor, username);
  if (!hasNoCatalogByDesign(entry.id)) return [handAddedSource(byHand), catalogSource(client)];
  const namespaces = isDockerHubId(entry.id) ? hubNamespacesOf(entry, username) : [];
  if (namespaces.length && client.namespaceRepositories) {
    return [handAddedSource(byHand), dockerHubNamespacesSource(entry.id, namespaces, client.namespaceRepositories.bind(client))];
  }
  return [handAddedSource(byHand, noCatalogNode(entry.id, 'by-design'))];
}

/**
 * What a vendor lists by, from the settings: GitLab groups or projects (required), Harbor projects
 * (none: every project the login sees, `[]`), Quay namespaces and GitHub owners (none: the
 * signed-in user's own). Undefined: nothing to list until the settings name some.
 */
export function vendorNamespacesOf(kind: VendorKind, entry: Pick<RegistryEntry, 'namespaces'>, username: string | undefined): string[] | undefined {
  const set = [...new Set((entry.namespaces ?? []).map((n) => n.trim()).filter(Boolean))];
  if (set.length) return set;
  if (kind === 'harbor' || kind === 'acr') return [];
  // A Quay robot account (`org+robot`) belongs to its organisation's namespace; Quay's token
  // logins (`$oauthtoken`, `$app`) name no one.
  const own = username?.startsWith('$') ? undefined : username && kind === 'quay' ? username.split('+')[0] : username;
  return (kind === 'quay' || kind === 'ghcr') && own ? [own.toLowerCase()] : undefined;
}

/**
 * A registry listed through its vendor's API, the repositories added by hand first. Where the
 * registry may have a catalog, the catalog waits for the API's first answer and lists only if
 * the API failed, so a working API costs no catalog request and a failing one loses nothing.
 */
function vendorSources(entry: RegistryEntry, client: RegistryApi, vendor: VendorApi, username: string | undefined): RepositorySource[] {
  const byHand = entry.repositories ?? [];
  const namespaces = vendorNamespacesOf(vendor.kind, entry, username);
  if (!namespaces) return [handAddedSource(byHand, namespacesNeededNode(entry.id, vendor.kind))];
  const hasCatalog = vendor.kind !== 'ghcr' && !hasNoCatalogByDesign(entry.id);
  const api = vendorSource(entry.id, vendor, namespaces, hasCatalog ? 'catalog' : 'by-hand');
  return hasCatalog ? [handAddedSource(byHand), api, catalogInsteadOf(api, client)] : [handAddedSource(byHand), api];
}

interface VendorSource extends RepositorySource {
  /** Settles with the API's first answer: true when it listed (or had nothing), false when it failed. */
  readonly listed: Promise<boolean>;
}

/** The repositories a vendor API lists, namespace after namespace (Harbor without any: every project the login sees). */
export function vendorSource(registryId: string, vendor: VendorApi, namespaces: readonly string[], fallback: 'catalog' | 'by-hand'): VendorSource {
  let settle: (ok: boolean) => void = () => undefined;
  const listed = new Promise<boolean>((resolve) => (settle = resolve));
  let failed = false;
  const targets = namespaces.length ? namespaces : [undefined];
  const note = vendorNote(registryId, vendor, namespaces);
  const origin = vendorOrigin(vendor, namespaces);
  return {
    id: `vendor:${vendor.kind}:${vendor.apiUrl}:${namespaces.join(',')}`,
    addedByHand: false,
    lister: 'vendor-api',
    listed,
    list: async function* () {
      try {
        for (const [i, namespace] of targets.entries()) {
          for await (const page of vendor.repositories(namespace, { pageSize: 100 })) {
            settle(true);
            // A namespace's last page is not the list's last while other namespaces follow.
            yield i < targets.length - 1 ? withHasNext(page, true) : page;
          }
        }
        settle(true);
      } catch (e) {
        failed = true;
        settle(false);
        throw e;
      }
    },
    // Once the API failed, the failure node says what was tried; the note and origin would claim it lists.
    get note() {
      return failed ? undefined : note;
    },
    get origin() {
      return failed ? undefined : origin;
    },
    explainFailure: async (error, context) => [vendorFailureNode(error, context, vendor, fallback)],
  };
}

/** The registry's catalog, listed only when the vendor API failed on its first answer. */
function catalogInsteadOf(api: VendorSource, client: RegistryApi): RepositorySource {
  const catalog = catalogSource(client);
  let active = false;
  return {
    // Tied to the vendor listing it stands in for: another API setting, another listing.
    id: `catalog:instead-of:${api.id}`,
    addedByHand: false,
    lister: 'catalog',
    list: async function* () {
      if (await api.listed) return;
      active = true;
      yield* catalog.list();
    },
    // A filter's jump into the catalog only once the catalog is what lists.
    get listFrom() {
      return active ? catalog.listFrom : undefined;
    },
    get origin() {
      return active ? catalog.origin : undefined;
    },
    explainFailure: catalog.explainFailure,
  };
}

/** The registry's vendor API, when its kind has one the tree lists through (a lookup that fails: none, the registry protocol lists). */
export function vendorOf(clients: ClientLookup, registryId: string): VendorApi | undefined {
  try {
    return clients.vendor?.(registryId);
  } catch {
    return undefined;
  }
}

/** Where the names of the sources that list come from, in words for the registry's tooltip. */
export function listedFrom(listing: readonly RepositorySource[]): string | undefined {
  return listing.flatMap((s) => (!s.addedByHand && s.origin ? [s.origin] : [])).join('; ') || undefined;
}
