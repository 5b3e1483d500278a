/**
 * The event steps of a tick, decided from snapshots: announcements once, edits when what they show changes,
 * tallies agreeing with the RSVPs (capacity raised or lowered, members leaving), moves and cancellations told
 * once, reminders planned at the right local time (DST, quiet hours, downtime, moves, cancellations), Done and
 * the thank-you, attendance counts.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { Change } from '../sheets-schema/changes.js';
import { withChanges } from '../sheets-schema/overlay.js';
import type { Snapshot } from '../sheets-schema/snapshot.js';
import { TAB_NAMES, type TabName } from '../sheets-schema/tabs/index.js';
import { decideTick } from '../workflows/decide.js';
import { dueMessages } from '../workflows/outbox/outbox.js';
import { outboxIdFor } from '../workflows/records.js';
import { type Rows, sheetOf } from './fakes/sheet-of.js';

function sheet(
  tabs: Partial<Record<TabName, Rows>>,
  settings: Record<string, string> = {},
  zone = 'Europe/Berlin',
): Snapshot {
  return sheetOf(tabs, {
    'Time zone': zone,
    'Announcements channel': '#events',
    'Reminder offsets': '1 day, 2 hours',
    'Quiet hours': 'none',
    ...settings,
  });
}

const event = (over: Record<string, string | number> = {}) => ({
  'Event ID': 'EV-1',
  Title: 'Winter meetup',
  Starts: '2026-12-10 18:30',
  Capacity: 3,
  Status: 'Announced',
  Confirmed: 0,
  Waitlisted: 0,
  'Seats left': 3,
  ...over,
});

/** The announcement as already posted, showing the event at `starts` (the digest is not compared here). */
const announced = (due: string, starts = '2026-12-10 18:30', eventId = 'EV-1') => ({
  'Message ID': outboxIdFor(`announce:${eventId}`),
  Kind: 'event.announce',
  Due: due,
  To: '#events',
  About: `${eventId} at ${starts} #000000`,
  Status: 'Sent',
});

const rsvp = (id: number, status: string, over: Record<string, string | number> = {}) => ({
  'RSVP ID': `R-${id}`,
  'Event ID': 'EV-1',
  Email: `p${id}@example.org`,
  Response: status === 'Declined' ? 'No' : 'Yes',
  Guests: 0,
  Status: status,
  ...(status === 'Waitlisted' ? { Position: id } : {}),
  ...over,
});

const at = (text: string, zone = 'Europe/Berlin') => DateTime.fromFormat(text, 'yyyy-MM-dd HH:mm', { zone });

function tick(snapshot: Snapshot, now: DateTime) {
  const plan = decideTick(snapshot, TAB_NAMES, now);
  const view = withChanges(snapshot, plan.changes);
  return { plan, view };
}

type Appended = { kind: 'append'; tab: string; values: Record<string, unknown> };
const outboxAppends = (changes: Change[]) =>
  changes.filter(
    (c): c is Appended & Change => c.kind === 'append' && c.tab === 'Outbox',
  ) as unknown as Appended[];
const updatesOf = (changes: Change[], tab: string) =>
  changes.filter((c) => c.kind === 'update' && c.tab === tab) as unknown as {
    id: string;
    set: Record<string, unknown>;
  }[];

describe('announcements', () => {
  const now = at('2026-12-01 10:00');

  it('an Announced event is announced once, in its Channel or the announcements channel', () => {
    const first = tick(sheet({ Events: [event(), event({ 'Event ID': 'EV-2', Channel: '#winter' })] }), now);
    const rows = outboxAppends(first.plan.changes).filter((r) => r.values.kind === 'event.announce');
    expect(rows.map((r) => [r.values.to, String(r.values.about).split(' #')[0]])).toEqual([
      ['#events', 'EV-1 at 2026-12-10 18:30'],
      ['#winter', 'EV-2 at 2026-12-10 18:30'],
    ]);
    const again = tick(first.view, now.plus({ minutes: 1 }));
    expect(outboxAppends(again.plan.changes).filter((r) => r.values.kind === 'event.announce')).toEqual([]);
  });

  it('a row an organizer just added gets its ID and is announced in the same tick', () => {
    const typed = { Title: 'Winter meetup', Starts: '2026-12-10 18:30', Capacity: 3, Status: 'Announced' };
    const { plan, view } = tick(sheet({ Events: [typed] }), now);
    expect(plan.changes.find((c) => c.kind === 'claim')).toMatchObject({ tab: 'Events', id: 'EV-1' });
    expect(
      outboxAppends(plan.changes)
        .filter((r) => r.values.kind === 'event.announce')
        .map((r) => r.values.about),
    ).toEqual([expect.stringMatching(/^EV-1 at 2026-12-10 18:30 #/)]);
    expect(view.table('Events').byId('EV-1')?.values).toMatchObject({ confirmed: 0, seatsLeft: 3 });
  });

  it('an announcement posted long ago (its Outbox rows archived) is not posted again, and still kept up to date', () => {
    const link = 'https://acme.slack.com/archives/C0EVENTS/p1800000000000100';
    const snapshot = sheet({
      Events: [event({ Starts: '2026-12-03 18:30', 'Slack message': link, Confirmed: 1, 'Seats left': 2 })],
      RSVPs: [rsvp(1, 'Confirmed')],
    });
    const { plan } = tick(snapshot, at('2026-12-01 20:00'));
    const kinds = outboxAppends(plan.changes).map((r) => r.values.kind);
    expect(kinds).not.toContain('event.announce');
    expect(kinds).toContain('event.update');
    expect(kinds.filter((k) => k === 'reminder')).toHaveLength(2);
  });

  it.each([['Draft'], ['Cancelled'], ['Done']])('a %s event is not announced', (status) => {
    const { plan } = tick(sheet({ Events: [event({ Status: status })] }), now);
    expect(outboxAppends(plan.changes).filter((r) => r.values.kind === 'event.announce')).toEqual([]);
  });

  it('is edited when what it shows changes, and not otherwise', () => {
    const first = tick(sheet({ Events: [event()] }), now);
    const quiet = tick(first.view, now.plus({ minutes: 1 }));
    expect(outboxAppends(quiet.plan.changes).filter((r) => r.values.kind === 'event.update')).toEqual([]);
    // An organizer retitles it.
    const retitled = sheet({ Events: [event({ Title: 'Winter party' })], Outbox: [] });
    const edited = tick(
      withChanges(retitled, outboxAppends(first.plan.changes) as unknown as Change[]),
      now.plus({ minutes: 2 }),
    );
    expect(outboxAppends(edited.plan.changes).map((r) => r.values.kind)).toContain('event.update');
  });
});

describe('tallies at the tick', () => {
  const now = at('2026-12-01 10:00');

  it('a raised Capacity promotes from the waitlist and tells them', () => {
    const snapshot = sheet({
      Events: [event({ Capacity: 4, Confirmed: 3, Waitlisted: 2, 'Seats left': 0 })],
      RSVPs: [
        rsvp(1, 'Confirmed'),
        rsvp(2, 'Confirmed'),
        rsvp(3, 'Confirmed'),
        rsvp(4, 'Waitlisted'),
        rsvp(5, 'Waitlisted'),
      ],
      Outbox: [announced('2026-11-30 10:00')],
    });
    const { plan, view } = tick(snapshot, now);
    expect(view.table('RSVPs').byId('R-4')?.values).toMatchObject({
      status: 'Confirmed',
      notified: 'Confirmed',
    });
    expect(view.table('RSVPs').byId('R-5')?.values).toMatchObject({ status: 'Waitlisted', position: 1 });
    expect(view.table('Events').byId('EV-1')?.values).toMatchObject({
      confirmed: 4,
      waitlisted: 1,
      seatsLeft: 0,
    });
    expect(
      outboxAppends(plan.changes)
        .filter((r) => r.values.kind === 'rsvp.promoted')
        .map((r) => r.values.to),
    ).toEqual(['rsvp:R-4']);
    // The next tick finds nothing to do.
    expect(updatesOf(tick(view, now.plus({ minutes: 1 })).plan.changes, 'RSVPs')).toEqual([]);
  });

  it('a lowered Capacity un-confirms nobody and is flagged in Problems', () => {
    const snapshot = sheet({
      Events: [event({ Capacity: 2, Confirmed: 3, 'Seats left': 0 })],
      RSVPs: [rsvp(1, 'Confirmed'), rsvp(2, 'Confirmed'), rsvp(3, 'Confirmed')],
    });
    const { plan, view } = tick(snapshot, now);
    expect(view.table('RSVPs').rows.map((r) => r.values.status)).toEqual([
      'Confirmed',
      'Confirmed',
      'Confirmed',
    ]);
    const problems = updatesOf(plan.changes, 'Events').find((u) => 'problems' in u.set);
    expect(problems?.set.problems).toMatch(/^Events!F2: Capacity 2 is below the 3 seats already confirmed/);
    // Raised again: the flag is cleared.
    const fixed = tick(
      sheet({
        Events: [event({ Confirmed: 3, 'Seats left': 0, Problems: String(problems?.set.problems) })],
        RSVPs: [rsvp(1, 'Confirmed'), rsvp(2, 'Confirmed'), rsvp(3, 'Confirmed')],
      }),
      now,
    );
    expect(updatesOf(fixed.plan.changes, 'Events').find((u) => 'problems' in u.set)?.set.problems).toBeNull();
  });

  it.each([['Left'], ['Suspended'], ['Banned']])(
    'a member who is %s loses their RSVPs and the waitlist moves up',
    (status) => {
      const snapshot = sheet({
        Members: [{ 'Member ID': 'M-1', Name: 'P1', Email: 'p1@example.org', Status: status }],
        Events: [event({ Capacity: 1, Confirmed: 1, Waitlisted: 1, 'Seats left': 0 })],
        RSVPs: [rsvp(1, 'Confirmed'), rsvp(2, 'Waitlisted', { Position: 1 })],
        Outbox: [
          announced('2026-11-30 10:00'),
          {
            'Message ID': 'MSG-planned',
            Kind: 'reminder',
            Due: '2026-12-09 18:30',
            To: 'rsvp:R-1',
            About: 'EV-1 R-1 1 day',
            Status: 'Scheduled',
          },
        ],
      });
      const { view } = tick(snapshot, now);
      expect(view.table('RSVPs').byId('R-1')?.values.status).toBe('Cancelled');
      expect(view.table('RSVPs').byId('R-2')?.values.status).toBe('Confirmed');
      expect(view.table('Outbox').byId('MSG-planned')?.values.status).toBe('Cancelled');
    },
  );
});

describe('moves and cancellations by organizers', () => {
  const now = at('2026-12-01 10:00');
  const people = [rsvp(1, 'Confirmed'), rsvp(2, 'Waitlisted', { Position: 1 }), rsvp(3, 'Declined')];

  it('a new Starts tells everyone Confirmed or Waitlisted once, and the announcement is edited', () => {
    const snapshot = sheet({
      Events: [event({ Starts: '2026-12-11 19:00', Confirmed: 1, Waitlisted: 1, 'Seats left': 2 })],
      RSVPs: people,
      Outbox: [announced('2026-11-30 10:00')],
    });
    const first = tick(snapshot, now);
    const moved = outboxAppends(first.plan.changes).filter((r) => r.values.kind === 'event.moved');
    expect(moved.map((r) => [r.values.to, r.values.about])).toEqual([
      ['rsvp:R-1', 'EV-1 R-1 from 2026-12-10 18:30'],
      ['rsvp:R-2', 'EV-1 R-2 from 2026-12-10 18:30'],
    ]);
    expect(outboxAppends(first.plan.changes).map((r) => r.values.kind)).toContain('event.update');
    const again = tick(first.view, now.plus({ minutes: 1 }));
    expect(outboxAppends(again.plan.changes).filter((r) => r.values.kind === 'event.moved')).toEqual([]);
  });

  it('a cancellation tells everyone Confirmed or Waitlisted once and cancels pending reminders', () => {
    const snapshot = sheet({
      Events: [event({ Status: 'Cancelled', Confirmed: 1, Waitlisted: 1, 'Seats left': 2 })],
      RSVPs: people,
      Outbox: [
        announced('2026-11-30 10:00'),
        {
          'Message ID': 'MSG-r1',
          Kind: 'reminder',
          Due: '2026-12-09 18:30',
          To: 'rsvp:R-1',
          About: 'EV-1 R-1 1 day',
          Status: 'Scheduled',
        },
        {
          'Message ID': 'MSG-r2',
          Kind: 'reminder.post',
          Due: '2026-12-09 18:30',
          To: '#events',
          About: 'EV-1 1 day',
          Status: 'Scheduled',
        },
      ],
    });
    const first = tick(snapshot, now);
    const told = outboxAppends(first.plan.changes).filter((r) => r.values.kind === 'event.cancelled');
    expect(told.map((r) => r.values.to)).toEqual(['rsvp:R-1', 'rsvp:R-2']);
    expect(first.view.table('Outbox').byId('MSG-r1')?.values).toMatchObject({
      status: 'Cancelled',
      lastError: 'the event is Cancelled',
    });
    expect(first.view.table('Outbox').byId('MSG-r2')?.values.status).toBe('Cancelled');
    const again = tick(first.view, now.plus({ minutes: 1 }));
    expect(outboxAppends(again.plan.changes).filter((r) => r.values.kind === 'event.cancelled')).toEqual([]);
  });
});

describe('reminder planning', () => {
  type Case = {
    name: string;
    zone?: string;
    starts: string;
    offsets: string;
    quiet?: string;
    now: string;
    announcedAt?: string;
    /** [kind, due local, status] of the reminder rows planned, posts first. */
    expected: [string, string, string][];
  };
  const cases: Case[] = [
    {
      name: '1 day and 2 hours, wall clock, for a Confirmed person and the channel',
      starts: '2026-12-10 18:30',
      offsets: '1 day, 2 hours',
      now: '2026-12-08 12:00',
      expected: [
        ['reminder.post', '2026-12-09 18:30', 'Scheduled'],
        ['reminder', '2026-12-09 18:30', 'Scheduled'],
        ['reminder.post', '2026-12-10 16:30', 'Scheduled'],
        ['reminder', '2026-12-10 16:30', 'Scheduled'],
      ],
    },
    {
      name: 'only within the horizon (a few days ahead; the rest is planned later)',
      starts: '2026-12-20 18:30',
      offsets: '7 days, 1 day',
      now: '2026-12-01 12:00',
      expected: [],
    },
    {
      name: 'Berlin spring forward: 1 day before is the same local time (23 real hours)',
      starts: '2026-03-29 18:30',
      offsets: '1 day',
      now: '2026-03-27 12:00',
      announcedAt: '2026-03-20 09:00',
      expected: [
        ['reminder.post', '2026-03-28 18:30', 'Scheduled'],
        ['reminder', '2026-03-28 18:30', 'Scheduled'],
      ],
    },
    {
      name: 'Berlin fall back: 1 day before is the same local time (25 real hours)',
      starts: '2026-10-25 18:30',
      offsets: '1 day',
      now: '2026-10-23 12:00',
      announcedAt: '2026-10-01 09:00',
      expected: [
        ['reminder.post', '2026-10-24 18:30', 'Scheduled'],
        ['reminder', '2026-10-24 18:30', 'Scheduled'],
      ],
    },
    {
      name: 'New York spring forward: 2 hours before an 03:30 event is 00:30 local (2 real hours)',
      zone: 'America/New_York',
      starts: '2026-03-08 03:30',
      offsets: '2 hours',
      now: '2026-03-07 12:00',
      announcedAt: '2026-03-01 09:00',
      expected: [
        ['reminder.post', '2026-03-08 00:30', 'Scheduled'],
        ['reminder', '2026-03-08 00:30', 'Scheduled'],
      ],
    },
    {
      name: 'New York fall back: 1 day before',
      zone: 'America/New_York',
      starts: '2026-11-01 18:30',
      offsets: '1 day',
      now: '2026-10-30 12:00',
      announcedAt: '2026-10-01 09:00',
      expected: [
        ['reminder.post', '2026-10-31 18:30', 'Scheduled'],
        ['reminder', '2026-10-31 18:30', 'Scheduled'],
      ],
    },
    {
      name: 'quiet hours: moved to their end when that is before the event',
      starts: '2026-12-10 09:00',
      offsets: '2 hours',
      quiet: '21:00-08:00',
      now: '2026-12-09 12:00',
      expected: [
        ['reminder.post', '2026-12-10 08:00', 'Scheduled'],
        ['reminder', '2026-12-10 08:00', 'Scheduled'],
      ],
    },
    {
      name: 'quiet hours: moved to their start when their end is not before the event',
      starts: '2026-12-10 08:00',
      offsets: '1 hour',
      quiet: '21:00-08:00',
      now: '2026-12-09 12:00',
      expected: [
        ['reminder.post', '2026-12-09 21:00', 'Scheduled'],
        ['reminder', '2026-12-09 21:00', 'Scheduled'],
      ],
    },
    {
      name: 'downtime: a reminder missed by less than half its offset is still planned (sent late)',
      starts: '2026-12-10 18:30',
      offsets: '2 hours',
      now: '2026-12-10 17:15',
      expected: [
        ['reminder.post', '2026-12-10 16:30', 'Scheduled'],
        ['reminder', '2026-12-10 16:30', 'Scheduled'],
      ],
    },
    {
      name: 'downtime: one missed by more than half its offset is Skipped with the reason',
      starts: '2026-12-10 18:30',
      offsets: '1 day',
      now: '2026-12-10 07:00',
      expected: [
        ['reminder.post', '2026-12-09 18:30', 'Skipped'],
        ['reminder', '2026-12-09 18:30', 'Skipped'],
      ],
    },
    {
      name: 'a reminder whose time came before the event was announced is not planned',
      starts: '2026-12-10 18:30',
      offsets: '1 day, 2 hours',
      now: '2026-12-10 12:00',
      announcedAt: '2026-12-10 11:00',
      expected: [
        ['reminder.post', '2026-12-10 16:30', 'Scheduled'],
        ['reminder', '2026-12-10 16:30', 'Scheduled'],
      ],
    },
  ];

  it.each(cases)('$name', (c) => {
    const zone = c.zone ?? 'Europe/Berlin';
    const snapshot = sheet(
      {
        Events: [event({ Starts: c.starts, Confirmed: 1, 'Seats left': 2 })],
        RSVPs: [rsvp(1, 'Confirmed')],
        Outbox: [announced(c.announcedAt ?? '2026-11-30 10:00', c.starts)],
      },
      { 'Reminder offsets': c.offsets, 'Quiet hours': c.quiet ?? 'none' },
      zone,
    );
    const { view } = tick(snapshot, at(c.now, zone));
    const rows = view
      .table('Outbox')
      .rows.map((r) => r.values)
      .filter((r) => r.kind.startsWith('reminder'))
      .map((r) => [r.kind, r.due.setZone(zone).toFormat('yyyy-MM-dd HH:mm'), r.status]);
    expect(rows).toEqual(c.expected);
    for (const row of view.table('Outbox').rows.map((r) => r.values)) {
      if (row.status === 'Skipped') expect(row.lastError).toMatch(/too late to be useful/);
    }
  });

  it('moving the event cancels the reminders planned for the old time and plans new ones', () => {
    const snapshot = sheet({
      Events: [event({ Confirmed: 1, 'Seats left': 2 })],
      RSVPs: [rsvp(1, 'Confirmed')],
      Outbox: [announced('2026-11-30 10:00')],
    });
    const planned = tick(snapshot, at('2026-12-08 12:00')).view;
    const before = planned.table('Outbox').rows.filter((r) => r.values.kind.startsWith('reminder'));
    expect(before).toHaveLength(4);
    // The organizer moves it a day later: a fresh read of the sheet with the same Outbox.
    const outbox = planned.table('Outbox').rows.map((r) => ({
      'Message ID': r.values.messageId as string,
      Kind: r.values.kind,
      Due: r.values.due.setZone('Europe/Berlin').toFormat('yyyy-MM-dd HH:mm'),
      To: r.values.to ?? '',
      About: r.values.about ?? '',
      Status: r.values.status,
    }));
    const moved = sheet({
      Events: [event({ Starts: '2026-12-11 18:30', Confirmed: 1, 'Seats left': 2 })],
      RSVPs: [rsvp(1, 'Confirmed')],
      Outbox: outbox,
    });
    const { view } = tick(moved, at('2026-12-08 20:00'));
    const reminders = view
      .table('Outbox')
      .rows.map((r) => r.values)
      .filter((r) => r.kind.startsWith('reminder'));
    expect(reminders.filter((r) => r.status === 'Cancelled')).toHaveLength(4);
    expect(
      reminders
        .filter((r) => r.status === 'Scheduled')
        .map((r) => r.due.setZone('Europe/Berlin').toFormat('dd HH:mm')),
    ).toEqual(['10 18:30', '10 18:30', '11 16:30', '11 16:30']);
  });

  it('a person no longer Confirmed has their reminder cancelled; a newly Confirmed one gets one', () => {
    const snapshot = sheet({
      Events: [event({ Confirmed: 1, 'Seats left': 2 })],
      RSVPs: [rsvp(1, 'Declined'), rsvp(2, 'Confirmed')],
      Outbox: [
        announced('2026-11-30 10:00'),
        {
          'Message ID': 'MSG-r1',
          Kind: 'reminder',
          Due: '2026-12-09 18:30',
          To: 'rsvp:R-1',
          About: 'EV-1 R-1 1 day',
          Status: 'Scheduled',
        },
      ],
    });
    const { view } = tick(snapshot, at('2026-12-08 12:00'));
    expect(view.table('Outbox').byId('MSG-r1')?.values).toMatchObject({
      status: 'Cancelled',
      lastError: 'R-1 is Declined, no longer Confirmed',
    });
    expect(view.table('Outbox').rows.filter((r) => r.values.to === 'rsvp:R-2')).toHaveLength(2);
  });
});

describe('after the event', () => {
  it('an ended event becomes Done, and those Confirmed are thanked once', () => {
    const snapshot = sheet({
      Events: [
        event({ Starts: '2026-12-01 18:30', Ends: '2026-12-01 21:00', Confirmed: 1, 'Seats left': 2 }),
      ],
      RSVPs: [rsvp(1, 'Confirmed'), rsvp(2, 'Declined')],
      Outbox: [announced('2026-11-20 10:00', '2026-12-01 18:30')],
    });
    const first = tick(snapshot, at('2026-12-01 21:05'));
    expect(first.view.table('Events').byId('EV-1')?.values.status).toBe('Done');
    expect(
      outboxAppends(first.plan.changes)
        .filter((r) => r.values.kind === 'event.thanks')
        .map((r) => r.values.to),
    ).toEqual(['rsvp:R-1']);
    const again = tick(first.view, at('2026-12-01 21:10'));
    expect(outboxAppends(again.plan.changes).filter((r) => r.values.kind === 'event.thanks')).toEqual([]);
  });

  it('without Ends, it ends two hours after it starts; an organizer’s Cancelled stays', () => {
    const snapshot = sheet({
      Events: [
        event({ Starts: '2026-12-01 18:30' }),
        event({ 'Event ID': 'EV-2', Starts: '2026-12-01 10:00', Status: 'Cancelled' }),
      ],
    });
    expect(tick(snapshot, at('2026-12-01 20:29')).view.table('Events').byId('EV-1')?.values.status).toBe(
      'Announced',
    );
    const later = tick(snapshot, at('2026-12-01 20:30')).view.table('Events');
    expect([later.byId('EV-1')?.values.status, later.byId('EV-2')?.values.status]).toEqual([
      'Done',
      'Cancelled',
    ]);
  });

  it('Attended ticks feed each member’s Events attended', () => {
    const snapshot = sheet({
      Members: [
        { 'Member ID': 'M-1', Name: 'P1', Email: 'p1@example.org', Status: 'Active' },
        { 'Member ID': 'M-2', Name: 'P2', Email: 'p2@example.org', Status: 'Active', 'Events attended': 1 },
      ],
      Events: [
        event({ Status: 'Done', Starts: '2026-11-01 18:30' }),
        event({ 'Event ID': 'EV-2', Status: 'Done', Starts: '2026-11-08 18:30' }),
      ],
      RSVPs: [
        rsvp(1, 'Confirmed', { Attended: 'Yes' }),
        rsvp(1, 'Confirmed', { 'RSVP ID': 'R-3', 'Event ID': 'EV-2', Attended: 'Yes' }),
        rsvp(2, 'Confirmed', { Attended: 'No' }),
      ],
    });
    const { view } = tick(snapshot, at('2026-12-01 10:00'));
    expect(view.table('Members').rows.map((r) => r.values.eventsAttended)).toEqual([2, 0]);
  });
});

describe('sending due reminders', () => {
  const rows = (due: string) =>
    sheet(
      {
        Events: [event({ Confirmed: 1, 'Seats left': 2 })],
        RSVPs: [rsvp(1, 'Confirmed')],
        Outbox: [
          {
            'Message ID': 'MSG-r',
            Kind: 'reminder',
            Due: due,
            To: 'rsvp:R-1',
            About: 'EV-1 R-1 2 hours',
            Status: 'Scheduled',
          },
        ],
      },
      { 'Quiet hours': '17:00-17:20' },
    );

  it.each([
    ['on time', '2026-12-10 16:30', '2026-12-10 16:31', 'send'],
    ['late but useful (under half its offset)', '2026-12-10 16:30', '2026-12-10 17:29', 'send'],
    ['late into quiet hours: waits', '2026-12-10 16:30', '2026-12-10 17:10', 'wait'],
    ['too late (over half its offset)', '2026-12-10 16:30', '2026-12-10 18:01', 'skip'],
  ])('%s', (_name, due, now, expected) => {
    const result = dueMessages(rows(due), at(now), new Set());
    const outcome = result.send.length === 1 ? 'send' : result.changes.length === 1 ? 'skip' : 'wait';
    expect(outcome).toBe(expected);
    if (outcome === 'skip') expect(JSON.stringify(result.changes)).toMatch(/the event has started|too late/);
  });
});
