/**
 * The untag step as a port: removing one tag while its image (and the kept tags on it) stays.
 * A clean-up needs it for an image shared by a tag that goes and a tag that stays, where a digest
 * delete would take the kept tag too. The registry protocol has it as OCI 1.1 delete by tag;
 * vendors have it in their REST APIs (Harbor, GitLab, Quay, ACR), which plug in here through
 * `vendorUntagger` once a client offers them.
 */
import type { CallOptions, RegistryApi, VendorApi } from '../../registry';
import { vendorWords } from '../deleteVendor';

export interface Untagger {
  /** Who removes the tag, in words for the preview ("OCI 1.1 delete by tag", "Harbor's API"). */
  readonly label: string;
  /** Whether a tag can be removed alone: known true or false, or undefined until tried. */
  canUntag(): boolean | undefined;
  /**
   * Removes only the tag. True: removed; false: this registry cannot remove a tag alone (nothing
   * changed, and `canUntag` says false from now on). Throws a RegistryError otherwise (404: the
   * tag is gone already).
   */
  untag(repository: string, tag: string, opts?: CallOptions): Promise<boolean>;
}

/** OCI 1.1 `DELETE /v2/R/manifests/<tag>`; the client learns and remembers whether it works. */
export function ociUntagger(client: RegistryApi): Untagger {
  return {
    label: 'OCI 1.1 delete by tag',
    canUntag: () => client.learned.deleteByTag,
    untag: (repository, tag, opts) => client.deleteTag(repository, tag, opts),
  };
}

/**
 * A vendor's API. One that cannot untag alone (GHCR deletes the whole package version) is never
 * used for a shared image: `canUntag` is false, and `untag` refuses without a request.
 */
export function vendorUntagger(api: Pick<VendorApi, 'kind' | 'untagsAlone' | 'untag'>, label = `${api.kind}'s API`): Untagger {
  return {
    label,
    canUntag: () => api.untagsAlone,
    async untag(repository, tag, opts) {
      if (!api.untagsAlone) return false;
      await api.untag(repository, tag, opts);
      return true;
    },
  };
}

/**
 * Who removes tags alone in a clean-up: a vendor API that removes a tag alone (Harbor, GitLab,
 * Quay, ACR) — known before the preview, nothing to try — else OCI 1.1 delete by tag.
 */
export function untaggerFor(client: RegistryApi, vendor: Pick<VendorApi, 'kind' | 'untagsAlone' | 'untag'> | undefined): Untagger {
  return vendor?.untagsAlone ? vendorUntagger(vendor, vendorWords(vendor.kind)) : ociUntagger(client);
}
