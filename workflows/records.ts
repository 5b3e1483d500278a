import type { DateTime } from 'luxon';
import { cellText } from '../sheets-schema/cells.js';
import { append, type Change, type RecordOf } from '../sheets-schema/changes.js';
import { normalizeEmail, sameEmail } from '../sheets-schema/emails.js';
import { sameColumnsAs } from '../sheets-schema/overlay.js';
import type { Snapshot, TableOf } from '../sheets-schema/snapshot.js';
import { keptFor } from './derived.js';
import { type MessageKind, NOTE_KIND } from './outbox/kinds.js';
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
  row: { kind: MessageKind; to: string; about: string; due: DateTime },
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
    kind: NOTE_KIND,
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

/**
 * The Outbox row of a reply only one person sees (an ephemeral, sent right after this write) that is also put
 * on record: marked Sent, it is how the same click delivered again is recognised and not recorded or
 * answered twice.
 */
export function replyOnRecord(
  key: string,
  row: { kind: MessageKind; to: string; about: string },
  now: DateTime,
): Change {
  return append('Outbox', {
    messageId: outboxIdFor(key),
    ...row,
    due: now,
    status: 'Sent',
    sent: now,
    attempts: 1,
  });
}

/**
 * A click answered once: `reply` when it was not answered yet, which puts its answer on record (keyed `key`)
 * and shows it only to who pressed; undefined when it was (a delivery again), with a note in `plan`.
 */
export function answerOnce(
  plan: Plan,
  snapshot: Snapshot,
  now: DateTime,
  key: string,
  click: { identity: string; user: string; channel?: string | undefined },
  row: { kind: MessageKind; about: string },
  already = 'already answered',
): ((text: string) => Plan) | undefined {
  if (hasOutbox(snapshot, key)) {
    plan.notes.push(`${click.identity}: ${already}`);
    return undefined;
  }
  return (text) => {
    plan.changes.push(replyOnRecord(key, { ...row, to: click.user }, now));
    if (click.channel) plan.ephemerals.push({ channel: click.channel, user: click.user, text });
    return plan;
  };
}

export function audit(
  now: DateTime,
  entry: { actor: string; action: string; target: string; details?: string; key?: string },
): Change {
  return append('Audit', { when: now, details: '', key: '', ...entry });
}

/** The member with this email (compared in its one stored form: see sheets-schema/emails.ts). */
export function memberByEmail(snapshot: Snapshot, email: string): Member | undefined {
  const key = email ? normalizeEmail(email) : '';
  return key ? memberFound(snapshot, 'email', key) : undefined;
}

/**
 * The Member ID of the first row of each email (or Slack ID), kept while no row is added and no email (Slack
 * ID) or Member ID changes; other cells may, and the row is read as it is now, by its ID. Apart, because a
 * Slack ID learned for each person a burst's messages reach changes no email.
 */
const memberIdsBy = (column: 'email' | 'slackId') =>
  keptFor((members: TableOf<'Members'>) => {
    const ids = new Map<string, string>();
    for (const { values } of members.rows) {
      const raw = values[column];
      const key = raw && column === 'email' ? normalizeEmail(raw) : (raw ?? '');
      if (key && !ids.has(key)) ids.set(key, values.memberId as string);
    }
    return ids;
  });
const MEMBER_IDS = { email: memberIdsBy('email'), slackId: memberIdsBy('slackId') };

function memberFound(snapshot: Snapshot, column: 'email' | 'slackId', key: string): Member | undefined {
  const members = snapshot.table('Members');
  const id = MEMBER_IDS[column](sameColumnsAs(members, ['memberId', column])).get(key);
  return id === undefined ? undefined : members.byId(id)?.values;
}

/** A row with this email exists, even one an organizer typed wrong (it is not to be made twice). */
export function emailTaken(snapshot: Snapshot, email: string): boolean {
  const members = snapshot.table('Members');
  return (
    members.rows.some((row) => sameEmail(row.values.email, email)) ||
    members.invalid.some((row) => sameEmail(cellText(row.cells.email ?? null), email)) ||
    members.unidentified.some((row) => sameEmail(cellText(row.match.email ?? null), email))
  );
}

export function memberBySlackId(snapshot: Snapshot, slackId: string): Member | undefined {
  return slackId ? memberFound(snapshot, 'slackId', slackId) : undefined;
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
