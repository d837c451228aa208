/**
 * What the tree model reads from the extension's services, as narrow structural types: the
 * extension passes its store, client pool and credential service, and tests pass small fakes.
 */
import type { Credentials, RateLimit, RegistryApi, VendorApi } from '../registry';
import type { RegistryEntry } from './registryEntry';
import type { TagSort } from './tagSort';

/** The view settings, read fresh each time (they can change while the view is open). */
export interface TreeModelSettings {
  pageSize: number;
  tagSort: TagSort;
  detailsConcurrency: number;
  /** Show the tags that name another image (`sha256-<hex>` referrer indexes, cosign's `.sig`/`.att`/`.sbom`) in tag lists. */
  showReferrerTags: boolean;
}

export interface RegistryLookup {
  list(): RegistryEntry[];
  get(registryId: string): RegistryEntry | undefined;
}

export interface ClientLookup {
  get(registryId: string): RegistryApi;
  /** The client already built, if any (the registry tooltip's live figures need no new one). */
  peek?(registryId: string): RegistryApi | undefined;
  /**
   * The registry's vendor REST API when its kind has one (GitLab, Harbor, Quay, GHCR, ACR):
   * repositories without the catalog, tag dates and sizes without manifest reads, untag.
   * Undefined (or absent, in tests) for a registry the registry protocol alone lists.
   */
  vendor?(registryId: string): VendorApi | undefined;
}

/** Who requests to a registry go out as, and where that login comes from. */
export interface Login {
  credentials: Credentials;
  username?: string;
  /** `vscode` when the user signed in here (SecretStorage). */
  source: string;
  /** Words for the source, e.g. "signed in in VS Code" or "~/.docker/config.json". */
  sourceLabel: string;
}

export interface LoginLookup {
  resolve(registryId: string): Promise<Login | undefined>;
  /** A problem reading Docker's credentials, to show in the tooltip. */
  problem?(registryId: string): string | undefined;
}

/** What describing a registry node needs to know besides the node. */
export interface RegistryInfo {
  /** `host[:port]` (= registryId) */
  host: string;
  url: string;
  name?: string;
  /** Who requests go out as; undefined: anonymous. */
  username?: string;
  /** Words for where the credentials come from ("signed in in VS Code", "~/.docker/config.json"). */
  credentialSource?: string;
  /** Which kind of store they come from (`vscode`, `docker-config`, `docker-helper`, `podman`). */
  credentialKind?: string;
  signedInHere: boolean;
  /** The registry lists no repositories to this view (no catalog, or refused): repositories are added by hand. Undefined until listed. */
  catalogClosed?: boolean;
  /** Where the repositories listed come from ("the registry's catalog", "Harbor's API at …, projects a, b"). Undefined until listed. */
  listedFrom?: string;
  insecure?: boolean;
  skipTlsVerify?: boolean;
  caFile?: string;
  rateLimit?: RateLimit;
  /** A problem reading Docker's credentials, to show in the tooltip. */
  credentialProblem?: string;
}
