/**
 * The Registries tree's data: what to fetch, what is loaded, and the node objects. It knows
 * nothing of `vscode` (the provider maps nodes to TreeItems), so it runs in plain Node.
 * Node objects are kept and reused so change events and command arguments refer to the same
 * objects VS Code holds.
 */
import { isRegistryError, type ManifestResult, type RegistryApi } from '../registry';
import type { RegistryEntry } from './registryEntry';
import { hasNoCatalogByDesign, hubNamespacesOf, isDockerHubId } from './registryEntry';
import type { ClientLookup, LoginLookup, RegistryInfo, RegistryLookup, TreeModelSettings } from './services';
import { failureNode, isNoCatalogFailure, noCatalogNode, signInFailedNode, type FailureContext } from './errorNodes';
import { parseFilter, type ParsedFilter } from './filter';
import { isIndexMediaType, type ReferrerNode, type LoadMoreNode, type MessageNode, type PlatformNode, type RegistryNode, type RepositoryNode, type TagNode, type TreeNode } from './nodes';
import { createLimiter, PagedList } from './pagedList';
import { referrerNodes } from './referrers';
import { fetchManifestDetails, manifestDetails, type ManifestDetails } from './manifestDetails';
import { sortTags } from './tagSort';

export interface TreeModelDeps {
  registries: RegistryLookup;
  clients: ClientLookup;
  credentials: LoginLookup;
  settings: () => TreeModelSettings;
  /** A node's item or children changed (undefined: the whole tree). */
  changed: (node: TreeNode | undefined) => void;
}

const key = (registryId: string, repository: string) => `${registryId}\u0000${repository}`;

export class RegistryTreeModel {
  private filterText: string | undefined;
  private filter: ParsedFilter | undefined;
  private readonly registryNodes = new Map<string, RegistryNode>();
  /** Per registry: who requests go out as (the settings part of RegistryInfo is read live). */
  private readonly infos = new Map<string, Pick<RegistryInfo, 'username' | 'credentialSource' | 'signedInHere'>>();
  private readonly catalogs = new Map<string, PagedList>();
  private readonly repoNodes = new Map<string, RepositoryNode>();
  private readonly tagLists = new Map<string, PagedList>();
  private readonly tagNodes = new Map<string, Map<string, TagNode>>();
  private readonly loadMoreNodes = new Map<string, LoadMoreNode>();
  /** Per `registry\0repository@digest`: what the manifest says (tags on one digest share it). */
  private readonly manifestDetails = new Map<string, Promise<ManifestDetails>>();
  /** Per `registry\0repository@digest`: its referrers. */
  private readonly referrerCache = new Map<string, Promise<ReferrerNode[]>>();
  private readonly tagSets = new WeakMap<PagedList, Set<string>>();
  private readonly limit = createLimiter(() => this.deps.settings().detailsConcurrency);
  private readonly resortTimers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly deps: TreeModelDeps) {}

  // ---- filter -------------------------------------------------------------------------------

  get filterValue(): string | undefined {
    return this.filterText;
  }

  get filterSummary(): string | undefined {
    return this.filter?.summary;
  }

  setFilter(text: string | undefined): void {
    this.filter = parseFilter(text);
    this.filterText = this.filter ? text!.trim() : undefined;
    this.deps.changed(undefined);
  }

  // ---- children -----------------------------------------------------------------------------

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (!node) return this.roots();
    switch (node.kind) {
      case 'registry':
        return this.registryChildren(node);
      case 'repository':
        return this.repositoryChildren(node);
      case 'tag':
        return this.tagChildren(node);
      default:
        return [];
    }
  }

  getParent(node: TreeNode): TreeNode | undefined {
    switch (node.kind) {
      case 'registry':
        return undefined;
      case 'tag':
        return this.repoNodes.get(key(node.registryId, node.repository));
      case 'platform':
        return this.tagNodes.get(key(node.registryId, node.repository))?.get(node.tag);
      default: {
        const repository = 'repository' in node ? node.repository : undefined;
        if (node.kind !== 'repository' && repository) {
          const repo = this.repoNodes.get(key(node.registryId, repository));
          if (repo) return repo;
        }
        return this.registryNodes.get(node.registryId);
      }
    }
  }

  registryInfo(registryId: string): RegistryInfo | undefined {
    const info = this.infos.get(registryId);
    if (!info) return undefined;
    let rateLimit;
    try {
      const clients = this.deps.clients;
      rateLimit = (clients.peek ? clients.peek(registryId) : clients.get(registryId))?.rateLimit;
    } catch {
      rateLimit = undefined;
    }
    // The settings part is read live: a change of name (no reload) shows on the next draw.
    const entry = this.deps.registries.get(registryId);
    const settings = entry ? { url: entry.url, name: entry.name, insecure: entry.insecure, skipTlsVerify: entry.skipTlsVerify, caFile: entry.caFile } : { url: registryId };
    return { host: registryId, ...settings, ...info, rateLimit, credentialProblem: this.deps.credentials.problem?.(registryId) };
  }

  private async roots(): Promise<TreeNode[]> {
    const entries = this.deps.registries.list();
    return Promise.all(
      entries.map(async (entry) => {
        let node = this.registryNodes.get(entry.id);
        if (!node) {
          node = { kind: 'registry', registryId: entry.id };
          this.registryNodes.set(entry.id, node);
        }
        if (!this.infos.has(entry.id)) await this.loadInfo(entry.id);
        return node;
      }),
    );
  }

  private async loadInfo(registryId: string): Promise<void> {
    const cred = await this.deps.credentials.resolve(registryId).catch(() => undefined);
    // Signed in here is what resolve() found first: the SecretStorage secret.
    this.infos.set(registryId, { username: cred?.username, credentialSource: cred?.sourceLabel, signedInHere: cred?.source === 'vscode' });
  }

  private repoNode(registryId: string, repository: string, byHand: boolean): RepositoryNode {
    const k = key(registryId, repository);
    let node = this.repoNodes.get(k);
    if (!node) {
      node = { kind: 'repository', registryId, repository };
      this.repoNodes.set(k, node);
    }
    node.addedByHand = byHand || undefined;
    return node;
  }

  private loadMoreNode(registryId: string, repository?: string): LoadMoreNode {
    const k = key(registryId, repository ?? '');
    let node = this.loadMoreNodes.get(k);
    if (!node) {
      node = { kind: 'loadMore', registryId, repository };
      this.loadMoreNodes.set(k, node);
    }
    return node;
  }

  private async failureContext(registryId: string, repository?: string): Promise<FailureContext> {
    const cred = await this.deps.credentials.resolve(registryId).catch(() => undefined);
    return { registryId, repository, username: cred?.username, token: !!cred && 'identityToken' in cred.credentials };
  }

  /** For a 401 with credentials: were the credentials rejected, or only this request? Asks the registry. */
  private async explainUnauthorized(client: RegistryApi, ctx: FailureContext): Promise<MessageNode | undefined> {
    if (!ctx.username && !ctx.token) return undefined;
    try {
      await client.verifyCredentials();
      return undefined;
    } catch (e) {
      if (isRegistryError(e) && e.kind === 'unauthorized') return signInFailedNode(ctx);
      return failureNode(e, ctx);
    }
  }

  private async registryChildren(node: RegistryNode): Promise<TreeNode[]> {
    const id = node.registryId;
    const entry = this.deps.registries.get(id);
    if (!entry) return [];
    const byHand = entry.repositories ?? [];
    const out: TreeNode[] = [];
    let listed: string[] = [];
    let more = false;
    let client: RegistryApi | undefined;
    try {
      client = this.deps.clients.get(id);
    } catch (e) {
      out.push(failureNode(e, { registryId: id }));
    }
    if (client && hasNoCatalogByDesign(id)) {
      // Docker Hub lists a namespace's repositories through its own API: the signed-in user's
      // namespace by default, or the namespaces kept in settings.
      const namespaces = isDockerHubId(id) && client.namespaceRepositories ? await this.hubNamespaces(entry) : [];
      if (namespaces.length) {
        const c = client;
        let list = this.catalogs.get(id);
        if (!list) {
          const pageSize = this.deps.settings().pageSize;
          list = new PagedList(() => concatPages(namespaces.map((ns) => () => c.namespaceRepositories!(ns, { pageSize }))), () => this.deps.changed(node));
          this.catalogs.set(id, list);
        }
        if (!list.started) await list.next();
        if (list.error) out.push(failureNode(list.error, await this.failureContext(id)));
        else {
          listed = list.items;
          more = !list.done;
        }
      }
      out.push(noCatalogNode(id, 'by-design', undefined, namespaces));
    } else if (client) {
      const c = client;
      let list = this.catalogs.get(id);
      if (!list) {
        list = new PagedList(() => c.catalog({ pageSize: this.deps.settings().pageSize }), () => this.deps.changed(node));
        this.catalogs.set(id, list);
      }
      if (!list.started) await list.next();
      if (list.error) {
        out.push(...(await this.catalogFailure(c, list.error, id)));
      } else {
        listed = list.items;
        more = !list.done;
      }
    }
    const names = [...byHand, ...listed.filter((r) => !byHand.includes(r))];
    const repos = names.map((r) => this.repoNode(id, r, byHand.includes(r)));
    const shown = this.filter?.repository ? repos.filter((r) => this.filter!.repository!(r.repository)) : repos;
    out.push(...shown);
    if (more) out.push(this.loadMoreNode(id));
    if (this.filter?.repository && repos.length > 0 && shown.length === 0) {
      out.push({ kind: 'message', registryId: id, action: 'info', text: `No repository matches the filter (${this.filter.summary}; ${repos.length} loaded).` });
    }
    return out;
  }

  private async hubNamespaces(entry: RegistryEntry): Promise<string[]> {
    if (entry.namespaces?.length) return entry.namespaces;
    return hubNamespacesOf(entry, (await this.deps.credentials.resolve(entry.id).catch(() => undefined))?.username);
  }

  private async catalogFailure(client: RegistryApi, err: unknown, registryId: string): Promise<TreeNode[]> {
    const ctx = await this.failureContext(registryId);
    if (isRegistryError(err) && err.kind === 'unauthorized') {
      const rejected = await this.explainUnauthorized(client, ctx);
      if (rejected) return [rejected];
    }
    if (isNoCatalogFailure(err)) {
      const anonymous = !ctx.username && !ctx.token;
      // Anonymous and refused: signing in may well give a catalog, so offer both.
      return anonymous && isRegistryError(err) && err.kind === 'unauthorized' ? [failureNode(err, ctx), noCatalogNode(registryId, 'refused')] : [noCatalogNode(registryId, 'refused', ctx.username)];
    }
    return [failureNode(err, ctx)];
  }

  private async repositoryChildren(node: RepositoryNode): Promise<TreeNode[]> {
    const { registryId, repository } = node;
    let client: RegistryApi;
    try {
      client = this.deps.clients.get(registryId);
    } catch (e) {
      return [failureNode(e, { registryId, repository })];
    }
    const k = key(registryId, repository);
    let list = this.tagLists.get(k);
    if (!list) {
      list = new PagedList(() => client.tags(repository, { pageSize: this.deps.settings().pageSize }), () => this.deps.changed(node));
      this.tagLists.set(k, list);
    }
    if (!list.started) await list.next();
    if (list.error) {
      const ctx = await this.failureContext(registryId, repository);
      if (isRegistryError(list.error) && list.error.kind === 'unauthorized') {
        const rejected = await this.explainUnauthorized(client, ctx);
        if (rejected) return [rejected];
      }
      return [failureNode(list.error, ctx)];
    }
    let byTag = this.tagNodes.get(k);
    if (!byTag) {
      byTag = new Map();
      this.tagNodes.set(k, byTag);
    }
    const tags: TagNode[] = [];
    for (const tag of list.items) {
      let t = byTag.get(tag);
      if (!t) {
        t = { kind: 'tag', registryId, repository, tag };
        byTag.set(tag, t);
      }
      tags.push(t);
    }
    const shown = sortTags(this.filter?.tag ? tags.filter((t) => this.filter!.tag!(t.tag)) : tags, this.deps.settings().tagSort);
    this.scheduleDetails(client, node, shown);
    const out: TreeNode[] = [...shown];
    if (!list.done) out.push(this.loadMoreNode(registryId, repository));
    if (tags.length === 0 && list.done) out.push({ kind: 'message', registryId, repository, action: 'info', text: `${repository} has no tags.` });
    else if (this.filter?.tag && shown.length === 0) out.push({ kind: 'message', registryId, repository, action: 'info', text: `No tag matches the filter (${this.filter.summary}; ${tags.length} loaded).` });
    return out;
  }

  private async tagChildren(node: TagNode): Promise<TreeNode[]> {
    if (!node.digest) return [];
    const { registryId, repository } = node;
    const out: TreeNode[] = [];
    try {
      const client = this.deps.clients.get(registryId);
      if (isIndexMediaType(node.mediaType)) {
        const details = await this.manifestOf(client, registryId, repository, node.digest);
        out.push(...(details.platformManifests ?? []).map((p): PlatformNode => ({ kind: 'platform', registryId, repository, tag: node.tag, ...p })));
      }
      out.push(...(await this.referrersOf(client, registryId, repository, node.digest)));
      return out;
    } catch (e) {
      return [...out, failureNode(e, await this.failureContext(registryId, repository))];
    }
  }

  /**
   * What the manifest of a digest says, worked out once per digest (tags on one digest and redraws
   * share it); `read` is the manifest when a GET by tag already brought it.
   */
  private manifestOf(client: RegistryApi, registryId: string, repository: string, digest: string, read?: ManifestResult): Promise<ManifestDetails> {
    const k = `${key(registryId, repository)}@${digest}`;
    let p = this.manifestDetails.get(k);
    if (!p) {
      p = read ? manifestDetails(client, repository, read) : fetchManifestDetails(client, repository, digest);
      this.manifestDetails.set(k, p);
      p.catch(() => this.manifestDetails.delete(k));
    }
    return p;
  }

  /** A loaded list's tags as a set, built once per list length. */
  private tagSet(list: PagedList): ReadonlySet<string> {
    let memo = this.tagSets.get(list);
    if (!memo || memo.size !== list.items.length) {
      memo = new Set(list.items);
      this.tagSets.set(list, memo);
    }
    return memo;
  }

  private referrersOf(client: RegistryApi, registryId: string, repository: string, digest: string): Promise<ReferrerNode[]> {
    const k = `${key(registryId, repository)}@${digest}`;
    let p = this.referrerCache.get(k);
    if (!p) {
      // With the whole tag list loaded, a missing `sha256-<hex>` fallback tag costs no request.
      const list = this.tagLists.get(key(registryId, repository));
      p = referrerNodes(client, { registryId, repository, digest }, list?.done ? { knownTags: this.tagSet(list) } : {});
      this.referrerCache.set(k, p);
      p.catch(() => this.referrerCache.delete(k));
    }
    return p;
  }

  // ---- details ------------------------------------------------------------------------------

  private scheduleDetails(client: RegistryApi, repoNode: RepositoryNode, tags: TagNode[]): void {
    for (const tag of tags) {
      if (tag.details) continue;
      tag.details = 'pending';
      void this.limit(() => this.loadDetails(client, repoNode, tag));
    }
  }

  /** Whether a tag node is still in the tree (a refresh replaces nodes; late details for old ones are dropped). */
  private isLive(tag: TagNode): boolean {
    return this.tagNodes.get(key(tag.registryId, tag.repository))?.get(tag.tag) === tag;
  }

  private async loadDetails(client: RegistryApi, repoNode: RepositoryNode, tag: TagNode): Promise<void> {
    if (!this.isLive(tag) || tag.details !== 'pending') return;
    try {
      const gone = () => new Error(`${tag.repository}:${tag.tag} is gone (the registry answered 404); refresh the repository.`);
      if (isDockerHubId(tag.registryId)) {
        // Docker Hub counts manifest GETs against the pull limit; HEAD does not. There, only the
        // digest is shown and an index still expands on demand.
        const head = await client.headManifest(tag.repository, tag.tag);
        if (!head) throw gone();
        tag.digest = head.digest;
        tag.mediaType = head.mediaType;
      } else {
        // One GET by tag: digest, media type and contents (a HEAD first would cost one more request per tag).
        const manifest = await client.getManifest(tag.repository, tag.tag).catch((e) => {
          throw isRegistryError(e) && e.kind === 'not-found' ? gone() : e;
        });
        tag.digest = manifest.digest;
        tag.mediaType = manifest.mediaType;
        if (this.isLive(tag)) this.deps.changed(tag);
        const d = await this.manifestOf(client, tag.registryId, tag.repository, manifest.digest, manifest);
        tag.mediaType = d.mediaType || tag.mediaType;
        tag.size = d.size;
        tag.created = d.created;
        tag.platforms = d.platforms;
        // A failing referrers lookup must not hide the details already found.
        tag.referrerCount = (await this.referrersOf(client, tag.registryId, tag.repository, manifest.digest).catch(() => [])).length;
      }
      tag.details = 'loaded';
      tag.detailsError = undefined;
    } catch (e) {
      tag.details = 'failed';
      tag.detailsError = e instanceof Error ? e.message : String(e);
    }
    if (!this.isLive(tag)) return;
    this.deps.changed(tag);
    if (this.deps.settings().tagSort === 'date') this.resortSoon(repoNode);
  }

  /** Date order changes as dates arrive; re-sort once they stop arriving for a moment. */
  private resortSoon(repoNode: RepositoryNode): void {
    const k = key(repoNode.registryId, repoNode.repository);
    clearTimeout(this.resortTimers.get(k));
    this.resortTimers.set(k, setTimeout(() => {
      this.resortTimers.delete(k);
      this.deps.changed(repoNode);
    }, 300));
  }

  // ---- changes ------------------------------------------------------------------------------

  /** Reloads under a node (or everything). */
  refresh(node?: TreeNode): void {
    if (!node) {
      this.registryNodes.clear();
      this.infos.clear();
      this.catalogs.clear();
      this.repoNodes.clear();
      this.tagLists.clear();
      this.tagNodes.clear();
      this.loadMoreNodes.clear();
      this.manifestDetails.clear();
      this.referrerCache.clear();
      this.deps.changed(undefined);
      return;
    }
    switch (node.kind) {
      case 'registry': {
        const id = node.registryId;
        this.catalogs.delete(id);
        for (const map of [this.repoNodes, this.tagLists, this.tagNodes, this.manifestDetails, this.referrerCache, this.loadMoreNodes] as Map<string, unknown>[]) {
          for (const k of [...map.keys()]) if (k.startsWith(id + '\u0000')) map.delete(k);
        }
        this.infos.delete(id);
        if (this.deps.registries.get(id)) void this.loadInfo(id).then(() => this.deps.changed(node));
        this.deps.changed(node);
        return;
      }
      case 'repository': {
        const k = key(node.registryId, node.repository);
        this.tagLists.delete(k);
        this.tagNodes.delete(k);
        for (const cache of [this.manifestDetails, this.referrerCache] as Map<string, unknown>[]) for (const d of [...cache.keys()]) if (d.startsWith(k + '@')) cache.delete(d);
        this.deps.changed(node);
        return;
      }
      case 'tag': {
        for (const cache of [this.manifestDetails, this.referrerCache] as Map<string, unknown>[]) for (const d of [...cache.keys()]) if (node.digest && d.endsWith('@' + node.digest)) cache.delete(d);
        Object.assign(node, { digest: undefined, mediaType: undefined, size: undefined, created: undefined, platforms: undefined, referrerCount: undefined, details: undefined, detailsError: undefined });
        const repoNode = this.repoNodes.get(key(node.registryId, node.repository));
        try {
          if (repoNode) this.scheduleDetails(this.deps.clients.get(node.registryId), repoNode, [node]);
        } catch {
          /* the registry is gone from the settings; the root refresh that follows shows it */
        }
        this.deps.changed(node);
        return;
      }
      default: {
        const parent = this.getParent(node);
        if (parent) this.refresh(parent);
        else this.refresh();
      }
    }
  }

  /** Continues a paged list. */
  async loadMore(registryId: string, repository?: string): Promise<void> {
    const list = repository ? this.tagLists.get(key(registryId, repository)) : this.catalogs.get(registryId);
    const parent = repository ? this.repoNodes.get(key(registryId, repository)) : this.registryNodes.get(registryId);
    if (!list || !parent) return;
    await list.next();
    this.deps.changed(parent);
  }

  refreshRepository(registryId: string, repository: string): void {
    const node = this.repoNodes.get(key(registryId, repository));
    if (node) this.refresh(node);
    else {
      const reg = this.registryNodes.get(registryId);
      if (reg) this.deps.changed(reg);
    }
  }

  removeTags(registryId: string, repository: string, tags: string[]): void {
    const k = key(registryId, repository);
    const byTag = this.tagNodes.get(k);
    const list = this.tagLists.get(k);
    for (const t of tags) {
      byTag?.delete(t);
      if (list) {
        const i = list.items.indexOf(t);
        if (i >= 0) list.items.splice(i, 1);
      }
    }
    const node = this.repoNodes.get(k);
    if (node) this.deps.changed(node);
  }

  loadedTags(registryId: string, repository: string): TagNode[] {
    return [...(this.tagNodes.get(key(registryId, repository))?.values() ?? [])];
  }

  registryNode(registryId: string): RegistryNode | undefined {
    return this.registryNodes.get(registryId);
  }
}

/** The pages of several listings, one after the other. */
async function* concatPages(listings: (() => AsyncIterable<string[]>)[]): AsyncIterable<string[]> {
  for (const open of listings) yield* open();
}
