import type { Cell } from './cells.js';
import { cellText } from './cells.js';
import type { Table } from './table.js';
import { specOf, TAB_NAMES, type TabName } from './tabs/index.js';

/** The last number given for each ID prefix (`M-` → 9 once M-9 was given). */
export type IdMarks = ReadonlyMap<string, number>;

/** Every prefix Hearth gives IDs with, and its tab. */
export const ID_PREFIXES: ReadonlyMap<string, TabName> = new Map(
  TAB_NAMES.flatMap((tab) => {
    const { idPrefix } = specOf(tab);
    // Outbox IDs are digests of their cause, not counted.
    return idPrefix && tab !== 'Outbox' ? [[idPrefix, tab] as const] : [];
  }),
);

/** `EV-12` → 12 when it has `prefix`, else undefined. */
export function idNumber(id: string, prefix: string): number | undefined {
  if (!id.startsWith(prefix)) return undefined;
  const n = Number(id.slice(prefix.length));
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** The largest number of `prefix` among the IDs of a tab's rows, typed well or not. */
export function largestInRows(table: Table, prefix: string): number {
  const idKey = table.spec.idKey;
  let last = 0;
  if (!idKey) return last;
  const ids = [
    ...table.rows.map((row) => cellText((row.values as Record<string, Cell>)[idKey] ?? null)),
    ...table.invalid.map((row) => row.id ?? ''),
  ];
  for (const id of ids) last = Math.max(last, idNumber(id.trim(), prefix) ?? 0);
  return last;
}

/** The largest number of each prefix mentioned anywhere in `texts` (Outbox About and To, Audit cells). */
export function largestMentioned(texts: Iterable<string>): Map<string, number> {
  const found = new Map<string, number>();
  const pattern = new RegExp(`\\b(${[...ID_PREFIXES.keys()].join('|')})(\\d+)\\b`, 'g');
  for (const text of texts) {
    for (const match of text.matchAll(pattern)) {
      const prefix = match[1] as string;
      const n = Number(match[2]);
      if (Number.isSafeInteger(n) && n > (found.get(prefix) ?? 0)) found.set(prefix, n);
    }
  }
  return found;
}

/** Each prefix's larger mark. */
export function highest(...all: IdMarks[]): Map<string, number> {
  const merged = new Map<string, number>();
  for (const marks of all)
    for (const [prefix, n] of marks) if (n > (merged.get(prefix) ?? 0)) merged.set(prefix, n);
  return merged;
}

/** What the IDs tab says was given last, by prefix. */
export function marksInIdsTab(table: Table): Map<string, number> {
  const marks = new Map<string, number>();
  for (const { values } of table.rows) {
    const { kind, lastId } = values as { kind?: string; lastId?: string };
    const prefix = (kind ?? '').trim();
    const n = idNumber((lastId ?? '').trim(), prefix);
    if (n !== undefined && n > (marks.get(prefix) ?? 0)) marks.set(prefix, n);
  }
  return marks;
}
