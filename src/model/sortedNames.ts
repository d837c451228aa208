/**
 * The names of one level of the tree (a repository's tags, a registry's repositories), kept in
 * display order as they arrive, so that a redraw is a walk over the first names and never a sort:
 *
 * - a page that arrives is sorted on its own (its sort keys parsed once per name) and merged in:
 *   O(k log k + n), never a sort of everything already there;
 * - a name seen before is not added twice (a set, not a scan);
 * - removing names marks them (O(removed)); the list is compacted once marks pile up;
 * - a change of order (another sort, dates that arrived) sorts once, when asked.
 * Pure: no `vscode`, no registry.
 */

export interface Order<K> {
  /** Parsed once per name. */
  key(name: string): K;
  compare(a: K, b: K): number;
}

interface Entry<K> {
  name: string;
  key: K;
  removed?: boolean;
}

export class SortedNames<K = unknown> {
  private entries: Entry<K>[] = [];
  private readonly byName = new Map<string, Entry<K>>();
  private removedCount = 0;
  /** Grows with every change of the list: a drawing of it stays right while this stays the same. */
  version = 0;

  constructor(private order: Order<K>) {}

  get size(): number {
    return this.byName.size;
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** Adds the names not there yet, each in its place; returns how many were new. */
  add(names: Iterable<string>): number {
    const fresh: Entry<K>[] = [];
    for (const name of names) {
      if (this.byName.has(name)) continue;
      const entry = { name, key: this.order.key(name) };
      this.byName.set(name, entry);
      fresh.push(entry);
    }
    if (!fresh.length) return 0;
    this.version++;
    fresh.sort((a, b) => this.order.compare(a.key, b.key));
    this.entries = merge(this.live(), fresh, (a, b) => this.order.compare(a.key, b.key));
    this.removedCount = 0;
    return fresh.length;
  }

  /** Takes names off the list: O(names), the list itself is compacted later. */
  remove(names: Iterable<string>): number {
    let n = 0;
    for (const name of names) {
      const entry = this.byName.get(name);
      if (!entry) continue;
      entry.removed = true;
      this.byName.delete(name);
      this.removedCount++;
      n++;
    }
    if (n) this.version++;
    if (this.removedCount > 64 && this.removedCount > this.entries.length / 2) {
      this.entries = this.live();
      this.removedCount = 0;
    }
    return n;
  }

  /** Sorts everything again in `order` (another sort, or keys that changed, such as dates). */
  reorder(order: Order<K> = this.order): void {
    this.version++;
    this.order = order;
    const live = this.live();
    for (const e of live) e.key = order.key(e.name);
    this.entries = live.sort((a, b) => order.compare(a.key, b.key));
    this.removedCount = 0;
  }

  /**
   * The first `count` names that `match` (all, without one), in order, and whether more would
   * follow: the walk stops at the first match past `count`.
   */
  first(count: number, match?: (name: string) => boolean): { names: string[]; more: boolean; matched: number } {
    const names: string[] = [];
    for (const e of this.entries) {
      if (e.removed || (match && !match(e.name))) continue;
      if (names.length === count) return { names, more: true, matched: names.length };
      names.push(e.name);
    }
    return { names, more: false, matched: names.length };
  }

  /** How many names `match`. */
  count(match?: (name: string) => boolean): number {
    if (!match) return this.size;
    let n = 0;
    for (const e of this.entries) if (!e.removed && match(e.name)) n++;
    return n;
  }

  *[Symbol.iterator](): IterableIterator<string> {
    for (const e of this.entries) if (!e.removed) yield e.name;
  }

  private live(): Entry<K>[] {
    return this.removedCount ? this.entries.filter((e) => !e.removed) : this.entries;
  }
}

/** Merges two sorted arrays into a new sorted array (stable: `a` first on ties). */
function merge<T>(a: readonly T[], b: readonly T[], compare: (x: T, y: T) => number): T[] {
  const out = new Array<T>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = compare(b[j], a[i]) < 0 ? b[j++] : a[i++];
  while (i < a.length) out[k++] = a[i++];
  while (j < b.length) out[k++] = b[j++];
  return out;
}
