import type { DateTime } from 'luxon';
import { createMemoryIdLedger } from '../../functions/id-ledger.js';
import { type Cell, dateTimeToSerial } from '../../sheets-schema/cells.js';
import { SETTING_KEYS } from '../../sheets-schema/settings.js';
import { decodeSnapshot } from '../../sheets-schema/snapshot.js';
import { TAB_NAMES, TABS, type TabName } from '../../sheets-schema/tabs/index.js';
import { EVENT_KINDS, eventAbout, shownAs } from '../../workflows/events/records.js';
import { outboxIdFor } from '../../workflows/records.js';

export const headersOf = (tab: TabName): string[] => Object.values(TABS[tab].columns).map((c) => c.header);

const BASE_SERIAL = 46357.75; // 2026-12-01 18:00

/** A group at the scale the benchmarks name: members, events and RSVPs with realistic cells. */
export function groupGrids(members: number, events: number, rsvps: number): Record<string, Cell[][]> {
  const statuses = ['Active', 'Active', 'Active', 'Pending', 'Inactive'];
  const memberRows: Cell[][] = Array.from({ length: members }, (_, i) => [
    `M-${i + 1}`,
    `Member Number ${i + 1}`,
    `member${i + 1}@example.org`,
    i % 3 === 0 ? null : `U${(100000 + i).toString(36).toUpperCase()}`,
    statuses[i % statuses.length] as string,
    BASE_SERIAL - 400 + (i % 400),
    i % 4 === 0 ? 'U0LEADER1' : null,
    null,
    'Meetup.com',
    'TypeScript, Events',
    i % 2 === 0 ? 'Yes' : 'No',
    i % 12,
    BASE_SERIAL - (i % 90),
    null,
    null,
  ]);
  const eventRows: Cell[][] = Array.from({ length: events }, (_, i) => [
    `EV-${i + 1}`,
    `Event ${i + 1}`,
    BASE_SERIAL + i,
    BASE_SERIAL + i + 0.125,
    'Community hall',
    40,
    BASE_SERIAL + i - 1,
    'U0HOST',
    i % 10 === 0 ? 'Done' : 'Announced',
    '#events',
    30,
    5,
    10,
    'https://example.slack.com/archives/C1/p1700000000000100',
    null,
  ]);
  const rsvpRows: Cell[][] = Array.from({ length: rsvps }, (_, i) => [
    `R-${i + 1}`,
    `EV-${(i % events) + 1}`,
    `member${(i % members) + 1}@example.org`,
    null,
    i % 7 === 0 ? 'No' : 'Yes',
    i % 3,
    BASE_SERIAL - 10 + (i % 10),
    i % 2 === 0 ? 'Form' : 'Slack',
    i % 7 === 0 ? 'Declined' : i % 11 === 0 ? 'Waitlisted' : 'Confirmed',
    i % 11 === 0 ? (i % 5) + 1 : null,
    'Confirmed',
    null,
  ]);
  return {
    Settings: [
      ['Setting', 'Value', 'Notes'],
      ['Time zone', 'Europe/London', null],
    ],
    Members: [headersOf('Members'), ...memberRows],
    Events: [headersOf('Events'), ...eventRows],
    RSVPs: [headersOf('RSVPs'), ...rsvpRows],
    Audit: [headersOf('Audit')],
    IDs: [headersOf('IDs')],
  };
}

/** A row of `tab` from values by column key, in the provisioned column order; keys left out are empty. */
export function rowOf(tab: TabName, values: Record<string, Cell | undefined>): Cell[] {
  return Object.keys(TABS[tab].columns).map((key) => values[key] ?? null);
}

/** A member of a benchmark group, by number (1-based): two in three have a Slack ID in the sheet. */
export function benchMember(n: number) {
  return {
    memberId: `M-${n}`,
    name: `Member Number ${n}`,
    email: `member${n}@example.org`,
    slackId: n % 3 === 0 ? undefined : `U0M${String(n).padStart(7, '0')}`,
    /** The Slack account they have either way (found by email when the sheet has no Slack ID). */
    slackAccount: `U0M${String(n).padStart(7, '0')}`,
  };
}

export interface EventGroupOptions {
  members: number;
  events: number;
  rsvps: number;
  /** The instant the group is seen at: tallies, announcements and digests are as of this moment. */
  now: DateTime;
  zone: string;
  /** Events start from 3 hours after `now`, evenly over this many days. */
  spreadDays?: number;
  capacity?: number;
  reminderOffsets?: string;
  /** When the announcements were planned (the Outbox rows' Due): reminders nominally before it are not planned. */
  announcedAt?: DateTime;
  /** The Slack channel events are announced in. */
  channel?: { id: string; name: string };
}

export interface EventGroup {
  grids: Record<string, Cell[][]>;
  /** Per event: the announcement's channel and ts, for seeding the Slack fake so edits find it. */
  announcements: { eventId: string; channel: string; ts: string }[];
  /** Event number (1-based) → member numbers who answered it, in sheet order. */
  answered: Map<number, number[]>;
  capacity: number;
}

/**
 * A group at rest, as the writer leaves it: every tab provisioned, every event Announced with its announcement
 * in the Outbox showing the current tally, tallies settled (Confirmed in order of answer while seats last, the
 * rest Waitlisted 1, 2, 3…), Events' counts agreeing with the RSVPs, today's daily step done, and nothing else
 * for a tick to do, except the reminders, which are not planned yet.
 */
export function eventGroup(options: EventGroupOptions): EventGroup {
  const { members, events, rsvps, now, zone } = options;
  const capacity = options.capacity ?? 40;
  const spreadMs = (options.spreadDays ?? 35) * 86_400_000;
  const channel = options.channel ?? { id: 'C0EVENTS01', name: 'events' };
  const announcedAt = options.announcedAt ?? now.minus({ minutes: 5 });
  const serial = (t: DateTime) => dateTimeToSerial(t, zone);
  const settings: Record<string, string> = {
    'Time zone': zone,
    'Announcements channel': `#${channel.name}`,
    'Reminder offsets': options.reminderOffsets ?? '7 days, 1 day, 2 hours',
    // The weekly moderation summary, an intro round and first-year shout-outs would fall on the benches'
    // Monday: a tick at rest plans only reminders (intro rounds have a bench of their own).
    'Leaders summary': 'off',
    'Intro rounds': 'Off',
    'Celebrate milestones': 'No',
  };
  const settingRows: Cell[][] = SETTING_KEYS.map((s) => [s.key, settings[s.key] ?? s.defaultValue, s.note]);

  const memberStatuses = ['Active', 'Active', 'Active', 'Active', 'Inactive', 'Pending'];
  const memberRows = Array.from({ length: members }, (_, i) => {
    const m = benchMember(i + 1);
    return rowOf('Members', {
      memberId: m.memberId,
      name: m.name,
      email: m.email,
      slackId: m.slackId,
      status: memberStatuses[i % memberStatuses.length],
      joined: serial(now.minus({ days: 400 - (i % 400) })),
      source: 'Meetup.com',
      interests: 'TypeScript, Events',
      intros: i % 2 === 0 ? 'Yes' : 'No',
      eventsAttended: 0,
      lastActive: serial(now.minus({ days: 30 + (i % 60) })),
    });
  });

  const firstStart = now.plus({ hours: 3 });
  const starts = Array.from({ length: events }, (_, e) =>
    firstStart.plus({ minutes: Math.round((e * spreadMs) / events / 60_000 / 5) * 5 }),
  );
  // RSVP n goes to event n % events: each event's answers are spread through the tab, as they come in.
  const answered = new Map<number, number[]>();
  const perEvent = Math.ceil(rsvps / Math.max(events, 1));
  const rsvpRows: Cell[][] = [];
  const tallies = Array.from({ length: events }, () => ({
    free: capacity,
    confirmed: 0,
    waitlisted: 0,
    queue: 0,
  }));
  for (let n = 0; n < rsvps; n++) {
    const e = n % events;
    const j = Math.floor(n / events);
    const memberNo = ((e * perEvent + j) % members) + 1;
    answered.set(e + 1, [...(answered.get(e + 1) ?? []), memberNo]);
    const member = benchMember(memberNo);
    const response = j % 7 === 6 ? 'No' : 'Yes';
    const guests = j % 3 === 0 ? 1 : 0;
    const tally = tallies[e] as (typeof tallies)[number];
    let status: string;
    let position: number | undefined;
    if (response === 'No') status = 'Declined';
    else if (1 + guests <= tally.free) {
      status = 'Confirmed';
      tally.free -= 1 + guests;
      tally.confirmed += 1 + guests;
    } else {
      status = 'Waitlisted';
      position = ++tally.queue;
      tally.waitlisted += 1 + guests;
    }
    const bySlack = j % 2 === 1 && member.slackId !== undefined;
    rsvpRows.push(
      rowOf('RSVPs', {
        rsvpId: `R-${n + 1}`,
        eventId: `EV-${e + 1}`,
        email: member.email,
        slackId: bySlack ? member.slackId : null,
        response,
        guests,
        submitted: serial(now.minus({ days: 1 + (j % 10), minutes: n % 600 })),
        source: bySlack ? 'Slack' : 'Form',
        status,
        position,
        notified: position ? `Waitlisted #${position}` : status,
      }),
    );
  }

  const announcements: EventGroup['announcements'] = [];
  const eventRows = starts.map((start, e) => {
    const tally = tallies[e] as (typeof tallies)[number];
    const ts = `1790000000.${String(e + 1).padStart(6, '0')}`;
    announcements.push({ eventId: `EV-${e + 1}`, channel: channel.id, ts });
    return rowOf('Events', {
      eventId: `EV-${e + 1}`,
      title: `Event ${e + 1}`,
      starts: serial(start),
      ends: serial(start.plus({ hours: 2 })),
      location: 'Community hall',
      capacity,
      rsvpDeadline: serial(start.minus({ days: 1 })),
      host: 'U0HOST0001',
      status: 'Announced',
      channel: `#${channel.name}`,
      confirmed: tally.confirmed,
      waitlisted: tally.waitlisted,
      seatsLeft: Math.max(0, capacity - tally.confirmed),
      slackMessage: `https://hearth-bench.slack.com/archives/${channel.id}/p${ts.replace('.', '')}`,
    });
  });

  // The announcements show the events as they now are: decoded as the writer would, then digested.
  const settingsGrid: Cell[][] = [headersOf('Settings'), ...settingRows];
  const decoded = decodeSnapshot(
    new Map([
      ['Settings', settingsGrid],
      ['Events', [headersOf('Events'), ...eventRows]],
    ]),
    ['Events'],
  );
  const outboxRows = decoded.table('Events').rows.map(({ values: event }) =>
    rowOf('Outbox', {
      messageId: outboxIdFor(`announce:${event.eventId}`),
      kind: EVENT_KINDS.announce,
      due: serial(announcedAt),
      to: `#${channel.name}`,
      about: eventAbout(event.eventId as string, shownAs(event, decoded.timeZone, now)),
      status: 'Sent',
      sent: serial(announcedAt),
      attempts: 1,
    }),
  );

  // Every provisioned tab is there (an absent one is a problem the housekeeping would report); the busy ones are full.
  const empty: Record<string, Cell[][]> = Object.fromEntries(TAB_NAMES.map((tab) => [tab, [headersOf(tab)]]));
  return {
    grids: {
      ...empty,
      Settings: settingsGrid,
      Members: [headersOf('Members'), ...memberRows],
      Events: [headersOf('Events'), ...eventRows],
      RSVPs: [headersOf('RSVPs'), ...rsvpRows],
      Outbox: [headersOf('Outbox'), ...outboxRows],
      // Today's daily step has run (its engagement levels and Dashboard have their own bench).
      Dashboard: [
        headersOf('Dashboard'),
        rowOf('Dashboard', {
          week: now.setZone(zone).startOf('week').toISODate(),
          updated: serial(now.minus({ minutes: 1 })),
        }),
      ],
    },
    announcements,
    answered,
    capacity,
  };
}

/**
 * An ID ledger that has been in use, as a running group's is. (A new one makes the writer read Audit once, on
 * its first batch, for the IDs it mentions: a one-off the figures should not count.)
 */
export function ledgerInUse() {
  return createMemoryIdLedger(new Map([['M-', 1]]));
}
