/**
 * Projects over HTTP, through the real functions against the loopback fakes (README "Projects and
 * partnerships", points 1 and 2): a proposal from the ⚡ Propose a project shortcut (its modal, then its
 * submission, delivered twice) and one from the form; each one approval; a non-leader cannot approve; the
 * limit of Active projects makes the form's proposal wait until there is room; on approval one channel made
 * from the title, the champion in it; Join as … fills roles and stops at the number needed, a click delivered
 * twice having one effect.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeUser } from '../fakes/slack-fake.js';
import {
  accepted,
  appendByHand,
  buttonClick,
  editByHand,
  emailOf,
  messageOf,
  outboxSettled,
  rowsOf,
  type Stack,
  setSetting,
  slackFixture,
  startStack,
  textsTo,
} from './helpers.js';

let stack: Stack;
let lead: FakeUser; // a leader who may approve
let ada: FakeUser; // M-1, Active: proposes
let grace: FakeUser; // M-2, Active: champions
let alan: FakeUser; // M-3, Active
let kate: FakeUser; // M-4, Active

beforeAll(async () => {
  stack = await startStack();
  const { slack, sheets } = stack;
  lead = slack.seedUser({ id: 'U07LEADER01', name: 'lead', email: emailOf('Lead Er') });
  ada = slack.seedUser({ id: 'U07ADALOVE1', name: 'ada', email: emailOf('Ada Lovelace') });
  grace = slack.seedUser({ id: 'U07GRACEH01', name: 'grace', email: emailOf('Grace Hopper') });
  alan = slack.seedUser({ id: 'U07ALANTU01', name: 'alan', email: emailOf('Alan Turing') });
  kate = slack.seedUser({ id: 'U07KATEJO01', name: 'kate', email: emailOf('Kate Johnson') });
  slack.seedChannel({ name: 'announcements', is_member: true });
  setSetting(sheets, 'Group name', 'Leeds Hikers');
  setSetting(sheets, 'Active projects at most', '1');
  appendByHand(sheets, 'Leaders', [
    { 'Slack ID': lead.id, Name: 'Lead Er', Role: 'Organizer', 'Can approve': 'Yes', Active: 'Yes' },
  ]);
  appendByHand(
    sheets,
    'Members',
    [
      ['M-1', 'Ada Lovelace', ada],
      ['M-2', 'Grace Hopper', grace],
      ['M-3', 'Alan Turing', alan],
      ['M-4', 'Kate Johnson', kate],
    ].map(([id, name, user]) => ({
      'Member ID': id as string,
      Name: name as string,
      Email: emailOf(name as string),
      'Slack ID': (user as FakeUser).id,
      Status: 'Active',
    })),
  );
});

afterAll(async () => {
  await stack?.close();
});

async function send(body: string): Promise<void> {
  const answer = await stack.slackRequest(body, { contentType: 'application/x-www-form-urlencoded' });
  expect(answer.status, answer.text).toBe(200);
}

/** The global shortcut, as Slack sends it when `user` picks Propose a project in the ⚡ menu. */
function proposeShortcut(user: FakeUser, triggerId: string): string {
  const payload = JSON.parse(slackFixture('shortcut.invite_someone.json'));
  payload.callback_id = 'propose_project';
  payload.user = { id: user.id, username: user.name, team_id: 'T0HEARTH01' };
  payload.trigger_id = triggerId;
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

const text = (value: string) => ({ value: { type: 'plain_text_input', value } });

/** The Propose a project modal submitted by `user`, as Slack sends it (`viewId`: the same on a re-delivery). */
function proposeSubmission(user: FakeUser, viewId: string, champion: FakeUser): string {
  const payload = JSON.parse(slackFixture('view_submission.report_to_moderators.json'));
  payload.user = { id: user.id, username: user.name, name: user.name, team_id: 'T0HEARTH01' };
  payload.view = {
    ...payload.view,
    id: viewId,
    callback_id: 'propose_project',
    private_metadata: '',
    state: {
      values: {
        title: text('Community garden app!'),
        what_and_why: text('An app to lend the garden’s tools.'),
        for_whom: text('Neighbours'),
        partner: { value: { type: 'plain_text_input', value: null } },
        champion: { value: { type: 'users_select', selected_user: champion.id } },
        roles_needed: text('2 developers'),
        time_needed: text('3 months'),
      },
    },
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

const project = (id: string) => rowsOf(stack.sheets, 'Projects').find((p) => p['Project ID'] === id);
const approval = (subject: string) => rowsOf(stack.sheets, 'Approvals').find((a) => a.Subject === subject);
const outboxOf = (kind: string, about: string) =>
  rowsOf(stack.sheets, 'Outbox').find((row) => row.Kind === kind && row.About === about);

async function settle(): Promise<void> {
  await stack.idle();
  expect((await stack.tick()).status).toBe(200);
  await outboxSettled(stack, 'UTC');
}

async function approve(subject: string, user: FakeUser): Promise<void> {
  const request = messageOf(approval(subject)?.['Slack message'] ?? '');
  await send(
    buttonClick({
      user: user.id,
      action: 'approval:approve',
      value: String(approval(subject)?.['Approval ID']),
      message: request,
    }),
  );
  await settle();
}

describe('a project proposed in Slack', () => {
  it('opens the modal at once, makes one project of a submission delivered twice, and one request', async () => {
    const trigger = stack.slack.issueTriggerId();
    await send(proposeShortcut(ada, trigger));
    const opened = stack.slack.calls.filter((c) => c.method === 'views.open' && accepted(c));
    expect(opened.at(-1)?.args.trigger_id).toBe(trigger);

    const body = proposeSubmission(ada, 'V07PROPOSE01', grace);
    await send(body);
    await stack.idle();
    await send(body);
    await settle();

    expect(rowsOf(stack.sheets, 'Projects')).toEqual([
      expect.objectContaining({
        'Project ID': 'P-1',
        Title: 'Community garden app!',
        Champion: 'M-2',
        Status: 'Proposed',
        'Roles needed': '2 developers',
      }),
    ]);
    expect(rowsOf(stack.sheets, 'Approvals').filter((a) => a.Kind === 'project')).toHaveLength(1);
    expect(textsTo(stack.slack, ada.id)).toEqual([expect.stringContaining('It is with the leaders now')]);
  });

  it('a non-leader cannot approve; a leader can, and the kick-off makes one channel with the champion in it', async () => {
    const before = stack.slack.calls.length;
    await approve('P-1', alan);
    expect(approval('P-1')).toMatchObject({ Status: 'Pending' });
    expect(
      stack.slack.calls
        .slice(before)
        .some((c) => c.method === 'chat.postEphemeral' && c.args.user === alan.id),
    ).toBe(true);

    await approve('P-1', lead);
    await settle();
    expect(approval('P-1')).toMatchObject({ Status: 'Approved' });
    const row = project('P-1');
    expect(row).toMatchObject({ Status: 'Active', Members: 'M-2' });
    const channel = [...stack.slack.channels.values()].find((c) => c.name === 'community-garden-app');
    expect(channel?.id).toMatch(/^C[A-Z0-9]{10}$/);
    expect(row?.Channel).toBe(channel?.id);
    expect(channel?.members.has(grace.id)).toBe(true);
    expect(stack.slack.calls.filter((c) => c.method === 'conversations.create' && accepted(c))).toHaveLength(
      1,
    );
    expect(textsTo(stack.slack, grace.id)).toEqual([expect.stringContaining('you champion it')]);
    expect(outboxOf('project.announce', 'P-1')).toMatchObject({ Status: 'Sent' });
  });
});

describe('a project proposed by form while the group is full', () => {
  const proposal = {
    form: 'project',
    submittedAt: new Date().toISOString(),
    answers: {
      'Project title': 'Repair café',
      'What and why': 'Fix things together.',
      'Roles needed': '1 fixer',
      Email: emailOf('Ada Lovelace'),
    },
  };

  it('waits, its proposer told once, and goes to the leaders when a project ends', async () => {
    expect((await stack.form(proposal)).status).toBe(202);
    await stack.idle();
    expect((await stack.form(proposal)).status).toBe(202);
    await settle();
    expect(project('P-2')).toMatchObject({ Status: 'Proposed', Champion: 'M-1' });
    expect(String(project('P-2')?.Problems)).toContain('waits for room');
    expect(approval('P-2')).toBeUndefined();
    expect(textsTo(stack.slack, ada.id).filter((t) => t.includes('your proposal waits'))).toHaveLength(1);

    editByHand(stack.sheets, 'Projects', 'Project ID', 'P-1', { Status: 'Done' });
    await settle();
    expect(approval('P-2')).toMatchObject({ Status: 'Pending' });
    await approve('P-2', lead);
    await settle();
    expect(project('P-2')).toMatchObject({ Status: 'Active' });
    expect([...stack.slack.channels.values()].some((c) => c.name === 'repair-cafe')).toBe(true);
    editByHand(stack.sheets, 'Projects', 'Project ID', 'P-1', { Status: 'Active' });
  });
});

describe('Join as …', () => {
  it('fills the roles, one effect per click however often it arrives, and stops at the number needed', async () => {
    const announced = messageOf(outboxOf('project.announce', 'P-1')?.['Slack message'] ?? '');
    const join = (user: FakeUser) =>
      buttonClick({ user: user.id, action: 'project:join', value: 'P-1 developer', message: announced });
    const adaJoins = join(ada);
    await send(adaJoins);
    await stack.idle();
    await send(adaJoins);
    await send(join(alan));
    await settle();
    await send(join(kate));
    await settle();

    const team = rowsOf(stack.sheets, 'Project members').filter((m) => m['Project ID'] === 'P-1');
    expect(team.map((m) => [m['Member ID'], m.Role])).toEqual([
      ['M-2', 'champion'],
      ['M-1', 'developer'],
      ['M-3', 'developer'],
    ]);
    expect(project('P-1')?.Members).toBe('M-2, M-1, M-3');
    const channel = [...stack.slack.channels.values()].find((c) => c.name === 'community-garden-app');
    expect([ada, alan].every((u) => channel?.members.has(u.id))).toBe(true);
    expect(channel?.members.has(kate.id)).toBe(false);
    expect(textsTo(stack.slack, ada.id).filter((t) => t.startsWith('Welcome to'))).toHaveLength(1);
    // The announcement redrawn: the full role has no button any more.
    const message =
      stack.slack.messages.get(`${announced.channel}:${announced.ts}`) ??
      [...stack.slack.messages.values()].find((m) => m.ts === announced.ts);
    expect(JSON.stringify(message?.blocks)).not.toContain('project:join');
  });
});
