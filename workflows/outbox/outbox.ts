import type { DateTime } from 'luxon';
import { type Change, update } from '../../sheets-schema/changes.js';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import { reminderSendCheck } from '../events/reminders.js';
import { hasOutbox, type OutboxRow, planMessage } from '../records.js';
import { NOTE_KIND } from './kinds.js';
/** A message due later than this is no longer useful: it is Skipped with the reason, not sent. */
export const DEFAULT_MAX_LATE_HOURS = 24;
/**
 * A message Slack did not take is tried again on later ticks, this many times in all: the cause may pass (a
 * rate limit, an outage) or be fixed by an organizer (the channel created, the bot invited).
 */
export const MAX_ATTEMPTS = 5;

/** A message the writer is to send now; `inDoubt`: it went out to Slack before and no answer came back. */
export interface DueSend {
  id: string;
  attempts: number;
  inDoubt?: { since: DateTime };
}

export interface DueMessages {
  send: DueSend[];
  /** Marks for rows skipped as stale. */
  changes: Change[];
}

/**
 * A message marked Sending longer than this without its Sent mark is in doubt: the writer that sent it died or
 * never heard back. It is looked for in Slack before it is sent again. Until then another writer may still be
 * sending it.
 */
export const IN_DOUBT_AFTER_MINUTES = 5;

/**
 * Scheduled Outbox rows that are due, oldest first, and Sending ones in doubt; rows being sent or already sent
 * by this writer (`inFlight`) are left out, so overlapping ticks never send one twice.
 */
export function dueMessages(snapshot: Snapshot, now: DateTime, inFlight: ReadonlySet<string>): DueMessages {
  const due: DueMessages = { send: [], changes: [] };
  const doubtful = now.minus({ minutes: IN_DOUBT_AFTER_MINUTES });
  const rows = snapshot
    .table('Outbox')
    .rows.filter(
      (r) =>
        r.values.messageId &&
        ((r.values.status === 'Scheduled' && r.values.due <= now) ||
          (r.values.status === 'Sending' && (r.values.sent ?? r.values.due) <= doubtful)),
    )
    .sort((a, b) => a.values.due.toMillis() - b.values.due.toMillis() || a.sheetRow - b.sheetRow);
  for (const { values } of rows) {
    const id = values.messageId as string;
    if (inFlight.has(id)) continue;
    if (values.status === 'Sending') {
      due.send.push({ id, attempts: values.attempts ?? 0, inDoubt: { since: values.sent ?? values.due } });
      continue;
    }
    // Reminders have their own rule: useful until half their offset late, and never into quiet hours.
    const reminder = reminderSendCheck(values, snapshot, now);
    if (reminder === 'wait') continue;
    if (typeof reminder === 'object') {
      due.changes.push(update('Outbox', id, { status: 'Skipped', lastError: reminder.skip }));
      continue;
    }
    if (reminder === undefined && now.diff(values.due, 'hours').hours > DEFAULT_MAX_LATE_HOURS) {
      due.changes.push(
        update('Outbox', id, {
          status: 'Skipped',
          lastError: `too late to be useful: due ${values.due.setZone(snapshot.timeZone).toFormat('yyyy-MM-dd HH:mm')}, more than ${DEFAULT_MAX_LATE_HOURS} hours ago`,
        }),
      );
      continue;
    }
    due.send.push({ id, attempts: values.attempts ?? 0 });
  }
  return due;
}

/** Written with the change set before the send: from here on, a crash leaves the message in doubt, not due. */
export function sendingMark(id: string, now: DateTime): Change {
  return update('Outbox', id, { status: 'Sending', sent: now });
}

export type SendOutcome =
  | { ok: true; permalink?: string }
  | { ok: false; error: string }
  /** The post may have landed (no answer came): looked for in Slack before any new try. */
  | { doubt: string }
  | { skipped: string };

/** The Outbox row after a try: Sent, Skipped with a reason, due again on a later tick, or Failed for good. */
export function sendMark(id: string, attemptsBefore: number, now: DateTime, outcome: SendOutcome): Change {
  const attempts = attemptsBefore + 1;
  if ('skipped' in outcome) return update('Outbox', id, { status: 'Skipped', lastError: outcome.skipped });
  if ('doubt' in outcome) {
    return update('Outbox', id, {
      status: attempts >= MAX_ATTEMPTS ? 'Failed' : 'Sending',
      attempts,
      lastError: `not sure it reached Slack (${outcome.doubt}); Hearth looks for it there before sending it again`,
    });
  }
  if (outcome.ok) {
    return update('Outbox', id, {
      status: 'Sent',
      sent: now,
      attempts,
      lastError: null,
      ...(outcome.permalink ? { slackMessage: outcome.permalink } : {}),
    });
  }
  // Any error is tried again: a channel_not_found or not_in_channel is fixed in Slack, not in the message.
  const givesUp = attempts >= MAX_ATTEMPTS;
  // Not sent: the time its send began is cleared (it stays only while a send is in doubt).
  return update('Outbox', id, {
    status: givesUp ? 'Failed' : 'Scheduled',
    sent: null,
    attempts,
    lastError: outcome.error,
  });
}

/** What a notice of a message that failed for good starts with: such a notice failing is not told again. */
const NOT_SENT = 'Not sent:';

/**
 * A message that failed for good is told to the leaders once (in their channel, through the Outbox), with
 * what to fix and how to send it again. Nothing about a reporter is in it: a reporter is addressed by incident.
 */
export function failureNotice(row: OutboxRow, error: string, snapshot: Snapshot, now: DateTime): Change[] {
  if (!row.messageId || (row.kind === 'note' && (row.about ?? '').startsWith(NOT_SENT))) return [];
  const key = `failed:${row.messageId}`;
  if (hasOutbox(snapshot, key)) return [];
  const what = row.kind === 'note' ? 'a note' : `the ${row.kind} message`;
  const about = row.kind === 'note' ? '' : ` about ${row.about}`;
  const message = planMessage(key, {
    kind: NOTE_KIND,
    to: snapshot.settings.leadersChannel,
    about: `${NOT_SENT} ${what} to ${row.to}${about} (Outbox ${row.messageId}) failed ${MAX_ATTEMPTS} times: ${error}. Fix the cause (a channel name, the bot invited there), then set its Status back to Scheduled to send it again.`,
    due: now,
  });
  return [message.change];
}
