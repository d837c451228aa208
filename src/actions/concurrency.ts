/** Bounded concurrency for registry round trips (HEAD per tag, per-blob work). */

/**
 * Maps `items` through `fn` with at most `limit` calls in flight, keeping the input order.
 * Every item runs even when another fails; failures are returned, not thrown, so a caller can
 * report them per item.
 */
export async function mapSettledLimited<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<PromiseSettledResult<R>[]> {
  const results: PromiseSettledResult<R>[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      try {
        results[i] = { status: 'fulfilled', value: await fn(items[i], i) };
      } catch (reason) {
        results[i] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
