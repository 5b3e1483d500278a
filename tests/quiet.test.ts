/**
 * Quiet check-ins decided from snapshots: who gets one (Active, on Slack, Quiet, the setting on), when (10:00,
 * out of quiet hours), how often (once per 90 days, 50 a day), the DM as sent, and its Not interested any more
 * button: only theirs, acted on once, with a leaving's usual effects at the next tick.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { Cell } from '../sheets-schema/cells.js';
import type { Change } from '../sheets-schema/changes.js';
import { withChanges } from '../sheets-schema/overlay.js';
import type { Snapshot } from '../sheets-schema/snapshot.js';
import { TAB_NAMES, type TabName } from '../sheets-schema/tabs/index.js';
import { decideTick, decideWork } from '../workflows/decide.js';
import type { Plan } from '../workflows/plan.js';
import { CHECK_INS_PER_DAY, planQuietCheckIns, QUIET_KINDS } from '../workflows/presence/quiet.js';
import { NOT_INTERESTED_ACTION, QUIET_REFUSALS } from '../workflows/presence/quiet-messages.js';
import { outboxIdFor } from '../workflows/records.js';
import { renderOutbox } from '../workflows/renderers.js';
import { clickOf } from './fakes/inputs.js';
import { type Rows, sheetOf } from './fakes/sheet-of.js';

const ZONE = 'Europe/London';
const at = (iso: string) => DateTime.fromISO(iso, { zone: ZONE });
/** Tuesday 8 December 2026, the first tick of the day: when the daily step runs. */
const NOW = at('2026-12-08T00:01');
const TEN = at('2026-12-08T10:00');

const LIN = {
  'Member ID': 'M-1',
  Name: 'Lin Ye',
  Email: 'lin.ye@example.org',
  'Slack ID': 'U0LINYE0001',
  Status: 'Active',
  Joined: '2025-03-01 19:00',
};
const PAT = {
  ...LIN,
  'Member ID': 'M-2',
  Name: 'Pat Bath',
  Email: 'pat.bath@example.org',
  'Slack ID': 'U0PATBA0002',
};

function sheet(tabs: Partial<Record<TabName, Rows>> = {}, settings: Record<string, string> = {}): Snapshot {
  return sheetOf(
    { Members: [LIN], ...tabs },
    {
      'Time zone': ZONE,
      'Group name': 'Leeds Hikers',
      'Check in on quiet members': 'Yes',
      'Quiet hours': '21:00-08:00',
      ...settings,
    },
  );
}

type Appended = Record<string, unknown> & { due: DateTime };
const checkIns = (plan: Plan) =>
  plan.changes
    .filter((c): c is Extract<Change, { kind: 'append' }> => c.kind === 'append' && c.tab === 'Outbox')
    .map((c) => c.values as Appended)
    .filter((row) => row.kind === QUIET_KINDS.checkin);

const earlier = (days: number, status = 'Sent'): Rows => [
  {
    'Message ID': 'MSG-earlier',
    Kind: QUIET_KINDS.checkin,
    Due: TEN.minus({ days }).toISO(),
    To: 'member:M-1',
    About: 'M-1',
    Status: status,
  },
];

describe('who gets a check-in', () => {
  it('a Quiet member on Slack: one DM, To them, due at 10:00, sent then', () => {
    const plan = planQuietCheckIns(sheet(), NOW);
    expect(checkIns(plan)).toEqual([
      expect.objectContaining({
        messageId: outboxIdFor('quiet.checkin:M-1:2026-12-08'),
        to: 'member:M-1',
        about: 'M-1',
        status: 'Scheduled',
      }),
    ]);
    expect(checkIns(plan)[0]?.due.toMillis()).toBe(TEN.toMillis());
    expect(plan.send).toEqual([]);
  });

  it.each<[string, Partial<Record<TabName, Rows>>, Record<string, string>]>([
    ['the setting off', {}, { 'Check in on quiet members': 'No' }],
    ['the setting left at its default', {}, { 'Check in on quiet members': '' }],
    ['not on Slack', { Members: [{ ...LIN, 'Slack ID': '' }] }, {}],
    ['not Active', { Members: [{ ...LIN, Status: 'Inactive' }] }, {}],
    ['New', { Members: [{ ...LIN, Joined: '2026-11-20 19:00' }] }, {}],
    [
      'not Quiet: an RSVP last week',
      {
        Events: [{ 'Event ID': 'EV-1', Title: 'Walk', Starts: '2026-12-12 10:00', Status: 'Announced' }],
        RSVPs: [
          {
            'RSVP ID': 'R-1',
            'Event ID': 'EV-1',
            Email: LIN.Email,
            Response: 'Yes',
            Submitted: '2026-12-01 12:00',
          },
        ],
      },
      {},
    ],
    ['a check-in 89 days ago', { Outbox: earlier(89) }, {}],
    ['a check-in 89 days ago that an organizer cancelled', { Outbox: earlier(89, 'Cancelled') }, {}],
  ])('none: %s', (_case, tabs, settings) => {
    expect(checkIns(planQuietCheckIns(sheet(tabs, settings), NOW))).toEqual([]);
  });

  it('a check-in 90 days ago: another one now', () => {
    expect(checkIns(planQuietCheckIns(sheet({ Outbox: earlier(90) }), NOW))).toHaveLength(1);
  });

  it(`at most ${CHECK_INS_PER_DAY} a day: the rest the next day`, () => {
    const many = Array.from({ length: 60 }, (_, i) => ({
      ...LIN,
      'Member ID': `M-${i + 1}`,
      Email: `quiet${i + 1}@example.org`,
      'Slack ID': `U0QUIET${String(i + 1).padStart(4, '0')}`,
    }));
    const first = sheet({ Members: many });
    const today = decideTick(first, TAB_NAMES, NOW);
    expect(checkIns(today)).toHaveLength(CHECK_INS_PER_DAY);
    const after = withChanges(first, today.changes);
    // A second tick the same day: the daily step has run.
    expect(checkIns(decideTick(after, TAB_NAMES, NOW.plus({ minutes: 1 })))).toEqual([]);
    const tomorrow = checkIns(decideTick(after, TAB_NAMES, NOW.plus({ days: 1 })));
    expect(tomorrow.map((row) => row.about)).toEqual(many.slice(50).map((m) => m['Member ID']));
  });
});

describe('when it goes out', () => {
  it.each([
    ['the first tick of the day: at 10:00', '2026-12-08T00:01', {}, '2026-12-08T10:00', false],
    ['a day that started late (Hearth was down): now', '2026-12-08T14:30', {}, '2026-12-08T14:30', true],
    ['so late it is quiet hours: their end', '2026-12-08T22:00', {}, '2026-12-09T08:00', false],
    [
      '10:00 in quiet hours: their end',
      '2026-12-08T00:01',
      { 'Quiet hours': '09:00-11:30' },
      '2026-12-08T11:30',
      false,
    ],
    ['no quiet hours', '2026-12-08T00:01', { 'Quiet hours': 'none' }, '2026-12-08T10:00', false],
  ])('%s', (_case, now, settings, due, sentNow) => {
    const plan = planQuietCheckIns(sheet({}, settings), at(now));
    expect(checkIns(plan)[0]?.due.toMillis()).toBe(at(due).toMillis());
    expect(plan.send.length > 0).toBe(sentNow);
  });
});

describe('the DM, as sent', () => {
  const events: Rows = [1, 2, 3, 4].map((n) => ({
    'Event ID': `EV-${n}`,
    Title: `Walk ${n}`,
    Starts: TEN.plus({ days: 5 - n }).toISO(),
    Location: 'Ilkley',
    Status: 'Announced',
    'Slack message': `https://leeds-hikers.slack.com/archives/C0EVENTS001/p179000000000000${n}`,
  }));
  const planned = (tabs: Partial<Record<TabName, Rows>> = {}, settings: Record<string, string> = {}) => {
    const snapshot = sheet({ Events: events, ...tabs }, settings);
    const view = withChanges(snapshot, planQuietCheckIns(snapshot, NOW).changes);
    const row = view.table('Outbox').rows.find((r) => r.values.kind === QUIET_KINDS.checkin)?.values;
    if (!row) throw new Error('no check-in planned');
    return { row, view };
  };

  it('goes to them by Slack ID, with the next three announced events and the button', () => {
    const { row, view } = planned();
    const delivery = renderOutbox(row, view);
    expect(delivery).toMatchObject({ kind: 'post', to: { memberId: 'M-1', slackId: 'U0LINYE0001' } });
    if (delivery.kind !== 'post') throw new Error('not a post');
    expect(delivery.message.text).toContain('Coming up: Walk 4, Walk 3, Walk 2.');
    expect(JSON.stringify(delivery.message.blocks)).toContain(
      `"action_id":"${NOT_INTERESTED_ACTION}","value":"M-1"`,
    );
  });

  it.each<[string, (s: Snapshot) => Snapshot, string]>([
    [
      'the setting switched off since',
      () => sheet({ Events: events }, { 'Check in on quiet members': 'No' }),
      'Settings → Check in on quiet members is No',
    ],
    ['the member left since', () => sheet({ Members: [{ ...LIN, Status: 'Left' }] }), 'M-1 is Left'],
    [
      'no longer Quiet',
      () => sheet({ Members: [{ ...LIN, Engagement: 'Casual' }] }),
      'M-1 is Casual now, not Quiet',
    ],
  ])('skipped: %s', (_case, later, reason) => {
    const { row } = planned();
    expect(renderOutbox(row, later(sheet()))).toEqual({ kind: 'skip', reason });
  });
});

describe('Not interested any more', () => {
  const DM = 'D0LINYE0001';
  const TS = '1796000000.000100';
  const click = (user = LIN['Slack ID'], actionTs = '1796000100.000001') =>
    clickOf({
      identity: `slack:action:${TS}:${NOT_INTERESTED_ACTION}:${user}:${actionTs}`,
      receivedAt: '2026-12-08T10:05:00.000Z',
      actionId: NOT_INTERESTED_ACTION,
      value: 'M-1',
      user,
      channel: DM,
      messageTs: TS,
      actionTs,
    });
  const CLICKED = at('2026-12-08T10:05');

  it('makes them Left, on record, says goodbye once and takes the button off the check-in', () => {
    const snapshot = sheet({ Members: [LIN, PAT] });
    const plan = decideWork(click(), snapshot, CLICKED);
    expect(plan.changes).toEqual([
      { kind: 'update', tab: 'Members', id: 'M-1', set: { status: 'Left' } },
      expect.objectContaining({
        tab: 'Audit',
        values: expect.objectContaining({
          action: 'member.left',
          target: 'M-1',
          actor: 'U0LINYE0001',
          details: 'not interested any more (the quiet check-in)',
        }),
      }),
      expect.objectContaining({
        tab: 'Outbox',
        values: expect.objectContaining({ kind: QUIET_KINDS.goodbye, to: 'U0LINYE0001', about: 'M-1' }),
      }),
      expect.objectContaining({
        tab: 'Outbox',
        values: expect.objectContaining({ kind: QUIET_KINDS.answered, to: DM, about: TS }),
      }),
    ]);
    expect(plan.send).toHaveLength(2);
    expect(plan.ephemerals).toEqual([]);

    const view = withChanges(snapshot, plan.changes);
    const rows = view.table('Outbox').rows.map((r) => r.values);
    const goodbye = rows.find((r) => r.kind === QUIET_KINDS.goodbye);
    const edit = rows.find((r) => r.kind === QUIET_KINDS.answered);
    if (!goodbye || !edit) throw new Error('not planned');
    expect(renderOutbox(goodbye, view)).toMatchObject({ kind: 'post', to: 'U0LINYE0001' });
    const edited = renderOutbox(edit, view);
    expect(edited).toMatchObject({
      kind: 'update',
      permalink: `https://slack.com/archives/${DM}/p1796000000000100`,
    });
    expect(JSON.stringify(edited)).not.toContain(NOT_INTERESTED_ACTION);
  });

  it('delivered twice, or pressed twice: acts once, says nothing more', () => {
    const snapshot = sheet();
    const first = decideWork(click(), snapshot, CLICKED);
    const after = withChanges(snapshot, first.changes);
    for (const again of [click(), click(LIN['Slack ID'], '1796000101.000002')]) {
      const plan = decideWork(again, after, CLICKED.plus({ seconds: 2 }));
      expect(plan).toMatchObject({ changes: [], send: [], ephemerals: [] });
    }
  });

  it('someone else’s click changes nothing: they are told so, only they', () => {
    const plan = decideWork(click(PAT['Slack ID']), sheet({ Members: [LIN, PAT] }), CLICKED);
    expect(plan.changes).toEqual([]);
    expect(plan.ephemerals).toEqual([{ channel: DM, user: PAT['Slack ID'], text: QUIET_REFUSALS.notYours }]);
  });

  it('a member who is no longer Active (suspended meanwhile) is not made Left', () => {
    const plan = decideWork(click(), sheet({ Members: [{ ...LIN, Status: 'Suspended' }] }), CLICKED);
    expect(plan.changes).toEqual([]);
    expect(plan.ephemerals).toEqual([{ channel: DM, user: LIN['Slack ID'], text: QUIET_REFUSALS.notActive }]);
  });

  it('the next tick does what a leaving does: their seat goes to the waitlist, their messages are cancelled', () => {
    const starts = CLICKED.plus({ days: 5 }).toISO() as string;
    const rsvp = (id: string, who: typeof LIN, over: Record<string, Cell>) => ({
      'RSVP ID': id,
      'Event ID': 'EV-1',
      Email: who.Email,
      Response: 'Yes',
      Submitted: '2026-12-01 12:00',
      ...over,
    });
    const snapshot = sheet({
      Members: [LIN, PAT],
      Events: [
        {
          'Event ID': 'EV-1',
          Title: 'Walk',
          Starts: starts,
          Capacity: 1,
          Status: 'Announced',
          Confirmed: 1,
          Waitlisted: 1,
          'Seats left': 0,
        },
      ],
      RSVPs: [
        rsvp('R-1', LIN, { Status: 'Confirmed', Notified: 'Confirmed' }),
        rsvp('R-2', PAT, { Status: 'Waitlisted', Position: 1, Notified: 'Waitlisted #1' }),
      ],
      Outbox: [
        {
          'Message ID': 'MSG-reminder',
          Kind: 'reminder',
          Due: starts,
          To: 'member:M-1',
          About: 'EV-1 R-1 1 day',
          Status: 'Scheduled',
        },
      ],
    });
    const left = withChanges(snapshot, decideWork(click(), snapshot, CLICKED).changes);
    const tick = withChanges(left, decideTick(left, TAB_NAMES, CLICKED.plus({ minutes: 1 })).changes);
    const rsvps = Object.fromEntries(tick.table('RSVPs').rows.map((r) => [r.values.rsvpId, r.values.status]));
    expect(rsvps).toEqual({ 'R-1': 'Cancelled', 'R-2': 'Confirmed' });
    expect(tick.table('Outbox').byId('MSG-reminder')?.values.status).toBe('Cancelled');
  });
});
