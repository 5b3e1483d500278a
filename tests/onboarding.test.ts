/**
 * Onboarding, decided from a snapshot built from grids: the join form's upsert by email, Active and welcomed
 * or Pending with a request, the welcome bundle (welcome, greeter by least load, intro, follow-up), linking a
 * member when they join Slack, leaving, hand-activated members and hand-added ones, cancelled messages.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { Cell } from '../sheets-schema/cells.js';
import type { Change } from '../sheets-schema/changes.js';
import { withChanges } from '../sheets-schema/overlay.js';
import type { Snapshot } from '../sheets-schema/snapshot.js';
import type { TabName } from '../sheets-schema/tabs/index.js';
import type { InputOf } from '../workflows/inputs.js';
import {
  memberAddress,
  pickGreeter,
  planJoin,
  planLeavers,
  planManualActivations,
  planSlackJoin,
  planSlackLeft,
  WAITING_FOR_SLACK,
} from '../workflows/onboarding/decisions.js';
import { outboxIdFor } from '../workflows/records.js';
import { joinInput } from './fakes/inputs.js';
import { type Rows, sheetOf } from './fakes/sheet-of.js';

const NOW = DateTime.fromISO('2026-12-01T14:00:00Z', { zone: 'utc' });
const SUBMITTED = '2026-12-01T13:59:30.000Z';

function sheet(tabs: Partial<Record<TabName, Rows>>, settings: Record<string, string> = {}): Snapshot {
  return sheetOf(tabs, { 'Time zone': 'Europe/London', 'Leaders channel': '#leaders', ...settings });
}

const greeter = (id: string, name: string, active = 'Yes') => ({
  'Slack ID': id,
  Name: name,
  Role: 'Greeter',
  'Can approve': 'No',
  Active: active,
});

const LEADERS: Rows = [
  {
    'Slack ID': 'U0OLIVE01',
    Name: 'Olive Organizer',
    Role: 'Organizer',
    'Can approve': 'Yes',
    Active: 'Yes',
  },
  greeter('U0GONE001', 'Gone Greeter', 'No'),
  greeter('U0GRETA01', 'Greta Greeter'),
  greeter('U0GUSTAV1', 'Gustav Greeter'),
  greeter('U0GINA001', 'Gina Greeter'),
];

/** Greta looks after two members, Gustav and Gina one each (a Left member is no load). */
const MEMBERS: Rows = [
  {
    'Member ID': 'M-1',
    Name: 'Ada Lovelace',
    Email: 'ada@example.org',
    Status: 'Active',
    Greeter: 'U0GRETA01',
  },
  {
    'Member ID': 'M-2',
    Name: 'Alan Turing',
    Email: 'alan@example.org',
    Status: 'Pending',
    Greeter: 'U0GRETA01',
  },
  {
    'Member ID': 'M-3',
    Name: 'Barbara Liskov',
    Email: 'bl@example.org',
    Status: 'Active',
    Greeter: 'U0GUSTAV1',
  },
  {
    'Member ID': 'M-4',
    Name: 'Claude Shannon',
    Email: 'cs@example.org',
    Status: 'Active',
    Greeter: 'U0GINA001',
  },
  {
    'Member ID': 'M-7',
    Name: 'Dennis Ritchie',
    Email: 'dr@example.org',
    Status: 'Left',
    Greeter: 'U0GONE001',
  },
  {
    'Member ID': 'M-5',
    Name: 'Edsger Dijkstra',
    Email: 'ed@example.org',
    Status: 'Left',
    Greeter: 'U0GINA001',
    'Last active': '2026-11-20T10:00:00Z',
  },
];

function join(
  answers: Parameters<typeof joinInput>[1],
  identity = 'form:r-new',
  submittedAt = SUBMITTED,
): InputOf<'join_form'> {
  return joinInput({ identity, submittedAt }, answers);
}

const KATHERINE = {
  name: 'Katherine Johnson',
  email: 'katherine@example.org',
  heardFrom: 'A friend',
  interests: ['Maths', 'Space'],
  intros: true,
};

const updatesOf = (changes: Change[], tab: TabName) =>
  changes.filter((c) => c.kind === 'update' && c.tab === tab) as Extract<Change, { kind: 'update' }>[];
const appendsOf = (changes: Change[], tab: TabName) =>
  changes
    .filter((c) => c.kind === 'append' && c.tab === tab)
    .map((c) => (c as Extract<Change, { kind: 'append' }>).values as Record<string, unknown>);

describe('planJoin: a new email', () => {
  const base = (settings: Record<string, string> = {}) =>
    sheet({ Leaders: LEADERS, Members: MEMBERS }, settings);

  it('makes a member with a fresh Member ID, Active at once when approval is not required', () => {
    const plan = planJoin(join(KATHERINE), base({ 'Join approval': 'Not required' }), NOW);
    const submitted = DateTime.fromISO(SUBMITTED, { setZone: true });
    expect(appendsOf(plan.changes, 'Members')).toEqual([
      expect.objectContaining({
        memberId: 'M-8',
        name: 'Katherine Johnson',
        email: 'katherine@example.org',
        status: 'Active',
        source: 'A friend',
        interests: 'Maths, Space',
        intros: { want: 'yes' },
        eventsAttended: 0,
      }),
    ]);
    const member = appendsOf(plan.changes, 'Members')[0] as Record<string, DateTime>;
    expect(member.joined?.toMillis()).toBe(submitted.toMillis());
    expect(member.lastActive?.toMillis()).toBe(submitted.toMillis());
    expect(appendsOf(plan.changes, 'Audit')).toEqual([
      expect.objectContaining({ action: 'member.joined', target: 'M-8', key: 'form:r-new' }),
    ]);
    expect(appendsOf(plan.changes, 'Approvals')).toEqual([]);
  });

  it('welcomes them: welcome, greeter (the least loaded, ties by order), intro, follow-up later', () => {
    const plan = planJoin(join(KATHERINE), base({ 'Follow-up after days': '5' }), NOW);
    // Gustav and Gina have one member each: Gustav comes first in Leaders.
    expect(updatesOf(plan.changes, 'Members')).toEqual([
      { kind: 'update', tab: 'Members', id: 'M-8', set: { greeter: 'U0GUSTAV1' } },
    ]);
    const outbox = appendsOf(plan.changes, 'Outbox');
    expect(outbox.map((row) => [row.messageId, row.kind, row.to, row.about, row.status])).toEqual([
      [outboxIdFor('welcome:M-8'), 'welcome', memberAddress('M-8'), 'M-8', 'Scheduled'],
      [outboxIdFor('greeter:M-8'), 'greeter', 'U0GUSTAV1', 'M-8', 'Scheduled'],
      [outboxIdFor('intro:M-8'), 'intro', '#introductions', 'M-8', 'Scheduled'],
      [outboxIdFor('followup:M-8'), 'followup', memberAddress('M-8'), 'M-8', 'Scheduled'],
    ]);
    expect(outbox.map((row) => (row.due as DateTime).toISO())).toEqual([
      NOW.toISO(),
      NOW.toISO(),
      NOW.toISO(),
      NOW.plus({ days: 5 }).toISO(),
    ]);
    // Sent right after the write, except the follow-up, which the tick sends when it is due.
    expect(plan.send).toEqual([
      outboxIdFor('welcome:M-8'),
      outboxIdFor('greeter:M-8'),
      outboxIdFor('intro:M-8'),
    ]);
  });

  it.each([
    ['Intros no', { intros: false }],
    ['no Intros answer', { intros: undefined }],
  ])('posts no introduction with %s', (_case, answers) => {
    const plan = planJoin(join({ ...KATHERINE, ...answers }), base(), NOW);
    const kinds = appendsOf(plan.changes, 'Outbox').map((row) => row.kind);
    expect(kinds).toEqual(['welcome', 'greeter', 'followup']);
    expect(appendsOf(plan.changes, 'Members')[0]).toMatchObject({ intros: { want: 'no' } });
  });

  it('welcomes without a greeter when there is no active Greeter', () => {
    const snapshot = sheet({ Leaders: [LEADERS[0] as Record<string, Cell>], Members: MEMBERS });
    const plan = planJoin(join(KATHERINE), snapshot, NOW);
    expect(updatesOf(plan.changes, 'Members')).toEqual([]);
    expect(appendsOf(plan.changes, 'Outbox').map((row) => row.kind)).toEqual([
      'welcome',
      'intro',
      'followup',
    ]);
  });

  it('with Join approval Required: Pending, an Approvals row and the request message, no welcome', () => {
    const plan = planJoin(join(KATHERINE), base({ 'Join approval': 'Required' }), NOW);
    expect(appendsOf(plan.changes, 'Members')).toEqual([
      expect.objectContaining({ memberId: 'M-8', status: 'Pending', greeter: undefined }),
    ]);
    expect(appendsOf(plan.changes, 'Approvals')).toEqual([
      {
        approvalId: 'AP-1',
        kind: 'join',
        subject: 'M-8',
        summary:
          'Katherine Johnson <katherine@example.org> wants to join\nheard about us: A friend\ninterests: Maths, Space\nintroductions: yes',
        requested: NOW,
        status: 'Pending',
        needed: 1,
        expires: NOW.plus({ hours: 72 }),
      },
    ]);
    expect(appendsOf(plan.changes, 'Outbox')).toEqual([
      expect.objectContaining({
        messageId: outboxIdFor('approval:AP-1'),
        kind: 'approval.request',
        to: '#leaders',
        about: 'AP-1',
      }),
    ]);
    expect(plan.send).toEqual([outboxIdFor('approval:AP-1')]);
    expect(updatesOf(plan.changes, 'Members')).toEqual([]);
  });
});

describe('planJoin: an email already there', () => {
  const existing = sheet({
    Leaders: LEADERS,
    Members: [
      ...MEMBERS,
      {
        'Member ID': 'M-6',
        Name: 'Katherine J.',
        Email: 'katherine@example.org',
        Status: 'Active',
        'Last active': SUBMITTED,
        Notes: 'prefers Kathy',
      },
    ],
  });

  it.each([
    ['the same submission again', 'katherine@example.org', SUBMITTED],
    ['an older submission', 'katherine@example.org', '2026-11-01T10:00:00Z'],
  ])('%s changes nothing', (_case, email, submittedAt) => {
    const plan = planJoin(join({ ...KATHERINE, email }, 'form:r-again', submittedAt), existing, NOW);
    expect(plan.changes).toEqual([]);
    expect(plan.send).toEqual([]);
  });

  it.each([
    ['in other case', 'Katherine@EXAMPLE.org'],
    ['with spaces around it', '  katherine@example.org  '],
    ['the same', 'katherine@example.org'],
  ])('a later submission with the email %s only moves Last active: no second row', (_case, email) => {
    const later = '2026-12-01T13:59:59Z';
    const plan = planJoin(join({ ...KATHERINE, email, name: 'Kathy' }, 'form:r-later', later), existing, NOW);
    expect(appendsOf(plan.changes, 'Members')).toEqual([]);
    expect(appendsOf(plan.changes, 'Outbox')).toEqual([]);
    expect(appendsOf(plan.changes, 'Approvals')).toEqual([]);
    const moved = updatesOf(plan.changes, 'Members');
    expect(moved.map((u) => [u.id, Object.keys(u.set)])).toEqual([['M-6', ['lastActive']]]);
    const lastActive = moved[0]?.set.lastActive as DateTime | undefined;
    expect(lastActive?.toMillis()).toBe(DateTime.fromISO(later).toMillis());
    expect(appendsOf(plan.changes, 'Audit')).toEqual([
      expect.objectContaining({ action: 'member.join-again', target: 'M-6', key: 'form:r-later' }),
    ]);
  });

  it('a new email with spaces and capitals is stored trimmed and lower-case, and found by the next one', () => {
    const snapshot = sheet({ Leaders: LEADERS, Members: MEMBERS });
    const first = planJoin(
      join({ ...KATHERINE, email: ' Katherine@Example.ORG ' }, 'form:r-1'),
      snapshot,
      NOW,
    );
    expect(appendsOf(first.changes, 'Members')[0]).toMatchObject({ email: 'katherine@example.org' });
    const second = planJoin(
      join(KATHERINE, 'form:r-2', '2026-12-01T13:59:45Z'),
      withChanges(snapshot, first.changes),
      NOW,
    );
    expect(appendsOf(second.changes, 'Members')).toEqual([]);
  });

  it('an email typed on a row without an ID yet (pasted by hand) makes no second row', () => {
    const pasted = sheet({
      Members: [{ Name: 'Kat', Email: 'Katherine@Example.org', Status: 'Active' }],
    });
    expect(planJoin(join(KATHERINE), pasted, NOW).changes).toEqual([]);
  });

  it('two submissions in one batch (the second against the first) make one member', () => {
    const snapshot = sheet({ Leaders: LEADERS, Members: MEMBERS });
    const first = planJoin(join(KATHERINE, 'form:r-1'), snapshot, NOW);
    const second = planJoin(
      join({ ...KATHERINE, email: 'KATHERINE@example.org' }, 'form:r-2', '2026-12-01T13:59:45Z'),
      withChanges(snapshot, first.changes),
      NOW,
    );
    expect(appendsOf([...first.changes, ...second.changes], 'Members')).toHaveLength(1);
    expect(appendsOf(second.changes, 'Outbox')).toEqual([]);
  });
});

describe('pickGreeter', () => {
  it.each<[string, Rows, Rows, string | undefined]>([
    ['no Greeter in Leaders', [LEADERS[0] as Record<string, Cell>], MEMBERS, undefined],
    ['only an inactive Greeter', [greeter('U0GONE001', 'Gone', 'No')], [], undefined],
    ['the least loaded', LEADERS, MEMBERS, 'U0GUSTAV1'],
    ['ties go to the first in Leaders', [greeter('U0B', 'B'), greeter('U0A', 'A')], [], 'U0B'],
    [
      'Left and Declined members are no load',
      [greeter('U0B', 'B'), greeter('U0A', 'A')],
      [
        { 'Member ID': 'M-1', Email: 'a@example.org', Name: 'a', Status: 'Left', Greeter: 'U0A' },
        { 'Member ID': 'M-2', Email: 'b@example.org', Name: 'b', Status: 'Declined', Greeter: 'U0A' },
        { 'Member ID': 'M-3', Email: 'c@example.org', Name: 'c', Status: 'Pending', Greeter: 'U0B' },
      ],
      'U0A',
    ],
  ])('%s', (_case, leaders, members, expected) => {
    expect(pickGreeter(sheet({ Leaders: leaders, Members: members }))).toBe(expected);
  });
});

describe('planSlackJoin', () => {
  const waiting = (key: string, kind: string, to: string, lastError: string, status = 'Skipped') => ({
    'Message ID': outboxIdFor(key),
    Kind: kind,
    Due: '2026-11-30T10:00:00Z',
    To: to,
    About: 'M-9',
    Status: status,
    Attempts: 0,
    'Last error': lastError,
  });
  const WAITING = `${WAITING_FOR_SLACK}: sent when zoe@example.org joins Slack`;
  const snapshot = (outbox: Rows, slackId?: string) =>
    sheet({
      Leaders: LEADERS,
      Members: [
        ...MEMBERS,
        {
          'Member ID': 'M-9',
          Name: 'Zoe',
          Email: 'zoe@example.org',
          Status: 'Active',
          Greeter: 'U0GINA001',
          ...(slackId ? { 'Slack ID': slackId } : {}),
        },
      ],
      Outbox: outbox,
    });
  const event = { identity: 'slack:event:Ev1', user: 'U0ZOE0001', email: 'zoe@example.org', name: 'Zoe' };

  it('links the member by email and reschedules the welcome that waited for their Slack account', () => {
    const welcome = outboxIdFor('welcome:M-9');
    const plan = planSlackJoin(
      event,
      snapshot([
        waiting('welcome:M-9', 'welcome', memberAddress('M-9'), WAITING),
        waiting('greeter:M-9', 'greeter', 'U0GINA001', '', 'Sent'),
        waiting('followup:M-9', 'followup', memberAddress('M-9'), '', 'Scheduled'),
      ]),
      NOW,
    );
    expect(plan.changes).toEqual([
      { kind: 'update', tab: 'Members', id: 'M-9', set: { slackId: 'U0ZOE0001' } },
      expect.objectContaining({
        kind: 'append',
        tab: 'Audit',
        values: expect.objectContaining({ action: 'member.linked', target: 'M-9', key: 'slack:event:Ev1' }),
      }),
      { kind: 'update', tab: 'Outbox', id: welcome, set: { status: 'Scheduled', due: NOW, lastError: null } },
    ]);
    expect(plan.send).toEqual([welcome]);
  });

  it('the same event re-delivered (the member now linked) does nothing', () => {
    const first = snapshot([waiting('welcome:M-9', 'welcome', memberAddress('M-9'), WAITING)]);
    const plan = planSlackJoin(event, first, NOW);
    const again = planSlackJoin(event, withChanges(first, plan.changes), NOW);
    expect(again.changes).toEqual([]);
    expect(again.send).toEqual([]);
  });

  it.each([
    ['a welcome already sent', [waiting('welcome:M-9', 'welcome', memberAddress('M-9'), '', 'Sent')]],
    [
      'a welcome skipped for another reason',
      [waiting('welcome:M-9', 'welcome', memberAddress('M-9'), 'too late to be useful: due …')],
    ],
    ['no welcome at all (a Pending member)', []],
  ])('links but sends nothing again with %s', (_case, outbox) => {
    const plan = planSlackJoin(event, snapshot(outbox), NOW);
    expect(plan.changes.map((c) => `${c.kind} ${c.tab}`)).toEqual(['update Members', 'append Audit']);
    expect(plan.send).toEqual([]);
  });

  it.each(['Suspended', 'Banned', 'Left', 'Declined'])(
    'links a member who is %s meanwhile but does not welcome them',
    (status) => {
      const gone = sheet({
        Members: [{ 'Member ID': 'M-9', Name: 'Zoe', Email: 'zoe@example.org', Status: status }],
        Outbox: [waiting('welcome:M-9', 'welcome', memberAddress('M-9'), WAITING)],
      });
      const plan = planSlackJoin(event, gone, NOW);
      expect(plan.changes.map((c) => `${c.kind} ${c.tab}`)).toEqual(['update Members', 'append Audit']);
      expect(plan.send).toEqual([]);
    },
  );

  it('does nothing for someone with no member row', () => {
    const plan = planSlackJoin({ ...event, email: 'stranger@example.org' }, snapshot([]), NOW);
    expect(plan.changes).toEqual([]);
  });

  it('sends what waited for them: a member’s refusal, and one to a non-member’s email', () => {
    const refusal = waiting('rsvp-refused:a', 'rsvp.refused', memberAddress('M-9'), WAITING);
    const stranger = waiting('rsvp-refused:b', 'rsvp.refused', 'email:Stranger@Example.org', WAITING);
    const outbox = [
      { ...refusal, About: 'EV-9 unknown-event' },
      { ...stranger, About: 'EV-9 not-joined' },
    ];
    const linked = planSlackJoin(event, snapshot(outbox), NOW);
    expect(linked.send).toEqual([outboxIdFor('rsvp-refused:a')]);
    const found = planSlackJoin(
      { ...event, user: 'U0STRANGE1', email: 'stranger@example.org' },
      snapshot(outbox),
      NOW,
    );
    expect(found.changes).toEqual([
      {
        kind: 'update',
        tab: 'Outbox',
        id: outboxIdFor('rsvp-refused:b'),
        set: { status: 'Scheduled', due: NOW, lastError: null },
      },
    ]);
  });
});

describe('messages that waited for a Slack account, each tick', () => {
  const row = (key: string, kind: string, to: string, due: string) => ({
    'Message ID': outboxIdFor(key),
    Kind: kind,
    Due: due,
    To: to,
    About: kind === 'rsvp.refused' ? 'EV-9 unknown-event' : 'M-9',
    Status: 'Skipped',
    Attempts: 0,
    'Last error': `${WAITING_FOR_SLACK}: sent when zoe@example.org joins Slack`,
  });
  const outbox = [
    row('welcome:M-9', 'welcome', memberAddress('M-9'), '2026-09-01T10:00:00Z'),
    row('rsvp-refused:new', 'rsvp.refused', memberAddress('M-9'), '2026-11-28T10:00:00Z'),
    row('rsvp-refused:old', 'rsvp.refused', memberAddress('M-9'), '2026-11-20T10:00:00Z'),
  ];
  const zoe = (slackId?: string) => ({
    'Member ID': 'M-9',
    Name: 'Zoe',
    Email: 'zoe@example.org',
    Status: 'Active',
    ...(slackId ? { 'Slack ID': slackId } : {}),
  });

  it('go out once the Slack ID is known (typed by an organizer); a refusal over a week old stays put', () => {
    const plan = planManualActivations(sheet({ Members: [zoe('U0ZOE00001')], Outbox: outbox }), NOW);
    expect(plan.send).toEqual([outboxIdFor('welcome:M-9'), outboxIdFor('rsvp-refused:new')]);
    expect(plan.changes.every((c) => c.kind === 'update' && c.tab === 'Outbox')).toBe(true);
  });

  it('wait on while the Slack ID is unknown', () => {
    const plan = planManualActivations(sheet({ Members: [zoe()], Outbox: outbox }), NOW);
    expect(plan).toMatchObject({ changes: [], send: [] });
  });
});

describe('planSlackLeft', () => {
  const snapshot = sheet({
    Members: [
      {
        'Member ID': 'M-1',
        Name: 'Ada',
        Email: 'ada@example.org',
        'Slack ID': 'U0ADA0001',
        Status: 'Active',
      },
      { 'Member ID': 'M-2', Name: 'Bo', Email: 'bo@example.org', Status: 'Active' },
      { 'Member ID': 'M-3', Name: 'Cy', Email: 'cy@example.org', 'Slack ID': 'U0CY00001', Status: 'Left' },
    ],
  });
  const left = (user: string, email?: string) =>
    planSlackLeft({ identity: 'slack:event:Ev9', user, ...(email ? { email } : {}) }, snapshot, NOW);

  it.each([
    ['by Slack ID', 'U0ADA0001', undefined, 'M-1'],
    ['by email when not linked', 'U0BO00001', 'bo@example.org', 'M-2'],
  ])('sets the member Left, with Audit, found %s', (_case, user, email, id) => {
    const plan = left(user, email);
    expect(plan.changes).toEqual([
      { kind: 'update', tab: 'Members', id, set: { status: 'Left' } },
      expect.objectContaining({
        tab: 'Audit',
        values: expect.objectContaining({ action: 'member.left', target: id }),
      }),
    ]);
  });

  it.each([
    ['a member already Left', 'U0CY00001'],
    ['someone who is no member', 'U0NOBODY1'],
  ])('does nothing for %s', (_case, user) => {
    expect(left(user).changes).toEqual([]);
  });
});

describe('planManualActivations', () => {
  const approval = (id: string, subject: string, status: string) => ({
    'Approval ID': id,
    Kind: 'join',
    Subject: subject,
    Status: status,
    Needed: 1,
  });
  const snapshot = sheet({
    Leaders: LEADERS,
    Members: [
      { 'Member ID': 'M-1', Name: 'Set Active after expiry', Email: 'a@example.org', Status: 'Active' },
      { 'Member ID': 'M-2', Name: 'Added by hand', Email: 'b@example.org', Status: 'Active' },
      { 'Member ID': 'M-3', Name: 'Already welcomed', Email: 'c@example.org', Status: 'Active' },
      { 'Member ID': 'M-4', Name: 'Still pending', Email: 'd@example.org', Status: 'Pending' },
    ],
    Approvals: [
      approval('AP-1', 'M-1', 'Expired'),
      approval('AP-3', 'M-3', 'Approved'),
      approval('AP-4', 'M-4', 'Expired'),
    ],
    Outbox: [
      {
        'Message ID': outboxIdFor('welcome:M-3'),
        Kind: 'welcome',
        Due: '2026-11-30T10:00:00Z',
        To: memberAddress('M-3'),
        About: 'M-3',
        Status: 'Sent',
      },
    ],
  });

  it('welcomes only a member set Active by hand after a join request, once', () => {
    const plan = planManualActivations(snapshot, NOW);
    const outbox = appendsOf(plan.changes, 'Outbox');
    expect([...new Set(outbox.map((row) => row.about))]).toEqual(['M-1']);
    expect(outbox.map((row) => row.kind)).toEqual(['welcome', 'greeter', 'followup']);
    expect(planManualActivations(withChanges(snapshot, plan.changes), NOW).changes).toEqual([]);
  });

  it('does not welcome again once the welcome’s Outbox row has been archived (requests over 60 days old)', () => {
    const old = sheet({
      Leaders: LEADERS,
      Members: [{ 'Member ID': 'M-1', Name: 'Welcomed long ago', Email: 'a@example.org', Status: 'Active' }],
      Approvals: [{ ...approval('AP-1', 'M-1', 'Approved'), Requested: '2026-07-01 10:00' }],
    });
    expect(planManualActivations(old, NOW).changes).toEqual([]);
  });
});

describe('planLeavers', () => {
  const message = (id: string, to: string, status = 'Scheduled') => ({
    'Message ID': id,
    Kind: 'followup',
    Due: '2026-12-05T10:00:00Z',
    To: to,
    About: to.replace('member:', ''),
    Status: status,
  });
  const member = (id: string, status: string) => ({
    'Member ID': id,
    Name: id,
    Email: `${id.toLowerCase()}@example.org`,
    Status: status,
  });
  const snapshot = sheet({
    Members: [
      member('M-1', 'Left'),
      member('M-2', 'Active'),
      member('M-3', 'Banned'),
      member('M-4', 'Suspended'),
      member('M-5', 'Declined'),
      member('M-6', 'Inactive'),
    ],
    Outbox: [
      message('MSG-1', 'member:M-1'),
      message('MSG-2', 'member:M-1', 'Sent'),
      message('MSG-3', 'member:M-2'),
      message('MSG-4', 'member:M-3'),
      message('MSG-5', 'member:M-4'),
      message('MSG-6', 'member:M-5'),
      message('MSG-7', 'member:M-6'),
      message('MSG-8', '#introductions'),
    ],
  });

  it('cancels the Scheduled messages to a member who is gone, and only those', () => {
    const plan = planLeavers(snapshot);
    expect(plan.changes).toEqual(
      ['MSG-1', 'MSG-4', 'MSG-5', 'MSG-6'].map((id) => ({
        kind: 'update',
        tab: 'Outbox',
        id,
        set: { status: 'Cancelled', lastError: 'the member is no longer active' },
      })),
    );
    expect(planLeavers(withChanges(snapshot, plan.changes)).changes).toEqual([]);
  });
});
