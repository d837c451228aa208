/**
 * The rows that name a manifest: tags, the platforms of an index, referrers. Descriptions are
 * compact (short digest · size · short age); an index shows its platform count and newest date,
 * each platform its own image's size and date, and the tooltip a table of the platforms.
 */
import { shortDigest, subjectOfTag } from '../registry';
import { tagWords } from '../actions/deleteConfirm';
import { isIndexTag, platformLabel, type PlatformImage, type TagDetails, type PlatformNode, type ReferrerNode, type TagNode } from '../model/nodes';
import { referrerLabel } from '../model/referrerNodes';
import { isDockerHubId } from '../model/registryEntry';
import type { DescribeContext, ItemDescription } from './itemDescription';
import { ageWords, formatAge, formatShortAge, formatSize, md, sizeWords } from './format';

/** A tag's default action (click or Enter, as `workbench.list.openMode` says): its manifest in a preview tab, the focus kept in the tree. */
const OPEN_MANIFEST = { command: 'registryExplorer.inspectManifest', title: 'Inspect Manifest', arguments: [{ preserveFocus: true }] };

/** What a tag that names another image holds, in a word or two. */
const ARTIFACT_WORDS: Record<string, string> = {
  referrers: 'referrers index',
  'cosign signature': 'signature',
  'cosign attestation': 'attestation',
  'cosign SBOM': 'SBOM',
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The newest of some ISO dates. */
function newest(dates: (string | undefined)[]): string | undefined {
  let best: { iso: string; t: number } | undefined;
  for (const iso of dates) {
    const t = iso ? Date.parse(iso) : NaN;
    if (!Number.isNaN(t) && (!best || t > best.t)) best = { iso: iso!, t };
  }
  return best?.iso;
}

function created(iso: string, now: number, what = 'Created'): string {
  const age = formatAge(iso, now);
  return `${what}: ${md(iso)}${age ? ` (${age})` : ''}`;
}

/** The tooltip's table of an index's platforms, as far as their images are read. */
function platformTable(images: readonly PlatformImage[], now: number): string {
  const cell = (i: PlatformImage, v: string | undefined) => v ?? (i.state === 'failed' ? 'unavailable' : '…');
  const rows = images.map(
    (i) => `| ${md(platformLabel(i.platform))} | ${cell(i, formatSize(i.size))} | ${cell(i, formatShortAge(i.created, now))} | \`${shortDigest(i.digest)}\` |`,
  );
  return ['| Platform | Size | Age | Digest |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

export function describeTag(node: TagNode, ctx: DescribeContext, id: string): ItemDescription {
  const subject = subjectOfTag(node.tag);
  const details = node.details;
  // A referrers index lists artifacts, not platforms.
  const index = isIndexTag(details) && !subject;
  const platforms = details?.platforms ?? [];
  const images = index ? (details?.platformImages ?? []) : [];
  // The push time where the registry's API listed it; else the image's own creation date.
  const date = details?.pushed ?? (index ? newest([details?.created, ...images.map((i) => i.created)]) : details?.created);
  const artifacts = subject ? [] : (ctx.artifactTags?.(node) ?? []);
  const what = subject ? ARTIFACT_WORDS[subject.kind] : index ? (platforms.length ? plural(platforms.length, 'platform') : 'index') : formatSize(details?.size);

  let description: string;
  if (details?.state === 'failed') description = 'details unavailable';
  else if (!details?.digest) description = subject ? ARTIFACT_WORDS[subject.kind] : '…';
  // Size and age first: at the default side-bar width the end of a row is cut, and the digest
  // is the one a person needs least there (the tooltip has it whole).
  else description = [what, formatShortAge(date, ctx.now), shortDigest(details.digest)].filter(Boolean).join(' · ');

  const lines: string[] = [`**${md(node.repository)}:${md(node.tag)}**`];
  if (subject) {
    lines.push(
      subject.kind === 'referrers'
        ? `The OCI 1.1 fallback index listing the referrers (signatures, SBOMs) of \`${subject.digest}\`, which show under that image; Delete with Referrers on it removes this tag too.`
        : `The ${subject.kind} of \`${subject.digest}\`, stored under a tag by cosign; it shows under that image too.`,
    );
  }
  if (details?.digest) lines.push(`Digest: \`${details.digest}\``);
  if (details?.mediaType) lines.push(`Media type: \`${details.mediaType}\``);
  if (index && images.length && images.some((i) => i.state)) lines.push(platformTable(images, ctx.now));
  // On Docker Hub manifest reads count as pulls: its platforms are not read for their size and date.
  else if (index && platforms.length)
    lines.push(
      `Platforms: ${platforms.map((p) => md(platformLabel(p))).join(', ')}${isDockerHubId(node.registryId) ? '' : ". Expand the tag to read each one's size and date."}`,
    );
  else if (platforms.length) lines.push(`Platform: ${md(platformLabel(platforms[0]))}`);
  if (details?.pushed)
    lines.push(
      `${created(details.pushed, ctx.now, 'Pushed')}, as ${details.source ?? "the registry's API"} lists it: when the tag was last pushed, not when the image was built (its config says that: Inspect Manifest).`,
    );
  else if (date) lines.push(created(date, ctx.now, index ? 'Newest' : 'Created'));
  if (details?.size !== undefined) lines.push(`Size: ${formatSize(details.size)} (${details.size} bytes: ${sizeCounts(details)})`);
  else if (details?.source && details.state === 'loaded' && !index) lines.push(`Size: not listed by ${details.source}; Inspect Manifest shows the layers.`);
  if (details?.fallback) lines.push(`_${md(details.fallback)}_`);
  if (!details || details.state === 'loading') lines.push('_Loading details…_');
  if (details?.referrerCount) lines.push(`Referrers: ${details.referrerCount} (signatures, SBOMs, attestations; expand the tag)`);
  if (artifacts.length) lines.push(`Cosign: ${artifacts.map((t) => `\`${tagWords(t)}\``).join(', ')} (expand the tag)`);
  if (details?.error) lines.push(`⚠ ${md(details.error)}`);

  return {
    id,
    label: subject ? tagWords(node.tag) : node.tag,
    description,
    tooltip: lines.join('\n\n'),
    accessibilityLabel: tagAccessibilityLabel(node, subject, index, platforms.length, date, ctx.now),
    contextValue: subject ? 'tag.artifact' : index ? 'tag.index' : 'tag',
    collapsible: index || details?.referrerCount || artifacts.length ? 'collapsed' : 'none',
    icon: subject ? 'references' : index ? 'layers' : 'tag',
    command: OPEN_MANIFEST,
  };
}

/** What a tag's size adds up, in words: the registry API's own count where it gave the figure. */
function sizeCounts(details: TagDetails): string {
  if (!details.source) return 'compressed layers + config';
  const what =
    details.sizeCounts === 'manifest+config+layers'
      ? 'manifest + config + compressed layers'
      : details.sizeCounts === 'layers'
        ? 'compressed layers'
        : 'as counted';
  return `${what}, as ${details.source} counts ${details.index ? 'the images of the index' : 'it'}`;
}

/** "tag v1, digest 1614a3ea16ce, 450 bytes, 3 years old" */
function tagAccessibilityLabel(
  node: TagNode,
  subject: ReturnType<typeof subjectOfTag>,
  index: boolean,
  platforms: number,
  date: string | undefined,
  now: number,
): string {
  const details = node.details;
  const head = subject
    ? `${subject.kind} of the image ${shortDigest(subject.digest)}, tag ${tagWords(node.tag)}`
    : index
      ? `tag ${node.tag}, index of ${plural(platforms, 'platform')}`
      : `tag ${node.tag}`;
  if (details?.state === 'failed') return `${head}, details unavailable`;
  if (!details?.digest) return `${head}, loading details`;
  const pushed = details.pushed && formatAge(details.pushed, now);
  const age = pushed ? `pushed ${pushed}` : ageWords(date, now);
  const parts = [head, `digest ${shortDigest(details.digest)}`, index ? undefined : sizeWords(details.size), age && index && !pushed ? `newest ${age}` : age];
  if (details.referrerCount) parts.push(plural(details.referrerCount, 'referrer'));
  return parts.filter(Boolean).join(', ');
}

export function describePlatform(node: PlatformNode, ctx: DescribeContext, id: string): ItemDescription {
  const image = node.image;
  const label = platformLabel(node.platform);
  const lines = [`**${md(node.repository)}:${md(node.tag)}** · ${md(label)}`, `Digest: \`${node.digest}\``, `Media type: \`${node.mediaType}\``];
  if (image?.created) lines.push(created(image.created, ctx.now));
  if (image?.size !== undefined) lines.push(`Size: ${formatSize(image.size)} (${image.size} bytes: compressed layers + config)`);
  if (image?.state === 'loading') lines.push('_Loading details…_');
  if (image?.error) lines.push(`⚠ ${md(image.error)}`);
  return {
    id,
    label,
    description: [formatSize(image?.size), formatShortAge(image?.created, ctx.now), shortDigest(node.digest)].filter(Boolean).join(' · '),
    tooltip: lines.join('\n\n'),
    accessibilityLabel: [`platform ${label}`, `digest ${shortDigest(node.digest)}`, sizeWords(image?.size), ageWords(image?.created, ctx.now)]
      .filter(Boolean)
      .join(', '),
    contextValue: 'platform',
    collapsible: 'none',
    icon: 'vm',
    command: OPEN_MANIFEST,
  };
}

export function describeReferrer(node: ReferrerNode, id: string): ItemDescription {
  const label = referrerLabel(node);
  return {
    id,
    label,
    description: [formatSize(node.size), shortDigest(node.digest)].filter(Boolean).join(' · '),
    tooltip: [
      `Referrer of \`${node.subject}\``,
      `Digest: \`${node.digest}\``,
      `Media type: \`${node.mediaType}\``,
      node.artifactType ? `Artifact type: \`${node.artifactType}\`` : '',
    ]
      .filter(Boolean)
      .join('\n\n'),
    accessibilityLabel: `referrer ${label}, digest ${shortDigest(node.digest)}`,
    contextValue: 'referrer',
    collapsible: 'none',
    icon: 'references',
    command: OPEN_MANIFEST,
  };
}
