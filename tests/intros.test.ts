/**
 * Intro rounds decided from snapshots: when a round is due, who is in it, the Intros rows and messages it makes,
 * the pause after three unanswered check-ins, and the buttons (check-in, pause, stop, resume).
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { Change } from '../sheets-schema/changes.js';
import { withChanges } from '../sheets-schema/overlay.js';
import type { Snapshot } from '../sheets-schema/snapshot.js';
import type { TabName } from '../sheets-schema/tabs/index.js';
import { planIntroClick } from '../workflows/connections/decisions.js';
import { INTRO_ACTIONS, INTRO_REFUSALS } from '../workflows/connections/messages.js';
import { CONNECTIONS_KINDS, CONNECTIONS_RENDERERS } from '../workflows/connections/renderers.js';
import { dueRound, planIntroRound } from '../workflows/connections/rounds.js';
import type { InputOf } from '../workflows/inputs.js';
import { clickOf } from './fakes/inputs.js';
import { type Rows, sheetOf } from './fakes/sheet-of.js';

const ZONE = 'Europe/London';
/** Monday 7 December 2026, 10:00 in London: Intro day. */
const MONDAY = DateTime.fromISO('2026-12-07T10:00', { zone: ZONE });

function sheet(tabs: Partial<Record<TabName, Rows>> = {}, settings: Record<string, string> = {}): Snapshot {
  return sheetOf(tabs, {
    'Time zone': ZONE,
    'Group name': 'Leeds Hikers',
    'Intro rounds': 'Every 2 weeks',
    'Intro day': 'Monday 10:00',
    'Quiet hours': '21:00-08:00',
    ...settings,
  });
}

const member = (n: number, over: Record<string, string | number> = {}) => ({
  'Member ID': `M-${n}`,
  Name: `Person ${n}`,
  Email: `person${n}@example.org`,
  'Slack ID': `U07PERSON${String(n).padStart(2, '0')}`,
  Status: 'Active',
  Joined: '2025-01-01 10:00',
  Intros: 'Yes',
  ...over,
});

type Appended = { tab: string; values: Record<string, unknown> };
const appends = (changes: Change[], tab: TabName) =>
  changes.filter((c) => c.kind === 'append' && c.tab === tab) as unknown as Appended[];

describe('dueRound', () => {
  const intros = (round: string): Rows => [{ 'Intro ID': 'IR-1', Round: round, Members: 'M-1, M-2' }];
  it.each([
    ['Intro day, on the minute', MONDAY, {}, [], '2026-12-07'],
    ['later that day', MONDAY.set({ hour: 23 }), {}, [], '2026-12-07'],
    ['a minute before', MONDAY.minus({ minutes: 1 }), {}, [], undefined],
    ['more than a day after (Hearth was down)', MONDAY.plus({ hours: 25 }), {}, [], undefined],
    ['rounds off', MONDAY, { 'Intro rounds': 'Off' }, [], undefined],
    ['Intro day off', MONDAY, { 'Intro day': 'off' }, [], undefined],
    ['a round already made that day', MONDAY.plus({ hours: 2 }), {}, intros('2026-12-07'), undefined],
    ['the last round a week ago, every 2 weeks', MONDAY, {}, intros('2026-11-30'), undefined],
    ['the last round two weeks ago', MONDAY, {}, intros('2026-11-23'), '2026-12-07'],
    [
      'the last round a week ago, weekly',
      MONDAY,
      { 'Intro rounds': 'Weekly' },
      intros('2026-11-30'),
      '2026-12-07',
    ],
    // 07:00 is in quiet hours (21:00-08:00): the round goes out at 08:00.
    [
      'Intro day in quiet hours, before their end',
      MONDAY.set({ hour: 7, minute: 30 }),
      { 'Intro day': 'Monday 07:00' },
      [],
      undefined,
    ],
    [
      'Intro day in quiet hours, at their end',
      MONDAY.set({ hour: 8 }),
      { 'Intro day': 'Monday 07:00' },
      [],
      '2026-12-07',
    ],
  ] as const)('%s', (_case, now, settings, rows, expected) => {
    const round = dueRound(sheet({ Intros: [...rows] }, settings), now);
    expect(round?.id).toBe(expected);
  });
});

describe('planIntroRound', () => {
  const everyone: Rows = [
    member(1, { Interests: 'Hiking, Board games' }),
    member(2, { Interests: 'hiking' }),
    member(3),
    member(4, { Intros: 'No' }),
    member(5, { Intros: '' }),
    member(6, { Status: 'Pending' }),
    member(7, { 'Slack ID': '' }),
    member(8, { Intros: 'Paused until 2026-12-07' }),
    member(9, { Intros: 'Paused until 2026-12-20' }),
    member(10, { Intros: 'Paused' }),
  ];

  it('puts in groups everyone Active, on Slack and wanting intros (a pause ending today included)', () => {
    const plan = planIntroRound(sheet({ Members: everyone }), MONDAY);
    const rows = appends(plan.changes, 'Intros').map((c) => c.values);
    const inRound = rows.flatMap((r) => String(r.members).split(', ')).sort();
    expect(inRound).toEqual(['M-1', 'M-2', 'M-3', 'M-8']);
    for (const row of rows) expect(row).toMatchObject({ round: '2026-12-07', sent: MONDAY });
  });

  it('writes Yes back for a pause that has ended', () => {
    const plan = planIntroRound(sheet({ Members: everyone }), MONDAY);
    expect(plan.changes).toContainEqual(
      expect.objectContaining({
        kind: 'update',
        tab: 'Members',
        id: 'M-8',
        set: { intros: { want: 'yes' } },
      }),
    );
    expect(plan.changes.filter((c) => c.kind === 'update' && c.tab === 'Members')).toHaveLength(1);
  });

  it('sends each group its DM now and plans its check-in halfway to the next round, out of quiet hours', () => {
    const weekly = planIntroRound(sheet({ Members: everyone }, { 'Intro rounds': 'Weekly' }), MONDAY);
    const outbox = appends(weekly.changes, 'Outbox').map((c) => c.values);
    const groups = outbox.filter((o) => o.kind === CONNECTIONS_KINDS.group);
    const checkIns = outbox.filter((o) => o.kind === CONNECTIONS_KINDS.checkin);
    expect(groups).toHaveLength(appends(weekly.changes, 'Intros').length);
    expect(groups.every((g) => g.due === MONDAY && String(g.to).startsWith('group:M-'))).toBe(true);
    expect(weekly.send).toEqual(groups.map((g) => g.messageId));
    // Weekly: 3.5 days on is Thursday 22:00, in quiet hours: Friday 08:00.
    expect(checkIns.map((c) => (c.due as DateTime).toISO())).toEqual(
      checkIns.map(() => DateTime.fromISO('2026-12-11T08:00', { zone: ZONE }).toISO()),
    );
    const fortnightly = planIntroRound(sheet({ Members: everyone }), MONDAY);
    const due = appends(fortnightly.changes, 'Outbox').find(
      (c) => c.values.kind === CONNECTIONS_KINDS.checkin,
    );
    expect((due?.values.due as DateTime | undefined)?.toISO()).toBe(MONDAY.plus({ days: 7 }).toISO());
  });

  it('is made once: the next tick that day finds the round in the Intros tab', () => {
    const snapshot = sheet({ Members: everyone });
    const plan = planIntroRound(snapshot, MONDAY);
    expect(planIntroRound(withChanges(snapshot, plan.changes), MONDAY.plus({ minutes: 1 })).changes).toEqual(
      [],
    );
  });

  it('pauses someone who left three check-ins in a row unanswered, tells them, and leaves them out', () => {
    const past: Rows = ['2026-11-09', '2026-11-23', '2026-11-09'].map((round, i) => ({
      'Intro ID': `IR-${i + 1}`,
      Round: i === 2 ? '2026-10-26' : round,
      Members: 'M-1, M-2',
      'Checked in': 'M-2',
    }));
    const plan = planIntroRound(sheet({ Members: [member(1), member(2), member(3)], Intros: past }), MONDAY);
    expect(plan.changes).toContainEqual(
      expect.objectContaining({
        kind: 'update',
        tab: 'Members',
        id: 'M-1',
        set: { intros: { want: 'paused' } },
      }),
    );
    expect(appends(plan.changes, 'Outbox').filter((o) => o.values.kind === CONNECTIONS_KINDS.paused)).toEqual(
      [expect.objectContaining({ values: expect.objectContaining({ to: 'member:M-1', about: 'M-1' }) })],
    );
    const inRound = appends(plan.changes, 'Intros').flatMap((c) => String(c.values.members).split(', '));
    expect(inRound.sort()).toEqual(['M-2', 'M-3']);
  });

  it('says in Audit what the round did', () => {
    const plan = planIntroRound(sheet({ Members: everyone }), MONDAY);
    expect(appends(plan.changes, 'Audit').map((a) => a.values)).toContainEqual(
      expect.objectContaining({
        action: 'intros.round',
        target: '2026-12-07',
        details: expect.stringMatching(/4 people/),
      }),
    );
  });
});

describe('the intro buttons', () => {
  const base = () =>
    sheet({
      Members: [member(1), member(2), member(3), member(4, { Intros: 'Paused' })],
      Intros: [{ 'Intro ID': 'IR-7', Round: '2026-12-07', Members: 'M-1, M-2' }],
    });
  const click = (user: number, action: keyof typeof INTRO_ACTIONS, value = 'IR-7', n = 1) =>
    clickOf({
      identity: `slack:action:1.1:${action}:${user}:${n}`,
      receivedAt: MONDAY.toISO() as string,
      actionId: INTRO_ACTIONS[action],
      value,
      user: `U07PERSON${String(user).padStart(2, '0')}`,
      channel: 'G07GROUPDM1',
      messageTs: '1796000000.000100',
    }) as InputOf<'intro_click'>;
  const decide = (snapshot: Snapshot, c: InputOf<'intro_click'>) =>
    planIntroClick(c, snapshot, MONDAY.plus({ days: 7 }));
  const updates = (changes: Change[]) =>
    changes
      .filter((c) => c.kind === 'update')
      .map((c) => (c.kind === 'update' ? { tab: c.tab, id: c.id, set: c.set } : c));

  it.each([
    ['We met', click(1, 'met'), [{ tab: 'Intros', id: 'IR-7', set: { met: 'Yes', checkedIn: 'M-1' } }]],
    ['Not yet', click(2, 'notYet'), [{ tab: 'Intros', id: 'IR-7', set: { met: 'No', checkedIn: 'M-2' } }]],
    [
      'Skip this one',
      click(1, 'skip'),
      [{ tab: 'Intros', id: 'IR-7', set: { met: 'Skipped', checkedIn: 'M-1' } }],
    ],
    ['Stop', click(3, 'stop'), [{ tab: 'Members', id: 'M-3', set: { intros: { want: 'no' } } }]],
    [
      'Resume, their own',
      click(4, 'resume', 'M-4'),
      [{ tab: 'Members', id: 'M-4', set: { intros: { want: 'yes' } } }],
    ],
  ] as const)('%s is recorded and answered to the clicker alone', (_case, c, expected) => {
    const plan = decide(base(), c);
    expect(updates(plan.changes)).toEqual(expected);
    expect(plan.ephemerals).toEqual([{ channel: 'G07GROUPDM1', user: c.user, text: expect.any(String) }]);
    expect(appends(plan.changes, 'Audit')).toHaveLength(1);
  });

  it('Pause sets their Intros to Paused until four weeks on', () => {
    const plan = decide(base(), click(1, 'pause'));
    const until = MONDAY.plus({ days: 7, weeks: 4 }).startOf('day');
    expect(updates(plan.changes)).toEqual([
      { tab: 'Members', id: 'M-1', set: { intros: { want: 'paused', until } } },
    ]);
    expect(plan.ephemerals[0]?.text).toContain('Intros paused until Mon 11 Jan');
  });

  it('keeps Yes once someone said they met, and adds whoever answers', () => {
    let snapshot = base();
    snapshot = withChanges(snapshot, decide(snapshot, click(1, 'met')).changes);
    const later = decide(snapshot, click(2, 'notYet', 'IR-7', 2));
    expect(updates(later.changes)).toEqual([{ tab: 'Intros', id: 'IR-7', set: { checkedIn: 'M-1, M-2' } }]);
  });

  it.each([
    ['someone not in the intro', click(3, 'met'), INTRO_REFUSALS.notInIntro],
    ['an intro no longer in the sheet', click(1, 'met', 'IR-99'), INTRO_REFUSALS.gone],
    ['someone else’s Resume', click(3, 'resume', 'M-4'), INTRO_REFUSALS.notYours],
    ['someone who is not a member', { ...click(1, 'met'), user: 'U07STRANGER' }, INTRO_REFUSALS.notMember],
  ] as const)('refuses %s, changing nothing', (_case, c, text) => {
    const plan = decide(base(), c as InputOf<'intro_click'>);
    expect(plan.changes).toEqual([]);
    expect(plan.ephemerals).toEqual([{ channel: 'G07GROUPDM1', user: (c as { user: string }).user, text }]);
  });

  it('the same click delivered again changes nothing and says nothing', () => {
    const c = click(3, 'stop');
    let snapshot = base();
    snapshot = withChanges(snapshot, decide(snapshot, c).changes);
    expect(decide(snapshot, c)).toMatchObject({ changes: [], ephemerals: [] });
  });
});

describe('the intro messages, rendered when sent', () => {
  const snapshot = sheet({
    Members: [member(1), member(2, { 'Slack ID': '' }), member(3)],
    Intros: [
      { 'Intro ID': 'IR-1', Round: '2026-12-07', Members: 'M-1, M-3', 'Shared interests': 'Hiking' },
      { 'Intro ID': 'IR-2', Round: '2026-12-07', Members: 'M-1, M-2' },
      { 'Intro ID': 'IR-3', Round: '2026-12-07', Members: 'M-1, M-3', Met: 'Yes' },
    ],
  });
  const row = (kind: string, about: string, to: string) =>
    ({ messageId: 'MSG-1', kind, about, to, due: MONDAY, status: 'Scheduled' }) as never;

  it('a group DM to everyone of the group on Slack, naming what they share', () => {
    const delivery = CONNECTIONS_RENDERERS[CONNECTIONS_KINDS.group](
      row('intro.group', 'IR-1', 'group:M-1,M-3'),
      snapshot,
    );
    expect(delivery).toMatchObject({ kind: 'post', to: { group: ['U07PERSON01', 'U07PERSON03'] } });
    expect(JSON.stringify(delivery)).toContain('You both like *Hiking*');
  });

  it.each([
    [
      'a group with fewer than two people on Slack',
      CONNECTIONS_KINDS.group,
      'IR-2',
      'group:M-1,M-2',
      /fewer than two/,
    ],
    ['an intro deleted from the sheet', CONNECTIONS_KINDS.group, 'IR-9', 'group:M-1,M-3', /no intro IR-9/],
    ['a check-in they already answered', CONNECTIONS_KINDS.checkin, 'IR-3', 'group:M-1,M-3', /already said/],
  ] as const)('skips %s, saying why', (_case, kind, about, to, reason) => {
    expect(CONNECTIONS_RENDERERS[kind](row(kind, about, to), snapshot)).toMatchObject({
      kind: 'skip',
      reason: expect.stringMatching(reason),
    });
  });
});
