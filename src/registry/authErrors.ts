/**
 * The sentences of an auth failure, after the one retry a challenge allows could not help: who may
 * not do what (denied), or whose credentials were not accepted (unauthorized) — worded from the
 * challenge, what was asked for and what the token server granted. Beside errors.ts, the other
 * error texts.
 */
import { RegistryError, type RegistryErrorEntry } from './errors';
import type { AuthChallenge } from './transport/challenge';
import { ScopeSet } from './transport/scope';

/** A scope fit to quote in a message (it comes from a header): `type:name:actions` of plain characters. */
const SHOWABLE_SCOPE = /^[a-z0-9()]{1,32}:[a-z0-9._/:-]{1,255}:[a-z*,]{1,64}$/;
/** The error codes of RFC 6750 §3.1, the only `error=` values quoted. */
const RFC6750_ERRORS = new Set(['invalid_request', 'invalid_token', 'insufficient_scope']);

export interface AuthFailure {
  host: string;
  operation: string;
  repository?: string;
  /** Redacted. */
  url: string;
  status: number;
  /** The registry's error body, parsed. */
  entries: RegistryErrorEntry[];
  challenge: AuthChallenge;
  /** What the last attempt asked the token server for. */
  asked: ScopeSet;
  /** What the token it sent was granted, when it sent one. */
  granted?: ScopeSet;
  hadToken: boolean;
  /** Who the request went out as; undefined: anonymous. */
  user?: string;
}

export function authFailure(f: AuthFailure): RegistryError {
  const ch = f.challenge;
  const said = f.entries.length ? ` The registry said: ${f.entries.map((e) => e.message ?? e.code).join('; ')}.` : '';
  const base = { operation: f.operation, status: f.status, codes: f.entries.map((e) => e.code), url: f.url };
  const user = f.user;
  if (ch.scheme === 'bearer' && ch.error === 'insufficient_scope') {
    const wanted = new ScopeSet(ch.scopes.length ? ch.scopes : f.asked.toStrings());
    const missing = (f.granted ?? new ScopeSet()).missingFrom(wanted);
    // Scopes come from a header: only ones that read as scopes are quoted.
    const shown = (missing.length ? missing : wanted.toStrings()).filter((x) => SHOWABLE_SCOPE.test(x)).slice(0, 8);
    const actions = [...new Set(shown.map((s) => s.slice(s.lastIndexOf(':') + 1)))].join(', ') || 'this';
    const where = f.repository ? ` in ${f.repository}` : '';
    if (!user) {
      return new RegistryError({
        ...base,
        kind: 'unauthorized',
        message: `Anonymous access is not allowed to ${actions}${where} on ${f.host} (it needs ${shown.join(' ') || 'more access'}).${said}`,
        hint: 'Sign in to this registry with an account that has access.',
      });
    }
    return new RegistryError({
      ...base,
      kind: 'denied',
      message: `${user} is not allowed to ${actions}${where} on ${f.host} (the token server did not grant ${shown.join(' ') || 'it'}).${said}`,
      hint: `Ask the registry administrator to grant ${user} this permission, or sign in as another user.`,
    });
  }
  if (user && ch.scheme === 'bearer' && f.hadToken && !ch.error && ch.scopes.length === 0) {
    // The token server accepted the login and issued a token; the registry refuses it without
    // saying for what (GCR does this for a missing permission): not a rejected password.
    return new RegistryError({
      ...base,
      kind: 'denied',
      message: `${f.host} refused to let ${user} ${f.operation} (${f.status}), although its token server accepted the login; the account probably lacks this permission.${said}`,
      hint: `Ask the registry administrator to grant ${user} this permission, or sign in as another user.`,
    });
  }
  const error = ch.scheme === 'bearer' && ch.error && RFC6750_ERRORS.has(ch.error) ? ` ${ch.error}` : '';
  return new RegistryError({
    ...base,
    kind: 'unauthorized',
    message: user
      ? `${f.host} did not accept the credentials of ${user} (${f.status}${error}).${said}`
      : `${f.host} requires you to sign in to ${f.operation}.${said}`,
    hint: user ? 'Check the user name and password (or token), then sign in again.' : 'Sign in to this registry.',
  });
}
