/**
 * The approval engine, decided from a snapshot built from grids: who may decide (read from Leaders at the
 * moment of the click), approve and decline with their effect on the subject, decided approvals staying
 * decided, 2-of-N approvals, the halfway reminder and expiry, and two clicks decided in one batch.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { Cell } from '../sheets-schema/cells.js';
import type { Change } from '../sheets-schema/changes.js';
import { withChanges } from '../sheets-schema/overlay.js';
import type { Snapshot } from '../sheets-schema/snapshot.js';
import type { TabName } from '../sheets-schema/tabs/index.js';
import {
  type ApprovalClick,
  decideApproval,
  planApprovalTimers,
  requestApproval,
} from '../workflows/approvals/decisions.js';
import { refusalText } from '../workflows/approvals/messages.js';
import { APPROVAL_KINDS } from '../workflows/decide.js';
import { memberAddress } from '../workflows/onboarding/decisions.js';
import { emptyPlan } from '../workflows/plan.js';
import { outboxIdFor } from '../workflows/records.js';
import { type Rows, sheetOf } from './fakes/sheet-of.js';

const NOW = DateTime.fromISO('2026-12-01T14:00:00Z', { zone: 'utc' });
const LEADERS_CHANNEL = 'C0LEADERS1';
const PERMALINK = 'https://hearth-test.slack.com/archives/C0LEADERS1/p1764590400000100';

function sheet(tabs: Partial<Record<TabName, Rows>>, settings: Record<string, string> = {}): Snapshot {
  return sheetOf(tabs, { 'Time zone': 'America/New_York', 'Leaders channel': LEADERS_CHANNEL, ...settings });
}

const iso = (at: DateTime) => at.toISO() as string;

const LEADERS: Rows = [
  {
    'Slack ID': 'U0OLIVE01',
    Name: 'Olive Organizer',
    Role: 'Organizer',
    'Can approve': 'Yes',
    Active: 'Yes',
  },
  {
    'Slack ID': 'U0OSCAR01',
    Name: 'Oscar Organizer',
    Role: 'Organizer',
    'Can approve': 'Yes',
    Active: 'Yes',
  },
  { 'Slack ID': 'U0MOMOD01', Name: 'Mo Moderator', Role: 'Moderator', 'Can approve': 'No', Active: 'Yes' },
  { 'Slack ID': 'U0RETIRED', Name: 'Rita Retired', Role: 'Organizer', 'Can approve': 'Yes', Active: 'No' },
  { 'Slack ID': 'U0GRETA01', Name: 'Greta Greeter', Role: 'Greeter', 'Can approve': 'No', Active: 'Yes' },
];

const MEMBERS: Rows = [
  { 'Member ID': 'M-1', Name: 'Ada Lovelace', Email: 'ada@example.org', Status: 'Pending', Intros: 'Yes' },
  { 'Member ID': 'M-2', Name: 'Grace Hopper', Email: 'grace@example.org', Status: 'Pending' },
];

/** A Pending join request for `subject`, asked an hour ago, with its request posted. */
function request(id: string, subject: string, extra: Record<string, Cell> = {}): Record<string, Cell> {
  return {
    'Approval ID': id,
    Kind: 'join',
    Subject: subject,
    Summary: 'wants to join',
    Requested: iso(NOW.minus({ hours: 1 })),
    Status: 'Pending',
    Needed: 1,
    Expires: iso(NOW.plus({ hours: 71 })),
    'Slack message': PERMALINK,
    ...extra,
  };
}

function snapshotWith(approvals: Rows, settings: Record<string, string> = {}): Snapshot {
  return sheet({ Leaders: LEADERS, Members: MEMBERS, Approvals: approvals }, settings);
}

function click(
  user: string,
  decision: 'approve' | 'decline' = 'approve',
  approvalId = 'AP-1',
): ApprovalClick {
  return {
    identity: `slack:action:1764590400.000100:approval:${decision}:${user}:${Math.random()}`,
    decision,
    approvalId,
    user,
    channel: LEADERS_CHANNEL,
  };
}

const decide = (c: ApprovalClick, snapshot: Snapshot) => decideApproval(c, snapshot, NOW, APPROVAL_KINDS);

const updatesOf = (changes: Change[], tab: TabName) =>
  changes.filter((c) => c.kind === 'update' && c.tab === tab) as Extract<Change, { kind: 'update' }>[];
const appendsOf = (changes: Change[], tab: TabName) =>
  changes
    .filter((c) => c.kind === 'append' && c.tab === tab)
    .map((c) => (c as Extract<Change, { kind: 'append' }>).values as Record<string, unknown>);

describe('decideApproval: who may decide is read from Leaders at the moment of the click', () => {
  const snapshot = snapshotWith([request('AP-1', 'M-1')]);
  it.each([
    ['someone not in Leaders', 'U0NOBODY1', 'approve', refusalText('not-a-leader')],
    ['a leader with Active = No', 'U0RETIRED', 'approve', refusalText('not-a-leader')],
    ['a leader with Can approve = No', 'U0MOMOD01', 'approve', refusalText('cannot-approve')],
    ['a Greeter with Can approve = No, declining', 'U0GRETA01', 'decline', refusalText('cannot-approve')],
  ] as const)('%s gets an ephemeral refusal and nothing changes', (_who, user, decision, text) => {
    const plan = decide(click(user, decision), snapshot);
    expect(plan.changes).toEqual([]);
    expect(plan.send).toEqual([]);
    expect(plan.ephemerals).toEqual([{ channel: LEADERS_CHANNEL, user, text }]);
  });

  it('refuses a click on an approval that is not in the sheet', () => {
    const plan = decide(click('U0OLIVE01', 'approve', 'AP-404'), snapshot);
    expect(plan.changes).toEqual([]);
    expect(plan.ephemerals).toEqual([
      { channel: LEADERS_CHANNEL, user: 'U0OLIVE01', text: refusalText('unknown-approval') },
    ]);
  });

  it('does not trust an old Leaders row: the same person is refused once set inactive', () => {
    const retired = sheet({
      Leaders: LEADERS.map((l) => (l['Slack ID'] === 'U0OLIVE01' ? { ...l, Active: 'No' } : l)),
      Members: MEMBERS,
      Approvals: [request('AP-1', 'M-1')],
    });
    expect(decide(click('U0OLIVE01'), snapshot).changes).not.toEqual([]);
    expect(decide(click('U0OLIVE01'), retired).changes).toEqual([]);
  });
});

describe('decideApproval: a request whose member cannot be acted on', () => {
  it.each([
    [
      'deleted from Members',
      [],
      refusalText('subject-missing', { subject: 'M-1' }),
      'approve not done: M-1 is not in the Members tab (its row was deleted?): put the row back with its Member ID, or decline AP-1',
    ],
    [
      'whose row has a cell typed wrong',
      [{ 'Member ID': 'M-1', Name: 'Ada Lovelace', Email: 'ada at example', Status: 'Pending' }],
      refusalText('subject-needs-fix', { subject: 'M-1' }),
      'approve not done: M-1’s row in Members needs a fix first: Members!C2: Email is not an email address: type it like name@example.org',
    ],
  ])(
    '%s: Approve is refused, told to the leader and Audit once, nothing decided',
    (_c, members, text, details) => {
      const snapshot = sheet({ Leaders: LEADERS, Members: members, Approvals: [request('AP-1', 'M-1')] });
      const c = click('U0OLIVE01');
      const plan = decide(c, snapshot);
      expect(plan.ephemerals).toEqual([{ channel: LEADERS_CHANNEL, user: 'U0OLIVE01', text }]);
      expect(appendsOf(plan.changes, 'Audit')).toMatchObject([
        { actor: 'U0OLIVE01', action: 'approval.refused', target: 'AP-1', details },
      ]);
      expect(updatesOf(plan.changes, 'Approvals')).toEqual([]);
      expect(plan.send).toEqual([]);
      expect(decide(c, withChanges(snapshot, plan.changes))).toMatchObject({ changes: [], ephemerals: [] });
    },
  );

  it('Decline still decides: there is nothing to pretend about', () => {
    const snapshot = sheet({ Leaders: LEADERS, Members: [], Approvals: [request('AP-1', 'M-1')] });
    const plan = decide(click('U0OLIVE01', 'decline'), snapshot);
    expect(updatesOf(plan.changes, 'Approvals')).toMatchObject([{ set: { status: 'Declined' } }]);
  });
});

describe('decideApproval: a decision', () => {
  const snapshot = snapshotWith([request('AP-1', 'M-1')]);

  it('approve: Approved, Audit, the request message updated, and the member Active and welcomed', () => {
    const plan = decide(click('U0OLIVE01'), snapshot);
    expect(plan.ephemerals).toEqual([]);
    expect(updatesOf(plan.changes, 'Approvals')).toEqual([
      {
        kind: 'update',
        tab: 'Approvals',
        id: 'AP-1',
        set: { status: 'Approved', approvedBy: 'U0OLIVE01', decided: NOW },
      },
    ]);
    expect(appendsOf(plan.changes, 'Audit')).toEqual([
      expect.objectContaining({ action: 'approval.approved', actor: 'U0OLIVE01', target: 'AP-1', when: NOW }),
    ]);
    const outcome = outboxIdFor('approval-outcome:AP-1');
    expect(appendsOf(plan.changes, 'Outbox')).toContainEqual(
      expect.objectContaining({
        messageId: outcome,
        kind: 'approval.update',
        to: LEADERS_CHANNEL,
        about: 'AP-1',
      }),
    );
    expect(plan.send).toContain(outcome);
    // The kind's effect: the member is Active, with who approved, and welcomed.
    expect(updatesOf(plan.changes, 'Members')).toContainEqual({
      kind: 'update',
      tab: 'Members',
      id: 'M-1',
      set: { status: 'Active', approvedBy: 'Olive Organizer' },
    });
    const kinds = appendsOf(plan.changes, 'Outbox').map((row) => row.kind);
    expect(kinds).toEqual(['approval.update', 'welcome', 'greeter', 'intro', 'followup']);
    expect(plan.send).toContain(outboxIdFor('welcome:M-1'));
  });

  it('decline: Declined, Audit, the request message updated, the member Declined and sent nothing', () => {
    const plan = decide(click('U0OSCAR01', 'decline'), snapshot);
    expect(updatesOf(plan.changes, 'Approvals')).toEqual([
      {
        kind: 'update',
        tab: 'Approvals',
        id: 'AP-1',
        set: { status: 'Declined', declinedBy: 'U0OSCAR01', decided: NOW },
      },
    ]);
    expect(appendsOf(plan.changes, 'Audit')).toEqual([
      expect.objectContaining({ action: 'approval.declined', actor: 'U0OSCAR01', target: 'AP-1' }),
    ]);
    expect(updatesOf(plan.changes, 'Members')).toEqual([
      { kind: 'update', tab: 'Members', id: 'M-1', set: { status: 'Declined' } },
    ]);
    const outbox = appendsOf(plan.changes, 'Outbox');
    expect(outbox.map((row) => [row.kind, row.to])).toEqual([['approval.update', LEADERS_CHANNEL]]);
    expect(outbox.some((row) => row.to === memberAddress('M-1'))).toBe(false);
    expect(plan.send).toEqual([outboxIdFor('approval-outcome:AP-1')]);
  });

  it.each([
    [
      'approved',
      { Status: 'Approved', 'Approved by': 'U0OSCAR01' },
      'This was already approved by <@U0OSCAR01>',
    ],
    [
      'declined',
      { Status: 'Declined', 'Declined by': 'U0OSCAR01' },
      'This was already declined by <@U0OSCAR01>',
    ],
    ['expired', { Status: 'Expired' }, 'This request already expired'],
  ] as const)('an approval already %s stays so: the refusal says who and when', (_s, cells, said) => {
    // Decided at 09:05 in the group's time zone (New York).
    const decided = sheet({
      Leaders: LEADERS,
      Members: MEMBERS,
      Approvals: [request('AP-1', 'M-1', { ...cells, Decided: '2026-12-01T14:05:00Z' })],
    });
    for (const decision of ['approve', 'decline'] as const) {
      const plan = decide(click('U0OLIVE01', decision), decided);
      expect(plan.changes).toEqual([]);
      expect(plan.send).toEqual([]);
      expect(plan.ephemerals).toEqual([
        { channel: LEADERS_CHANNEL, user: 'U0OLIVE01', text: `${said} at Tue 1 Dec, 09:05.` },
      ]);
    }
  });
});

describe('decideApproval: Needed = 2 distinct leaders', () => {
  const snapshot = snapshotWith([request('AP-1', 'M-1', { Needed: 2 })]);

  it('one approval of two: recorded, the message shows the progress, still Pending', () => {
    const plan = decide(click('U0OLIVE01'), snapshot);
    expect(updatesOf(plan.changes, 'Approvals')).toEqual([
      { kind: 'update', tab: 'Approvals', id: 'AP-1', set: { approvedBy: 'U0OLIVE01' } },
    ]);
    expect(appendsOf(plan.changes, 'Audit')).toEqual([
      expect.objectContaining({ action: 'approval.approve', details: 'join M-1: 1 of 2' }),
    ]);
    expect(plan.send).toEqual([outboxIdFor('approval-progress:AP-1:1')]);
    expect(updatesOf(plan.changes, 'Members')).toEqual([]);
  });

  it('the same leader twice: refused the second time, still Pending and needing another leader', () => {
    const first = decide(click('U0OLIVE01'), snapshot);
    const view = withChanges(snapshot, first.changes);
    const again = decide(click('U0OLIVE01'), view);
    expect(again.changes).toEqual([]);
    expect(again.ephemerals).toEqual([
      { channel: LEADERS_CHANNEL, user: 'U0OLIVE01', text: refusalText('already-approved') },
    ]);
    expect(view.table('Approvals').byId('AP-1')?.values).toMatchObject({
      status: 'Pending',
      approvedBy: 'U0OLIVE01',
    });
  });

  it('two distinct leaders: Approved by both, the member Active with both names', () => {
    const first = decide(click('U0OLIVE01'), snapshot);
    const second = decide(click('U0OSCAR01'), withChanges(snapshot, first.changes));
    expect(updatesOf(second.changes, 'Approvals')).toEqual([
      {
        kind: 'update',
        tab: 'Approvals',
        id: 'AP-1',
        set: { status: 'Approved', approvedBy: 'U0OLIVE01, U0OSCAR01', decided: NOW },
      },
    ]);
    expect(updatesOf(second.changes, 'Members')).toContainEqual({
      kind: 'update',
      tab: 'Members',
      id: 'M-1',
      set: { status: 'Active', approvedBy: 'Olive Organizer, Oscar Organizer' },
    });
    expect(second.send).toContain(outboxIdFor('approval-outcome:AP-1'));
  });

  it('one decline is enough to decline, even after one approval', () => {
    const first = decide(click('U0OLIVE01'), snapshot);
    const declined = decide(click('U0OSCAR01', 'decline'), withChanges(snapshot, first.changes));
    expect(updatesOf(declined.changes, 'Approvals')[0]?.set).toMatchObject({ status: 'Declined' });
  });
});

describe('decideApproval: closed requests', () => {
  it('refuses a click past Expires, before the tick has marked it Expired', () => {
    const late = snapshotWith([request('AP-1', 'M-1', { Expires: iso(NOW.minus({ minutes: 1 })) })]);
    const plan = decide(click('U0OSCAR01'), late);
    expect(plan.changes).toEqual([]);
    expect(plan.ephemerals[0]?.text).toMatch(/expired/i);
  });

  it('leaves a member an organizer let in by hand Active when the request is declined after', () => {
    const snapshot = sheet({
      Leaders: LEADERS,
      Members: [{ 'Member ID': 'M-1', Name: 'Ada Lovelace', Email: 'ada@example.org', Status: 'Active' }],
      Approvals: [request('AP-1', 'M-1')],
    });
    const plan = decide(click('U0OSCAR01', 'decline'), snapshot);
    expect(updatesOf(plan.changes, 'Members')).toEqual([]);
    expect(updatesOf(plan.changes, 'Approvals')[0]?.set.status).toBe('Declined');
  });
});

describe('decideApproval with the batch so far (withChanges)', () => {
  it('two clicks decided in sequence give one decision', () => {
    let view = snapshotWith([request('AP-1', 'M-1')]);
    const plans = [click('U0OLIVE01'), click('U0OSCAR01'), click('U0OSCAR01', 'decline')].map((c) => {
      const plan = decide(c, view);
      view = withChanges(view, plan.changes);
      return plan;
    });
    const changes = plans.flatMap((p) => p.changes);
    expect(updatesOf(changes, 'Approvals')).toHaveLength(1);
    expect(appendsOf(changes, 'Audit').map((a) => a.action)).toEqual(['approval.approved']);
    expect(plans[1]?.ephemerals[0]?.text).toMatch(/^This was already approved by <@U0OLIVE01> at /);
    expect(plans[2]?.ephemerals[0]?.text).toMatch(/^This was already approved by <@U0OLIVE01> at /);
    expect(view.table('Approvals').byId('AP-1')?.values.status).toBe('Approved');
    expect(view.table('Members').byId('M-1')?.values.status).toBe('Active');
  });
});

describe('requestApproval', () => {
  it('adds a Pending Approvals row expiring after the Settings hours, and posts the request', () => {
    const snapshot = snapshotWith([request('AP-1', 'M-1')], { 'Approval expires after hours': '48' });
    const { plan, approvalId } = requestApproval(snapshot, NOW, {
      kind: 'join',
      subject: 'M-2',
      summary: 'Grace wants to join',
      needed: 1,
    });
    expect(approvalId).toBe('AP-2');
    expect(appendsOf(plan.changes, 'Approvals')).toEqual([
      {
        approvalId: 'AP-2',
        kind: 'join',
        subject: 'M-2',
        summary: 'Grace wants to join',
        requested: NOW,
        status: 'Pending',
        needed: 1,
        expires: NOW.plus({ hours: 48 }),
      },
    ]);
    const id = outboxIdFor('approval:AP-2');
    expect(appendsOf(plan.changes, 'Outbox')).toEqual([
      expect.objectContaining({ messageId: id, kind: 'approval.request', to: LEADERS_CHANNEL, due: NOW }),
    ]);
    expect(plan.send).toEqual([id]);
  });
});

describe('planApprovalTimers', () => {
  /** Asked 40 hours ago, expiring in 32: past halfway (36 hours). */
  const halfway = () =>
    snapshotWith([
      request('AP-1', 'M-1', {
        Requested: iso(NOW.minus({ hours: 40 })),
        Expires: iso(NOW.plus({ hours: 32 })),
      }),
    ]);
  const timers = (snapshot: Snapshot, now = NOW) => planApprovalTimers(snapshot, now, APPROVAL_KINDS);

  it('plans nothing before halfway', () => {
    const early = snapshotWith([request('AP-1', 'M-1')]);
    expect(timers(early)).toEqual(emptyPlan());
  });

  it('reminds the leaders channel once, halfway to expiry', () => {
    const snapshot = halfway();
    const plan = timers(snapshot);
    const id = outboxIdFor('approval-reminder:AP-1');
    expect(plan.changes).toEqual([
      expect.objectContaining({
        kind: 'append',
        tab: 'Outbox',
        values: expect.objectContaining({ messageId: id, kind: 'approval.reminder', to: LEADERS_CHANNEL }),
      }),
    ]);
    expect(plan.send).toEqual([id]);
    // Its Outbox row exists (later in the batch, or in the sheet on the next tick): not again.
    expect(timers(withChanges(snapshot, plan.changes), NOW.plus({ hours: 1 })).changes).toEqual([]);
    const withRow = sheet({
      Leaders: LEADERS,
      Members: MEMBERS,
      Approvals: [
        request('AP-1', 'M-1', {
          Requested: iso(NOW.minus({ hours: 40 })),
          Expires: iso(NOW.plus({ hours: 32 })),
        }),
      ],
      Outbox: [
        {
          'Message ID': id,
          Kind: 'approval.reminder',
          Due: iso(NOW.minus({ hours: 3 })),
          To: LEADERS_CHANNEL,
          About: 'AP-1',
          Status: 'Sent',
        },
      ],
    });
    expect(timers(withRow)).toEqual(emptyPlan());
  });

  it('expires a request at Expires: Expired, the rule in Audit, leaders told, message updated', () => {
    const snapshot = halfway();
    const expires = NOW.plus({ hours: 32 });
    expect(timers(snapshot, expires.minus({ minutes: 1 })).changes.some((c) => c.tab === 'Approvals')).toBe(
      false,
    );
    const plan = timers(snapshot, expires);
    expect(updatesOf(plan.changes, 'Approvals')).toEqual([
      { kind: 'update', tab: 'Approvals', id: 'AP-1', set: { status: 'Expired', decided: expires } },
    ]);
    expect(appendsOf(plan.changes, 'Audit')).toEqual([
      expect.objectContaining({
        actor: 'Hearth',
        action: 'approval.expired',
        target: 'AP-1',
        details: expect.stringMatching(
          /^Ada Lovelace stays Pending: to let them in, set their Status to Active/,
        ),
      }),
    ]);
    // The join rule: the member stays Pending.
    expect(updatesOf(plan.changes, 'Members')).toEqual([]);
    const outbox = appendsOf(plan.changes, 'Outbox');
    expect(outbox.map((row) => [row.kind, row.to, row.about])).toEqual([
      ['approval.update', LEADERS_CHANNEL, 'AP-1'],
      ['approval.expired', LEADERS_CHANNEL, 'AP-1'],
    ]);
    expect(plan.send).toEqual([outboxIdFor('approval-outcome:AP-1'), outboxIdFor('approval-expired:AP-1')]);
    // Expired is decided: a later tick, and a late click, change nothing.
    const after = withChanges(snapshot, plan.changes);
    expect(timers(after, expires.plus({ hours: 1 })).changes).toEqual([]);
    expect(decide(click('U0OLIVE01'), after).changes).toEqual([]);
  });

  it('leaves decided approvals and unknown kinds alone', () => {
    const snapshot = snapshotWith([
      request('AP-1', 'M-1', { Status: 'Approved', Expires: iso(NOW.minus({ hours: 1 })) }),
      request('AP-2', 'M-2', { Kind: 'mystery', Expires: iso(NOW.minus({ hours: 1 })) }),
    ]);
    expect(timers(snapshot).changes).toEqual([]);
  });
});
