import type { DateTime } from 'luxon';
import { append, type Change, update } from '../sheets-schema/changes.js';
import type { IdMarks } from '../sheets-schema/ids.js';
import type { Snapshot } from '../sheets-schema/snapshot.js';
import { emptyPlan, type Plan } from './plan.js';
import { leadersNote } from './records.js';

/** A prefix whose last ID the ledger knows and the sheet has lost: an older copy was saved over Hearth's. */
export interface LostIds {
  prefix: string;
  /** The last ID Hearth gave, as the ledger outside the sheet keeps it. */
  given: number;
  /** The last one the sheet's IDs tab still knows. */
  inSheet: number;
}

/**
 * Prefixes whose last ID the ledger knows and the sheet does not (not in its IDs tab, rows or Outbox): the sheet
 * went back in time (a restore, an organizer's "save anyway" over Hearth's write). A row deleted by hand is not
 * that: the IDs tab still knows its ID. Only a sheet with an IDs tab can tell. `own` are marks this writer
 * recorded but has not written yet (a failed write): those are not a rollback either.
 */
export function lostIds(ledger: IdMarks, snapshot: Snapshot, own: IdMarks = new Map()): LostIds[] {
  if (!snapshot.has('IDs') || !snapshot.table('IDs').present) return [];
  const tab = snapshot.idsTabMarks();
  const suspect = [...ledger].filter(
    ([prefix, given]) => (tab.get(prefix) ?? 0) < given && (own.get(prefix) ?? 0) < given,
  );
  if (suspect.length === 0) return [];
  const inSheet = snapshot.sheetIdMarks();
  return suspect
    .filter(([prefix, given]) => (inSheet.get(prefix) ?? 0) < given)
    .map(([prefix, given]) => ({ prefix, given, inSheet: inSheet.get(prefix) ?? 0 }))
    .sort((a, b) => a.prefix.localeCompare(b.prefix));
}

/**
 * The leaders hear once (in their channel and in Audit) that the sheet is older than what Hearth wrote, which
 * IDs it lost, and that new IDs go on after them. The IDs tab is then brought back up, so it is said once.
 */
export function planRollbackNotice(snapshot: Snapshot, lost: readonly LostIds[], now: DateTime): Plan {
  if (lost.length === 0) return emptyPlan();
  const key = `ids.rollback:${lost.map((l) => `${l.prefix}${l.inSheet}<${l.given}`).join(',')}`;
  const ranges = lost.map((l) =>
    l.given === l.inSheet + 1
      ? `${l.prefix}${l.given}`
      : `${l.prefix}${l.inSheet + 1} to ${l.prefix}${l.given}`,
  );
  const details = `The sheet no longer has ${ranges.join(', ')}, which Hearth gave out: an older copy of the spreadsheet was probably restored or saved over Hearth's changes. Whatever those rows were (a join, an RSVP, an approval…) is not in the sheet any more: check Slack and the Audit tab for them. No ID is given twice: new ones go on after ${lost.map((l) => `${l.prefix}${l.given}`).join(', ')}, and buttons on messages about the lost rows do nothing.`;
  const plan = leadersNote(snapshot, now, key, {
    text: `:warning: ${details}`,
    action: 'sheet.rolled-back',
    target: ranges.join(', '),
    details,
  });
  if (plan.changes.length > 0) plan.notes.push(`sheet rolled back: lost ${ranges.join(', ')}`);
  return plan;
}

/** The IDs tab brought up to `marks`: a row per prefix, each only ever raised. */
export function planIdMarks(snapshot: Snapshot, marks: IdMarks, now: DateTime): Change[] {
  if (!snapshot.has('IDs') || !snapshot.table('IDs').present) return [];
  const inSheet = snapshot.idsTabMarks();
  const table = snapshot.table('IDs');
  const changes: Change[] = [];
  for (const [prefix, n] of [...marks].sort(([a], [b]) => a.localeCompare(b))) {
    if ((inSheet.get(prefix) ?? 0) >= n) continue;
    const values = { lastId: `${prefix}${n}`, updated: now };
    changes.push(
      table.byId(prefix) || table.invalid.some((row) => row.id === prefix)
        ? update('IDs', prefix, values)
        : append('IDs', { kind: prefix, ...values }),
    );
  }
  return changes;
}
