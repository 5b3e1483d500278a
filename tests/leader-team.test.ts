/**
 * The leader team on a simulated clock, decided by decideTick and decideWork as the writer does: the kind nudge
 * at 60 days and the organizers told at 90 (once per stretch, never for a leader Hearth cannot date), the
 * monthly check-ins and their modal (whose words are nowhere but the Leader check-ins tab), and leader intros
 * (rows the members' rounds and figures leave out).
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { append, type Change } from '../sheets-schema/changes.js';
import { withChanges } from '../sheets-schema/overlay.js';
import type { Snapshot } from '../sheets-schema/snapshot.js';
import { introHistory } from '../workflows/connections/intros.js';
import { decideTick, decideWork, WRITER_TABS } from '../workflows/decide.js';
import type { Work } from '../workflows/inputs.js';
import { LEADER_KINDS } from '../workflows/leaders/kinds.js';
import { LEADER_REPLIES } from '../workflows/leaders/messages.js';
import { weekFigures } from '../workflows/presence/figures.js';
import { renderOutbox } from '../workflows/renderers.js';
import { type Rows, sheetOf } from './fakes/sheet-of.js';

const ZONE = 'Europe/London';
const ADA = 'U07ADALOVE1';
const BOB = 'U07BOBBYTA1';
const CY = 'U07CYRILLE1';
const DEE = 'U07DEEDEE01';
const EVE = 'U07EVEEVE01';

type Row = Record<string, unknown>;
const on = (date: string, time = '10:30') => DateTime.fromISO(`${date}T${time}`, { zone: ZONE });
const leader = (slackId: string, name: string, role: string, active = 'Yes') => ({
  'Slack ID': slackId,
  Name: name,
  Role: role,
  'Can approve': 'Yes',
  Active: active,
});

/** A world on a clock: ticks once a day at 10:30, work decided as it comes; what was planned, by day. */
function world(tabs: Partial<Record<string, Rows>>, settings: Record<string, string>) {
  let view: Snapshot = sheetOf(tabs as never, {
    'Group name': 'Leeds Makers',
    'Time zone': ZONE,
    'Leader check-ins': 'Off',
    ...settings,
  });
  const planned: { day: string; row: Row }[] = [];
  const notes: string[] = [];
  const apply = (changes: readonly Change[], at: DateTime) => {
    for (const c of changes)
      if (c.kind === 'append' && c.tab === 'Outbox')
        planned.push({ day: at.setZone(ZONE).toISODate() as string, row: c.values as Row });
    view = withChanges(view, changes);
  };
  return {
    view: () => view,
    planned,
    notes,
    change(changes: readonly Change[]) {
      view = withChanges(view, changes);
    },
    days(from: DateTime, to: DateTime) {
      for (let at = from; at <= to; at = at.plus({ days: 1 })) {
        const plan = decideTick(view, WRITER_TABS, at);
        notes.push(...plan.notes);
        apply(plan.changes, at);
      }
    },
    tick(at: DateTime) {
      const plan = decideTick(view, WRITER_TABS, at);
      apply(plan.changes, at);
      return plan;
    },
    work(work: Work, at: DateTime) {
      const plan = decideWork(work, view, at);
      notes.push(...plan.notes);
      apply(plan.changes, at);
      return plan;
    },
    of: (kind: string) => planned.filter((p) => p.row.kind === kind),
  };
}

describe('inactivity, kindly', () => {
  // Bob and Cy are Organizers with no member row: Hearth cannot date them, so they are never nudged.
  const team = [
    leader(ADA, 'Ada Lovelace', 'Greeter'),
    leader(BOB, 'Bob Taylor', 'Organizer'),
    leader(CY, 'Cyrille Ng', 'Organizer'),
    leader(DEE, 'Dee Dee', 'Host', 'No'),
  ];
  const ada = (cells: Record<string, string>) => ({
    'Member ID': 'M-1',
    Name: 'Ada Lovelace',
    Email: 'ada@example.org',
    'Slack ID': ADA,
    Status: 'Active',
    ...cells,
  });
  it.each<[string, Partial<Record<string, Rows>>, string[], string[]]>([
    [
      'joined long ago, nothing ever: both at once, on the first day',
      { Members: [ada({ Joined: '2026-06-01T09:00' })] },
      ['2027-01-01'],
      ['2027-01-01'],
    ],
    [
      'joined on 2 Dec: 60 days on the team, then 90',
      { Members: [ada({ Joined: '2026-12-02T09:00' })] },
      ['2027-01-31'],
      ['2027-03-02'],
    ],
    [
      'joined 70 days ago, but greeted a newcomer on 20 Dec: 60 and 90 days after that',
      {
        Members: [
          ada({ Joined: '2026-10-23T09:00' }),
          {
            'Member ID': 'M-2',
            Name: 'Newcomer',
            Email: 'new@example.org',
            Status: 'Active',
            Joined: '2026-12-20T09:00',
            Greeter: ADA,
          },
        ],
      },
      ['2027-02-18'],
      ['2027-03-20'],
    ],
    [
      'on the team by an approved succession on 20 Jan (a member since long ago): 60 days from then',
      {
        Members: [ada({ Joined: '2025-01-01T09:00' })],
        Approvals: [
          {
            'Approval ID': 'AP-1',
            Kind: 'succession',
            Subject: `${DEE} ${ADA} 2027-03-01`,
            Status: 'Approved',
            Requested: '2027-01-19T09:00',
            Decided: '2027-01-20T09:00',
          },
        ],
      },
      ['2027-03-21'],
      [],
    ],
    ['no member row: Hearth cannot date her, so she is never nudged', {}, [], []],
    ['a member row without her Slack ID: the same', { Members: [ada({ 'Slack ID': '' })] }, [], []],
  ])('%s', (_case, tabs, quiet, inactive) => {
    const w = world({ Leaders: team, ...tabs }, {});
    w.days(on('2027-01-01'), on('2027-04-10'));
    expect(w.of(LEADER_KINDS.quiet).map((p) => [p.day, p.row.to])).toEqual(quiet.map((d) => [d, ADA]));
    // The other Active Organizers, never Ada herself nor the inactive Dee.
    expect(w.of(LEADER_KINDS.inactive).map((p) => [p.day, p.row.to])).toEqual(
      inactive.flatMap((d) => [
        [d, BOB],
        [d, CY],
      ]),
    );
  });

  it('activity starts a new stretch: nudged again 60 days after it, the organizers 90; each once', () => {
    const w = world({ Leaders: team, Members: [ada({ Joined: '2026-06-01T09:00' })] }, {});
    w.days(on('2027-01-01'), on('2027-02-14'));
    w.change([
      append('Members', {
        memberId: 'M-2',
        name: 'Newcomer',
        email: 'new@example.org',
        status: 'Active',
        joined: on('2027-02-15', '09:00'),
        greeter: ADA,
      } as never),
    ]);
    w.days(on('2027-02-15'), on('2027-05-31'));
    expect(w.of(LEADER_KINDS.quiet).map((p) => [p.day, p.row.about])).toEqual([
      ['2027-01-01', `${ADA} none`],
      ['2027-04-16', `${ADA} 2027-02-15`],
    ]);
    expect(w.of(LEADER_KINDS.inactive).map((p) => [p.day, p.row.to])).toEqual([
      ['2027-01-01', BOB],
      ['2027-01-01', CY],
      ['2027-05-16', BOB],
      ['2027-05-16', CY],
    ]);
    // Ticked at 10:30, after 10:00: due at once. The organizers' note names her.
    const quiet = w.of(LEADER_KINDS.quiet)[1]?.row;
    expect((quiet?.due as DateTime | undefined)?.toISO()).toBe(on('2027-04-16').toISO());
    expect(JSON.stringify(renderOutbox(quiet as never, w.view()))).toContain('for two months');
    const told = JSON.stringify(renderOutbox(w.of(LEADER_KINDS.inactive)[0]?.row as never, w.view()));
    expect(told).toContain(`<@${ADA}>`);
    expect(told).toContain('90 days');
  });
});

describe('monthly check-ins', () => {
  const team = [
    leader(ADA, 'Ada Lovelace', 'Greeter'),
    leader(BOB, 'Bob Taylor', 'Organizer'),
    leader(CY, 'Cyrille Ng', 'Host', 'No'),
  ];
  // 1 Feb and 1 Mar 2027 are first Mondays.
  it.each<[string, string, string, string, [string, string][]]>([
    [
      'Monthly: each Active leader on the first Monday, once a month',
      'Monthly',
      '2027-01-20',
      '2027-03-10',
      [
        ['2027-02-01', ADA],
        ['2027-02-01', BOB],
        ['2027-03-01', ADA],
        ['2027-03-01', BOB],
      ],
    ],
    [
      'a Monday Hearth missed is made up that week',
      'Monthly',
      '2027-02-04',
      '2027-02-20',
      [
        ['2027-02-04', ADA],
        ['2027-02-04', BOB],
      ],
    ],
    ['not after that week: the next first Monday', 'Monthly', '2027-02-08', '2027-02-28', []],
    ['Off: none', 'Off', '2027-01-20', '2027-03-10', []],
  ])('%s', (_case, setting, from, to, expected) => {
    const w = world({ Leaders: team }, { 'Leader check-ins': setting });
    w.days(on(from), on(to));
    expect(w.of(LEADER_KINDS.checkin).map((p) => [p.day, p.row.to])).toEqual(expected);
  });

  it('planned before 10:00 on the Monday, it is due at 10:00 (after quiet hours), with Check in for her only', () => {
    const w = world({ Leaders: team }, { 'Leader check-ins': 'Monthly' });
    const plan = w.tick(on('2027-02-01', '07:00'));
    const rows = w.of(LEADER_KINDS.checkin).map((p) => p.row);
    expect(rows.map((r) => [r.to, (r.due as DateTime).toISO()])).toEqual([
      [ADA, on('2027-02-01', '10:00').toISO()],
      [BOB, on('2027-02-01', '10:00').toISO()],
    ]);
    expect(plan.send).toEqual([]);
    const dm = JSON.stringify(renderOutbox(rows[0] as never, w.view()));
    expect(dm).toContain('"action_id":"leader:check-in"');
    expect(dm).toContain(`"value":"${ADA}"`);
  });

  const view = (
    user: string,
    identity: string,
    answers: Partial<Record<'energy' | 'how' | 'needs', string>> = {},
  ) =>
    ({
      kind: 'leader_checkin_view',
      identity,
      receivedAt: '2027-02-01T12:00:00Z',
      user,
      channel: 'D07ADADM001',
      leader: ADA,
      energy: '4',
      how: 'Secretly exhausted by the quiz',
      needs: 'Private: a co-host for March',
      ...answers,
    }) as Work;

  it('the modal: one row a leader a month, thanked; a second thanked and not recorded; never the words elsewhere', () => {
    const w = world({ Leaders: team }, { 'Leader check-ins': 'Monthly' });
    w.days(on('2027-01-30'), on('2027-02-01'));
    const first = w.work(view(ADA, 'slack:view:V1'), on('2027-02-01', '12:00'));
    expect(first.ephemerals.map((e) => e.text)).toEqual([LEADER_REPLIES.checkedIn]);
    const rows = () =>
      w
        .view()
        .table('Leader check-ins')
        .rows.map((r) => r.values);
    expect(rows()).toMatchObject([
      {
        leader: ADA,
        energy: 4,
        how: 'Secretly exhausted by the quiz',
        needs: 'Private: a co-host for March',
      },
    ]);
    expect(rows()[0]?.when?.toISO()).toBe(on('2027-02-01', '12:00').toISO());
    // The same submission delivered again: one effect, no second reply.
    expect(w.work(view(ADA, 'slack:view:V1'), on('2027-02-01', '12:01')).changes).toEqual([]);
    // A second check-in this month is thanked, not recorded; next month's is.
    const again = w.work(view(ADA, 'slack:view:V2', { how: 'Again' }), on('2027-02-20', '12:00'));
    expect(again.ephemerals.map((e) => e.text)).toEqual([LEADER_REPLIES.alreadyCheckedIn]);
    expect(rows()).toHaveLength(1);
    w.work(view(ADA, 'slack:view:V3', { energy: '2', how: 'March', needs: '' }), on('2027-03-02', '12:00'));
    expect(rows().map((r) => [r.leader, r.energy, r.how])).toEqual([
      [ADA, 4, 'Secretly exhausted by the quiz'],
      [ADA, 2, 'March'],
    ]);
    // The words are in no Outbox row, Audit row or note.
    const elsewhere = JSON.stringify([
      w
        .view()
        .table('Outbox')
        .rows.map((r) => r.values),
      w
        .view()
        .table('Audit')
        .rows.map((r) => r.values),
      w.notes,
    ]);
    for (const words of ['Secretly', 'exhausted', 'co-host', 'Private', 'Again', 'March'])
      expect(elsewhere).not.toContain(words);
  });

  it.each<[string, Work, string]>([
    ['another leader’s check-in', view(BOB, 'slack:view:V9'), LEADER_REPLIES.notYours],
    ['not an Active leader', { ...view(CY, 'slack:view:V9'), leader: CY } as Work, LEADER_REPLIES.notLeader],
    ['an energy of 0', view(ADA, 'slack:view:V9', { energy: '0' }), LEADER_REPLIES.badEnergy],
    ['an energy of 6', view(ADA, 'slack:view:V9', { energy: '6' }), LEADER_REPLIES.badEnergy],
    ['an energy of 3.5', view(ADA, 'slack:view:V9', { energy: '3.5' }), LEADER_REPLIES.badEnergy],
    ['no energy', view(ADA, 'slack:view:V9', { energy: '' }), LEADER_REPLIES.badEnergy],
    ['words for an energy', view(ADA, 'slack:view:V9', { energy: 'high' }), LEADER_REPLIES.badEnergy],
  ])('refused: %s, nothing recorded', (_case, work, reply) => {
    const w = world({ Leaders: team }, { 'Leader check-ins': 'Monthly' });
    const plan = w.work(work, on('2027-02-01', '12:00'));
    expect(plan.ephemerals.map((e) => e.text)).toEqual([reply]);
    expect(w.view().table('Leader check-ins').rows).toEqual([]);
  });
});

describe('leader intros', () => {
  const team = [
    leader(ADA, 'Ada Lovelace', 'Greeter'),
    leader(BOB, 'Bob Taylor', 'Organizer'),
    leader(CY, 'Cyrille Ng', 'Host'),
    leader(DEE, 'Dee Dee', 'Moderator'),
    // Not on Slack, and not Active: never paired.
    leader('Fay (no Slack)', 'Fay Wray', 'Host'),
    leader(EVE, 'Eve Adams', 'Host', 'No'),
  ];
  const pairsOf = (w: ReturnType<typeof world>) =>
    w
      .view()
      .table('Intros')
      .rows.map((r) => r.values)
      .map((i) => [i.round, (i.members ?? '').split(', ').sort().join(' ')]);

  it('Yes: on the first Monday at Intro day time, Active leaders on Slack paired; no pair again while the team allows', () => {
    const w = world({ Leaders: team }, { 'Leader intros': 'Yes', 'Intro day': 'Monday 11:00' });
    w.days(on('2027-01-20'), on('2027-04-20'));
    const pairs = pairsOf(w);
    expect(pairs.map(([round]) => round)).toEqual([
      'leaders 2027-02-01',
      'leaders 2027-02-01',
      'leaders 2027-03-01',
      'leaders 2027-03-01',
      'leaders 2027-04-05',
      'leaders 2027-04-05',
    ]);
    // Each leader once a round, and six different pairs in three rounds (all there are of four).
    for (const round of ['2027-02-01', '2027-03-01', '2027-04-05'])
      expect(
        pairs
          .filter(([r]) => r === `leaders ${round}`)
          .flatMap(([, m]) => (m ?? '').split(' '))
          .sort(),
      ).toEqual([ADA, BOB, CY, DEE].sort());
    expect(new Set(pairs.map(([, m]) => m)).size).toBe(6);
    // A group DM each, at Intro day's time that Monday.
    const intros = w.of(LEADER_KINDS.intro);
    expect(intros.map((p) => p.day)).toEqual([
      '2027-02-01',
      '2027-02-01',
      '2027-03-01',
      '2027-03-01',
      '2027-04-05',
      '2027-04-05',
    ]);
    const first = w.view().table('Intros').rows[0]?.values;
    expect(intros[0]?.row).toMatchObject({
      to: `leaders:${first?.members?.replace(', ', ',')}`,
      about: first?.introId,
    });
    expect((intros[0]?.row.due as DateTime | undefined)?.toISO()).toBe(on('2027-02-01', '11:00').toISO());
    const shown = renderOutbox(intros[0]?.row as never, w.view());
    expect(JSON.stringify(shown)).toContain('leaders’ intro in Leeds Makers');
    // The members' rounds and figures leave them out.
    expect(introHistory(w.view())).toEqual([]);
    expect(weekFigures(w.view(), on('2027-01-31', '00:00'), on('2027-02-08')).introGroups).toBe(0);
  });

  it('two leaders: paired every month, since the team does not allow otherwise', () => {
    const w = world({ Leaders: team.slice(0, 2) }, { 'Leader intros': 'Yes', 'Intro day': 'Monday 10:00' });
    w.days(on('2027-01-20'), on('2027-03-10'));
    expect(pairsOf(w)).toEqual([
      ['leaders 2027-02-01', [ADA, BOB].sort().join(' ')],
      ['leaders 2027-03-01', [ADA, BOB].sort().join(' ')],
    ]);
  });

  it('switched on mid-month: not until the next first Monday; a missed Monday made up that week', () => {
    const w = world({ Leaders: team.slice(0, 2) }, { 'Leader intros': 'Yes' });
    w.days(on('2027-01-20'), on('2027-01-31'));
    expect(pairsOf(w)).toEqual([]);
    w.days(on('2027-02-03'), on('2027-02-10'));
    expect(pairsOf(w)).toEqual([['leaders 2027-02-01', [ADA, BOB].sort().join(' ')]]);
    expect(w.of(LEADER_KINDS.intro).map((p) => p.day)).toEqual(['2027-02-03']);
  });

  it('No (the default): none', () => {
    const w = world({ Leaders: team }, {});
    w.days(on('2027-01-20'), on('2027-03-10'));
    expect(pairsOf(w)).toEqual([]);
    expect(w.of(LEADER_KINDS.intro)).toEqual([]);
  });
});
