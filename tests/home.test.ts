/**
 * The App Home drawn from snapshots: a member's RSVPs (with Can't go), the events they have not answered (with
 * Going), their intros, invite link and milestones; a leader's approvals and open incidents with their buttons;
 * someone who is not a member; and the limits that keep a home inside Slack's 100 blocks.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../sheets-schema/snapshot.js';
import type { TabName } from '../sheets-schema/tabs/index.js';
import { APPROVE_ACTION, DECLINE_ACTION } from '../workflows/approvals/messages.js';
import { INTRO_ACTIONS } from '../workflows/connections/messages.js';
import { RSVP_NO_ACTION, RSVP_YES_ACTION } from '../workflows/events/messages.js';
import { INCIDENT_ACTIONS } from '../workflows/moderation/messages.js';
import { HOME_LIMITS, homeOf } from '../workflows/presence/home.js';
import { HOME_MAX_BLOCKS, homeView } from '../workflows/presence/home-view.js';
import { PROJECT_DECLINE_ACTION } from '../workflows/projects/proposal-messages.js';
import { type Rows, sheetOf } from './fakes/sheet-of.js';

const ZONE = 'Europe/London';
const NOW = DateTime.fromISO('2026-12-08T18:00', { zone: ZONE });
const at = (days: number) => NOW.plus({ days }).toISO() as string;

const ADA = 'U07ADALOVE1';
const GRACE = 'U07GRACEHOP';
const LINUS = 'U07LINUSTOR';
const LEADER = 'U07LEADER01';

const SETTINGS = { 'Group name': 'Leeds Hikers', 'Time zone': ZONE };

const MEMBERS: Rows = [
  {
    'Member ID': 'M-1',
    Name: 'Ada Lovelace',
    Email: 'ada@example.org',
    'Slack ID': ADA,
    Status: 'Active',
    Joined: at(-400),
    Intros: 'Yes',
  },
  {
    'Member ID': 'M-2',
    Name: 'Grace Hopper',
    Email: 'grace@example.org',
    'Slack ID': GRACE,
    Status: 'Active',
    Joined: at(-100),
  },
  {
    'Member ID': 'M-3',
    Name: 'Linus T',
    Email: 'linus@example.org',
    'Slack ID': LINUS,
    Status: 'Pending',
    Joined: at(-1),
  },
  {
    'Member ID': 'M-4',
    Name: 'Lead Er',
    Email: 'lead@example.org',
    'Slack ID': LEADER,
    Status: 'Active',
    Joined: at(-30),
  },
];

const event = (id: number, days: number, more: Record<string, string | number> = {}) => ({
  'Event ID': `EV-${id}`,
  Title: `Walk ${id}`,
  Starts: at(days),
  Location: 'The Moor',
  Capacity: 10,
  Confirmed: 4,
  'Seats left': 6,
  Status: 'Announced',
  ...more,
});

const EVENTS: Rows = [
  event(1, 3),
  event(2, 1),
  event(3, 5),
  event(4, -3, { Status: 'Done' }),
  event(5, 6, { Status: 'Draft' }),
  event(6, 7, { Status: 'Cancelled' }),
  event(7, 9, { 'RSVP deadline': at(-1) }),
  event(8, 10),
];

const rsvp = (
  id: number,
  eventId: string,
  who: Record<string, string>,
  more: Record<string, string | number> = {},
) => ({
  'RSVP ID': `R-${id}`,
  'Event ID': eventId,
  ...who,
  Response: 'Yes',
  Status: 'Confirmed',
  ...more,
});

const RSVPS: Rows = [
  rsvp(1, 'EV-1', { 'Slack ID': ADA }, { Guests: 1 }),
  // Found by email: an RSVP from the form has no Slack ID.
  rsvp(2, 'EV-2', { Email: 'ada@example.org' }, { Status: 'Waitlisted', Position: 2 }),
  rsvp(3, 'EV-3', { 'Slack ID': ADA }, { Response: 'No', Status: 'Declined' }),
  rsvp(4, 'EV-4', { 'Slack ID': ADA }, { Attended: 'Yes' }),
];

function sheet(tabs: Partial<Record<TabName, Rows>> = {}, settings: Record<string, string> = {}): Snapshot {
  return sheetOf({ Members: MEMBERS, Events: EVENTS, RSVPs: RSVPS, ...tabs }, { ...SETTINGS, ...settings });
}

const buttonsOf = (blocks: readonly Record<string, unknown>[]) =>
  blocks
    .flatMap((b) => [
      ...((b.elements as Record<string, unknown>[] | undefined) ?? []),
      ...(b.accessory ? [b.accessory as Record<string, unknown>] : []),
    ])
    .filter((e) => e.type === 'button')
    .map((e) => `${e.action_id} ${e.value}`);

describe('homeOf: a member', () => {
  const home = homeOf(sheet(), ADA, NOW);

  it('lists their upcoming RSVPs, going or waitlisted, soonest first, found by Slack ID or email', () => {
    expect(home.rsvps.map((r) => [r.event.eventId, r.status, r.guests, r.position])).toEqual([
      ['EV-2', 'Waitlisted', 0, 2],
      ['EV-1', 'Confirmed', 1, undefined],
    ]);
  });

  it('offers the announced events they are not going to, not drafts, cancelled, past or closed ones', () => {
    expect(home.comingUp.map((c) => [c.event.eventId, c.declined])).toEqual([
      ['EV-3', true],
      ['EV-8', false],
    ]);
  });

  it('has no leader part for someone who is not a leader', () => {
    expect(home.leader).toBeUndefined();
  });

  it('puts Can’t go on each RSVP and Going on each event coming up', () => {
    const buttons = buttonsOf(homeView(home).blocks);
    expect(buttons).toEqual(
      expect.arrayContaining([`${RSVP_NO_ACTION} EV-2`, `${RSVP_NO_ACTION} EV-1`, `${RSVP_YES_ACTION} EV-8`]),
    );
    expect(buttons).toContain(`${RSVP_YES_ACTION} EV-3`);
  });
});

describe('homeOf: intros', () => {
  const INTROS: Rows = [
    { 'Intro ID': 'IR-1', Round: '2026-11-09', Members: 'M-1, M-2' },
    { 'Intro ID': 'IR-2', Round: '2026-11-23', Members: 'M-4, M-1', 'Shared interests': 'hiking' },
  ];
  it.each([
    [
      'Yes: their latest group, and Pause and Stop',
      'Yes',
      [`${INTRO_ACTIONS.pause} IR-2`, `${INTRO_ACTIONS.stop} IR-2`],
    ],
    ['paused: Resume', 'Paused until 2027-01-10', [`${INTRO_ACTIONS.resume} M-1`]],
    ['stopped: join again', 'No', [`${INTRO_ACTIONS.resume} M-1`]],
  ])('%s', (_, intros, buttons) => {
    const members = MEMBERS.map((m) => (m['Member ID'] === 'M-1' ? { ...m, Intros: intros } : m));
    const home = homeOf(sheet({ Members: members, Intros: INTROS }), ADA, NOW);
    expect(home.intros?.latest).toMatchObject({
      introId: 'IR-2',
      others: [{ name: 'Lead Er', slackId: LEADER }],
      shared: 'hiking',
    });
    const introButtons = buttonsOf(homeView(home).blocks).filter((b) => b.startsWith('intro:'));
    expect(introButtons).toEqual(buttons);
  });

  it('shows nothing of intros when rounds are off', () => {
    const home = homeOf(sheet({ Intros: INTROS }, { 'Intro rounds': 'Off' }), ADA, NOW);
    expect(buttonsOf(homeView(home).blocks).filter((b) => b.startsWith('intro:'))).toEqual([]);
  });
});

describe('homeOf: invite link and milestones', () => {
  it('gives an Active member their invite link once the setting is there', () => {
    const link = 'https://docs.google.com/forms/d/e/x/viewform?usp=pp_url&entry.123=';
    expect(homeOf(sheet({}, { 'Invite link': link }), ADA, NOW).inviteLink).toBe(`${link}M-1`);
    expect(homeOf(sheet(), ADA, NOW).inviteLink).toBeUndefined();
    expect(homeOf(sheet({}, { 'Invite link': link }), LINUS, NOW).inviteLink).toBeUndefined();
  });

  it('lists the milestones reached: the first event and a year in the group', () => {
    expect(homeOf(sheet(), ADA, NOW).milestones.map((m) => m.which)).toEqual(['event-1', 'year-1']);
    expect(homeOf(sheet(), GRACE, NOW).milestones).toEqual([]);
  });
});

describe('homeOf: shifts (Event roles)', () => {
  const ROLES: Rows = [
    // EV-1 Ada is going to; EV-3 she said she can't; EV-8 she has not answered.
    { 'Role ID': 'ER-1', 'Event ID': 'EV-1', Role: 'Door', Needed: 2, Volunteers: 'M-1' },
    { 'Role ID': 'ER-2', 'Event ID': 'EV-1', Role: 'AV', Needed: 1, Volunteers: 'M-2' },
    { 'Role ID': 'ER-3', 'Event ID': 'EV-8', Role: 'Host', Needed: 1, Volunteers: 'M-4', Backups: 'M-1' },
    { 'Role ID': 'ER-4', 'Event ID': 'EV-8', Role: 'Snacks', Needed: 2 },
  ];
  const home = homeOf(sheet({ 'Event roles': ROLES }), ADA, NOW);
  const buttons = buttonsOf(homeView(home).blocks);

  it('lists her shifts, soonest first: a volunteer’s with Can’t make it and Swap, a backup’s with Can’t make it', () => {
    expect(home.shifts.map((s) => [s.role.roleId, s.place])).toEqual([
      ['ER-1', 'volunteer'],
      ['ER-3', { backup: 1 }],
    ]);
    expect(buttons).toEqual(
      expect.arrayContaining(['shift:cant ER-1', 'shift:swap ER-1', 'shift:cant ER-3']),
    );
    expect(buttons).not.toContain('shift:swap ER-3');
  });

  it('offers Help as … for the roles she is not in, full ones as Back up …', () => {
    expect(home.rsvps.find((r) => r.event.eventId === 'EV-1')?.roles.map((r) => r.roleId)).toEqual(['ER-2']);
    expect(home.comingUp.find((c) => c.event.eventId === 'EV-8')?.roles.map((r) => r.roleId)).toEqual([
      'ER-4',
    ]);
    expect(buttons).toEqual(expect.arrayContaining(['shift:help ER-2', 'shift:help ER-4']));
    expect(buttons).not.toContain('shift:help ER-1');
    const text = JSON.stringify(homeView(home).blocks);
    expect(text).toContain('Back up AV');
    expect(text).toContain('Help as Snacks (2 of 2 left)');
  });

  it('offers nothing to someone who is not an Active member', () => {
    const pending = homeOf(sheet({ 'Event roles': ROLES }), LINUS, NOW);
    expect(buttonsOf(homeView(pending).blocks).filter((b) => b.startsWith('shift:'))).toEqual([]);
  });
});

describe('homeOf: who is not an Active member', () => {
  it.each([
    ['someone not in Members', 'U07STRANGER', /not a member of Leeds Hikers yet/],
    ['a member waiting for approval', LINUS, /waiting for a leader's approval/],
  ])('%s is told where they stand, with no buttons', (_, user, words) => {
    const view = homeView(homeOf(sheet({}, { 'Join form link': 'https://forms.gle/join' }), user, NOW));
    expect(JSON.stringify(view.blocks)).toMatch(words);
    expect(buttonsOf(view.blocks)).toEqual([]);
  });

  it('offers the join form to someone not in Members', () => {
    const view = homeView(
      homeOf(sheet({}, { 'Join form link': 'https://forms.gle/join' }), 'U07STRANGER', NOW),
    );
    expect(JSON.stringify(view.blocks)).toContain('<https://forms.gle/join|the join form>');
  });
});

describe('homeOf: a leader', () => {
  const LEADERS: Rows = [
    { 'Slack ID': LEADER, Name: 'Lead Er', Role: 'Organizer', 'Can approve': 'Yes', Active: 'Yes' },
    { 'Slack ID': GRACE, Name: 'Grace Hopper', Role: 'Greeter', 'Can approve': 'No', Active: 'Yes' },
    { 'Slack ID': ADA, Name: 'Ada Lovelace', Role: 'Host', 'Can approve': 'Yes', Active: 'No' },
  ];
  const APPROVALS: Rows = [
    { 'Approval ID': 'AP-1', Kind: 'join', Subject: 'M-3', Status: 'Pending', Needed: 1, Requested: at(-1) },
    { 'Approval ID': 'AP-2', Kind: 'join', Subject: 'M-2', Status: 'Approved', Needed: 1 },
  ];
  const INCIDENTS: Rows = [
    {
      'Incident ID': 'IN-1',
      Reported: at(-2),
      Reporter: 'secret@example.org',
      About: 'someone',
      Details: 'what they wrote',
      Severity: 'High',
      Status: 'Open',
      Level: 1,
    },
    {
      'Incident ID': 'IN-2',
      Reported: at(-1),
      About: `<@${LEADER}>`,
      Severity: 'Low',
      Status: 'Open',
      Level: 1,
    },
    { 'Incident ID': 'IN-3', Reported: at(-5), About: 'x', Severity: 'Low', Status: 'Resolved', Level: 1 },
    {
      'Incident ID': 'IN-4',
      Reported: at(-4),
      About: 'y',
      Severity: 'Medium',
      Status: 'Acknowledged',
      Level: 2,
    },
  ];
  const leaderSheet = () => sheet({ Leaders: LEADERS, Approvals: APPROVALS, Incidents: INCIDENTS });

  it('sees the approvals waiting with Approve and Decline, and the open incidents not about them', () => {
    const home = homeOf(leaderSheet(), LEADER, NOW);
    expect(home.leader?.approvals.map((a) => [a.approvalId, a.title])).toEqual([
      ['AP-1', 'Linus T wants to join'],
    ]);
    expect(home.leader?.incidents.map((i) => i.incidentId)).toEqual(['IN-1', 'IN-4']);
    const buttons = buttonsOf(homeView(home).blocks);
    expect(buttons).toEqual(
      expect.arrayContaining([
        `${APPROVE_ACTION} AP-1`,
        `${DECLINE_ACTION} AP-1`,
        `${INCIDENT_ACTIONS.acknowledge} IN-1`,
        `${INCIDENT_ACTIONS.resolve} IN-4`,
        `${INCIDENT_ACTIONS.dismiss} IN-4`,
      ]),
    );
    expect(buttons).not.toContain(`${INCIDENT_ACTIONS.acknowledge} IN-4`);
  });

  it('offers Decline… on a project request, which asks for the reason first', () => {
    const snapshot = sheet({
      Leaders: LEADERS,
      Approvals: [
        {
          'Approval ID': 'AP-7',
          Kind: 'project',
          Subject: 'P-1',
          Summary: 'Garden app',
          Status: 'Pending',
          Needed: 1,
        },
      ],
    });
    const buttons = buttonsOf(homeView(homeOf(snapshot, LEADER, NOW)).blocks);
    expect(buttons).toEqual(
      expect.arrayContaining([`${APPROVE_ACTION} AP-7`, `${PROJECT_DECLINE_ACTION} AP-7`]),
    );
    expect(buttons).not.toContain(`${DECLINE_ACTION} AP-7`);
  });

  it('never shows who reported an incident or what they wrote', () => {
    const text = JSON.stringify(homeView(homeOf(leaderSheet(), LEADER, NOW)));
    expect(text).not.toContain('secret@example.org');
    expect(text).not.toContain('what they wrote');
  });

  it('shows a leader who may not approve the requests without their buttons', () => {
    const buttons = buttonsOf(homeView(homeOf(leaderSheet(), GRACE, NOW)).blocks);
    expect(buttons.filter((b) => b.startsWith('approval:'))).toEqual([]);
    expect(buttons).toContain(`${INCIDENT_ACTIONS.acknowledge} IN-2`);
  });

  it('sees the week so far, who is drifting away and the questions still waiting', () => {
    const HEDY = 'U07HEDYLAMA';
    const snapshot = sheet({
      Leaders: LEADERS,
      Members: [
        ...MEMBERS,
        {
          'Member ID': 'M-5',
          Name: 'Hedy Lamarr',
          Email: 'hedy@example.org',
          'Slack ID': HEDY,
          Status: 'Active',
          Joined: at(-300),
        },
      ],
      // Hedy came to two walks seven and eight weeks ago, and nothing since: the most involved, now drifting.
      Events: [...EVENTS, event(20, -50, { Status: 'Done' }), event(21, -57, { Status: 'Done' })],
      RSVPs: [
        ...RSVPS,
        rsvp(20, 'EV-20', { 'Slack ID': HEDY }, { Attended: 'Yes' }),
        rsvp(21, 'EV-21', { 'Slack ID': HEDY }, { Attended: 'Yes' }),
      ],
      Questions: [
        {
          'Question ID': 'Q-1',
          Channel: '#help',
          Permalink: 'https://leeds.slack.com/archives/C07HELP0001/p1',
          Asked: at(-1),
          Status: 'Waiting',
          Level: 1,
        },
        // Not yet due: its owner has not been told, so it is nobody's worry yet.
        { 'Question ID': 'Q-2', Channel: '#help', Asked: at(-0.1), Status: 'Waiting' },
        {
          'Question ID': 'Q-3',
          Channel: '#help',
          Asked: at(-1),
          Status: 'Answered',
          'Minutes to first reply': 12,
        },
      ],
    });
    const leader = homeOf(snapshot, LEADER, NOW).leader;
    expect(leader?.week).toMatchObject({
      week: '2026-12-07',
      newMembers: 1,
      questions: 3,
      medianFirstReply: 12,
    });
    expect(leader?.drifting).toEqual([{ name: 'Hedy Lamarr', slackId: HEDY }]);
    expect(leader?.questions.map((q) => q.channel)).toEqual(['#help']);
    const text = JSON.stringify(homeView(homeOf(snapshot, LEADER, NOW)).blocks);
    expect(text).toContain('This week so far');
    expect(text).toContain(`<@${HEDY}>`);
    expect(text).toContain('<https://leeds.slack.com/archives/C07HELP0001/p1|A question> in #help');
  });

  it('gives a leader who is not Active no leader part', () => {
    expect(homeOf(leaderSheet(), ADA, NOW).leader).toBeUndefined();
  });
});

describe('the home within Slack’s limits', () => {
  it('caps each list and counts the rest, under 100 blocks for the busiest leader', () => {
    const many = Array.from({ length: 40 }, (_, i) => event(100 + i, 1 + i));
    const mine = many.map((e, i) => rsvp(100 + i, e['Event ID'], { 'Slack ID': LEADER }));
    const others = Array.from({ length: 40 }, (_, i) => event(200 + i, 2 + i));
    const approvals = Array.from({ length: 30 }, (_, i) => ({
      'Approval ID': `AP-${i + 1}`,
      Kind: 'join',
      Subject: 'M-3',
      Status: 'Pending',
      Needed: 2,
    }));
    const incidents = Array.from({ length: 30 }, (_, i) => ({
      'Incident ID': `IN-${i + 1}`,
      About: 'x',
      Severity: 'Low',
      Status: 'Open',
      Level: 1,
    }));
    const home = homeOf(
      sheet({
        Events: [...many, ...others],
        RSVPs: mine,
        Leaders: [
          { 'Slack ID': LEADER, Name: 'Lead Er', Role: 'Organizer', 'Can approve': 'Yes', Active: 'Yes' },
        ],
        Approvals: approvals,
        Incidents: incidents,
      }),
      LEADER,
      NOW,
    );
    expect([home.rsvps.length, home.moreRsvps]).toEqual([HOME_LIMITS.rsvps, 40 - HOME_LIMITS.rsvps]);
    expect([home.comingUp.length, home.moreComingUp]).toEqual([
      HOME_LIMITS.comingUp,
      40 - HOME_LIMITS.comingUp,
    ]);
    expect(home.leader?.moreApprovals).toBe(30 - HOME_LIMITS.approvals);
    const view = homeView(home);
    expect(view.blocks.length).toBeLessThanOrEqual(HOME_MAX_BLOCKS);
    expect(JSON.stringify(view)).toContain('…and 32 more events you said yes to.');
    expect(JSON.stringify(view).length).toBeLessThan(250_000);
  });

  it('draws the same view from the same sheet, so an unchanged home is not published again', () => {
    const a = homeView(homeOf(sheet(), ADA, NOW));
    const b = homeView(homeOf(sheet(), ADA, NOW.plus({ minutes: 30 })));
    expect(b).toEqual(a);
  });
});

describe('the home view', () => {
  it('reads as a member and a leader would see it', () => {
    const leaders: Rows = [
      { 'Slack ID': ADA, Name: 'Ada Lovelace', Role: 'Organizer', 'Can approve': 'Yes', Active: 'Yes' },
    ];
    const approvals: Rows = [
      {
        'Approval ID': 'AP-1',
        Kind: 'join',
        Subject: 'M-3',
        Status: 'Pending',
        Needed: 1,
        Requested: at(-1),
      },
    ];
    const view = homeView(
      homeOf(
        sheet(
          {
            Leaders: leaders,
            Approvals: approvals,
            Intros: [
              { 'Intro ID': 'IR-2', Round: '2026-11-23', Members: 'M-1, M-2', 'Shared interests': 'hiking' },
            ],
          },
          { 'Invite link': 'https://forms.gle/x?entry.1=' },
        ),
        ADA,
        NOW,
      ),
    );
    expect(view).toMatchSnapshot();
  });
});
