/**
 * The public types of the vendor REST APIs: what registries without a usable `_catalog` (GitLab
 * refuses it, Harbor gives it only to admins, GHCR and Docker Hub have none) offer instead to
 * list repositories, read tag metadata and remove a single tag. Re-exported from the client's
 * public face (`src/registry/index.ts`).
 */
import type { CallOptions, CredentialSource, PageOptions } from '../types';

/** What kind of registry a host is, for the vendor API and the vendor's habits. */
export type RegistryKind = 'dockerhub' | 'ghcr' | 'acr' | 'quay' | 'gitlab' | 'harbor' | 'ecr' | 'artifact-registry';

/** The registries whose own REST API `RegistryClient.vendor` speaks (Docker Hub's is `namespaceRepositories`). */
export type VendorKind = 'gitlab' | 'harbor' | 'quay' | 'ghcr' | 'acr';

export interface VendorOptions {
  /**
   * Where the vendor's API lives, and so where the login goes: take it from user settings only.
   * Defaults: GitLab `https://gitlab.com` for `registry.gitlab.com`, else the registry's own
   * origin (a self-hosted GitLab's API is often elsewhere: `probeRegistryKind` finds it from the
   * token realm); Harbor and Quay the registry's own origin; GHCR `https://api.github.com` for
   * `ghcr.io` only (GitHub Enterprise must name `https://HOST`); none for Docker Hub; ACR is always
   * the registry itself. The API's path (`/api/v4`, `/api/v2.0`, `/api/v1`, `/api/v3`) is added
   * when the URL has none.
   */
  apiUrl?: string;
  /**
   * The API's own login when it is not the registry's: a Quay OAuth token, another GitHub token,
   * a second Harbor robot. Default: the client's credentials (a GitLab or GitHub personal access
   * token used as the registry password works for both). The password (or identity token) is the
   * API token; Harbor also uses the user name (Basic). Ignored by ACR, whose API takes the
   * registry's own Bearer tokens.
   */
  credentials?: CredentialSource;
}

/** One tag as a vendor API describes it. Every field but `name` is what the vendor said, checked. */
export interface VendorTag {
  name: string;
  /** `sha256:…`, well-formed (a malformed one is dropped). */
  digest?: string;
  /** When the tag was last pushed or moved, ISO 8601 (UTC). */
  pushedAt?: string;
  /**
   * Bytes, as the vendor counts them (see `sizeCounts`): compare across vendors with care, or
   * compute config + layers from the manifest (`imageSize`) where it matters.
   */
  size?: number;
  /**
   * What `size` adds up: GitLab and Quay `layers`; Harbor `manifest+config+layers` (an index:
   * itself plus its images); absent with `size`.
   */
  sizeCounts?: 'layers' | 'manifest+config+layers';
  /** True when the vendor says the tag names an index (several platforms). */
  isIndex?: boolean;
  /** The other tags on the same image, when the vendor lists them together (Harbor, GHCR). */
  sameImage?: string[];
}

/**
 * A vendor's own REST API. Every method rejects only with a `RegistryError` whose message says
 * which vendor API failed and why (signed out, not allowed, not found, a web page instead of
 * JSON), so a caller can fall back to the catalog or to repositories added by hand; no secret
 * appears in a message, URL or log line; every request honours `signal`.
 */
export interface VendorApi {
  readonly kind: VendorKind;
  /** The API's base URL (origin and path, e.g. `https://gitlab.example.com/api/v4`); no credentials in it. */
  readonly apiUrl: string;
  /**
   * True when `untag` removes only the tag, leaving the image and its other tags. False for GHCR:
   * GitHub deletes whole package versions, so `untag` works only on an image's last tag and then
   * deletes the image with it (an image with other tags is refused, naming them).
   */
  readonly untagsAlone: boolean;
  /**
   * Repository names (as the registry names them, `namespace/name`), a page at a time.
   * `namespace` is the vendor's: a GitLab group or project path (group tried first); a Harbor
   * project (none: every project the login sees); a Quay namespace (required); a GitHub user or
   * organisation (required); ignored by ACR, which lists the whole registry.
   */
  repositories(namespace?: string, opts?: PageOptions): AsyncIterable<string[]>;
  /** The tags of a repository with what the vendor knows of each, a page at a time; a page's `hasNext` says whether more follow. */
  tags(repository: string, opts?: PageOptions): AsyncIterable<VendorTag[]>;
  /** Removes one tag (see `untagsAlone`). */
  untag(repository: string, tag: string, opts?: CallOptions): Promise<void>;
  /**
   * Harbor only: the product and version when the API's address answers as Harbor's
   * (anonymously, no credentials sent), undefined when it does not. Used by `probeRegistryKind`.
   */
  identify?(opts?: CallOptions): Promise<string | undefined>;
}

/** What `probeRegistryKind` found, and how. */
export interface RegistryKindProbe {
  kind?: RegistryKind;
  /** The vendor API's address when the probe learned it (GitLab: the realm's origin, which can differ from the registry host). */
  apiUrl?: string;
  /** In words, for the log: what gave the kind away. */
  evidence: string;
}
