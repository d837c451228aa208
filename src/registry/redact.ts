/**
 * Redacts URLs for logs and errors: signed blob URLs carry credentials in the query
 * (S3 `X-Amz-Signature`, Azure `sig`, upload `_state`), and userinfo may hold a password.
 */
const SENSITIVE = /^(?:_state|x-amz-.*|x-goog-.*|signature|sig|token|password|passwd|access_token|refresh_token|id_token|client_secret|code|key|api_key|apikey|auth|authorization|credential|secret)$/i;

export function isSensitiveParam(name: string): boolean {
  let decoded = name;
  try {
    decoded = decodeURIComponent(name);
  } catch {
    /* keep as is */
  }
  return SENSITIVE.test(decoded);
}

/** Drops userinfo and masks the values of sensitive query parameters; keeps everything else as sent. */
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
