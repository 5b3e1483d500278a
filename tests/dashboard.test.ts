/**
 * The group's figures by week, the Dashboard rows the daily step writes from them, and the leaders' digest:
 * table-driven over a sheet with members joining, events attended, intro groups, questions and incidents.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { type Change, update } from '../sheets-schema/changes.js';
import { withChanges } from '../sheets-schema/overlay.js';
import type { Snapshot } from '../sheets-schema/snapshot.js';
import type { TabName } from '../sheets-schema/tabs/index.js';
import { decideTick, WRITER_TABS } from '../workflows/decide.js';
import { dailyDue } from '../workflows/presence/daily.js';
import { DASHBOARD_WEEKS, planDashboard } from '../workflows/presence/dashboard.js';
import { digestFigures } from '../workflows/presence/digest.js';
import { communityDigest } from '../workflows/presence/digest-messages.js';
import { weekFigures, weekStart } from '../workflows/presence/figures.js';
import { type Rows, sheetOf } from './fakes/sheet-of.js';

const ZONE = 'Europe/London';
/** A Tuesday; this week began on Monday 7 December. */
const NOW = DateTime.fromISO('2026-12-08T18:00', { zone: ZONE });
const THIS_WEEK = weekStart(NOW, ZONE);
const day = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toISO() as string;

const member = (n: number, joined: string, more: Record<string, string> = {}) => ({
  'Member ID': `M-${n}`,
  Name: `Member ${n}`,
  Email: `m${n}@example.org`,
  'Slack ID': `U07MEMBER${String(n).padStart(2, '0')}`,
  Status: 'Active',
  Joined: day(joined),
  ...more,
});

const MEMBERS: Rows = [
  // Joined in the week of 26 October: their 30 days are over by 8 December. M-1 came to an event in them.
  member(1, '2026-10-27T12:00'),
  member(2, '2026-10-29T12:00', { 'Invited by': 'M-1' }),
  // Joined this week: too soon to tell.
  member(3, '2026-12-07T09:00'),
  member(4, '2026-12-08T09:00', { 'Invited by': 'M-1' }),
  // Joined in June and has done nothing since.
  member(5, '2026-06-01T12:00'),
];

const EVENTS: Rows = [
  { 'Event ID': 'EV-1', Title: 'Autumn walk', Starts: day('2026-11-10T10:00'), Status: 'Done' },
  { 'Event ID': 'EV-2', Title: 'Winter walk', Starts: day('2026-12-07T10:00'), Status: 'Done' },
  { 'Event ID': 'EV-3', Title: 'Draft walk', Starts: day('2026-12-07T12:00'), Status: 'Draft' },
  {
    'Event ID': 'EV-4',
    Title: 'Xmas social',
    Starts: day('2026-12-12T19:00'),
    Status: 'Announced',
    Capacity: 20,
    'Seats left': 5,
    Confirmed: 15,
  },
];

const RSVPS: Rows = [
  {
    'RSVP ID': 'R-1',
    'Event ID': 'EV-1',
    Email: 'm1@example.org',
    Response: 'Yes',
    Status: 'Confirmed',
    Attended: 'Yes',
  },
  {
    'RSVP ID': 'R-2',
    'Event ID': 'EV-2',
    Email: 'm3@example.org',
    Response: 'Yes',
    Status: 'Confirmed',
    Attended: 'Yes',
  },
  {
    'RSVP ID': 'R-3',
    'Event ID': 'EV-2',
    Email: 'm1@example.org',
    Response: 'Yes',
    Status: 'Confirmed',
    Attended: 'Yes',
  },
];

const INTROS: Rows = [
  { 'Intro ID': 'IR-1', Round: '2026-11-23', Members: 'M-1, M-2', Met: 'Yes' },
  { 'Intro ID': 'IR-2', Round: '2026-11-23', Members: 'M-3, M-4', Met: 'No' },
  { 'Intro ID': 'IR-3', Round: '2026-11-24', Members: 'M-1, M-4' },
];

const QUESTIONS: Rows = [
  {
    'Question ID': 'Q-1',
    Channel: '#help',
    Asked: day('2026-12-07T10:00'),
    Status: 'Answered',
    'Minutes to first reply': 30,
  },
  {
    'Question ID': 'Q-2',
    Channel: '#help',
    Asked: day('2026-12-07T11:00'),
    Status: 'Answered',
    'Minutes to first reply': 90,
  },
  {
    'Question ID': 'Q-3',
    Channel: '#help',
    Asked: day('2026-12-08T11:00'),
    Status: 'Answered',
    'Minutes to first reply': 10,
  },
  { 'Question ID': 'Q-4', Channel: '#help', Asked: day('2026-12-08T12:00'), Status: 'Waiting' },
];

const INCIDENTS: Rows = [
  // Reported the week before, resolved this week: open at the end of that week, not now.
  {
    'Incident ID': 'IN-1',
    Reported: day('2026-12-02T10:00'),
    Status: 'Resolved',
    'Decided at': day('2026-12-07T10:00'),
  },
  { 'Incident ID': 'IN-2', Reported: day('2026-12-08T10:00'), Status: 'Open' },
];

function sheet(tabs: Partial<Record<TabName, Rows>> = {}): Snapshot {
  return sheetOf(
    {
      Members: MEMBERS,
      Events: EVENTS,
      RSVPs: RSVPS,
      Intros: INTROS,
      Questions: QUESTIONS,
      Incidents: INCIDENTS,
      ...tabs,
    },
    { 'Time zone': ZONE, 'Group name': 'Leeds Hikers' },
  );
}

describe('weekFigures', () => {
  const week = (iso: string) => weekFigures(sheet(), DateTime.fromISO(iso, { zone: ZONE }), NOW);

  it.each([
    [
      'this week',
      '2026-12-07',
      {
        newMembers: 2,
        events: 1,
        attended: 2,
        questions: 4,
        medianFirstReply: 30,
        incidents: 1,
        openIncidents: 1,
        invitedJoins: 1,
      },
    ],
    [
      'the week of 26 October, whose newcomers have had their 30 days',
      '2026-10-26',
      { newMembers: 2, cameWithin30Days: 1, newcomerRetention: 50, invitedJoins: 1 },
    ],
    ['the week of 23 November: three intro groups, one met', '2026-11-23', { introGroups: 3, introsMet: 33 }],
    [
      'the week before this one: an incident open at its end',
      '2026-11-30',
      { incidents: 1, openIncidents: 1, questions: 0 },
    ],
  ])('%s', (_, monday, expected) => {
    expect(week(monday)).toMatchObject(expected);
  });

  it('leaves retention unknown until the last newcomer’s 30 days are over, and intro and reply rates when there is nothing to rate', () => {
    const figures = week('2026-12-07');
    expect(figures.cameWithin30Days).toBeUndefined();
    expect(figures.newcomerRetention).toBeUndefined();
    expect(week('2026-11-30').introsMet).toBeUndefined();
    expect(week('2026-11-30').medianFirstReply).toBeUndefined();
  });

  it('counts the engagement levels at the week’s end', () => {
    // M-1 came to two events and met M-2; M-3 and M-4 are New; M-5 did nothing in 90 days.
    expect(week('2026-12-07')).toMatchObject({ core: 1, quiet: 1 });
    // At the end of the week of 26 October M-5 was quiet too: June is more than 90 days before it.
    expect(week('2026-10-26')).toMatchObject({ quiet: 1 });
  });
});

const dashboardRows = (changes: readonly Change[]) => changes.filter((c) => c.tab === 'Dashboard');

describe('the Dashboard, once a day', () => {
  it('writes the last 12 weeks, newest last, each marked Updated', () => {
    const plan = planDashboard(sheet(), NOW);
    const rows = dashboardRows(plan.changes);
    expect(rows).toHaveLength(DASHBOARD_WEEKS);
    expect(rows.map((c) => (c.kind === 'append' ? c.values.week : undefined))).toEqual(
      Array.from({ length: DASHBOARD_WEEKS }, (_, i) =>
        THIS_WEEK.minus({ weeks: DASHBOARD_WEEKS - 1 - i }).toISODate(),
      ),
    );
    expect(rows.every((c) => c.kind === 'append' && c.values.updated?.equals(NOW))).toBe(true);
  });

  it('runs at the first tick of a day only, then writes only what changed (and Updated)', () => {
    const first = decideTick(sheet(), WRITER_TABS, NOW);
    const after = withChanges(sheet(), first.changes);
    expect(dailyDue(after, NOW.plus({ hours: 2 }))).toBe(false);
    expect(dashboardRows(decideTick(after, WRITER_TABS, NOW.plus({ hours: 2 })).changes)).toEqual([]);

    const tomorrow = NOW.plus({ days: 1 }).set({ hour: 0, minute: 1 });
    expect(dailyDue(after, tomorrow)).toBe(true);
    const next = dashboardRows(planDashboard(after, tomorrow).changes);
    // Nothing happened overnight: each row is only marked, but for the week of 2 November, whose newcomers'
    // 30 days ended at midnight (nobody joined that week: none of them came).
    expect(next.every((c) => c.kind === 'update')).toBe(true);
    const changed = next.filter((c) => c.kind === 'update' && Object.keys(c.set).join() !== 'updated');
    expect(changed).toEqual([update('Dashboard', '2026-11-02', { cameWithin30Days: 0, updated: tomorrow })]);
  });

  it('puts back a figure typed over by hand', () => {
    const written = withChanges(sheet(), planDashboard(sheet(), NOW).changes);
    const week = THIS_WEEK.toISODate() as string;
    const edited = withChanges(written, [
      { kind: 'update', tab: 'Dashboard', id: week, set: { newMembers: 99 } },
    ]);
    const fix = dashboardRows(planDashboard(edited, NOW.plus({ days: 1 })).changes).find(
      (c) => c.kind === 'update' && c.id === week,
    );
    expect(fix).toMatchObject({ set: { newMembers: 2 } });
  });
});

describe('the Dashboard’s levels of a past week', () => {
  it('are worked out once the week is over, then kept as written (they cannot change, and cost the most)', () => {
    const written = withChanges(sheet(), planDashboard(sheet(), NOW).changes);
    const past = '2026-11-23';
    // As if the levels had been worked out at that week's end from a sheet that has since changed.
    const edited = withChanges(written, [{ kind: 'update', tab: 'Dashboard', id: past, set: { core: 7 } }]);
    const tomorrow = dashboardRows(planDashboard(edited, NOW.plus({ days: 1 })).changes);
    expect(tomorrow.find((c) => c.kind === 'update' && c.id === past)).toEqual(
      update('Dashboard', past, { updated: NOW.plus({ days: 1 }) }),
    );
    // This week's row was written before the week ended: its levels are worked out again each day.
    const thisWeek = THIS_WEEK.toISODate() as string;
    const typed = withChanges(written, [
      { kind: 'update', tab: 'Dashboard', id: thisWeek, set: { core: 7 } },
    ]);
    const fix = dashboardRows(planDashboard(typed, NOW.plus({ days: 1 })).changes).find(
      (c) => c.kind === 'update' && c.id === thisWeek,
    );
    expect(fix).toMatchObject({ set: { core: 1 } });
  });
});

describe('the leaders’ digest', () => {
  const from = THIS_WEEK;
  const to = THIS_WEEK.plus({ weeks: 1 });

  it('gathers the week’s figures and the next 7 days’ events', () => {
    const figures = digestFigures(sheet(), from, to.minus({ days: 3 }));
    expect(figures).toMatchObject({
      newMembers: 2,
      intros: { groups: 3, met: 1 },
      questions: { asked: 4, answered: 3, medianMinutes: 30 },
      invitedJoins: 1,
    });
    expect(figures.upcoming.map((e) => e.eventId)).toEqual(['EV-4']);
  });

  it('gives newcomer retention for the latest week whose 30 days are over', () => {
    const figures = digestFigures(sheet(), DateTime.fromISO('2026-11-30', { zone: ZONE }), THIS_WEEK);
    expect(figures.retention).toMatchObject({ joined: 2, came: 1 });
    expect(figures.retention?.week.toISODate()).toBe('2026-10-26');
  });

  it('reads as the leaders see it', () => {
    const message = communityDigest(
      digestFigures(sheet(), DateTime.fromISO('2026-11-30', { zone: ZONE }), THIS_WEEK),
      {
        groupName: 'Leeds Hikers',
        period: 'Mon 30 Nov – Sun 6 Dec',
        timeZone: ZONE,
      },
    );
    expect(message).toMatchSnapshot();
  });
});
