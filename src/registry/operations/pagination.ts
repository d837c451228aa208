/**
 * Paged listings (`?n=`, `?last=`, and the next page from `Link: <…>; rel="next"`, RFC 8288).
 * A relative link is resolved against the request URL; a link to another origin is refused,
 * because the next request would carry the registry's token there, and so is one whose scheme
 * is not http or https. Older Quay writes the link without angle brackets
 * (`Link: /v2/_catalog?n=50&last=x; rel="next"`): that is read too, not taken as the end.
 */
import { RegistryError } from '../errors';
import { LIMITS } from '../limits';
import { safeScheme } from '../transport/redirectLayer';

export interface Link {
  url: string;
  rels: string[];
}

/** The `rel` values of a link's parameters (`; rel="next"; title=x`). */
function relsOf(params: string): string[] {
  const rels: string[] = [];
  for (const p of params.split(';')) {
    const eq = p.indexOf('=');
    if (eq < 0) continue;
    if (p.slice(0, eq).trim().toLowerCase() !== 'rel') continue;
    const v = p
      .slice(eq + 1)
      .trim()
      .replace(/^"|"$/g, '');
    rels.push(...v.toLowerCase().split(/\s+/).filter(Boolean));
  }
  return rels;
}

/** Splits at commas outside quotes and angle brackets. */
function linkValues(s: string): string[] {
  const out: string[] = [];
  let quoted = false;
  let bracket = false;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '"' && !bracket) quoted = !quoted;
    else if (c === '<' && !quoted) bracket = true;
    else if (c === '>' && !quoted) bracket = false;
    else if (c === ',' && !quoted && !bracket) {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  out.push(s.slice(start));
  return out;
}

/** Parses a Link header value: `<url>; rel="next", <url2>; rel=prev`, or `url; rel="next"`. Never throws. */
export function parseLinkHeader(value: string | null | undefined): Link[] {
  if (!value) return [];
  const out: Link[] = [];
  for (const part of linkValues(value.slice(0, LIMITS.headerChars))) {
    const v = part.trim();
    if (!v) continue;
    const semi = v.indexOf(';', v.startsWith('<') ? v.indexOf('>') : 0);
    const target = (semi < 0 ? v : v.slice(0, semi)).trim();
    const url = target.startsWith('<') && target.endsWith('>') ? target.slice(1, -1).trim() : target;
    if (!url || /[\s<>]/.test(url)) continue;
    out.push({ url, rels: semi < 0 ? [] : relsOf(v.slice(semi + 1)) });
  }
  return out;
}

/** The absolute URL of the next page, or undefined on the last page. */
export function nextPageUrl(linkHeader: string | null | undefined, requestUrl: string, operation = 'list'): string | undefined {
  const next = parseLinkHeader(linkHeader).find((l) => l.rels.includes('next'));
  if (!next) return undefined;
  let url: URL;
  try {
    url = new URL(next.url, requestUrl);
  } catch {
    throw new RegistryError({ kind: 'protocol', operation, message: 'The registry named a next page that is not an address; the listing stops here.' });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new RegistryError({
      kind: 'protocol',
      operation,
      message: `The registry pointed the next page to an address with the unsupported scheme ${safeScheme(url.protocol)}; refusing to follow it.`,
    });
  }
  if (url.origin !== new URL(requestUrl).origin) {
    throw new RegistryError({
      kind: 'protocol',
      operation,
      message: `The registry pointed the next page to another address (${url.origin}); refusing to send the token there.`,
    });
  }
  return url.toString();
}
