/**
 * Invitations decided from snapshots: the Invited by a join brings (kept only for a member of the sheet), the
 * inviter's one thank-you when the person they invited is welcomed (at join, at approval, set Active by hand),
 * the answers to the `Invite someone` shortcut (the link, or why there is none), once per request, and the
 * week's invited joins in the leaders' summary.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { Change } from '../sheets-schema/changes.js';
import { withChanges } from '../sheets-schema/overlay.js';
import type { Snapshot } from '../sheets-schema/snapshot.js';
import { TAB_NAMES, type TabName } from '../sheets-schema/tabs/index.js';
import { decideApproval } from '../workflows/approvals/decisions.js';
import { INVITATION_KINDS, NOT_A_MEMBER } from '../workflows/connections/invitations.js';
import { APPROVAL_KINDS, decideTick, decideWork } from '../workflows/decide.js';
import type { InputOf } from '../workflows/inputs.js';
import { memberAddress, planJoin, planManualActivations } from '../workflows/onboarding/decisions.js';
import type { PersonRecipient } from '../workflows/outbox/delivery.js';
import type { Plan } from '../workflows/plan.js';
import { outboxIdFor } from '../workflows/records.js';
import { renderOutbox } from '../workflows/renderers.js';
import { joinInput } from './fakes/inputs.js';
import { type Rows, sheetOf } from './fakes/sheet-of.js';

const NOW = DateTime.fromISO('2026-12-01T14:00:00Z', { zone: 'utc' });
const SUBMITTED = '2026-12-01T13:59:30.000Z';
const LINK = 'https://docs.google.com/forms/d/e/1FAIpQLSfAbC/viewform?usp=pp_url&entry.1234567=';

const SETTINGS = {
  'Group name': 'Leeds Hikers',
  'Time zone': 'Europe/London',
  'Leaders channel': '#leaders',
  'Join approval': 'Not required',
  'Invite link': LINK,
};

function sheet(tabs: Partial<Record<TabName, Rows>>, settings: Record<string, string> = {}): Snapshot {
  return sheetOf(tabs, { ...SETTINGS, ...settings });
}

const member = (id: string, name: string, status: string, more: Record<string, string> = {}) => ({
  'Member ID': id,
  Name: name,
  Email: `${name.split(' ')[0]?.toLowerCase()}@example.org`,
  Status: status,
  ...more,
});

/** Grace invites; Alan has left; Mary waits for approval; Kate has no Slack ID yet. */
const MEMBERS: Rows = [
  member('M-1', 'Grace Hopper', 'Active', { 'Slack ID': 'U0GRACE001' }),
  member('M-2', 'Alan Turing', 'Left', { 'Slack ID': 'U0ALAN0001' }),
  member('M-3', 'Mary Somerville', 'Pending', { 'Slack ID': 'U0MARY0001' }),
  member('M-4', 'Kate Johnson', 'Active'),
  // A row with a cell typed wrong is still a member: it may be named as the inviter.
  member('M-5', 'Typo Tess', 'Active', { Joined: 'last Tuesday' }),
];

let seq = 0;
function join(answers: { invitedBy?: string }, setAside?: Record<string, string>): InputOf<'join_form'> {
  const work = joinInput(
    { identity: `form:r-${++seq}`, submittedAt: SUBMITTED },
    { name: 'Ada Lovelace', email: `ada${seq}@example.org`, ...answers },
  );
  return setAside ? { ...work, setAside } : work;
}

const appends = (changes: Change[], tab: TabName) =>
  changes
    .filter((c): c is Extract<Change, { kind: 'append' }> => c.kind === 'append' && c.tab === tab)
    .map((c) => c.values as Record<string, unknown>);

const thanksOf = (plan: Plan) =>
  appends(plan.changes, 'Outbox').filter((row) => row.kind === INVITATION_KINDS.thanks);

/** The message an Outbox row of `plan` becomes once the plan is written, as the writer renders it. */
function rendered(snapshot: Snapshot, plan: Plan, kind: string) {
  const view = withChanges(snapshot, plan.changes);
  const row = view.table('Outbox').rows.find((r) => r.values.kind === kind)?.values;
  if (!row) throw new Error(`no ${kind} row`);
  const delivery = renderOutbox(row, view);
  if (delivery.kind !== 'post') throw new Error(`${kind} not posted: ${JSON.stringify(delivery)}`);
  return delivery;
}

describe('planJoin: Invited by', () => {
  const NAMES_NO_MEMBER = '"Invited by" names no member of the Members tab, so the join is kept without it';
  const NOT_AN_ID = '"Invited by" is not a Member ID, so the join is kept without it';
  it.each([
    ['a member who is Active', { invitedBy: 'M-1' }, undefined, 'M-1', 'Ada Lovelace, invited by M-1'],
    ['a member who has left', { invitedBy: 'M-2' }, undefined, 'M-2', 'Ada Lovelace, invited by M-2'],
    ['a row with a cell typed wrong', { invitedBy: 'M-5' }, undefined, 'M-5', 'Ada Lovelace, invited by M-5'],
    ['no member', { invitedBy: 'M-99' }, undefined, undefined, `Ada Lovelace, set aside: ${NAMES_NO_MEMBER}`],
    [
      'an answer the form set aside',
      {},
      { 'Invited by': 'is not a Member ID, so the join is kept without it' },
      undefined,
      `Ada Lovelace, set aside: ${NOT_AN_ID}`,
    ],
    ['no answer', {}, undefined, undefined, 'Ada Lovelace'],
  ])(
    '%s: Members → Invited by, and Audit says so without quoting',
    (_case, answers, setAside, kept, details) => {
      const plan = planJoin(join(answers, setAside), sheet({ Members: MEMBERS }), NOW);
      const [row] = appends(plan.changes, 'Members');
      expect(row?.invitedBy).toBe(kept);
      const audit = appends(plan.changes, 'Audit').find((r) => r.action === 'member.joined');
      expect(audit?.details).toBe(details);
      expect(String(audit?.details)).not.toContain('M-99');
    },
  );
});

describe('the thank-you to the inviter', () => {
  it('goes once the invitee is welcomed at join: one DM to the inviter, keyed by the invitee', () => {
    const snapshot = sheet({ Members: MEMBERS });
    const plan = planJoin(join({ invitedBy: 'M-1' }), snapshot, NOW);
    const newcomer = appends(plan.changes, 'Members')[0]?.memberId as string;
    expect(thanksOf(plan)).toEqual([
      expect.objectContaining({
        messageId: outboxIdFor(`invite-thanks:${newcomer}`),
        to: memberAddress('M-1'),
        about: newcomer,
        status: 'Scheduled',
      }),
    ]);
    expect(plan.send).toContain(outboxIdFor(`invite-thanks:${newcomer}`));
    const dm = rendered(snapshot, plan, INVITATION_KINDS.thanks);
    expect((dm.to as PersonRecipient).slackId).toBe('U0GRACE001');
    expect(dm.message.text).toBe(
      'Thank you for inviting Ada Lovelace to Leeds Hikers! They’ve just joined, and we’ve welcomed them. They’re not on Slack yet; a familiar face at their first event makes all the difference.',
    );
  });

  it.each([
    ['has left', 'M-2'],
    ['is still Pending', 'M-3'],
  ])('is not sent when the inviter %s', (_case, inviter) => {
    const plan = planJoin(join({ invitedBy: inviter }), sheet({ Members: MEMBERS }), NOW);
    expect(appends(plan.changes, 'Members')[0]?.invitedBy).toBe(inviter);
    expect(appends(plan.changes, 'Outbox').map((r) => r.kind)).toContain('welcome');
    expect(thanksOf(plan)).toEqual([]);
  });

  it('waits for the approval when joins are approved, then goes once', () => {
    const olive = {
      'Slack ID': 'U0OLIVE001',
      Name: 'Olive',
      Role: 'Organizer',
      'Can approve': 'Yes',
      Active: 'Yes',
    };
    const snapshot = sheet({ Members: MEMBERS, Leaders: [olive] }, { 'Join approval': 'Required' });
    const joined = planJoin(join({ invitedBy: 'M-1' }), snapshot, NOW);
    expect(thanksOf(joined)).toEqual([]);
    // The leaders see who invited them.
    expect(rendered(snapshot, joined, 'approval.request').message.text).toContain(
      'Invited by: Grace Hopper (M-1)',
    );
    const view = withChanges(snapshot, joined.changes);
    const approvalId = appends(joined.changes, 'Approvals')[0]?.approvalId as string;
    const click = (identity: string) => ({
      kind: 'approval_click' as const,
      identity,
      receivedAt: NOW.toISO() as string,
      user: 'U0OLIVE001',
      channel: 'C0LEADERS1',
      decision: 'approve' as const,
      approvalId,
    });
    const approved = decideApproval(click('slack:action:1'), view, NOW, APPROVAL_KINDS);
    expect(thanksOf(approved)).toEqual([expect.objectContaining({ to: memberAddress('M-1') })]);
    const again = decideApproval(
      click('slack:action:2'),
      withChanges(view, approved.changes),
      NOW,
      APPROVAL_KINDS,
    );
    expect(thanksOf(again)).toEqual([]);
  });

  it('goes when an organizer sets the invitee Active by hand after their request, and only once', () => {
    const snapshot = sheet({ Members: MEMBERS }, { 'Join approval': 'Required' });
    const joined = planJoin(join({ invitedBy: 'M-1' }), snapshot, NOW);
    const newcomer = appends(joined.changes, 'Members')[0]?.memberId as string;
    const byHand = withChanges(withChanges(snapshot, joined.changes), [
      { kind: 'update', tab: 'Members', id: newcomer, set: { status: 'Active' } },
    ]);
    const tick = planManualActivations(byHand, NOW);
    expect(thanksOf(tick)).toEqual([expect.objectContaining({ about: newcomer })]);
    expect(thanksOf(planManualActivations(withChanges(byHand, tick.changes), NOW))).toEqual([]);
  });
});

describe('the Invite someone shortcut', () => {
  let request = 0;
  const shortcut = (user: string, email?: string): InputOf<'invite_shortcut'> => ({
    kind: 'invite_shortcut',
    identity: `slack:shortcut:invite_someone:${++request}.trigger`,
    receivedAt: NOW.toISO() as string,
    user,
    ...(email ? { email } : {}),
  });

  it.each([
    [
      'an Active member',
      'U0GRACE001',
      undefined,
      {},
      'M-1',
      /personal invite link.*\?usp=pp_url&amp;entry\.1234567=M-1\|/,
    ],
    [
      'an Active member found by their profile email (no Slack ID in Members yet)',
      'U0KATE0001',
      'kate@example.org',
      {},
      'M-4',
      /entry\.1234567=M-4\|/,
    ],
    [
      'someone whose profile email is another Slack ID’s member',
      'U0IMPOSTOR',
      'grace@example.org',
      {},
      NOT_A_MEMBER,
      /can’t find you among the members of Leeds Hikers.*<https:\/\/forms\.gle\/join\|the join form>/,
    ],
    [
      'a member while the group has no Invite link',
      'U0GRACE001',
      undefined,
      { 'Invite link': '' },
      'M-1',
      /hasn’t set up invite links yet.*run setup\(\), which fills in Settings → Invite link/,
    ],
    ['a Pending member', 'U0MARY0001', undefined, {}, 'M-3', /waiting for a leader’s approval/],
    ['a member who left', 'U0ALAN0001', undefined, {}, 'M-2', /isn’t active at the moment/],
    ['someone who is no member', 'U0STRANGER', undefined, {}, NOT_A_MEMBER, /the join form/],
    [
      'someone who is no member, in a group without a join form link',
      'U0STRANGER',
      undefined,
      { 'Join form link': '' },
      NOT_A_MEMBER,
      /ask an organizer how to join/,
    ],
  ])('%s gets one DM', (_case, user, email, settings, about, says) => {
    const snapshot = sheet({ Members: MEMBERS }, { 'Join form link': 'https://forms.gle/join', ...settings });
    const work = shortcut(user, email);
    const plan = decideWork(work, snapshot, NOW);
    const key = `invite-link:${work.identity}`;
    expect(appends(plan.changes, 'Outbox')).toEqual([
      expect.objectContaining({ messageId: outboxIdFor(key), kind: INVITATION_KINDS.link, to: user, about }),
    ]);
    expect(plan.send).toEqual([outboxIdFor(key)]);
    expect(plan.changes.filter((c) => c.tab !== 'Outbox')).toEqual([]);
    const dm = rendered(snapshot, plan, INVITATION_KINDS.link);
    expect(dm.to).toBe(user);
    expect(JSON.stringify(dm.message.blocks)).toMatch(says);
    // Delivered again (a retry, the journal at restart), the same request is answered once.
    expect(decideWork(work, withChanges(snapshot, plan.changes), NOW).changes).toEqual([]);
  });

  it('the link DM, in words', () => {
    const snapshot = sheet({ Members: MEMBERS });
    const dm = rendered(snapshot, decideWork(shortcut('U0GRACE001'), snapshot, NOW), INVITATION_KINDS.link);
    expect(dm.message.text).toBe(
      `Hi Grace Hopper, here’s your personal invite link for Leeds Hikers. Share it with someone who’d enjoy it: the join form opens with your Member ID filled in, so we know you brought them, and I’ll let you know when they join. <${LINK.replace('&', '&amp;')}M-1|${LINK.replace('&', '&amp;')}M-1>`,
    );
  });
});

describe('the leaders’ weekly summary', () => {
  it('counts the week’s joins through an invitation', () => {
    const monday = DateTime.fromISO('2026-11-30T09:00', { zone: 'Europe/London' });
    const joined = (days: number) => monday.minus({ days }).toISO() as string;
    const snapshot = sheet(
      {
        Members: [
          ...MEMBERS,
          member('M-6', 'In Week', 'Active', { Joined: joined(1), 'Invited by': 'M-1' }),
          member('M-7', 'Also In Week', 'Pending', { Joined: joined(6), 'Invited by': 'M-4' }),
          member('M-8', 'Not Invited', 'Active', { Joined: joined(2) }),
          member('M-9', 'Last Week', 'Active', { Joined: joined(8), 'Invited by': 'M-1' }),
        ],
      },
      { 'Leaders summary': 'Monday 09:00' },
    );
    const plan = decideTick(snapshot, TAB_NAMES, monday.plus({ minutes: 1 }));
    const summary = rendered(snapshot, plan, 'incidents.summary');
    expect(summary.message.text).toContain('3 new members; 2 members joined through an invitation;');
    expect(JSON.stringify(summary.message.blocks)).toContain(
      '*Invitations*\\n:love_letter: 2 members joined through one',
    );

    const none = sheet({ Members: MEMBERS }, { 'Leaders summary': 'Monday 09:00' });
    const quiet = rendered(
      none,
      decideTick(none, TAB_NAMES, monday.plus({ minutes: 1 })),
      'incidents.summary',
    );
    expect(quiet.message.text).not.toContain('invitation');
  });
});
