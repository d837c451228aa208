/**
 * Where a Bearer challenge may send us. The realm comes from the registry, so a hostile or
 * broken one must not downgrade us to plain http or point at something that is not a URL.
 */
import { RegistryError } from './errors';
import { redactUrl } from './redact';

export function resolveRealm(realm: string, requestUrl: string, ctx: { host: string; operation: string }): string {
  let url: URL;
  try {
    url = new URL(realm, requestUrl); // a relative realm is relative to the request
  } catch {
    throw new RegistryError({ kind: 'protocol', operation: ctx.operation, message: `${ctx.host} named a token realm that is not a URL ("${realm.slice(0, 200)}").` });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new RegistryError({ kind: 'protocol', operation: ctx.operation, message: `${ctx.host} named a token realm with the unsupported scheme ${url.protocol}.` });
  }
  if (new URL(requestUrl).protocol === 'https:' && url.protocol === 'http:') {
    throw new RegistryError({
      kind: 'protocol',
      operation: ctx.operation,
      url: redactUrl(url.toString()),
      message: `${ctx.host} is served over https but sends token requests to plain http (${redactUrl(url.toString())}); refusing, because your credentials would travel unencrypted.`,
      hint: 'The registry is misconfigured: its token realm must be an https URL.',
    });
  }
  url.hash = '';
  return url.toString();
}
