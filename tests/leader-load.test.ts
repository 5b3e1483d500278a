/**
 * Leader load, table-tested: each figure counted from its tab over the 90 days before the day, the Leader
 * load tab written with only the cells that change, and the greeter chosen least loaded first.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { Cell } from '../sheets-schema/cells.js';
import { withChanges } from '../sheets-schema/overlay.js';
import type { TabName } from '../sheets-schema/tabs/index.js';
import { type LeaderLoad, leaderLoads } from '../workflows/leaders/load.js';
import { planLeaderLoad } from '../workflows/leaders/load-tab.js';
import { pickGreeter } from '../workflows/onboarding/decisions.js';
import { type Rows, sheetOf } from './fakes/sheet-of.js';

const ZONE = 'Europe/London';
const NOW = DateTime.fromISO('2027-01-04T09:00', { zone: ZONE });
const ADA = 'U07ADALOVE1';
const BOB = 'U07BOBBYTA1';
const day = (daysAgo: number) => NOW.minus({ days: daysAgo }).toISO() as string;

const LEADERS: Rows = [
  { 'Slack ID': ADA, Name: 'Ada Lovelace', Role: 'Greeter', 'Can approve': 'Yes', Active: 'Yes' },
  { 'Slack ID': BOB, Name: 'Bob Taylor', Role: 'Greeter', 'Can approve': 'Yes', Active: 'Yes' },
];
const sheet = (tabs: Partial<Record<TabName, Rows>>) =>
  sheetOf({ Leaders: LEADERS, ...tabs }, { 'Time zone': ZONE });
const ada = (loads: LeaderLoad[]) => loads.find((l) => l.slackId === ADA);

const event = (cells: Record<string, Cell>): Record<string, Cell> => ({
  'Event ID': 'EV-1',
  Title: 'Walk',
  Starts: day(10),
  Status: 'Done',
  ...cells,
});
const member = (cells: Record<string, Cell>): Record<string, Cell> => ({
  'Member ID': 'M-9',
  Name: 'Newcomer',
  Email: 'new@example.org',
  Status: 'Active',
  Joined: day(5),
  ...cells,
});

describe('leader load figures', () => {
  it.each<[string, Partial<Record<TabName, Rows>>, Partial<LeaderLoad>]>([
    ['nothing at all', {}, { hosted: 0, greeted: 0, incidents: 0, approvals: 0, projects: 0, total: 0 }],
    ['hosted by Slack ID', { Events: [event({ Host: ADA })] }, { hosted: 1, total: 1 }],
    [
      'hosted by mention, with a co-host',
      { Events: [event({ Host: `<@${ADA}> & Bob Taylor` })] },
      { hosted: 1 },
    ],
    ['hosted by name, any case', { Events: [event({ Host: 'ada lovelace' })] }, { hosted: 1 }],
    ['a Draft event is not hosted', { Events: [event({ Host: ADA, Status: 'Draft' })] }, { hosted: 0 }],
    [
      'a Cancelled event is not hosted',
      { Events: [event({ Host: ADA, Status: 'Cancelled' })] },
      { hosted: 0 },
    ],
    ['an Announced event counts', { Events: [event({ Host: ADA, Status: 'Announced' })] }, { hosted: 1 }],
    [
      'an event 91 days ago is out of the window',
      { Events: [event({ Host: ADA, Starts: day(91) })] },
      { hosted: 0 },
    ],
    ['greeted a newcomer of the 90 days', { Members: [member({ Greeter: ADA })] }, { greeted: 1 }],
    ['greeted long ago', { Members: [member({ Greeter: ADA, Joined: day(120) })] }, { greeted: 0 }],
    [
      'an incident acknowledged',
      { Incidents: [{ 'Incident ID': 'IN-1', Reported: day(3), Assignee: ADA, 'Acknowledged at': day(3) }] },
      { incidents: 1 },
    ],
    [
      'an incident acknowledged and decided by them counts once',
      {
        Incidents: [
          {
            'Incident ID': 'IN-1',
            Reported: day(3),
            Assignee: ADA,
            'Acknowledged at': day(3),
            'Decided by': 'Ada Lovelace',
            'Decided at': day(2),
          },
        ],
      },
      { incidents: 1 },
    ],
    [
      'an incident decided by two leaders, one of them her',
      {
        Incidents: [
          {
            'Incident ID': 'IN-1',
            Reported: day(3),
            'Decided by': 'Bob Taylor, Ada Lovelace',
            'Decided at': day(2),
          },
        ],
      },
      { incidents: 1 },
    ],
    [
      'approvals approved and declined',
      {
        Approvals: [
          {
            'Approval ID': 'A-1',
            Kind: 'join',
            Status: 'Approved',
            'Approved by': `${BOB}, ${ADA}`,
            Decided: day(4),
          },
          { 'Approval ID': 'A-2', Kind: 'join', Status: 'Declined', 'Declined by': ADA, Decided: day(8) },
          { 'Approval ID': 'A-3', Kind: 'join', Status: 'Approved', 'Approved by': ADA, Decided: day(100) },
        ],
      },
      { approvals: 2, total: 2 },
    ],
    [
      'projects championed: Active, Paused, recently Done; not Declined or long Done',
      {
        Members: [
          member({ 'Member ID': 'M-1', Email: 'ada@example.org', 'Slack ID': ADA, Joined: day(400) }),
        ],
        Projects: [
          { 'Project ID': 'P-1', Title: 'a', Champion: 'M-1', Status: 'Active', Started: day(200) },
          { 'Project ID': 'P-2', Title: 'b', Champion: 'M-1', Status: 'Paused', Started: day(50) },
          {
            'Project ID': 'P-3',
            Title: 'c',
            Champion: 'M-1',
            Status: 'Done',
            Started: day(80),
            'Last update': day(20),
          },
          {
            'Project ID': 'P-4',
            Title: 'd',
            Champion: 'M-1',
            Status: 'Done',
            Started: day(300),
            'Last update': day(200),
          },
          { 'Project ID': 'P-5', Title: 'e', Champion: 'M-1', Status: 'Declined' },
        ],
      },
      { projects: 3, total: 3 },
    ],
  ])('%s', (_case, tabs, expected) => {
    expect(ada(leaderLoads(sheet(tabs), NOW))).toMatchObject(expected);
  });

  it('an inactive leader has no load row; Last active is the latest thing ever counted', () => {
    const snapshot = sheetOf(
      {
        Leaders: [
          LEADERS[0] as Record<string, Cell>,
          { ...(LEADERS[1] as Record<string, Cell>), Active: 'No' },
        ],
        Events: [event({ Host: ADA, Starts: day(200) })],
      },
      { 'Time zone': ZONE },
    );
    const loads = leaderLoads(snapshot, NOW);
    expect(loads.map((l) => l.slackId)).toEqual([ADA]);
    expect(loads[0]?.total).toBe(0);
    expect(loads[0]?.lastActive?.toISODate()).toBe(NOW.minus({ days: 200 }).toISODate());
  });
});

describe('the Leader load tab', () => {
  it('one row per Active leader, then only the cells that change', () => {
    const snapshot = sheet({ Events: [event({ Host: ADA })] });
    const first = planLeaderLoad(snapshot, NOW);
    expect(first.changes.map((c) => c.kind)).toEqual(['append', 'append']);
    const after = withChanges(snapshot, first.changes);
    expect(planLeaderLoad(after, NOW.plus({ days: 1 })).changes).toEqual([]);
    // Ninety days after the event, Ada's Hosted and Total go back to 0: those two cells and Updated.
    const later = planLeaderLoad(after, NOW.plus({ days: 81 }));
    expect(later.changes).toHaveLength(1);
    expect(Object.keys((later.changes[0] as { set: object }).set).sort()).toEqual([
      'hosted',
      'total',
      'updated',
    ]);
  });
});

describe('the greeter', () => {
  it.each<[string, Partial<Record<TabName, Rows>>, string]>([
    ['ties go to the first in Leaders', {}, ADA],
    [
      'the least loaded first, even with more members',
      { Events: [event({ Host: ADA })], Members: [member({ Greeter: BOB, Joined: day(200) })] },
      BOB,
    ],
    ['then the fewest members', { Members: [member({ Greeter: ADA, Joined: day(200) })] }, BOB],
  ])('%s', (_case, tabs, expected) => {
    expect(pickGreeter(sheet(tabs), NOW)).toBe(expected);
  });
});

describe('the digest', () => {
  it('shows the leader load, a role without a co-lead, a host suggestion and check-ins, never who or the words', async () => {
    const { digestFigures } = await import('../workflows/presence/digest.js');
    const { communityDigest } = await import('../workflows/presence/digest-messages.js');
    const snapshot = sheetOf(
      {
        Leaders: [
          { 'Slack ID': ADA, Name: 'Ada Lovelace', Role: 'Host', 'Can approve': 'Yes', Active: 'Yes' },
          { 'Slack ID': BOB, Name: 'Bob Taylor', Role: 'Host', 'Can approve': 'Yes', Active: 'Yes' },
          { 'Slack ID': 'U07CYRILLE1', Name: 'Cy', Role: 'Greeter', 'Can approve': 'No', Active: 'Yes' },
        ],
        Events: [
          event({ Host: ADA }),
          event({
            'Event ID': 'EV-2',
            Title: 'Picnic',
            Starts: NOW.plus({ days: 3 }).toISO() as string,
            Status: 'Announced',
          }),
        ],
        'Leader check-ins': [
          {
            When: NOW.minus({ days: 1 }).toISO() as string,
            Leader: BOB,
            Energy: 2,
            How: 'Very tired',
            Needs: 'A break',
          },
        ],
      },
      { 'Time zone': ZONE },
    );
    const figures = digestFigures(snapshot, NOW.minus({ weeks: 1 }), NOW);
    expect(figures.leaders).toMatchObject({
      load: [
        { slackId: BOB, total: 0 },
        { slackId: 'U07CYRILLE1', total: 0 },
        { slackId: ADA, total: 1 },
      ],
      noCoLead: ['Greeter'],
      hostSuggestions: [{ title: 'Picnic', host: { slackId: BOB } }],
      checkIns: { leaders: 3, checkedIn: 1, lowEnergy: 1 },
    });
    const shown = JSON.stringify(
      communityDigest(figures, { groupName: 'Leeds', period: 'this week', timeZone: ZONE }),
    );
    expect(shown).toContain('Leader load');
    expect(shown).toContain('Greeter has no co-lead');
    expect(shown).toContain('1 of 3 leaders checked in this month');
    expect(shown).not.toContain('Very tired');
    expect(shown).not.toContain('A break');
    // Without leaders the digest is as it was.
    const none = digestFigures(sheetOf({}, { 'Time zone': ZONE }), NOW.minus({ weeks: 1 }), NOW);
    expect(none.leaders).toBeUndefined();
  });
});
