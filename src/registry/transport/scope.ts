/**
 * Token scopes `type[(class)]:name:actions` (distribution docs/spec/auth/scope.md).
 * A name may hold `host:port` (`repository:localhost:5000/foo:pull`), so a scope splits at its
 * first and its last colon. The type is kept verbatim (`repository(plugin)`). Actions are a set,
 * and `*` covers every action.
 */

export interface Scope {
  type: string;
  name: string;
  actions: string[];
}

/** Parses one scope; undefined when it has fewer than two colons. */
export function parseScope(s: string): Scope | undefined {
  const first = s.indexOf(':');
  const last = s.lastIndexOf(':');
  if (first <= 0 || last === first) return undefined;
  const actions = s
    .slice(last + 1)
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  return { type: s.slice(0, first), name: s.slice(first + 1, last), actions };
}

function formatActions(actions: Iterable<string>): string {
  const set = new Set(actions);
  return set.has('*') ? '*' : [...set].sort().join(',');
}

export function formatScope(type: string, name: string, actions: Iterable<string>): string {
  return `${type}:${name}:${formatActions(actions)}`;
}

export function repositoryScope(repository: string, ...actions: string[]): string {
  return formatScope('repository', repository, actions);
}

export const CATALOG_SCOPE = 'registry:catalog:*';

/** Scopes merged per resource, in first-seen order (the token request lists new ones first). */
export class ScopeSet {
  private readonly resources = new Map<string, { type: string; name: string; actions: Set<string> }>();

  constructor(scopes: Iterable<string> = []) {
    this.addAll(scopes);
  }

  static of(...sets: (ScopeSet | Iterable<string>)[]): ScopeSet {
    const out = new ScopeSet();
    for (const s of sets) out.addAll(s instanceof ScopeSet ? s.toStrings() : s);
    return out;
  }

  add(scope: string): this {
    const p = parseScope(scope);
    if (!p) return this;
    const key = `${p.type}\u0000${p.name}`;
    let r = this.resources.get(key);
    if (!r) this.resources.set(key, (r = { type: p.type, name: p.name, actions: new Set() }));
    for (const a of p.actions) r.actions.add(a);
    return this;
  }

  addAll(scopes: Iterable<string>): this {
    for (const s of scopes) this.add(s);
    return this;
  }

  get isEmpty(): boolean {
    return this.resources.size === 0;
  }

  /** One string per resource, actions sorted: `repository:foo/bar:delete,pull,push`. */
  toStrings(): string[] {
    return [...this.resources.values()].map((r) => formatScope(r.type, r.name, r.actions));
  }

  /** A stable key for the set, independent of order. */
  key(): string {
    return this.toStrings().sort().join(' ');
  }

  /** Whether these (granted) scopes allow every action of `needed`. */
  covers(needed: ScopeSet | Iterable<string>): boolean {
    const n = needed instanceof ScopeSet ? needed : new ScopeSet(needed);
    for (const r of n.resources.values()) {
      const g = this.resources.get(`${r.type}\u0000${r.name}`);
      if (!g) return false;
      if (g.actions.has('*')) continue;
      for (const a of r.actions) if (!g.actions.has(a)) return false;
    }
    return true;
  }

  /** Whether any scope here names that resource (with any action). */
  touches(type: string, name: string): boolean {
    const r = this.resources.get(`${type}\u0000${name}`);
    return !!r && r.actions.size > 0;
  }

  /** The scopes of `other` (per action) that this set does not already cover. */
  missingFrom(other: ScopeSet): string[] {
    const out: string[] = [];
    for (const r of other.resources.values()) {
      const g = this.resources.get(`${r.type}\u0000${r.name}`);
      if (g?.actions.has('*')) continue;
      const missing = [...r.actions].filter((a) => !g?.actions.has(a));
      if (missing.length) out.push(formatScope(r.type, r.name, missing));
    }
    return out;
  }
}
