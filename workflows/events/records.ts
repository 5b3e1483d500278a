import { DateTime } from 'luxon';
import { hourlyZone } from '../../sheets-schema/cells.js';
import type { RecordOf } from '../../sheets-schema/changes.js';
import type { Snapshot, TableOf } from '../../sheets-schema/snapshot.js';
import { keptByValue, keptFor } from '../derived.js';
import { stableDigest } from '../plan.js';
import type { OutboxRow } from '../records.js';
import type { EventView, JoinHint } from './messages.js';
import type { Party } from './tally.js';

export type Event = RecordOf<'Events'>;
export type Rsvp = RecordOf<'RSVPs'>;

/** An event without Ends is taken to last this long (for Done and the thank-you). */
export const DEFAULT_EVENT_HOURS = 2;

/** Outbox kinds of the event workflows. */
export const EVENT_KINDS = {
  announce: 'event.announce',
  update: 'event.update',
  notice: 'rsvp.notice',
  promoted: 'rsvp.promoted',
  refused: 'rsvp.refused',
  moved: 'event.moved',
  cancelled: 'event.cancelled',
  reminder: 'reminder',
  reminderPost: 'reminder.post',
  thanks: 'event.thanks',
} as const;
export type EventKind = (typeof EVENT_KINDS)[keyof typeof EVENT_KINDS];

/** Where a DM about an RSVP goes: the person's Slack ID, or their email looked up in Slack when sent. */
export const rsvpAddress = (rsvpId: string) => `rsvp:${rsvpId}`;

export function endsOf(event: Event): DateTime {
  return event.ends ?? event.starts.plus({ hours: DEFAULT_EVENT_HOURS });
}

/** `2026-12-03 18:30` in the group's zone: how Outbox rows say which time a message was planned for. */
export function localMinute(when: DateTime, zone: string): string {
  return minuteIn(when.toMillis(), zone);
}

const minuteIn = keptByValue((millis: number, zone: string) =>
  DateTime.fromMillis(millis, { zone: hourlyZone(zone) }).toFormat('yyyy-MM-dd HH:mm'),
);

/**
 * The About of an Outbox row about an event: the Event ID first, then (for a person's message) the RSVP ID,
 * then details, e.g. `EV-3 R-12 1 day` or `EV-3 at 2026-12-03 18:30 #k2j4`. Readable by organizers, parsed back.
 */
export function eventAbout(eventId: string, ...rest: (string | undefined)[]): string {
  return [eventId, ...rest.filter(Boolean)].join(' ');
}

export interface ParsedAbout {
  eventId: string;
  rsvpId?: string;
  rest: string;
}

export function parseEventAbout(about: string | undefined): ParsedAbout | undefined {
  const m = /^(EV-\d+)(?: (R-\d+))?(?: (.*))?$/.exec((about ?? '').trim());
  if (!m) return undefined;
  return { eventId: m[1] as string, ...(m[2] ? { rsvpId: m[2] } : {}), rest: m[3] ?? '' };
}

/** `at 2026-12-03 18:30 #digest`: what an announcement (or its latest update) was planned to show. */
export function shownAs(event: Event, zone: string, now: DateTime, shifts = ''): string {
  return `at ${localMinute(event.starts, zone)} #${eventDigest(event, now, shifts)}`;
}

export function parseShownAs(rest: string): { starts: string; digest: string } | undefined {
  const m = /^at (\d{4}-\d{2}-\d{2} \d{2}:\d{2}) #(\w+)$/.exec(rest);
  return m ? { starts: m[1] as string, digest: m[2] as string } : undefined;
}

/** Everything the announcement shows, so that any change to it (a tally, a new place, closing time) is seen. */
export function eventDigest(event: Event, now: DateTime, shifts = ''): string {
  const phase =
    event.status !== 'Announced'
      ? event.status
      : now >= event.starts
        ? 'started'
        : event.rsvpDeadline && now > event.rsvpDeadline
          ? 'closed'
          : 'open';
  return stableDigest(
    JSON.stringify([
      event.title,
      event.starts.toMillis(),
      event.ends?.toMillis(),
      event.location,
      event.host,
      event.capacity,
      event.confirmed,
      event.waitlisted,
      event.seatsLeft,
      event.rsvpDeadline?.toMillis(),
      event.channel,
      phase,
      // What the Help as … buttons show (volunteers' roles): only when the event has some.
      ...(shifts ? [shifts] : []),
    ]),
  ).slice(0, 6);
}

export function eventView(event: Event, timeZone: string): EventView {
  return {
    eventId: event.eventId as string,
    title: event.title,
    starts: event.starts,
    ...(event.ends ? { ends: event.ends } : {}),
    ...(event.location ? { location: event.location } : {}),
    ...(event.host ? { host: event.host } : {}),
    ...(event.capacity !== undefined ? { capacity: event.capacity } : {}),
    confirmed: event.confirmed ?? 0,
    waitlisted: event.waitlisted ?? 0,
    ...(event.seatsLeft !== undefined ? { seatsLeft: event.seatsLeft } : {}),
    ...(event.rsvpDeadline ? { rsvpDeadline: event.rsvpDeadline } : {}),
    status: event.status,
    timeZone,
  };
}

/** How to join, for a refusal that asks someone to join first. */
export function joinHint(snapshot: Snapshot): JoinHint {
  return { groupName: snapshot.settings.groupName, joinFormLink: snapshot.settings.joinFormLink };
}

export function eventOf(snapshot: Snapshot, id: string | undefined): Event | undefined {
  return id ? snapshot.table('Events').byId(id)?.values : undefined;
}

export function rsvpOf(snapshot: Snapshot, id: string | undefined): Rsvp | undefined {
  return id ? snapshot.table('RSVPs').byId(id)?.values : undefined;
}

/** An event nobody answered: one array for all, so that what is kept by an event's RSVPs stays kept. */
export const NO_RSVPS: readonly Rsvp[] = [];

/** RSVP rows by Event ID, in sheet order (the order answers came in). */
export function rsvpsByEvent(snapshot: Snapshot): ReadonlyMap<string, readonly Rsvp[]> {
  return rsvpsByEventIn(snapshot.table('RSVPs'));
}

/** The RSVPs tab's rows by Event ID, kept while the tab is unchanged. */
export const rsvpsByEventIn = keptFor((rsvps: TableOf<'RSVPs'>) => {
  const byEvent = new Map<string, Rsvp[]>();
  for (const { values } of rsvps.rows) {
    if (!values.rsvpId) continue;
    const list = byEvent.get(values.eventId);
    if (list) list.push(values);
    else byEvent.set(values.eventId, [values]);
  }
  return byEvent;
});

/** The seats an RSVP row stands for in the tally. */
export function partyOf(rsvp: Rsvp): Party {
  return partyKept(rsvp);
}

const partyKept = keptFor((rsvp: Rsvp): Party => {
  const status = rsvp.status ?? (rsvp.response === 'No' ? 'Declined' : 'Waitlisted');
  return {
    id: rsvp.rsvpId as string,
    status,
    seats: 1 + (rsvp.guests ?? 0),
    ...(status === 'Waitlisted' && rsvp.position !== undefined ? { position: rsvp.position } : {}),
  };
});

/** What the person was last told, for the Notified column: `Confirmed`, `Waitlisted #2`, `Declined`. */
export function notifiedText(party: Party): string {
  return party.status === 'Waitlisted' && party.position ? `Waitlisted #${party.position}` : party.status;
}

/** The newest announcement or update row of each event, by sheet order (rows not yet written come last). */
export function latestAnnouncements(snapshot: Snapshot): ReadonlyMap<string, OutboxRow> {
  return latestIn(snapshot.table('Outbox'));
}

const latestIn = keptFor((outbox: TableOf<'Outbox'>) => {
  const latest = new Map<string, { row: OutboxRow; order: number }>();
  const rows = outbox.rows;
  rows.forEach(({ values, sheetRow }, index) => {
    if (values.kind !== EVENT_KINDS.announce && values.kind !== EVENT_KINDS.update) return;
    const about = parseEventAbout(values.about);
    if (!about) return;
    const order = sheetRow === 0 ? Number.MAX_SAFE_INTEGER - rows.length + index : sheetRow;
    const seen = latest.get(about.eventId);
    if (!seen || order > seen.order) latest.set(about.eventId, { row: values, order });
  });
  return new Map([...latest].map(([id, { row }]) => [id, row]));
});
