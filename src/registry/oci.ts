/**
 * The OCI image model (image-spec `manifest.md`, `image-index.md`, `descriptor.md`; Docker's
 * manifest v2 schema 2 and manifest list have the same shape), with the check that turns the
 * JSON a registry sent into it: a manifest must be an object; an index must carry a `manifests`
 * array of descriptors, an image manifest a `config` descriptor; descriptors need well-formed
 * digests and sizes. Anything else is a RegistryError naming the manifest's digest, not a
 * TypeError later in copy, delete or the tree.
 */
import { RegistryError } from './errors';
import { isValidDigest } from './imageReference';
import { scrubText } from './redact';

export interface Platform {
  architecture: string;
  os: string;
  variant?: string;
  'os.version'?: string;
  'os.features'?: string[];
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: Platform;
  annotations?: Record<string, string>;
  artifactType?: string;
  /** Where a foreign layer (Windows base layers) lives instead of the registry. */
  urls?: string[];
}

export interface ImageManifest {
  schemaVersion: 2;
  mediaType?: string;
  artifactType?: string;
  config: Descriptor;
  layers: Descriptor[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

export interface ImageIndex {
  schemaVersion: 2;
  mediaType?: string;
  artifactType?: string;
  manifests: Descriptor[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

/** Docker's schema 1 (signed, from registries older than 2016): read as bytes, not understood. */
export interface LegacyManifest {
  schemaVersion: 1;
}

export type Manifest = ImageManifest | ImageIndex | LegacyManifest;

export const MEDIA = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerV1Signed: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
};

/** True for the media type of an OCI index or a Docker manifest list. */
export function isIndexMediaType(mediaType: string | undefined): boolean {
  return mediaType === MEDIA.ociIndex || mediaType === MEDIA.dockerList;
}

export function isImageIndex(m: Manifest | undefined): m is ImageIndex {
  return !!m && m.schemaVersion === 2 && Array.isArray((m as ImageIndex).manifests);
}

export function isImageManifest(m: Manifest | undefined): m is ImageManifest {
  return !!m && m.schemaVersion === 2 && !!(m as ImageManifest).config;
}

/** Entries an index may list before it is refused as absurd. */
const MAX_ENTRIES = 10_000;

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const stringOrUndefined = (v: unknown, max = 1024) => (typeof v === 'string' && v.length <= max ? v : undefined);

/** Why `v` is not a descriptor, or undefined when it is one. */
function descriptorProblem(v: unknown): string | undefined {
  if (!isObject(v)) return 'is not an object';
  if (typeof v.mediaType !== 'string' || !v.mediaType || v.mediaType.length > 255) return 'has no media type';
  if (!isValidDigest(v.digest)) return 'has no valid digest';
  if (typeof v.size !== 'number' || !Number.isSafeInteger(v.size) || v.size < 0) return 'has no valid size';
  if (v.platform !== undefined && !(isObject(v.platform) && typeof v.platform.os === 'string' && typeof v.platform.architecture === 'string'))
    return 'has a platform without os and architecture';
  return undefined;
}

/** A descriptor with only the fields the model knows, each of the right type. */
function toDescriptor(v: Obj): Descriptor {
  const d: Descriptor = { mediaType: v.mediaType as string, digest: v.digest as string, size: v.size as number };
  if (isObject(v.platform)) {
    const p = v.platform;
    d.platform = { os: String(p.os), architecture: String(p.architecture) };
    if (stringOrUndefined(p.variant)) d.platform.variant = p.variant as string;
    if (stringOrUndefined(p['os.version'])) d.platform['os.version'] = p['os.version'] as string;
    if (Array.isArray(p['os.features'])) d.platform['os.features'] = p['os.features'].filter((x): x is string => typeof x === 'string');
  }
  const annotations = toAnnotations(v.annotations);
  if (annotations) d.annotations = annotations;
  if (stringOrUndefined(v.artifactType, 255)) d.artifactType = v.artifactType as string;
  if (Array.isArray(v.urls)) d.urls = v.urls.filter((u): u is string => typeof u === 'string');
  return d;
}

function toAnnotations(v: unknown): Record<string, string> | undefined {
  if (!isObject(v)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) if (typeof val === 'string') out[k] = val;
  return out;
}

/** Checks a descriptor from anywhere (a referrers list, an index); undefined when it is not one. */
export function asDescriptor(v: unknown): Descriptor | undefined {
  return descriptorProblem(v) === undefined ? toDescriptor(v as Obj) : undefined;
}

export interface ManifestContext {
  /** How the manifest was asked for, e.g. `foo/bar:1.0`. */
  name: string;
  digest: string;
  host: string;
  operation: string;
  url?: string;
}

/**
 * The model of a manifest's JSON; a RegistryError (kind `protocol`) that names the manifest and its
 * digest when the JSON does not have the shape its kind requires.
 */
export function parseManifest(json: unknown, mediaType: string, c: ManifestContext): Manifest {
  const refuse = (why: string) =>
    new RegistryError({
      kind: 'protocol',
      operation: c.operation,
      url: c.url,
      message: `The manifest ${c.name} (${c.digest}) from ${c.host} ${why}.`,
      hint: 'The registry holds a damaged or non-standard manifest; it cannot be shown, copied or deleted by tag safely. Its digest still identifies it.',
    });
  if (!isObject(json)) return fail(refuse('is not a JSON object'));
  if (json.schemaVersion === 1) return { schemaVersion: 1 };
  const base = {
    schemaVersion: 2 as const,
    ...(stringOrUndefined(json.mediaType, 255) ? { mediaType: json.mediaType as string } : {}),
    ...(stringOrUndefined(json.artifactType, 255) ? { artifactType: json.artifactType as string } : {}),
    ...(toAnnotations(json.annotations) ? { annotations: toAnnotations(json.annotations) } : {}),
  };
  let subject: Descriptor | undefined;
  if (json.subject !== undefined) {
    const problem = descriptorProblem(json.subject);
    if (problem) return fail(refuse(`has a subject that ${problem}`));
    subject = toDescriptor(json.subject as Obj);
  }
  const looksLikeIndex = isIndexMediaType(mediaType) || (json.manifests !== undefined && json.config === undefined && json.layers === undefined);
  if (looksLikeIndex) {
    if (!Array.isArray(json.manifests)) return fail(refuse('is an index without a list of manifests'));
    if (json.manifests.length > MAX_ENTRIES) return fail(refuse(`lists more than ${MAX_ENTRIES} manifests`));
    const manifests: Descriptor[] = [];
    for (const [i, d] of json.manifests.entries()) {
      const problem = descriptorProblem(d);
      if (problem) return fail(refuse(`is not a valid index: its manifests[${i}] ${problem}`));
      manifests.push(toDescriptor(d as Obj));
    }
    return { ...base, manifests, ...(subject ? { subject } : {}) };
  }
  if (json.config === undefined)
    return fail(
      refuse(`is neither an image manifest (no config) nor an index (no manifests)${mediaType ? `; its media type is ${scrubText(mediaType, [], 80)}` : ''}`),
    );
  const configProblem = descriptorProblem(json.config);
  if (configProblem) return fail(refuse(`is not a valid image manifest: its config ${configProblem}`));
  if (json.layers !== undefined && !Array.isArray(json.layers)) return fail(refuse('is not a valid image manifest: its layers are not a list'));
  const rawLayers = (json.layers as unknown[] | undefined) ?? [];
  if (rawLayers.length > MAX_ENTRIES) return fail(refuse(`lists more than ${MAX_ENTRIES} layers`));
  const layers: Descriptor[] = [];
  for (const [i, d] of rawLayers.entries()) {
    const problem = descriptorProblem(d);
    if (problem) return fail(refuse(`is not a valid image manifest: its layers[${i}] ${problem}`));
    layers.push(toDescriptor(d as Obj));
  }
  return { ...base, config: toDescriptor(json.config as Obj), layers, ...(subject ? { subject } : {}) };
}

function fail(e: RegistryError): never {
  throw e;
}

/** The image manifests of an index, without attestation manifests (`unknown/unknown`, BuildKit's attestations). */
export function platformManifests(index: ImageIndex): (Descriptor & { platform: Platform })[] {
  return index.manifests.filter(
    (m): m is Descriptor & { platform: Platform } =>
      !!m.platform && m.platform.os !== 'unknown' && m.annotations?.['vnd.docker.reference.type'] !== 'attestation-manifest',
  );
}

/** Size of an image as stored: config + layers (compressed). */
export function imageSize(m: ImageManifest): number {
  return m.layers.reduce((total, l) => total + l.size, m.config.size);
}

/**
 * Blobs an image manifest references. Foreign layers with `urls` (Windows base layers) are not in
 * the registry and are skipped; a registry accepts the manifest without them.
 */
export function blobsOf(m: ImageManifest): Descriptor[] {
  return [m.config, ...m.layers.filter((l) => !(l.urls && l.urls.length > 0))];
}

/** The OCI 1.1 tag-schema fallback tag that lists the referrers of `digest`: `sha256-<hex>`. */
export function referrersTagOf(digest: string): string {
  return digest.replace(':', '-');
}

const REFERRER_TAG = /^(sha256|sha512)-([0-9a-f]{64}|[0-9a-f]{128})(?:\.(sig|att|sbom))?$/;
const REFERRER_TAG_KINDS = { '': 'referrers', sig: 'cosign signature', att: 'cosign attestation', sbom: 'cosign SBOM' } as const;

/**
 * Reads a tag that names another manifest by digest: the OCI 1.1 fallback index of its referrers
 * (`sha256-<hex>`) and cosign's `sha256-<hex>.sig` / `.att` / `.sbom`. Undefined for other tags.
 */
export function subjectOfTag(tag: string): { digest: string; kind: (typeof REFERRER_TAG_KINDS)[keyof typeof REFERRER_TAG_KINDS] } | undefined {
  const m = REFERRER_TAG.exec(tag);
  if (!m) return undefined;
  const digest = `${m[1]}:${m[2]}`;
  if (!isValidDigest(digest)) return undefined;
  return { digest, kind: REFERRER_TAG_KINDS[(m[3] ?? '') as keyof typeof REFERRER_TAG_KINDS] };
}
