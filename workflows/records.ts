import type { DateTime } from 'luxon';
import { append, type Change, type RecordOf } from '../sheets-schema/changes.js';
import type { Snapshot } from '../sheets-schema/snapshot.js';
import { emptyPlan, type Plan, stableDigest } from './plan.js';

export type Member = RecordOf<'Members'>;
export type Leader = RecordOf<'Leaders'>;
export type Approval = RecordOf<'Approvals'>;
export type OutboxRow = RecordOf<'Outbox'>;

/** The Outbox row a cause makes has an ID derived from the cause: finding it is how a repeat is recognised. */
export function outboxIdFor(key: string): string {
  return `MSG-${stableDigest(key)}`;
}

/** True when the Outbox row keyed by `key` exists, in the sheet or earlier in this batch. */
export function hasOutbox(snapshot: Snapshot, key: string): boolean {
  const id = outboxIdFor(key);
  const outbox = snapshot.table('Outbox');
  return outbox.byId(id) !== undefined || outbox.invalid.some((row) => row.id === id);
}

/** A message planned in the Outbox, keyed so that planning it again is recognised. */
export function planMessage(
  key: string,
  row: { kind: string; to: string; about: string; due: DateTime },
): { id: string; change: Change } {
  const id = outboxIdFor(key);
  return {
    id,
    change: append('Outbox', { messageId: id, ...row, status: 'Scheduled', attempts: 0 }),
  };
}

/**
 * A note to the leaders channel with its Audit row, keyed so that it is made once (a second call finds its
 * Outbox row and plans nothing).
 */
export function leadersNote(
  snapshot: Snapshot,
  now: DateTime,
  key: string,
  note: { text: string; action: string; target: string; details: string },
): Plan {
  const plan = emptyPlan();
  if (hasOutbox(snapshot, key)) return plan;
  const message = planMessage(key, {
    kind: 'note',
    to: snapshot.settings.leadersChannel,
    about: note.text,
    due: now,
  });
  plan.changes.push(
    audit(now, { actor: 'Hearth', action: note.action, target: note.target, details: note.details, key }),
    message.change,
  );
  plan.send.push(message.id);
  return plan;
}

export function audit(
  now: DateTime,
  entry: { actor: string; action: string; target: string; details?: string; key?: string },
): Change {
  return append('Audit', { when: now, details: '', key: '', ...entry });
}

export function memberByEmail(snapshot: Snapshot, email: string): Member | undefined {
  const wanted = email.trim().toLowerCase();
  return snapshot.table('Members').rows.find((row) => row.values.email === wanted)?.values;
}

/** A row with this email exists, even one an organizer typed wrong (it is not to be made twice). */
export function emailTaken(snapshot: Snapshot, email: string): boolean {
  const wanted = email.trim().toLowerCase();
  const members = snapshot.table('Members');
  return (
    members.rows.some((row) => row.values.email === wanted) ||
    members.invalid.some(
      (row) =>
        String(row.cells.email ?? '')
          .trim()
          .toLowerCase() === wanted,
    ) ||
    members.unidentified.some(
      (row) =>
        String(row.match.email ?? '')
          .trim()
          .toLowerCase() === wanted,
    )
  );
}

export function memberBySlackId(snapshot: Snapshot, slackId: string): Member | undefined {
  return snapshot.table('Members').rows.find((row) => row.values.slackId === slackId)?.values;
}

export function leaderBySlackId(snapshot: Snapshot, slackId: string): Leader | undefined {
  return snapshot.table('Leaders').rows.find((row) => row.values.slackId === slackId)?.values;
}

export function leaderName(snapshot: Snapshot, slackId: string): string {
  return leaderBySlackId(snapshot, slackId)?.name || slackId;
}

/** Comma-separated Slack IDs, as the Approvals tab keeps who approved. */
export function idList(text: string | undefined): string[] {
  return (text ?? '')
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}
