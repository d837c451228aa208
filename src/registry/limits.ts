/**
 * How much the client accepts from a registry before it stops: a registry is input from the
 * network, and a broken or hostile one must not make the extension host wait forever, hold a
 * gigabyte, or loop. Every body is counted while it is read (after decompression) and the
 * connection is dropped at the cap. The README's table of limits lists these.
 */

const KiB = 1024;
const MiB = 1024 * KiB;

export const LIMITS = {
  /** A manifest or index (distribution itself refuses manifests over 4 MiB). */
  manifestBytes: 4 * MiB,
  /** A small blob read whole: an image config (`getBlobBytes`; callers may pass their own cap). */
  blobBytes: 4 * MiB,
  /** One page of a tag or catalog listing (50,000 tags are about 1 MiB). */
  listPageBytes: 16 * MiB,
  /** A referrers list (an OCI index). */
  referrersBytes: 4 * MiB,
  /** A token server's answer. */
  tokenResponseBytes: 1 * MiB,
  /** One page of Docker Hub's own API. */
  hubPageBytes: 4 * MiB,
  /**
   * One answer of a vendor's REST API (GitLab, Harbor, Quay, GitHub, ACR): a page of at most a
   * few hundred repositories, tags or artifacts, each a few KiB with its extra fields.
   */
  vendorPageBytes: 8 * MiB,
  /** Harbor's system info, read unauthenticated when probing what a registry is (a few hundred bytes). */
  vendorInfoBytes: 64 * KiB,
  /** An error body, quoted in messages; the rest is not read. */
  errorBodyBytes: 64 * KiB,
  /** A body read only so the connection can be reused; past this the connection is dropped instead. */
  drainBytes: 64 * KiB,
  /** A `WWW-Authenticate` or `Link` header, in characters; the rest is ignored. */
  headerChars: 16 * KiB,
  /** Pages of one listing before it stops with a message (10 million names at n=1000). */
  listPages: 10_000,
  /** Empty pages in a row (each with a next link) before a listing stops. */
  emptyPagesInARow: 5,
  /** Retries of an idempotent request (429, 502, 503, 504, network errors); the client's `retries` option. */
  retries: 2,
  /** One wait before a retry (backoff or `Retry-After`). A longer `Retry-After` is not waited for: the error says when to try again. */
  retryWaitMs: 30_000,
  /** All waits of one request together. */
  totalWaitMs: 60_000,
  /** A wait this long or longer is reported (`onWait`), so the log and progress can show it. */
  reportWaitMs: 1_000,
  /** Redirect hops of one request. */
  redirects: 5,
  /** Longest token lifetime believed, in seconds; shorter or unreadable `expires_in` means 60 s. */
  tokenLifetimeS: 24 * 60 * 60,
};

/** `16 MiB`, `64 KiB`: a cap in words for messages. */
export function formatCap(bytes: number): string {
  if (bytes >= MiB && bytes % MiB === 0) return `${bytes / MiB} MiB`;
  if (bytes >= KiB && bytes % KiB === 0) return `${bytes / KiB} KiB`;
  return `${bytes} bytes`;
}

/** `1,024`: byte counts in messages. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
