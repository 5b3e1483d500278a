import type { DateTime } from 'luxon';
import { type Change, update } from '../sheets-schema/changes.js';
import type { Snapshot } from '../sheets-schema/snapshot.js';
import type { RowOf } from '../sheets-schema/tab.js';
import type { OutboxTab } from '../sheets-schema/tabs/index.js';
import type { Message } from './plan.js';

export type OutboxRow = RowOf<(typeof OutboxTab)['columns']>;

/** A message due later than this is no longer useful: it is Skipped with the reason, not sent. */
export const DEFAULT_MAX_LATE_HOURS = 24;
/**
 * A message Slack did not take is tried again on later ticks, this many times in all: the cause may pass (a
 * rate limit, an outage) or be fixed by an organizer (the channel created, the bot invited).
 */
export const MAX_ATTEMPTS = 5;

/** How each kind of Outbox row becomes a message, from the row and the sheet as it is now. */
type Renderer = (row: OutboxRow, snapshot: Snapshot) => Message | { skip: string };

const RENDERERS: Record<string, Renderer> = {
  // A note to a channel or person whose text is the row's About.
  note: (row) =>
    row.to && row.about ? { channel: row.to, text: row.about } : { skip: 'no To or About to send' },
};

export function renderOutbox(row: OutboxRow, snapshot: Snapshot): Message | { skip: string } {
  const render = RENDERERS[row.kind];
  return render ? render(row, snapshot) : { skip: `Hearth has no message kind "${row.kind}"` };
}

export interface DueMessages {
  send: { id: string; attempts: number; message: Message }[];
  /** Marks for rows skipped as stale or unrenderable. */
  changes: Change[];
}

/**
 * Scheduled Outbox rows that are due, oldest first; rows being sent or already sent by this writer
 * (`inFlight`) are left out, so overlapping ticks never send one twice.
 */
export function dueMessages(snapshot: Snapshot, now: DateTime, inFlight: ReadonlySet<string>): DueMessages {
  const due: DueMessages = { send: [], changes: [] };
  const rows = snapshot
    .table('Outbox')
    .rows.filter((r) => r.values.status === 'Scheduled' && r.values.messageId && r.values.due <= now)
    .sort((a, b) => a.values.due.toMillis() - b.values.due.toMillis() || a.sheetRow - b.sheetRow);
  for (const { values } of rows) {
    const id = values.messageId as string;
    if (inFlight.has(id)) continue;
    const lateHours = now.diff(values.due, 'hours').hours;
    if (lateHours > DEFAULT_MAX_LATE_HOURS) {
      due.changes.push(
        update('Outbox', id, {
          status: 'Skipped',
          lastError: `too late to be useful: due ${values.due.toFormat('yyyy-MM-dd HH:mm')}, more than ${DEFAULT_MAX_LATE_HOURS} hours ago`,
        }),
      );
      continue;
    }
    const rendered = renderOutbox(values, snapshot);
    if ('skip' in rendered) {
      due.changes.push(update('Outbox', id, { status: 'Skipped', lastError: rendered.skip }));
      continue;
    }
    due.send.push({ id, attempts: values.attempts ?? 0, message: rendered });
  }
  return due;
}

/** The Outbox row after a send: Sent, or tried again later, or Failed for good. */
export function sendMark(
  id: string,
  attemptsBefore: number,
  now: DateTime,
  outcome: { ok: true } | { ok: false; error: string; retryable: boolean },
): Change {
  const attempts = attemptsBefore + 1;
  if (outcome.ok) return update('Outbox', id, { status: 'Sent', sent: now, attempts, lastError: null });
  // Not only retryable errors: a channel_not_found or not_in_channel is fixed in Slack, not in the message.
  const givesUp = attempts >= MAX_ATTEMPTS;
  return update('Outbox', id, {
    status: givesUp ? 'Failed' : 'Scheduled',
    attempts,
    lastError: outcome.error,
  });
}
