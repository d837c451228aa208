/**
 * Where a registry's repository names come from. A registry lists through the repositories added
 * by hand plus what the registry itself can list: its catalog, or Docker Hub's own API for a
 * namespace. A vendor API (GitLab, Harbor, Quay, GHCR) that lists what the catalog does not is
 * one more source here; the tree reads every source the same way, page by page.
 */
import { withHasNext, type RegistryApi } from '../registry';
import { failureNode, noCatalogNode, type FailureContext } from './errorNodes';
import { catalogFailure } from './failureExplanation';
import type { MessageNode } from './nodes';
import { hasNoCatalogByDesign, hubNamespacesOf, isDockerHubId, type RegistryEntry } from './registryEntry';

export interface RepositorySource {
  /**
   * What it lists, e.g. `catalog` or `docker-hub:alice,acme`. The tree keeps one listing per id,
   * so a changed setting (other namespaces, another repository added by hand) makes a new
   * listing of that source only.
   */
  readonly id: string;
  /** Its names were added by hand (Remove Repository takes them off the list). */
  readonly addedByHand: boolean;
  /** Pages of repository names, as large as the source likes to send them (the tree shows its own pages). */
  list(): AsyncIterable<string[]>;
  /** Pages of the names after `last`, in name order, where the source can start there (a catalog). */
  listFrom?(last: string): AsyncIterable<string[]>;
  /** A message shown above the repositories: what is listed, and how to add more. */
  readonly note?: MessageNode;
  /** The nodes that say why a listing failed and offer the fix. */
  explainFailure(error: unknown, context: FailureContext): Promise<MessageNode[]>;
}

/** The registry's catalog (`/v2/_catalog`). */
export function catalogSource(client: RegistryApi): RepositorySource {
  return {
    id: 'catalog',
    addedByHand: false,
    list: () => client.catalog(),
    listFrom: (last) => client.catalog({ last }),
    explainFailure: (error, context) => catalogFailure(client, error, context),
  };
}

/**
 * Docker Hub has no catalog; its own API (`listNamespace`, the client's `namespaceRepositories`)
 * lists the repositories of users and organisations, one namespace after the other.
 */
export function dockerHubNamespacesSource(registryId: string, namespaces: readonly string[], listNamespace: NonNullable<RegistryApi['namespaceRepositories']>): RepositorySource {
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
    explainFailure: async (error, context) => [failureNode(error, context)],
  };
}

/**
 * The repositories added by hand (kept in settings). `note` explains, on a registry that lists
 * nothing itself, why the user adds them.
 */
export function handAddedSource(repositories: readonly string[], note?: MessageNode): RepositorySource {
  return {
    id: `by-hand:${JSON.stringify(repositories)}`,
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
export function repositorySources(entry: RegistryEntry, client: RegistryApi | undefined, username: string | undefined): RepositorySource[] {
  const byHand = entry.repositories ?? [];
  if (!client) return [handAddedSource(byHand)];
  if (!hasNoCatalogByDesign(entry.id)) return [handAddedSource(byHand), catalogSource(client)];
  const namespaces = isDockerHubId(entry.id) ? hubNamespacesOf(entry, username) : [];
  if (namespaces.length && client.namespaceRepositories) {
    return [handAddedSource(byHand), dockerHubNamespacesSource(entry.id, namespaces, client.namespaceRepositories.bind(client))];
  }
  return [handAddedSource(byHand, noCatalogNode(entry.id, 'by-design'))];
}
