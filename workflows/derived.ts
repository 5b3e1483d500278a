/**
 * Values derived from whole tables (and rows), kept while those are the very same objects. The writer's reader
 * hands out the same table again while no row of its tab changed, and the same row values while that row did
 * not (sheets-schema/table.ts, RowMemo); a step that changes nothing leaves the view's tables as they are. So a
 * tick at rest derives nothing twice, and a changed row or table is derived afresh without anyone saying so.
 *
 * Only for pure functions of the objects given, whose results nobody changes.
 */
export function keptFor<K extends readonly [object, ...object[]], R>(
  derive: (...keys: K) => R,
): (...keys: K) => R {
  // One WeakMap a key: the first keys lead to maps, the last to the value itself (a wrapper per value would
  // cost an object a row where values are kept by row).
  const root = new WeakMap<object, unknown>();
  return (...keys: K): R => {
    let map = root;
    const last = keys.length - 1;
    for (let i = 0; i < last; i++) {
      const key = keys[i] as object;
      let next = map.get(key) as WeakMap<object, unknown> | undefined;
      if (!next) {
        next = new WeakMap();
        map.set(key, next);
      }
      map = next;
    }
    const key = keys[last] as object;
    const found = map.get(key);
    if (found !== undefined || map.has(key)) return found as R;
    const value = derive(...keys);
    map.set(key, value);
    return value;
  };
}

/**
 * A pure function of a few plain values (times as milliseconds, zone names; never text that holds a NUL), kept by those values: the same event
 * times are worked out every minute. Bounded: when full it starts again, which costs only the work again.
 */
export function keptByValue<A extends readonly (string | number)[], R>(
  derive: (...args: A) => R,
  size = 20_000,
): (...args: A) => R {
  const kept = new Map<string, R>();
  return (...args: A): R => {
    const key = args.join('\u0000');
    const found = kept.get(key);
    if (found !== undefined || kept.has(key)) return found as R;
    if (kept.size >= size) kept.clear();
    const value = derive(...args);
    kept.set(key, value);
    return value;
  };
}
