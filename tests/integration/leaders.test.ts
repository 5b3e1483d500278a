/**
 * A hand-over over HTTP, the real doors and writer against the loopback Sheets and Slack fakes: the tick sends
 * the leader's term DM, Hand over opens the successor modal at once (someone else's press is refused once
 * submitted), the submission is a succession approval in the leaders channel, another leader approves, and the
 * successor is in Leaders and walked through their role by DM.
 */
import { DateTime } from 'luxon';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FakeUser } from '../fakes/slack-fake.js';
import {
  accepted,
  appendByHand,
  buttonClick,
  messageOf,
  outboxSettled,
  rowsOf,
  type Stack,
  setSetting,
  slackFixture,
  startStack,
  tickAt,
} from './helpers.js';

let stack: Stack;
let ada: FakeUser; // Greeter, her term ends in 20 days
let bob: FakeUser; // Organizer: approves
let cy: FakeUser; // the successor
const TODAY = DateTime.utc().startOf('day').plus({ hours: 12 });

beforeAll(async () => {
  stack = await startStack({ allowTimeTravel: true });
  ada = stack.slack.seedUser({ id: 'U07ADALOVE1', name: 'ada' });
  bob = stack.slack.seedUser({ id: 'U07BOBBYTA1', name: 'bob' });
  cy = stack.slack.seedUser({ id: 'U07CYRILLE1', name: 'cy' });
  stack.slack.seedChannel({ name: 'announcements', is_member: true });
  setSetting(stack.sheets, 'Quiet hours', 'none');
  setSetting(stack.sheets, 'Leader check-ins', 'Off');
  appendByHand(stack.sheets, 'Leaders', [
    {
      'Slack ID': ada.id,
      Name: 'Ada Lovelace',
      Role: 'Greeter',
      'Can approve': 'Yes',
      Active: 'Yes',
      'Term ends': TODAY.plus({ days: 20 }).toISODate() as string,
      'Co-lead': bob.id,
    },
    { 'Slack ID': bob.id, Name: 'Bob Taylor', Role: 'Organizer', 'Can approve': 'Yes', Active: 'Yes' },
  ]);
  appendByHand(stack.sheets, 'Members', [
    { 'Member ID': 'M-1', Name: 'Cyrille Ng', Email: 'cy@example.org', 'Slack ID': cy.id, Status: 'Active' },
  ]);
});

afterAll(async () => {
  await stack?.close();
});

const send = async (body: string) => {
  const answer = await stack.slackRequest(body, { contentType: 'application/x-www-form-urlencoded' });
  expect(answer.status, answer.text).toBe(200);
  await stack.idle();
};
const outbox = (kind: string) => rowsOf(stack.sheets, 'Outbox').filter((r) => r.Kind === kind);
const leader = (id: string) => rowsOf(stack.sheets, 'Leaders').find((r) => r['Slack ID'] === id);

function press(
  user: FakeUser,
  action: string,
  value: string,
  on: { channel: string; ts: string },
  trigger?: string,
) {
  const body = buttonClick({ user: user.id, action, value, message: on });
  if (!trigger) return body;
  const payload = JSON.parse(new URLSearchParams(body).get('payload') as string);
  payload.trigger_id = trigger;
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** The successor modal as Hearth opened it, submitted by `user` naming `successor`. */
function submitted(user: FakeUser, opened: Record<string, unknown>, successor: FakeUser): string {
  const payload = JSON.parse(slackFixture('view_submission.report_to_moderators.json'));
  payload.user = { id: user.id, username: user.name, name: user.name, team_id: 'T0HEARTH01' };
  payload.view = {
    ...payload.view,
    ...opened,
    id: 'V0LEADERS01',
    state: {
      values: {
        successor: { value: { type: 'users_select', selected_user: successor.id } },
        notes: { value: { type: 'plain_text_input', value: 'Greets half the newcomers already' } },
      },
    },
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

it('Hand over → the successor modal → a succession approval → approved: a new leader, walked through', async () => {
  // The term DM, 20 days before Term ends, with its two buttons.
  await tickAt(stack, TODAY);
  const term = outbox('leader.term')[0];
  expect(term?.Status).toBe('Sent');
  const dm = messageOf(term?.['Slack message'] ?? '');
  expect(JSON.stringify(stack.slack.messages.get(`${dm.channel}/${dm.ts}`)?.blocks)).toContain(
    'leader:hand-over',
  );

  // Hand over opens the modal at once, without the sheet.
  const trigger = stack.slack.issueTriggerId();
  const since = stack.slack.calls.length;
  await send(press(ada, 'leader:hand-over', ada.id, dm, trigger));
  const open = stack.slack.calls.slice(since).find((c) => c.method === 'views.open');
  expect(open && accepted(open)).toBe(true);
  const view = open?.args.view as Record<string, unknown>;
  expect(view.callback_id).toBe('leader_successor');

  // Submitted: a succession approval, posted in the leaders channel.
  await send(submitted(ada, view, cy));
  await outboxSettled(stack, 'UTC');
  const approval = rowsOf(stack.sheets, 'Approvals').find((a) => a.Kind === 'succession');
  expect(approval).toMatchObject({
    Status: 'Pending',
    Subject: expect.stringContaining(`${ada.id} ${cy.id}`),
  });
  const request = messageOf(approval?.['Slack message'] ?? '');
  expect(request.channel).toBe(stack.leaders.id);

  // Ada may not decide her own hand-over; Bob approves.
  await send(press(ada, 'approval:approve', String(approval?.['Approval ID']), request));
  expect(rowsOf(stack.sheets, 'Approvals').find((a) => a.Kind === 'succession')?.Status).toBe('Pending');
  await send(press(bob, 'approval:approve', String(approval?.['Approval ID']), request));
  await outboxSettled(stack, 'UTC');
  expect(rowsOf(stack.sheets, 'Approvals').find((a) => a.Kind === 'succession')?.Status).toBe('Approved');
  expect(leader(cy.id)).toMatchObject({
    Name: 'Cyrille Ng',
    Role: 'Greeter',
    Active: 'Yes',
    'Co-lead': bob.id,
  });

  // Cyrille is walked through the role by DM; Ada is told.
  const welcome = outbox('leader.welcome')[0];
  expect(welcome?.Status).toBe('Sent');
  const sent = messageOf(welcome?.['Slack message'] ?? '');
  expect(JSON.stringify(stack.slack.messages.get(`${sent.channel}/${sent.ts}`)?.blocks)).toContain(
    'Greeters welcome',
  );
  expect(outbox('leader.handed-over')[0]?.Status).toBe('Sent');
  // Ada leads until her Term ends day.
  expect(leader(ada.id)?.Active).toBe('Yes');
});
