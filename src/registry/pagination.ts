/**
 * Paged listings (`?n=`, `?last=`, and the next page from `Link: <…>; rel="next"`, RFC 8288).
 * A relative link is resolved against the request URL; a link to another origin is refused,
 * because the next request would carry the registry's token there.
 */
import { RegistryError } from './errors';

export interface Link {
  url: string;
  rels: string[];
}

/** Parses a Link header value: `<url>; rel="next", <url2>; rel=prev`. Never throws. */
export function parseLinkHeader(value: string | null | undefined): Link[] {
  if (!value) return [];
  const out: Link[] = [];
  let i = 0;
  const s = value.slice(0, 16 * 1024);
  while (i < s.length) {
    const lt = s.indexOf('<', i);
    if (lt < 0) break;
    const gt = s.indexOf('>', lt);
    if (gt < 0) break;
    const url = s.slice(lt + 1, gt).trim();
    // Parameters run to the next comma that is outside quotes.
    let j = gt + 1;
    let params = '';
    let quoted = false;
    for (; j < s.length; j++) {
      const c = s[j];
      if (c === '"') quoted = !quoted;
      if (c === ',' && !quoted) break;
      params += c;
    }
    const rels: string[] = [];
    for (const p of params.split(';')) {
      const eq = p.indexOf('=');
      if (eq < 0) continue;
      if (p.slice(0, eq).trim().toLowerCase() !== 'rel') continue;
      const v = p.slice(eq + 1).trim().replace(/^"|"$/g, '');
      rels.push(...v.toLowerCase().split(/\s+/).filter(Boolean));
    }
    out.push({ url, rels });
    i = j + 1;
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
    return undefined;
  }
  if (url.origin !== new URL(requestUrl).origin) {
    throw new RegistryError({ kind: 'protocol', operation, message: `The registry pointed the next page to another address (${url.origin}); refusing to send the token there.` });
  }
  return url.toString();
}
