/**
 * The words of the delete confirm, built from a DeletePlan. They must be true whatever the
 * registry turns out to support: where it is not known yet whether it deletes a tag alone, the
 * worst case (the whole image, with every tag on it) is named as what can happen, not hidden
 * behind an "if". Counts say what the user did not select; each digest is shown once, short.
 */
import { shortDigest, subjectOfTag } from '../registry';
import { referrersTagOf } from '../registry';
import type { DeletePlan, PlannedDelete } from './deletePlan';

/** The one button when no image has referrers. */
export const DELETE = 'Delete';
/** With referrers: the first (default) button deletes less. */
export const DELETE_KEEP_REFERRERS = 'Delete, Keep Referrers';
export const WITH_REFERRERS = 'Delete with Referrers';

export interface DeleteConfirmText {
  /** The modal's question. */
  message: string;
  /** What goes, one line per image, then the referrers note. */
  detail: string;
  /** Destructive choices, the one that deletes less first; the dialog adds Cancel. */
  buttons: string[];
}

/** Whether the image certainly goes: digest deletes only, or no other tag makes trying the tag alone worth it. */
function imageSurelyGoes(plan: DeletePlan, item: PlannedDelete): boolean {
  return plan.mode === 'manifest' || !!item.byVendor || (plan.mode === 'tag-then-manifest' && item.coTags.length === 0);
}

/** Who deletes an image the vendor deletes whole (GitHub's package versions). */
function byVendorNote(plan: DeletePlan, item: PlannedDelete): string {
  return item.byVendor ? ` ${plan.vendor} deletes it as one package version.` : '';
}

/** The artifact a selection of referrer tags is (all of one item's tags name the same subject), if it is one. */
function artifactOf(item: PlannedDelete): { kind: string; subject: string } | undefined {
  const subjects = item.requested.map((t) => subjectOfTag(t));
  const first = subjects[0];
  if (!first || subjects.some((s) => !s || s.digest !== first.digest || s.kind !== first.kind)) return undefined;
  return { kind: first.kind === 'referrers' ? 'referrers index' : first.kind, subject: first.digest };
}

/** A tag as short as a person reads it: `sha256-<hex>` names show 12 hex digits, like digests. */
export function tagWords(tag: string): string {
  const subject = subjectOfTag(tag);
  if (!subject) return tag;
  const suffix = tag.slice(referrersTagOf(subject.digest).length);
  return `${referrersTagOf(subject.digest).slice(0, 'sha256-'.length + 12)}…${suffix}`;
}

const list = (tags: readonly string[]) => tags.map(tagWords).join(', ');

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** One sentence for a selection of one image. */
function singleItem(plan: DeletePlan, item: PlannedDelete): { message: string; detail: string } {
  const image = `${item.repository}@${shortDigest(item.digest)}`;
  const selected = `${item.repository}:${list(item.requested)}`;
  const artifact = artifactOf(item);
  if (artifact) {
    return {
      message: `Delete the ${artifact.kind} of ${item.repository}@${shortDigest(artifact.subject)}?`,
      detail:
        artifact.kind === 'referrers index'
          ? `The tag ${list(item.requested)} lists the referrers (signatures, SBOMs) of that image. The image and its referrers stay; registries without the referrers API no longer find them through this tag.`
          : `The tag ${list(item.requested)} holds it (${shortDigest(item.digest)}). The image it belongs to stays.`,
    };
  }
  const question = item.requested.length === 1 ? `Delete ${selected}` : `Delete ${plural(item.requested.length, 'tag')} of ${image}`;
  if (plan.mode === 'tag') {
    return {
      message: `Delete the tag${item.requested.length === 1 ? '' : 's'} ${selected}?`,
      detail: `Only ${item.requested.length === 1 ? 'the tag goes' : 'these tags go'}: ${plan.host} deletes tags alone (OCI 1.1). The image ${shortDigest(item.digest)} stays, with any other tags on it.`,
    };
  }
  if (plan.mode === 'vendor') {
    const one = item.requested.length === 1;
    return {
      message: `Delete the tag${one ? '' : 's'} ${selected}?`,
      detail: `${plan.vendor} removes the tag${one ? '' : 's'} only; the image ${shortDigest(item.digest)} and its other tags stay.`,
    };
  }
  const others = item.coTags;
  if (imageSurelyGoes(plan, item)) {
    return {
      message: others.length ? `${question} and ${plural(others.length, 'more tag')}?` : `${question}?`,
      detail: others.length
        ? `The image ${image} goes, with every tag on it, including ${plural(others.length, 'tag')} you did not select: ${list(others)}.`
        : `The image ${image} goes with it; no other tag points at it.${byVendorNote(plan, item)}`,
    };
  }
  return {
    message: `${question}?`,
    detail: `At worst the whole image ${image} goes, and with it ${plural(others.length, 'tag')} you did not select: ${list(others)}. Many registries delete only whole images; ${plan.host} has not shown yet whether it deletes a tag alone.`,
  };
}

/** One line per image of a larger selection. */
function itemLine(plan: DeletePlan, item: PlannedDelete): string {
  const artifact = artifactOf(item);
  if (artifact) return `${list(item.requested)}: the ${artifact.kind} of ${shortDigest(artifact.subject)}`;
  if (plan.mode === 'tag' || plan.mode === 'vendor') return `${item.repository}:${list(item.requested)} (the image ${shortDigest(item.digest)} stays)`;
  const others = item.coTags.length ? `; not selected: ${list(item.coTags)}` : '';
  return `${item.repository}@${shortDigest(item.digest)}: ${list(item.requested)}${others}`;
}

function manyItems(plan: DeletePlan): { message: string; detail: string } {
  const selected = plan.items.reduce((n, i) => n + i.requested.length, 0);
  if (plan.mode === 'tag') {
    return {
      message: `Delete ${plural(selected, 'tag')} on ${plan.host}?`,
      detail: `Only the tags go: ${plan.host} deletes tags alone (OCI 1.1). The images and their other tags stay.\n\n${plan.items.map((i) => itemLine(plan, i)).join('\n')}`,
    };
  }
  if (plan.mode === 'vendor') {
    return {
      message: `Delete ${plural(selected, 'tag')} on ${plan.host}?`,
      detail: `${plan.vendor} removes the tags only; the images and their other tags stay.\n\n${plan.items.map((i) => itemLine(plan, i)).join('\n')}`,
    };
  }
  const unselected = plan.items.reduce((n, i) => n + i.coTags.length, 0);
  const surely = plan.items.every((i) => imageSurelyGoes(plan, i) || artifactOf(i));
  const more = unselected ? `, including ${plural(unselected, 'tag')} you did not select` : '';
  const lead = surely
    ? `These images go, each with every tag on it${more}:`
    : `At worst these images go, each with every tag on it${more}; many registries delete only whole images:`;
  return {
    message: `Delete ${plural(selected, 'selected tag')} (${plural(plan.items.length, 'image')}) on ${plan.host}?`,
    detail: `${lead}\n${plan.items.map((i) => itemLine(plan, i)).join('\n')}${plan.items.some((i) => i.byVendor) ? `\n\n${plan.vendor} deletes each image that has just the one tag as one package version.` : ''}`,
  };
}

/** The modal's message, detail and destructive buttons for one registry's plan. */
export function describeDeletePlan(plan: DeletePlan): DeleteConfirmText {
  // Nothing will be asked of the registry: no button promises a delete.
  if (plan.refused)
    return {
      message: plan.refused.reason,
      detail: `Not deleted: ${plan.refused.tags.map((t) => `${t.repository}:${tagWords(t.tag)}`).join(', ')}.`,
      buttons: [],
    };
  const body = plan.items.length === 1 ? singleItem(plan, plan.items[0]) : manyItems(plan);
  const parts = [body.detail];
  const withReferrers = plan.items.filter((i) => i.referrers);
  if (withReferrers.length) {
    const index = withReferrers.find((i) => i.referrers?.fallbackTag)?.referrers?.fallbackTag;
    const whose = withReferrers.length === 1 ? (plan.items.length === 1 ? 'The image has' : 'One image has') : `${withReferrers.length} images have`;
    parts.push(
      `${whose} referrers (signatures, SBOMs${index ? `, listed by the tag ${tagWords(index)}` : ''}). "${DELETE_KEEP_REFERRERS}" leaves them pointing at nothing; "${WITH_REFERRERS}" deletes them with ${withReferrers.length === 1 ? 'the image' : 'their images'}.`,
    );
  }
  const missing = plan.missing.map((m) => `${m.repository}:${tagWords(m.tag)}`);
  if (missing.length) parts.push(`${missing.join(', ')} no longer ${missing.length === 1 ? 'exists' : 'exist'}; nothing to delete there.`);
  parts.push('This cannot be undone.');
  return { message: body.message, detail: parts.join('\n\n'), buttons: withReferrers.length ? [DELETE_KEEP_REFERRERS, WITH_REFERRERS] : [DELETE] };
}
