import { DateTime } from 'luxon';
import { a1 } from '../../sheets-schema/cells.js';
import { type Change, update } from '../../sheets-schema/changes.js';
import type { Problem } from '../../sheets-schema/problems.js';
import type { Snapshot, TableOf } from '../../sheets-schema/snapshot.js';
import { keptFor } from '../derived.js';
import { GONE } from '../onboarding/decisions.js';
import { emptyPlan, type Plan } from '../plan.js';
import { type Member, outboxIdFor, planMessage } from '../records.js';
import { shiftsDigest } from '../volunteers/roles-read.js';
import {
  EVENT_KINDS,
  type Event,
  endsOf,
  eventAbout,
  latestAnnouncements,
  localMinute,
  NO_RSVPS,
  parseEventAbout,
  parseShownAs,
  partyOf,
  type Rsvp,
  rsvpAddress,
  rsvpsByEvent,
  rsvpsByEventIn,
  shownAs,
} from './records.js';
import { eventChannel, planReminders } from './reminders.js';
import { countChanges, settleChanges } from './rsvps.js';
import { settle, totals, withdraw } from './tally.js';

/** A thank-you is sent only for an event that ended this recently (not for old rows found later). */
const THANKS_WITHIN_HOURS = 24;

const isLive = (event: Event, now: DateTime) =>
  !!event.eventId && event.status === 'Announced' && event.starts > now;

/** Posted already: its link is in the row, or its Outbox row is there (the archive takes those after 90 days). */
function wasAnnounced(event: Event, snapshot: Snapshot): boolean {
  return !!event.slackMessage || !!snapshot.table('Outbox').byId(outboxIdFor(`announce:${event.eventId}`));
}

/**
 * The tallies as the sheet now stands: RSVPs of members who left (Left, Suspended, Banned, a deactivated Slack
 * account) are withdrawn, a raised Capacity promotes from the waitlist, and every event's Confirmed, Waitlisted
 * and Seats left agree with its RSVPs.
 */
export function planEventTallies(snapshot: Snapshot, now: DateTime): Plan {
  const plan = emptyPlan();
  const rsvps = rsvpsByEvent(snapshot);
  const gone = goneMembers(snapshot);
  for (const { values: event } of snapshot.table('Events').rows) {
    if (!event.eventId) continue;
    const rows = rsvps.get(event.eventId) ?? NO_RSVPS;
    if (!isLive(event, now)) {
      plan.changes.push(...countsOf(event, rows));
      continue;
    }
    const tally = liveTally(event, rows, gone);
    if (tally.settledAlready) continue;
    const settled = settleChanges(event, rows, tally.parties, `tick:${now.toISO()}`, now);
    plan.changes.push(...settled.changes);
    plan.send.push(...settled.send);
  }
  if (plan.changes.length > 0) plan.notes.push(`events: ${plan.changes.length} tally change(s)`);
  return plan;
}

/** A past or unannounced event's counts, kept while the event and its RSVPs are unchanged. */
const countsOf = keptFor((event: Event, rows: readonly Rsvp[]) => countChanges(event, rows.map(partyOf)));

/**
 * A live event's tally as its RSVPs and who has gone say, kept while those are unchanged. Whether anything is
 * to be written does not depend on the time (only what a promotion's message says), so it is kept too.
 */
const liveTally = keptFor((event: Event, rows: readonly Rsvp[], gone: Gone) => {
  let parties = rows.map(partyOf);
  for (const row of rows) {
    const held = row.status === 'Confirmed' || row.status === 'Waitlisted';
    if (held && isGone(row, gone)) parties = withdraw(parties, event.capacity, row.rsvpId as string);
  }
  const settled = settle(parties, event.capacity);
  const writes = settleChanges(event, rows, settled, '', DateTime.fromMillis(0)).changes;
  return { parties: settled, settledAlready: writes.length === 0 };
});

interface Gone {
  emails: Set<string>;
  slackIds: Set<string>;
}

function goneMembers(snapshot: Snapshot): Gone {
  return goneIn(snapshot.table('Members'));
}

const goneIn = keptFor((table: TableOf<'Members'>) => {
  const members: Member[] = table.rows
    .map((r) => r.values)
    .filter((m) => GONE.has(m.status ?? '') && m.status !== 'Declined');
  return {
    emails: new Set(members.map((m) => m.email).filter(Boolean)),
    slackIds: new Set(members.map((m) => m.slackId ?? '').filter(Boolean)),
  };
});

function isGone(rsvp: Rsvp, gone: Gone): boolean {
  return (!!rsvp.email && gone.emails.has(rsvp.email)) || (!!rsvp.slackId && gone.slackIds.has(rsvp.slackId));
}

/** A Capacity lowered below the seats already confirmed: nobody loses a seat, and organizers are told why. */
export function eventProblems(snapshot: Snapshot): readonly Problem[] {
  return capacityProblems(snapshot.table('Events'), snapshot.table('RSVPs'));
}

const capacityProblems = keptFor((events: TableOf<'Events'>, table: TableOf<'RSVPs'>): readonly Problem[] => {
  const column = events.headers.index.capacity;
  if (column === undefined) return [];
  const rsvps = rsvpsByEventIn(table);
  const problems: Problem[] = [];
  for (const { values: event, sheetRow } of events.rows) {
    if (!event.eventId || event.capacity === undefined || sheetRow === 0) continue;
    const { confirmed } = totals((rsvps.get(event.eventId) ?? []).map(partyOf), event.capacity);
    if (confirmed <= event.capacity) continue;
    problems.push({
      tab: events.spec.name,
      row: sheetRow,
      a1: a1(events.spec.name, sheetRow, column),
      header: 'Capacity',
      message: `${event.capacity} is below the ${confirmed} seats already confirmed: nobody loses their seat, and new Yes answers wait until seats free up`,
    });
  }
  return problems;
});

/** Announced events get their announcement once, in their Channel or the announcements channel. */
export function planAnnouncements(snapshot: Snapshot, now: DateTime): Plan {
  const plan = emptyPlan();
  for (const { values: event } of snapshot.table('Events').rows) {
    if (!isLive(event, now) || wasAnnounced(event, snapshot)) continue;
    const message = planMessage(`announce:${event.eventId}`, {
      kind: EVENT_KINDS.announce,
      to: eventChannel(event, snapshot),
      about: eventAbout(
        event.eventId as string,
        shownAs(event, snapshot.timeZone, now, shiftsDigest(snapshot, event.eventId as string)),
      ),
      due: now,
    });
    plan.changes.push(message.change);
    plan.send.push(message.id);
    plan.notes.push(`${event.eventId}: announced in ${eventChannel(event, snapshot)}`);
  }
  return plan;
}

/**
 * The announcement is edited in place whenever what it shows changes (a tally, a title, time or place, the
 * deadline passing, a cancellation). One update row per change of content: what it renders is read from the
 * sheet when it is sent, so a burst of answers costs one edit per batch.
 */
export function planEventRefresh(snapshot: Snapshot, now: DateTime): Plan {
  const plan = emptyPlan();
  const latest = latestAnnouncements(snapshot);
  for (const { values: event } of snapshot.table('Events').rows) {
    const eventId = event.eventId;
    const row = eventId ? latest.get(eventId) : undefined;
    // An announcement posted long ago whose Outbox rows were archived is edited too (from a fresh baseline).
    if (!eventId || (!row && !(event.slackMessage && isLive(event, now)))) continue;
    const shown = shownAs(event, snapshot.timeZone, now, shiftsDigest(snapshot, eventId));
    if (row && parseEventAbout(row.about)?.rest === shown) continue;
    const message = planMessage(`event-update:${eventId}:${shown}:${now.toISO()}`, {
      kind: EVENT_KINDS.update,
      to: row?.to ?? eventChannel(event, snapshot),
      about: eventAbout(eventId, shown),
      due: now,
    });
    plan.changes.push(message.change);
    plan.send.push(message.id);
  }
  return plan;
}

/**
 * Organizers moved an event (a new Starts) or cancelled it: everyone Confirmed or Waitlisted is told, once per
 * new time and once per cancellation. Seen against the time the announcement last showed.
 */
export function planEventChanges(snapshot: Snapshot, now: DateTime): Plan {
  const plan = emptyPlan();
  const latest = latestAnnouncements(snapshot);
  const rsvps = rsvpsByEvent(snapshot);
  const outbox = snapshot.table('Outbox');
  const zone = snapshot.timeZone;
  for (const { values: event } of snapshot.table('Events').rows) {
    const eventId = event.eventId;
    const last = eventId ? parseShownAs(parseEventAbout(latest.get(eventId)?.about)?.rest ?? '') : undefined;
    if (!eventId || !last || event.starts <= now) continue;
    const starts = localMinute(event.starts, zone);
    const cancelled = event.status === 'Cancelled';
    const moved = event.status === 'Announced' && last.starts !== starts;
    if (!cancelled && !moved) continue;
    const told = (rsvps.get(eventId) ?? []).filter(
      (r) => r.status === 'Confirmed' || r.status === 'Waitlisted',
    );
    let planned = 0;
    for (const rsvp of told) {
      const key = cancelled
        ? `cancelled:${eventId}:${rsvp.rsvpId}`
        : `moved:${eventId}:${starts}:${rsvp.rsvpId}`;
      if (outbox.byId(outboxIdFor(key))) continue;
      planned += 1;
      const message = planMessage(key, {
        kind: cancelled ? EVENT_KINDS.cancelled : EVENT_KINDS.moved,
        to: rsvpAddress(rsvp.rsvpId as string),
        about: eventAbout(eventId, rsvp.rsvpId, cancelled ? undefined : `from ${last.starts}`),
        due: now,
      });
      plan.changes.push(message.change);
      plan.send.push(message.id);
    }
    if (planned > 0)
      plan.notes.push(`${eventId}: ${cancelled ? 'cancelled' : `moved to ${starts}`}; ${planned} told`);
  }
  return plan;
}

/** An Announced event that has ended becomes Done, and those Confirmed are thanked (if it ended recently). */
export function planEventEnds(snapshot: Snapshot, now: DateTime): Plan {
  const plan = emptyPlan();
  const rsvps = rsvpsByEvent(snapshot);
  const outbox = snapshot.table('Outbox');
  for (const { values: event } of snapshot.table('Events').rows) {
    const eventId = event.eventId;
    if (!eventId || event.status !== 'Announced' || endsOf(event) > now) continue;
    plan.changes.push(update('Events', eventId, { status: 'Done' }));
    plan.notes.push(`${eventId}: Done`);
    if (!wasAnnounced(event, snapshot) || now.diff(endsOf(event), 'hours').hours > THANKS_WITHIN_HOURS)
      continue;
    for (const rsvp of rsvps.get(eventId) ?? []) {
      if (rsvp.status !== 'Confirmed') continue;
      const key = `thanks:${eventId}:${rsvp.rsvpId}`;
      if (outbox.byId(outboxIdFor(key))) continue;
      const message = planMessage(key, {
        kind: EVENT_KINDS.thanks,
        to: rsvpAddress(rsvp.rsvpId as string),
        about: eventAbout(eventId, rsvp.rsvpId),
        due: now,
      });
      plan.changes.push(message.change);
      plan.send.push(message.id);
    }
  }
  return plan;
}

/** Each member's `Events attended`: the RSVPs organizers ticked Attended, found by email or Slack ID. */
export function planAttendance(snapshot: Snapshot): Plan {
  const plan = emptyPlan();
  plan.changes.push(...attendanceChanges(snapshot.table('RSVPs'), snapshot.table('Members')));
  return plan;
}

const attendanceChanges = keptFor(
  (rsvps: TableOf<'RSVPs'>, members: TableOf<'Members'>): readonly Change[] => {
    const changes: Change[] = [];
    const byEmail = new Map<string, number>();
    const bySlack = new Map<string, number>();
    const seen = new Set<string>();
    for (const { values: r } of rsvps.rows) {
      if (r.email) seen.add(r.email);
      if (r.slackId) seen.add(r.slackId);
      if (r.attended !== true) continue;
      if (r.email) byEmail.set(r.email, (byEmail.get(r.email) ?? 0) + 1);
      else if (r.slackId) bySlack.set(r.slackId, (bySlack.get(r.slackId) ?? 0) + 1);
    }
    for (const { values: m } of members.rows) {
      if (!m.memberId || !(seen.has(m.email) || (m.slackId && seen.has(m.slackId)))) continue;
      const count = (byEmail.get(m.email) ?? 0) + (m.slackId ? (bySlack.get(m.slackId) ?? 0) : 0);
      if ((m.eventsAttended ?? 0) !== count || m.eventsAttended === undefined)
        changes.push(update('Members', m.memberId, { eventsAttended: count }));
    }
    return changes;
  },
);

/** The event steps of a tick, in order; each sees what the ones before it decided. */
export const EVENT_STEPS: readonly ((view: Snapshot, now: DateTime) => Plan)[] = [
  planEventTallies,
  planEventEnds,
  planEventChanges,
  planAnnouncements,
  (view, now) => planReminders(view, now, announcedAt(view), rsvpsByEvent(view)),
  planEventRefresh,
  (view) => planAttendance(view),
];

/** When each event's announcement was planned: reminders due before it are not sent. */
function announcedAt(snapshot: Snapshot): ReadonlyMap<string, DateTime> {
  return announcedIn(snapshot.table('Events'), snapshot.table('Outbox'));
}

const announcedIn = keptFor((events: TableOf<'Events'>, outbox: TableOf<'Outbox'>) => {
  const at = new Map<string, DateTime>();
  for (const { values: event } of events.rows) {
    if (!event.eventId) continue;
    const row = outbox.byId(outboxIdFor(`announce:${event.eventId}`))?.values;
    // Announced long ago (its Outbox row archived): every reminder time came after it.
    if (row) at.set(event.eventId, row.due);
    else if (event.slackMessage) at.set(event.eventId, DateTime.fromMillis(0));
  }
  return at;
});
