import type { DateTime } from 'luxon';
import { update } from '../../sheets-schema/changes.js';
import { parseReminderOffsets, type ReminderOffset, type Settings } from '../../sheets-schema/settings.js';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import { keptFor } from '../derived.js';
import { emptyPlan, type Plan } from '../plan.js';
import { type OutboxRow, outboxIdFor, planMessage } from '../records.js';
import {
  EVENT_KINDS,
  type Event,
  type EventKind,
  eventAbout,
  eventOf,
  localMinute,
  NO_RSVPS,
  parseEventAbout,
  type Rsvp,
  rsvpAddress,
  rsvpOf,
} from './records.js';
import { isQuiet, lateReminder, reminderTime } from './reminder-times.js';

/** Reminders are planned in the Outbox this far ahead: enough to see them coming, few enough to stay small. */
export const REMINDER_HORIZON_DAYS = 3;

const DAY_MS = 86_400_000;
const offsetMs = (o: ReminderOffset) => o.days * DAY_MS + (o.hours * 60 + o.minutes) * 60_000;

const REMINDER_KINDS: ReadonlySet<string> = new Set([EVENT_KINDS.reminder, EVENT_KINDS.reminderPost]);

/** Where an event's posts go: its own Channel, or the announcements channel. */
export function eventChannel(event: Event, snapshot: Snapshot): string {
  return channelOf(event, snapshot.settings);
}

function channelOf(event: Event, settings: Settings): string {
  return event.channel?.trim() || settings.announcementsChannel;
}

/**
 * Reminders for Announced events, planned as Outbox rows keyed by the event, the offset, the event's start and
 * the person: a DM to each Confirmed person and one post in the event's channel per offset. Moving the event
 * changes the keys, so the old rows are cancelled and new ones planned; a person no longer Confirmed, or an
 * event no longer Announced, has its rows cancelled. A reminder whose time was before the event was announced
 * is not planned; one missed while the system was down is planned late while still useful, else Skipped with
 * the reason.
 */
export function planReminders(
  snapshot: Snapshot,
  now: DateTime,
  announcedAt: ReadonlyMap<string, DateTime>,
  rsvps: ReadonlyMap<string, readonly Rsvp[]>,
): Plan {
  const plan = emptyPlan();
  const zone = snapshot.timeZone;
  const horizon = now.plus({ days: REMINDER_HORIZON_DAYS });
  const wanted = new Set<string>();
  const outbox = snapshot.table('Outbox');
  // An event starting later than this has no reminder due within the horizon (quiet hours move one earlier by
  // less than a day, a change of clocks by an hour): its times need not be worked out yet.
  const longest = Math.max(0, ...snapshot.settings.reminderOffsets.map(offsetMs));
  const startsBy = horizon.toMillis() + longest + 2 * DAY_MS;
  for (const { values: event } of snapshot.table('Events').rows) {
    const eventId = event.eventId;
    const since = eventId ? announcedAt.get(eventId) : undefined;
    if (!eventId || !since || event.status !== 'Announced' || event.starts <= now) continue;
    if (event.starts.toMillis() > startsBy) continue;
    for (const { time, messages } of remindersOf(event, rsvps.get(eventId) ?? NO_RSVPS, snapshot.settings)) {
      if (time.due > horizon || time.nominal < since) continue;
      const late = time.due <= now ? lateReminder(time, event.starts, now, zone) : { send: true as const };
      for (const { key, id, ...row } of messages()) {
        wanted.add(id);
        if (outbox.byId(id)) continue;
        const message = planMessage(key, { ...row, due: time.due });
        plan.changes.push(message.change);
        if (!late.send)
          plan.changes.push(update('Outbox', id, { status: 'Skipped', lastError: late.reason }));
      }
    }
  }
  for (const { values: row } of outbox.rows) {
    if (row.status !== 'Scheduled' || !REMINDER_KINDS.has(row.kind) || !row.messageId) continue;
    if (wanted.has(row.messageId)) continue;
    plan.changes.push(
      update('Outbox', row.messageId, { status: 'Cancelled', lastError: whyNotWanted(row, snapshot, now) }),
    );
  }
  const planned = plan.changes.filter((c) => c.kind === 'append').length;
  if (planned > 0) plan.notes.push(`reminders: ${planned} planned`);
  return plan;
}

/**
 * An event's reminders, per offset: when each is due and the messages it makes (the channel post, then a DM
 * to each Confirmed person), with their keys and Outbox IDs. Kept while the event, its RSVPs and the settings
 * are unchanged: a tick at rest only looks each one up.
 */
const remindersOf = keptFor((event: Event, rsvps: readonly Rsvp[], settings: Settings) => {
  const eventId = event.eventId as string;
  const zone = settings.timeZone;
  const starts = localMinute(event.starts, zone);
  return settings.reminderOffsets.map((offset) => {
    // Made when the reminder first comes within the horizon, then kept.
    let made: { key: string; id: string; kind: EventKind; to: string; about: string }[] | undefined;
    const messages = () => {
      made ??= [
        {
          key: `reminder-post:${eventId}:${offset.label}:${starts}`,
          kind: EVENT_KINDS.reminderPost,
          to: channelOf(event, settings),
          about: eventAbout(eventId, offset.label),
        },
        ...rsvps
          .filter((r) => r.status === 'Confirmed')
          .map((r) => ({
            key: `reminder:${eventId}:${offset.label}:${starts}:${r.rsvpId}`,
            kind: EVENT_KINDS.reminder,
            to: rsvpAddress(r.rsvpId as string),
            about: eventAbout(eventId, r.rsvpId, offset.label),
          })),
      ].map((m) => ({ ...m, id: outboxIdFor(m.key) }));
      return made;
    };
    return { time: reminderTime(event.starts, offset, zone, settings.quietHours), messages };
  });
});

function whyNotWanted(row: OutboxRow, snapshot: Snapshot, now: DateTime): string {
  const about = parseEventAbout(row.about);
  const event = eventOf(snapshot, about?.eventId);
  if (!event) return `${about?.eventId ?? 'the event'} is no longer in the Events tab`;
  if (event.status !== 'Announced') return `the event is ${event.status ?? 'no longer Announced'}`;
  if (event.starts <= now) return 'the event has started';
  const rsvp = rsvpOf(snapshot, about?.rsvpId);
  if (about?.rsvpId && rsvp?.status !== 'Confirmed')
    return `${about.rsvpId} is ${rsvp?.status ?? 'gone'}, no longer Confirmed`;
  return `the event now starts ${localMinute(event.starts, snapshot.timeZone)} or the reminder times changed: re-planned`;
}

/**
 * Whether a due reminder goes out now: only while still useful (before the event, at most half its offset
 * late), and never in quiet hours (it waits for the next tick after them, if still useful then).
 */
export function reminderSendCheck(
  row: OutboxRow,
  snapshot: Snapshot,
  now: DateTime,
): 'send' | 'wait' | { skip: string } | undefined {
  if (!REMINDER_KINDS.has(row.kind)) return undefined;
  const about = parseEventAbout(row.about);
  const event = eventOf(snapshot, about?.eventId);
  const offset = offsetFromLabel(about?.rest);
  if (!event || !offset) return { skip: `cannot tell which event or offset "${row.about ?? ''}" means` };
  const zone = snapshot.timeZone;
  const time = reminderTime(event.starts, offset, zone, snapshot.settings.quietHours);
  const late = lateReminder({ nominal: time.nominal, due: row.due }, event.starts, now, zone);
  if (!late.send) return { skip: late.reason };
  // Late into quiet hours: wait for their end (if still useful then). A reminder planned at the start of quiet
  // hours (the event is early next morning) goes out as planned.
  const quiet = snapshot.settings.quietHours;
  return isQuiet(now, zone, quiet) && !isQuiet(row.due, zone, quiet) ? 'wait' : 'send';
}

function offsetFromLabel(label: string | undefined): ReminderOffset | undefined {
  try {
    return label ? parseReminderOffsets(label)[0] : undefined;
  } catch {
    return undefined;
  }
}
