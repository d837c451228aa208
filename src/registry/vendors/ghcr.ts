/**
 * GitHub's REST API for GHCR (`https://api.github.com`, GitHub Enterprise `https://HOST/api/v3`;
 * github/rest-api-description, the `packages` operations): GHCR has no catalog, but GitHub lists
 * the container packages of a user or organisation and the versions of a package (one per
 * digest, with its tags in `metadata.container.tags`). Pages come with a `Link` header. The
 * token (a personal access token with `read:packages`; `delete:packages` to delete) goes as
 * Bearer, with the API version header GitHub asks clients to send.
 *
 * GitHub has no untag: it deletes whole package versions. `untag` therefore deletes the version
 * only when the tag is its last one (the image goes with it), and otherwise refuses, naming the
 * other tags.
 */
import { drain } from '../transport/body';
import { RegistryError, isRegistryError } from '../errors';
import { isValidDigest, isValidTag, repositoryProblem } from '../imageReference';
import type { CallOptions, PageOptions } from '../types';
import { checkRepository, checkTag, isoTime, pageSize, requireNamespace } from './fields';
import type { Call, Page, VendorHttp } from './http';
import type { VendorApi, VendorTag } from './types';

export const GITHUB_API_URL = 'https://api.github.com';
export const GITHUB_API_VERSION = '2022-11-28';

type Owner = 'orgs' | 'users';

interface Version {
  id: number;
  digest?: string;
  tags: string[];
  pushedAt?: string;
}

const notFound = (e: unknown) => isRegistryError(e) && e.kind === 'not-found';

export class GhcrApi implements VendorApi {
  readonly kind = 'ghcr';
  readonly untagsAlone = false;
  /** Whether an owner is an organisation or a user, once GitHub said so. */
  private readonly owners = new Map<string, Owner>();

  constructor(private readonly http: VendorHttp) {}

  get apiUrl(): string {
    return this.http.api.apiUrl;
  }

  async *repositories(owner?: string, opts: PageOptions = {}): AsyncIterable<string[]> {
    const name = requireNamespace(owner, 'a GitHub user or organisation', 'list container packages on GitHub').toLowerCase();
    const c: Call = { operation: `list the container packages of ${name} on GitHub`, subject: `user or organisation ${name}`, signal: opts.signal };
    const per_page = pageSize(opts.pageSize, 100);
    const read = async (url: string): Promise<Page<string>> => {
      const { json, res } = await this.http.json(url, c);
      const list = (Array.isArray(json) ? json : []) as Record<string, unknown>[];
      const items = list
        .filter((p) => typeof p?.name === 'string' && (p.package_type === undefined || p.package_type === 'container'))
        .map((p) => `${name}/${(p.name as string).toLowerCase()}`)
        .filter((n) => !repositoryProblem(n));
      return { items, raw: list.length, next: this.http.nextFromLink(res, url, c) };
    };
    yield* this.withOwner(
      name,
      c,
      (kind) => this.http.url(`/${kind}/${encodeURIComponent(name)}/packages`, { package_type: 'container', per_page, page: 1 }),
      read,
    );
  }

  async *tags(repository: string, opts: PageOptions = {}): AsyncIterable<VendorTag[]> {
    const c: Call = { operation: `list the versions of ${repository} on GitHub`, subject: `container package ${repository}`, signal: opts.signal };
    checkRepository(repository, c.operation);
    for await (const versions of this.versions(repository, c, pageSize(opts.pageSize, 100))) {
      yield versions.flatMap((v) =>
        v.tags.map((name) => ({
          name,
          sameImage: v.tags.filter((t) => t !== name),
          ...(v.digest ? { digest: v.digest } : {}),
          ...(v.pushedAt ? { pushedAt: v.pushedAt } : {}),
        })),
      );
    }
  }

  async untag(repository: string, tag: string, opts: CallOptions = {}): Promise<void> {
    const c: Call = { operation: `delete ${repository}:${tag} on GitHub`, subject: `tag ${repository}:${tag}`, signal: opts.signal, ok: [204, 200] };
    checkRepository(repository, c.operation);
    checkTag(tag, c.operation);
    let found: Version | undefined;
    for await (const versions of this.versions(repository, c, 100)) {
      found = versions.find((v) => v.tags.includes(tag));
      if (found) break;
    }
    if (!found) throw this.http.notFound(c, `tag ${repository}:${tag} (no version of the package carries it)`);
    const others = found.tags.filter((t) => t !== tag);
    if (others.length) {
      throw new RegistryError({
        kind: 'unsupported',
        operation: c.operation,
        message: `GitHub cannot remove the tag ${tag} alone: it deletes whole package versions, and this one (${found.digest ?? `version ${found.id}`}) also carries ${others.join(', ')}.`,
        hint: 'Delete the image with all its tags, or move the other tags away first.',
      });
    }
    const owner = repository.slice(0, repository.indexOf('/'));
    const kind = this.owners.get(owner) ?? 'orgs'; // known: listing the versions asked
    const pkg = encodeURIComponent(repository.slice(owner.length + 1));
    await drain(await this.http.request('DELETE', this.http.url(`/${kind}/${encodeURIComponent(owner)}/packages/container/${pkg}/versions/${found.id}`), c));
  }

  private versions(repository: string, c: Call, per_page: number): AsyncIterable<Version[]> {
    if (!repository.includes('/')) throw this.http.notFound(c, `package ${repository} (a GHCR repository is owner/package)`);
    const owner = repository.slice(0, repository.indexOf('/'));
    const pkg = encodeURIComponent(repository.slice(owner.length + 1));
    const read = async (url: string): Promise<Page<Version>> => {
      const { json, res } = await this.http.json(url, c);
      const list = (Array.isArray(json) ? json : []) as Record<string, unknown>[];
      return { items: list.map(toVersion).filter((v): v is Version => !!v), raw: list.length, next: this.http.nextFromLink(res, url, c) };
    };
    return this.withOwner(
      owner,
      c,
      (kind) => this.http.url(`/${kind}/${encodeURIComponent(owner)}/packages/container/${pkg}/versions`, { per_page, page: 1 }),
      read,
      (v) => String(v.id),
    );
  }

  /**
   * The pages under `/orgs/{owner}/…`, or `/users/{owner}/…` when GitHub knows no such
   * organisation (404); which one answered is remembered.
   */
  private async *withOwner<T>(
    owner: string,
    c: Call,
    first: (kind: Owner) => string,
    read: (url: string) => Promise<Page<T>>,
    key: (item: T) => string = String,
  ): AsyncGenerator<T[]> {
    const known = this.owners.get(owner);
    let kind: Owner = known ?? 'orgs';
    let url = first(kind);
    let page: Page<T>;
    try {
      page = await read(url);
    } catch (e) {
      if (known || !notFound(e)) throw e;
      kind = 'users';
      url = first(kind);
      page = await read(url);
    }
    this.owners.set(owner, kind);
    yield* this.http.pages(url, c, read, key, page);
  }
}

function toVersion(v: Record<string, unknown>): Version | undefined {
  if (!v || !Number.isSafeInteger(v.id)) return undefined;
  const meta = v.metadata as { container?: { tags?: unknown } } | undefined;
  const tags = Array.isArray(meta?.container?.tags) ? meta!.container!.tags.filter((t): t is string => typeof t === 'string' && isValidTag(t)) : [];
  return { id: v.id as number, tags, digest: isValidDigest(v.name) ? v.name : undefined, pushedAt: isoTime(v.updated_at) ?? isoTime(v.created_at) };
}
