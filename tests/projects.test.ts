/**
 * Proposals and kick-offs decided from snapshots (README "Projects and partnerships", points 1 and 2): roles
 * and channel names read the way people type them, who may propose, one project per submission, the limit of
 * Active projects (a proposal waits, and goes to the leaders oldest first when there is room), Decline with a
 * reason, the kick-off planned in the Outbox, and the Join as … buttons filling roles and stopping when full.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { Change } from '../sheets-schema/changes.js';
import { withChanges } from '../sheets-schema/overlay.js';
import type { Snapshot } from '../sheets-schema/snapshot.js';
import type { TabName } from '../sheets-schema/tabs/index.js';
import { decideApproval } from '../workflows/approvals/decisions.js';
import { APPROVAL_KINDS, decideTick, decideWork } from '../workflows/decide.js';
import type { InputOf } from '../workflows/inputs.js';
import type { Plan } from '../workflows/plan.js';
import { channelNameCandidates, channelNameFrom } from '../workflows/projects/channel-names.js';
import { announceMessage } from '../workflows/projects/kickoff-messages.js';
import { declinedMessage, proposeModal, waitingMessage } from '../workflows/projects/proposal-messages.js';
import { PROPOSAL_KINDS } from '../workflows/projects/records.js';
import { openings, parseRoles } from '../workflows/projects/roles.js';
import { outboxIdFor } from '../workflows/records.js';
import { renderOutbox } from '../workflows/renderers.js';
import { type Rows, sheetOf } from './fakes/sheet-of.js';

const NOW = DateTime.fromISO('2026-12-01T14:00:00Z', { zone: 'utc' });

const SETTINGS = {
  'Group name': 'Leeds Hikers',
  'Time zone': 'Europe/London',
  'Leaders channel': '#leaders',
  'Announcements channel': '#announcements',
  'Active projects at most': '2',
  'Project check-in days': '14',
};

const member = (id: string, name: string, status: string, slackId?: string) => ({
  'Member ID': id,
  Name: name,
  Email: `${name.split(' ')[0]?.toLowerCase()}@example.org`,
  Status: status,
  ...(slackId ? { 'Slack ID': slackId } : {}),
});

const MEMBERS: Rows = [
  member('M-1', 'Ada Lovelace', 'Active', 'U0ADA00001'),
  member('M-2', 'Grace Hopper', 'Active', 'U0GRACE001'),
  member('M-3', 'Mary Somerville', 'Pending', 'U0MARY0001'),
  member('M-4', 'Alan Turing', 'Active', 'U0ALAN0001'),
];
const LEADERS: Rows = [
  { Name: 'Lena Leader', 'Slack ID': 'U0LEAD0001', Role: 'Organizer', Active: 'Yes', 'Can approve': 'Yes' },
];

function sheet(tabs: Partial<Record<TabName, Rows>> = {}, settings: Record<string, string> = {}): Snapshot {
  return sheetOf({ Members: MEMBERS, Leaders: LEADERS, ...tabs }, { ...SETTINGS, ...settings });
}

let seq = 0;
function view(user: string, more: Partial<InputOf<'project_view'>> = {}): InputOf<'project_view'> {
  return {
    kind: 'project_view',
    identity: `slack:view:V${++seq}`,
    receivedAt: NOW.toISO() as string,
    user,
    title: 'Community garden app!',
    whatAndWhy: 'Share the garden’s tools.',
    forWhom: 'Neighbours',
    partner: '',
    champion: user,
    rolesNeeded: '2 developers, 1 designer',
    timeNeeded: '3 months',
    ...more,
  };
}

function form(email: string, identity = `form:p-${++seq}`): InputOf<'project_form'> {
  return {
    kind: 'project_form',
    identity,
    submittedAt: NOW.toISO() as string,
    answers: { title: 'Repair café', whatAndWhy: 'Fix things together.', email, rolesNeeded: '1 fixer' },
  };
}

const appends = (changes: Change[], tab: TabName) =>
  changes
    .filter((c): c is Extract<Change, { kind: 'append' }> => c.kind === 'append' && c.tab === tab)
    .map((c) => c.values as Record<string, unknown>);
const outboxKinds = (plan: Plan) => appends(plan.changes, 'Outbox').map((row) => row.kind);

/** Decides `work` on `snapshot` and returns the snapshot after it. */
function applied(snapshot: Snapshot, plan: Plan): Snapshot {
  return withChanges(snapshot, plan.changes);
}

describe('roles as people type them', () => {
  it.each([
    [
      '2 developers, 1 designer',
      [
        { name: 'developer', count: 2 },
        { name: 'designer', count: 1 },
      ],
    ],
    ['developer', [{ name: 'developer', count: 1 }]],
    [
      '3x testers; a writer',
      [
        { name: 'tester', count: 3 },
        { name: 'writer', count: 1 },
      ],
    ],
    [
      'UX designers (2) and 1 press',
      [
        { name: 'UX designer', count: 2 },
        { name: 'press', count: 1 },
      ],
    ],
    ['1 developer, 2 Developers', [{ name: 'developer', count: 3 }]],
    ['2 bus', [{ name: 'bu', count: 2 }]],
    ['2 glass', [{ name: 'glass', count: 2 }]],
    ['500 helpers', [{ name: 'helper', count: 20 }]],
    ['', []],
    [' , ,', []],
  ])('%j', (text, roles) => {
    expect(parseRoles(text)).toEqual(roles);
  });

  it('counts places taken, case aside', () => {
    const roles = parseRoles('2 developers, 1 designer');
    expect(openings(roles, ['Developer', 'champion'])).toEqual([
      { name: 'developer', count: 2, taken: 1, left: 1 },
      { name: 'designer', count: 1, taken: 0, left: 1 },
    ]);
  });
});

describe('channel names from titles', () => {
  it.each([
    ['Community garden app!', 'community-garden-app'],
    ['  Café -- Repair   Night ', 'cafe-repair-night'],
    ['日本語', 'project-7'],
    ['a'.repeat(90), 'a'.repeat(80)],
  ])('%j → %j', (title, name) => {
    expect(channelNameFrom(title, 'P-7')).toBe(name);
  });

  it('tries -2, -3… within 80 characters', () => {
    expect(channelNameCandidates('garden', 3)).toEqual(['garden', 'garden-2', 'garden-3']);
    const long = channelNameCandidates('b'.repeat(80), 2);
    expect(long[1]).toBe(`${'b'.repeat(78)}-2`);
  });
});

describe('a proposal', () => {
  it('from an Active member makes a Proposed project and one approval request', () => {
    const snapshot = sheet();
    const work = view('U0ADA00001', { champion: 'U0GRACE001' });
    const plan = decideWork(work, snapshot, NOW);
    expect(appends(plan.changes, 'Projects')).toEqual([
      expect.objectContaining({
        projectId: 'P-1',
        title: 'Community garden app!',
        summary: 'Share the garden’s tools.\nFor: Neighbours\nTime: 3 months',
        champion: 'M-2',
        rolesNeeded: '2 developers, 1 designer',
        status: 'Proposed',
      }),
    ]);
    expect(appends(plan.changes, 'Approvals')).toEqual([
      expect.objectContaining({ kind: 'project', subject: 'P-1', needed: 1, status: 'Pending' }),
    ]);
    expect(outboxKinds(plan)).toEqual([PROPOSAL_KINDS.proposed, 'approval.request']);
    // The same submission again: one project.
    expect(decideWork(work, applied(snapshot, plan), NOW).changes).toEqual([]);
  });

  it('needs Settings → Project approvals needed leaders', () => {
    const plan = decideWork(view('U0ADA00001'), sheet({}, { 'Project approvals needed': '2' }), NOW);
    expect(appends(plan.changes, 'Approvals')[0]).toMatchObject({ needed: 2 });
  });

  it('from someone who is not an Active member is told only to them, and nothing is written', () => {
    for (const user of ['U0MARY0001', 'U0NOBODY01']) {
      const plan = decideWork(view(user), sheet(), NOW);
      expect(plan.changes).toEqual([]);
      expect(plan.ephemerals).toEqual([
        { channel: '', user, text: expect.stringContaining('Active members') },
      ]);
    }
  });

  it('by form: the champion defaults to the proposer; an unknown email is put on record once', () => {
    const snapshot = sheet();
    const ok = decideWork(form('ada@example.org'), snapshot, NOW);
    expect(appends(ok.changes, 'Projects')[0]).toMatchObject({ champion: 'M-1', title: 'Repair café' });

    const stranger = form('who@example.org', 'form:stranger');
    const refused = decideWork(stranger, snapshot, NOW);
    expect(appends(refused.changes, 'Projects')).toEqual([]);
    expect(appends(refused.changes, 'Audit')).toEqual([
      expect.objectContaining({ action: 'project.refused', key: 'form:stranger' }),
    ]);
    expect(decideWork(stranger, applied(snapshot, refused), NOW).changes).toEqual([]);
  });
});

const active = (id: string, title: string) => ({
  'Project ID': id,
  Title: title,
  Status: 'Active',
  Champion: 'M-4',
});

describe('the limit of Active projects', () => {
  it.each([
    ['no project Active', [], '2', false],
    ['one of two Active', [active('P-1', 'One')], '2', false],
    ['two of two Active', [active('P-1', 'One'), active('P-2', 'Two')], '2', true],
    ['no limit', [active('P-1', 'One'), active('P-2', 'Two')], '0', false],
  ])('%s', (_case, projects, atMost, waits) => {
    const snapshot = sheet({ Projects: projects }, { 'Active projects at most': atMost });
    const plan = decideWork(view('U0ADA00001'), snapshot, NOW);
    expect(appends(plan.changes, 'Approvals')).toHaveLength(waits ? 0 : 1);
    expect(outboxKinds(plan)[0]).toBe(waits ? PROPOSAL_KINDS.waiting : PROPOSAL_KINDS.proposed);
  });

  it('a waiting proposal says why in Problems, and goes to the leaders at the first tick with room, oldest first', () => {
    const full = sheet({ Projects: [active('P-1', 'One'), active('P-2', 'Two')] });
    let snapshot = applied(full, decideWork(view('U0ADA00001', { title: 'Older' }), full, NOW));
    snapshot = applied(snapshot, decideWork(view('U0GRACE001', { title: 'Newer' }), snapshot, NOW));
    const tick = decideTick(snapshot, ['Projects'], NOW);
    expect(appends(tick.changes, 'Approvals')).toEqual([]);
    const problems = tick.changes.filter((c) => c.kind === 'update' && c.tab === 'Projects');
    expect(problems).toHaveLength(2);
    expect(JSON.stringify(problems)).toContain('Proposed waits for room');
    snapshot = applied(snapshot, tick);

    // P-1 ends: one place, for the older proposal.
    const room = withChanges(snapshot, [
      { kind: 'update', tab: 'Projects', id: 'P-1', set: { status: 'Done' } },
    ] as Change[]);
    const next = decideTick(room, ['Projects'], NOW.plus({ minutes: 1 }));
    expect(appends(next.changes, 'Approvals')).toEqual([
      expect.objectContaining({ kind: 'project', subject: 'P-3' }),
    ]);
  });
});

/** A proposal by Ada (champion Grace), requested, and the snapshot after it. */
function proposed(settings: Record<string, string> = {}) {
  const snapshot = sheet({}, settings);
  const plan = decideWork(view('U0ADA00001', { champion: 'U0GRACE001' }), snapshot, NOW);
  return applied(snapshot, plan);
}

const click = (decision: 'approve' | 'decline', user = 'U0LEAD0001', reason?: string) => ({
  identity: `slack:click:${decision}:${user}`,
  decision,
  approvalId: 'AP-1',
  user,
  channel: 'C0LEADERS1',
  ...(reason === undefined ? {} : { reason }),
});

describe('the leaders decide', () => {
  it('Decline with a reason: the project is Declined and the proposer gets the reason by DM', () => {
    const snapshot = proposed();
    const plan = decideApproval(
      click('decline', 'U0LEAD0001', 'Not this year.'),
      snapshot,
      NOW,
      APPROVAL_KINDS,
    );
    expect(plan.changes).toContainEqual({
      kind: 'update',
      tab: 'Projects',
      id: 'P-1',
      set: { status: 'Declined', problems: null },
    });
    const dm = appends(plan.changes, 'Outbox').find((row) => row.kind === PROPOSAL_KINDS.declined);
    expect(dm).toMatchObject({ to: 'member:M-1', about: 'P-1 Not this year.' });
    const written = applied(snapshot, plan);
    const delivery = renderOutbox(
      written.table('Outbox').byId(String(dm?.messageId))?.values as never,
      written,
    );
    expect(JSON.stringify(delivery)).toContain('Not this year.');
  });

  it('a non-leader cannot decide', () => {
    const plan = decideApproval(click('approve', 'U0ADA00001'), proposed(), NOW, APPROVAL_KINDS);
    expect(plan.changes).toEqual([]);
    expect(plan.ephemerals).toHaveLength(1);
  });

  it('the request’s Decline asks for a reason (its own button, no confirm dialog)', () => {
    const snapshot = proposed();
    const request = snapshot.table('Outbox').rows.find((r) => r.values.kind === 'approval.request')?.values;
    const delivery = renderOutbox(request as never, snapshot);
    expect(JSON.stringify(delivery)).toContain('"action_id":"project:decline"');
    expect(JSON.stringify(delivery)).not.toContain('"action_id":"approval:decline"');
  });

  it('Approve: Active, Started, next check-in, and the kick-off planned in order', () => {
    const plan = decideApproval(click('approve'), proposed(), NOW, APPROVAL_KINDS);
    expect(plan.changes).toContainEqual({
      kind: 'update',
      tab: 'Projects',
      id: 'P-1',
      set: expect.objectContaining({
        status: 'Active',
        started: NOW,
        nextCheckIn: NOW.plus({ days: 14 }),
        members: 'M-2',
      }),
    });
    expect(outboxKinds(plan)).toEqual([
      'approval.update',
      PROPOSAL_KINDS.channel,
      PROPOSAL_KINDS.kickoff,
      PROPOSAL_KINDS.announce,
    ]);
  });
});

/** Approved and its channel made: the snapshot as the deliver step leaves it. */
function kickedOff(rolesNeeded = '2 developers, 1 designer') {
  const snapshot = sheet();
  let next = applied(
    snapshot,
    decideWork(view('U0ADA00001', { champion: 'U0GRACE001', rolesNeeded }), snapshot, NOW),
  );
  next = applied(next, decideApproval(click('approve'), next, NOW, APPROVAL_KINDS));
  return withChanges(next, [
    { kind: 'update', tab: 'Projects', id: 'P-1', set: { channel: 'C07ABCDEFGH' } },
  ] as Change[]);
}

let clicks = 0;
const join = (user: string, value = 'P-1 developer'): InputOf<'project_join'> => ({
  kind: 'project_join',
  identity: `slack:action:join:${++clicks}`,
  receivedAt: NOW.toISO() as string,
  user,
  channel: 'C0ANNOUNCE',
  value,
});

describe('Join as …', () => {
  it('the channel step makes a channel named from the title, or uses the one typed', () => {
    const snapshot = kickedOff();
    const row = snapshot.table('Outbox').byId(outboxIdFor('project-channel:P-1'))?.values;
    expect(renderOutbox(row as never, snapshot)).toMatchObject({ kind: 'skip' });
    const fresh = withChanges(snapshot, [
      { kind: 'update', tab: 'Projects', id: 'P-1', set: { channel: null } },
    ] as Change[]);
    expect(renderOutbox(row as never, fresh)).toMatchObject({
      kind: 'channel',
      project: 'P-1',
      names: expect.arrayContaining(['community-garden-app', 'community-garden-app-2']),
    });
  });

  it('fills a role, one place per person, and stops at the number needed', () => {
    let snapshot = kickedOff();
    const first = decideWork(join('U0ADA00001'), snapshot, NOW);
    expect(appends(first.changes, 'Project members')).toEqual([
      expect.objectContaining({ projectId: 'P-1', memberId: 'M-1', role: 'developer' }),
    ]);
    expect(outboxKinds(first)).toEqual([PROPOSAL_KINDS.joined, PROPOSAL_KINDS.announceUpdate]);
    snapshot = applied(snapshot, first);

    const again = decideWork(join('U0ADA00001'), snapshot, NOW);
    expect(again.changes).toEqual([]);
    expect(again.ephemerals[0]?.text).toContain('already on this team as developer');

    snapshot = applied(snapshot, decideWork(join('U0ALAN0001'), snapshot, NOW));
    const full = decideWork(join('U0GRACE001'), snapshot, NOW);
    expect(full.changes).toEqual([]);
    expect(full.ephemerals[0]?.text).toContain('taken already');
    expect(snapshot.table('Projects').byId('P-1')?.values.members).toBe('M-2, M-1, M-4');
  });

  it('the same click delivered again has one effect; a Pending member is refused', () => {
    const snapshot = kickedOff();
    const work = join('U0ADA00001', 'P-1 designer');
    const plan = decideWork(work, snapshot, NOW);
    expect(decideWork(work, applied(snapshot, plan), NOW)).toMatchObject({ changes: [], ephemerals: [] });
    expect(decideWork(join('U0MARY0001'), snapshot, NOW).ephemerals[0]?.text).toContain('Active members');
  });
});

describe('messages', () => {
  it('the announcement: a button per open role, none for a full one', () => {
    expect(
      announceMessage({
        projectId: 'P-1',
        title: 'Community garden app!',
        summary: 'Share the garden’s tools.\nFor: Neighbours',
        champion: '<@U0GRACE001>',
        partner: 'Leeds Council',
        channel: 'C07ABCDEFGH',
        roles: openings(parseRoles('2 developers, 1 designer'), ['designer']),
      }),
    ).toMatchSnapshot();
  });

  it('the modal, the waiting and the declined DMs', () => {
    expect(proposeModal('U0ADA00001')).toMatchSnapshot();
    expect(waitingMessage({ title: 'Garden', atMost: 3 })).toMatchSnapshot();
    expect(declinedMessage({ title: 'Garden', reason: 'Not this year' })).toMatchSnapshot();
  });
});
