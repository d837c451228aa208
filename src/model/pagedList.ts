/**
 * A list that loads page by page from one async iterator (the client's catalog or tags), so
 * "Load more…" continues exactly where the last page ended. Pure.
 */
export class PagedList {
  readonly items: string[] = [];
  /** What `items` holds, for de-duplication in constant time per name. */
  private readonly seen = new Set<string>();
  done = false;
  error: unknown;
  private iterator: AsyncIterator<string[]> | undefined;
  /** The next page, asked for as soon as the previous one arrived: it tells whether there is more. */
  private ahead: Promise<IteratorResult<string[]>> | undefined;
  private pending: Promise<void> | undefined;

  /**
   * `onDoneLater`: the look-ahead found the end after the page was shown (the "Load more…" node
   * can go). `lookAhead`: whether to ask for the next page as soon as one arrives — worth it when
   * what is shown nears the end of what is fetched; on a huge list it would read a page nobody shows.
   */
  constructor(
    private readonly open: () => AsyncIterable<string[]>,
    private readonly onDoneLater?: () => void,
    private readonly lookAhead: (fetched: number) => boolean = () => true,
  ) {}

  get started(): boolean {
    return this.iterator !== undefined || this.done || this.error !== undefined;
  }

  /** Loads the next page (concurrent calls share one request). A failure is kept in `error`, not thrown. */
  next(): Promise<void> {
    if (this.done) return Promise.resolve();
    if (!this.pending) {
      this.pending = this.load().finally(() => (this.pending = undefined));
    }
    return this.pending;
  }

  private async load(): Promise<void> {
    this.error = undefined;
    try {
      this.iterator ??= this.open()[Symbol.asyncIterator]();
      const r = await (this.ahead ?? this.iterator.next());
      this.ahead = undefined;
      if (r.done) {
        this.done = true;
        return;
      }
      for (const n of r.value) {
        if (this.seen.has(n)) continue;
        this.seen.add(n);
        this.items.push(n);
      }
      // The registry said this was the last page: the list is complete without asking again.
      if ((r.value as { hasNext?: boolean }).hasNext === false) {
        this.done = true;
        return;
      }
      if (this.lookAhead(this.items.length)) this.askAhead(this.iterator);
      // A generator that has no next page ends without a request; give it a tick so a
      // one-page list shows no "Load more…" at all.
      await new Promise((resolve) => setTimeout(resolve, 0));
    } catch (e) {
      this.error = e;
      // The iterator may be broken after a failure; a retry starts over from the first page.
      this.iterator = undefined;
      this.ahead = undefined;
      this.items.length = 0;
      this.seen.clear();
    }
  }

  private askAhead(iterator: AsyncIterator<string[]>): void {
    const ahead = iterator.next();
    this.ahead = ahead;
    ahead.then(
      (r) => {
        if (r.done && this.ahead === ahead) {
          this.ahead = undefined;
          const wasShown = !this.pending;
          this.done = true;
          if (wasShown) this.onDoneLater?.();
        }
      },
      () => undefined /* surfaced when the page is asked for */,
    );
  }
}
