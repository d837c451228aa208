/**
 * A tokenizer for `WWW-Authenticate` (RFC 9110 §11.6.1, RFC 7235):
 *
 *   challenge  = auth-scheme [ 1*SP ( token68 / auth-param *( OWS "," OWS auth-param ) ) ]
 *   auth-param = token BWS "=" BWS ( token / quoted-string )
 *
 * A header line may hold several challenges, and a response several lines. A comma ends a
 * parameter or a challenge; which one is decided by what follows (`name =` is a parameter,
 * anything else starts a challenge). Registries write values loosely (`realm=https://x/token`
 * unquoted, which is not an RFC token), so an unquoted value runs to the next comma or space.
 * Never a regex over the whole header: quoted commas (`scope="repository:a:pull,push"`) and
 * escapes defeat them.
 */
import { RegistryError } from '../errors';

/** Headers longer than this are cut: a hostile registry must not make us spin. */
export const MAX_HEADER_CHARS = 16 * 1024;
const MAX_CHALLENGES = 32;

export interface Challenge {
  /** Lowercase scheme, e.g. `bearer`, `basic`, `negotiate`. */
  scheme: string;
  /** Lowercase parameter names; the first value wins (except `scope`, collected in `scopes`). */
  params: Record<string, string>;
  /** Every scope named by every `scope` parameter, split on spaces, without duplicates. */
  scopes: string[];
  token68?: string;
}

const TCHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;
const TOKEN68 = /[A-Za-z0-9\-._~+/]/;

class Cursor {
  pos = 0;
  constructor(readonly s: string) {}
  get done(): boolean {
    return this.pos >= this.s.length;
  }
  peek(): string {
    return this.s[this.pos] ?? '';
  }
  skipSpace(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.pos++;
  }
  skipSpaceAndCommas(): void {
    while (this.peek() === ' ' || this.peek() === '\t' || this.peek() === ',') this.pos++;
  }
  readWhile(re: RegExp): string {
    const start = this.pos;
    while (!this.done && re.test(this.peek())) this.pos++;
    return this.s.slice(start, this.pos);
  }
  /** A quoted-string with `\` escapes; an unterminated one runs to the end. */
  readQuoted(): string {
    this.pos++; // opening quote
    let out = '';
    while (!this.done) {
      const c = this.s[this.pos++];
      if (c === '"') return out;
      if (c === '\\' && !this.done) out += this.s[this.pos++];
      else out += c;
    }
    return out;
  }
  /** A loose unquoted value: up to the next comma or white space. */
  readBare(): string {
    const start = this.pos;
    while (!this.done && !/[,\s"]/.test(this.peek())) this.pos++;
    return this.s.slice(start, this.pos);
  }
  /** Skips to just after the next comma outside quotes (recovery from garbage). */
  skipToComma(): void {
    while (!this.done) {
      const c = this.peek();
      if (c === '"') this.readQuoted();
      else {
        this.pos++;
        if (c === ',') return;
      }
    }
  }
}

/** Tries `name BWS = BWS value`; on anything else restores the cursor and returns undefined. */
function readParam(c: Cursor): [string, string] | undefined {
  const start = c.pos;
  const name = c.readWhile(TCHAR);
  c.skipSpace();
  if (!name || c.peek() !== '=') {
    c.pos = start;
    return undefined;
  }
  c.pos++;
  c.skipSpace();
  const value = c.peek() === '"' ? c.readQuoted() : c.readBare();
  return [name.toLowerCase(), value];
}

/**
 * Tries a token68 that stands alone: followed by the end, or by a comma and then not a
 * parameter (`realm=,service=x` is two parameters, `abc==, Bearer …` a token68 and a challenge).
 */
function readToken68(c: Cursor): string | undefined {
  const start = c.pos;
  const body = c.readWhile(TOKEN68);
  const pad = c.readWhile(/=/);
  const end = c.pos;
  c.skipSpace();
  let alone = !!body && c.done;
  if (body && c.peek() === ',') {
    c.skipSpaceAndCommas();
    alone = c.done || readParam(c) === undefined;
  }
  if (alone) {
    c.pos = end;
    return body + pad;
  }
  c.pos = start;
  return undefined;
}

function parseLine(line: string, out: Challenge[]): void {
  const c = new Cursor(line);
  while (!c.done && out.length < MAX_CHALLENGES) {
    c.skipSpaceAndCommas();
    if (c.done) break;
    const scheme = c.readWhile(TCHAR);
    if (!scheme) {
      c.skipToComma(); // not a challenge: skip the garbage up to the next comma
      continue;
    }
    const ch: Challenge = { scheme: scheme.toLowerCase(), params: {}, scopes: [] };
    out.push(ch);
    c.skipSpace();
    if (c.done) continue;
    if (c.peek() === ',') {
      // Empty list elements (`Bearer , , realm="…"`) are valid and ignored (RFC 9110 §5.6.1):
      // parameters after them still belong to this challenge; anything else starts the next one.
      const commas = c.pos;
      c.skipSpaceAndCommas();
      const at = c.pos;
      const isParam = !c.done && readParam(c) !== undefined;
      c.pos = isParam ? at : commas;
      if (!isParam) continue;
    }
    const t68 = readToken68(c);
    if (t68 !== undefined) {
      ch.token68 = t68;
      continue;
    }
    // Parameters, until something that is not `name=` (the next challenge's scheme).
    for (;;) {
      const before = c.pos;
      const p = readParam(c);
      if (!p) {
        // Garbage inside a challenge (e.g. `realm"x"`) : skip it, unless it starts a new challenge.
        if (c.pos === before && !TCHAR.test(c.peek()) && !c.done && c.peek() !== ',') c.skipToComma();
        break;
      }
      const [name, value] = p;
      if (name === 'scope') {
        for (const s of value.split(/\s+/)) if (s && !ch.scopes.includes(s)) ch.scopes.push(s);
        if (!('scope' in ch.params)) ch.params.scope = value;
      } else if (!(name in ch.params)) ch.params[name] = value;
      c.skipSpace();
      if (c.peek() !== ',') {
        if (!c.done) c.skipToComma(); // junk after a value: drop it
        break;
      }
      c.pos++; // the comma
      c.skipSpaceAndCommas();
      if (c.done) break;
    }
  }
}

/** Parses every challenge in every header line. Never throws; bounded in time by the input cap. */
export function parseChallenges(lines: string | string[] | null | undefined): Challenge[] {
  const list = lines == null ? [] : Array.isArray(lines) ? lines : [lines];
  const out: Challenge[] = [];
  let budget = MAX_HEADER_CHARS;
  for (const line of list) {
    if (typeof line !== 'string' || budget <= 0) continue;
    const cut = line.slice(0, budget);
    budget -= cut.length;
    parseLine(cut, out);
  }
  return out;
}

/** The challenge the client acts on. */
export type AuthChallenge = { scheme: 'basic'; realm?: string } | { scheme: 'bearer'; realm: string; service?: string; scopes: string[]; error?: string };

/**
 * Picks what to answer: Bearer with a realm over Basic; unknown schemes are ignored.
 * A Bearer challenge without a realm (and nothing else to use) is an error: we never invent a token URL.
 */
export function selectChallenge(challenges: Challenge[], ctx: { host: string; operation: string }): AuthChallenge | undefined {
  const bearers = challenges.filter((c) => c.scheme === 'bearer');
  const withRealm = bearers.find((c) => c.params.realm);
  if (withRealm) {
    // Scopes from every Bearer challenge count: some registries split them over lines.
    const scopes: string[] = [];
    for (const b of bearers) for (const s of b.scopes) if (!scopes.includes(s)) scopes.push(s);
    const error = bearers.map((b) => b.params.error).find((e) => e);
    return { scheme: 'bearer', realm: withRealm.params.realm, service: withRealm.params.service, scopes, error };
  }
  const basic = challenges.find((c) => c.scheme === 'basic');
  if (basic) return { scheme: 'basic', realm: basic.params.realm };
  if (bearers.length) {
    throw new RegistryError({
      kind: 'protocol',
      operation: ctx.operation,
      message: `${ctx.host} asked for a Bearer token but did not say where to get one (no realm in WWW-Authenticate).`,
      hint: 'The registry is misconfigured; its administrator must set the token realm.',
    });
  }
  return undefined;
}
