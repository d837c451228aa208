/**
 * A preview as people read it (Markdown, for the read-only tab) and as tools read it (JSON, CSV).
 * The Markdown lists every tag that goes and every tag kept, each with the rule that decided,
 * the digests, the counts and the space estimate, and after a run its results.
 */
import { shortDigest } from '../../registry';
import { countsOf } from './preview';
import { dayOf } from './rank';
import type { CleanupRunReport } from './run';
import { untagWords } from './runCheck';
import { formatBytes } from './space';
import type { CleanupPreview, CleanupTag, RepositoryCleanup } from './types';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (s: string) => '`' + s.replace(/`/g, "'") + '`';

export function previewMarkdown(preview: CleanupPreview, reports: readonly CleanupRunReport[] = []): string {
  const lines: string[] = [];
  const names = preview.repositories.map((r) => `${r.registryId}/${r.repository}`);
  lines.push(`# Clean-up preview: ${names.length === 1 ? names[0] : `${names.length} repositories`}`, '');
  lines.push(
    reports.length
      ? `**This clean-up ran** (results at the end). Preview made ${preview.made}.`
      : `**Dry run: nothing has been deleted.** Made ${preview.made}.`,
    '',
  );
  if (preview.repositories.length > 1) {
    const c = countsOf(preview.repositories);
    lines.push(
      `In all: ${c.tagsGo} tags go (${c.imagesDeleted} images deleted), ${c.tagsSkipped} stay although the rules say they go, ${c.tagsKept} kept.`,
      '',
    );
  }
  for (const r of preview.repositories) lines.push(...repositorySection(r, preview.repositories.length > 1));
  for (const report of reports) lines.push(...resultsSection(report));
  return lines.join('\n') + '\n';
}

function repositorySection(r: RepositoryCleanup, several: boolean): string[] {
  const c = countsOf(r);
  const out: string[] = [];
  const h = several ? '###' : '##';
  if (several) out.push(`## ${r.registryId}/${r.repository}`, '');
  out.push(`Rules: ${code(r.rules)}`, '');
  out.push('| | tags | images |', '|---|---:|---:|');
  out.push(`| deleted with their image | ${c.tagsDeleted} | ${c.imagesDeleted} |`);
  if (c.tagsUntagged)
    out.push(`| removed alone (the image stays for a kept tag)${r.untag === undefined ? ', if the registry can' : ''} | ${c.tagsUntagged} | — |`);
  if (c.tagsSkipped) out.push(`| stay although the rules say they go | ${c.tagsSkipped} | — |`);
  out.push(`| kept | ${c.tagsKept} | ${r.images.filter((i) => i.action !== 'delete').length} |`);
  if (c.referrers) out.push(`| referrers deleted with their image | — | ${c.referrers} |`);
  out.push('');
  const s = r.space;
  out.push(
    `Space the registry could free: **about ${formatBytes(s.bytes)}** in ${s.blobs} blob${s.blobs === 1 ? '' : 's'}. ` +
      `This is an estimate: the configs and layers of deleted images that no kept image of ${r.repository} uses${s.unknownImages ? `, leaving out ${s.unknownImages} manifest${s.unknownImages === 1 ? '' : 's'} that could not be read` : ''}; ` +
      'a blob another repository uses stays, and the registry frees nothing before its garbage collection.',
    '',
  );
  out.push(howItRuns(r), '');

  const goes = r.tags.filter((t) => t.goes && t.removal !== 'skip');
  out.push(`${h} Goes (${goes.length})`, '');
  out.push(...tagTable(goes, r, true));
  const skipped = r.tags.filter((t) => t.goes && t.removal === 'skip');
  if (skipped.length) {
    out.push(`${h} Stay although the rules say they go (${skipped.length})`, '', `Their images stay for kept tags, and ${untagWords(r)}.`, '');
    out.push(...tagTable(skipped, r, true));
  }
  const kept = r.tags.filter((t) => !t.goes);
  out.push(`${h} Kept (${kept.length})`, '');
  out.push(...tagTable(kept, r, false));

  const deleted = r.images.filter((i) => i.action === 'delete');
  if (deleted.length) {
    out.push(`${h} Images deleted (${deleted.length})`, '');
    for (const i of deleted) {
      const extra = [
        i.size !== undefined ? formatBytes(i.size) : undefined,
        i.created ? `created ${dayOf(i.created)}` : undefined,
        i.subject ? `names the referrers of ${shortDigest(i.subject)}` : undefined,
      ]
        .filter(Boolean)
        .join(' · ');
      out.push(`- ${code(i.digest)} — ${i.goes.join(', ')}${extra ? ` · ${extra}` : ''}`);
      for (const ref of i.referrers ?? []) out.push(`  - referrer ${code(ref.digest)}${ref.artifactType ? ` (${ref.artifactType})` : ''}`);
    }
    out.push('');
  }
  const shared = r.images.filter((i) => i.action === 'untag');
  if (shared.length) {
    out.push(`${h} Images that stay for kept tags (${shared.length})`, '');
    const skip = new Set(r.tags.filter((t) => t.removal === 'skip').map((t) => t.tag));
    for (const i of shared)
      out.push(
        `- ${code(i.digest)} stays for ${i.keptFor}; the rules remove ${i.goes.join(', ')}${i.goes.every((t) => skip.has(t)) ? `, which stay too: ${untagWords(r)}` : ' alone'}`,
      );
    out.push('');
  }
  if (r.afterwards) out.push(`${h} Afterwards`, '', r.afterwards, '');
  const k = r.cost;
  out.push(
    `*Read for this preview: ${k.listings} listing page${k.listings === 1 ? '' : 's'}, ${k.tagReads} tag${k.tagReads === 1 ? '' : 's'} by name (${k.knownDigests} digests known from the tree), ${k.manifestReads} manifests by digest, ${k.configReads} configs${k.referrerReads ? `, ${k.referrerReads} referrer lists` : ''}.*`,
    '',
  );
  return out;
}

function howItRuns(r: RepositoryCleanup): string {
  const shared = r.images.some((i) => i.action === 'untag');
  const untag = !shared
    ? ''
    : r.untag === true
      ? `A tag whose image stays for a kept tag is removed alone (${r.untagBy}).`
      : r.untag === false
        ? `${r.host} cannot remove a tag alone, so a tag whose image stays for a kept tag stays too.`
        : `Whether ${r.host} removes a tag alone (${r.untagBy}) is not known yet: the run tries it once, on an image that goes whole, and removes the tags of shared images alone only if it does.`;
  return `How it runs: one fresh listing with every tag's digest, then one DELETE per image deleted whole${!shared || r.untag === false ? '' : ' and one per tag removed alone'}.${untag ? ` ${untag}` : ''} A tag that moved or appeared after this preview is skipped and reported; nothing that is not listed here is deleted.`;
}

function tagTable(tags: readonly CleanupTag[], r: RepositoryCleanup, goes: boolean): string[] {
  if (!tags.length) return ['(none)', ''];
  const head = goes ? '| tag | digest | created | rule | how |\n|---|---|---|---|---|' : '| tag | digest | created | rule |\n|---|---|---|---|';
  const rows = tags.map((t) => {
    const base = `| ${code(t.tag)} | ${code(shortDigest(t.digest))} | ${dayOf(t.created)} | ${cell(t.why)} |`;
    return goes ? `${base} ${cell(how(t, r))} |` : base;
  });
  return [head, ...rows, ''];
}

function how(t: CleanupTag, r: RepositoryCleanup): string {
  const image = r.images.find((i) => i.digest === t.digest);
  const others = image ? image.goes.filter((x) => x !== t.tag) : [];
  switch (t.removal) {
    case 'delete':
      return `image deleted${others.length ? ` (with ${others.join(', ')})` : ''}`;
    case 'untag':
      return `removed alone${r.untag === undefined ? ' if the registry can, else it stays' : ''}; the image stays for ${image?.keptFor ?? 'a kept tag'}`;
    default:
      return `stays: its image stays for ${image?.keptFor ?? 'a kept tag'}, and ${untagWords(r)}`;
  }
}

function resultsSection(report: CleanupRunReport): string[] {
  const out = [`## Results: ${report.registryId}/${report.repository}`, ''];
  for (const r of report.results) out.push(`- **${r.outcome}** — ${r.message}`);
  for (const s of report.check.skipped) out.push(`- **skipped** — ${report.repository}:${s.tag} ${s.reason}.`);
  if (report.check.gone.length) out.push(`- **gone** — already gone before the run: ${report.check.gone.join(', ')}.`);
  if (report.check.appeared.length) out.push(`- **not judged** — appeared after the preview, kept: ${report.check.appeared.join(', ')}.`);
  if (!report.results.length && !report.check.skipped.length) out.push('- Nothing to do.');
  out.push('');
  return out;
}

/** The preview (and any results) as JSON, for tools. */
export function previewJson(preview: CleanupPreview, reports: readonly CleanupRunReport[] = []): string {
  return JSON.stringify({ ...preview, ...(reports.length ? { results: reports } : {}) }, null, 2) + '\n';
}

/** One row per tag: what a spreadsheet needs to check a clean-up. */
export function previewCsv(preview: CleanupPreview): string {
  const rows = [['registry', 'repository', 'tag', 'digest', 'created', 'goes', 'removal', 'rule', 'why']];
  for (const r of preview.repositories) {
    for (const t of r.tags) rows.push([r.registryId, r.repository, t.tag, t.digest, t.created ?? '', t.goes ? 'yes' : 'no', t.removal ?? '', t.rule, t.why]);
  }
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

function csvCell(v: string): string {
  // A spreadsheet runs a cell that starts with = + - @ as a formula.
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
