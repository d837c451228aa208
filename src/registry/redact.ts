/**
 * Keeping secrets out of text that people see: URLs in logs and errors, and any sentence the
 * client builds from what a registry or a library said.
 *
 * URLs keep their scheme, host and path and the values of the few query parameters known to be
 * harmless (page size, position, mount source, digest, token scope); every other value is
 * masked, because signed storage URLs name their signatures in many ways (`X-Amz-Signature`,
 * Azure `sig`, `X-Goog-Credential`, upload `_state`). Userinfo is dropped.
 */

/** Query parameters whose values are shown: none of them can carry a secret. */
const SHOWN = new Set([
  'n',
  'last',
  'mount',
  'from',
  'digest',
  'service',
  'scope',
  'account',
  'artifacttype',
  'page',
  'page_size',
  'ordering',
  'orderby',
  'offline_token',
  'client_id',
  'grant_type',
]);

export function isSensitiveParam(name: string): boolean {
  let decoded = name;
  try {
    decoded = decodeURIComponent(name);
  } catch {
    /* keep as is */
  }
  return !SHOWN.has(decoded.toLowerCase());
}

/** Drops userinfo and masks the values of all but the harmless query parameters. */
export function redactUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return '<invalid url>';
  }
  const query = u.search.startsWith('?') ? u.search.slice(1) : '';
  const masked = query
    ? '?' +
      query
        .split('&')
        .map((pair) => {
          const eq = pair.indexOf('=');
          const name = eq >= 0 ? pair.slice(0, eq) : pair;
          return eq >= 0 && isSensitiveParam(name) ? `${name}=***` : pair;
        })
        .join('&')
    : '';
  return `${u.protocol}//${u.host}${u.pathname}${masked}`;
}

const URL_IN_TEXT = /\bhttps?:\/\/[^\s"'<>`]+/gi;
const JWT_IN_TEXT = /\beyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]*/g;
const AUTH_IN_TEXT = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi;
// Control characters (line breaks, escapes) would let a registry forge log lines or garble a sentence.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/**
 * Text from outside (a registry's error message, a library's error) made fit for a sentence:
 * the secrets given are masked (as written, URL-encoded and base64-encoded), URLs in it are
 * redacted, anything that looks like a token or an Authorization value is masked, control
 * characters become spaces, and it is cut to `max` characters.
 */
export function scrubText(text: string, secrets: Iterable<string> = [], max = Infinity): string {
  let out = text;
  for (const s of secrets) {
    if (!s || s.length < 4) continue;
    for (const form of secretForms(s)) out = out.split(form).join('***');
  }
  out = out.replace(URL_IN_TEXT, (m) => redactUrl(m.replace(/[.,;:)\]]+$/, '')) + m.slice(m.replace(/[.,;:)\]]+$/, '').length));
  out = out.replace(JWT_IN_TEXT, '***').replace(AUTH_IN_TEXT, (_m, scheme: string) => `${scheme} ***`);
  out = out.replace(CONTROL, ' ');
  return out.length > max ? `${out.slice(0, max)}…` : out;
}

function secretForms(s: string): string[] {
  const forms = new Set([s, encodeURIComponent(s), Buffer.from(s).toString('base64').replace(/=+$/, '')]);
  return [...forms].filter((f) => f.length >= 4);
}
