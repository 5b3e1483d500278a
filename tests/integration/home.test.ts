/**
 * The App Home over HTTP, through the real functions: app_home_opened (signed, through the Slack door) makes one
 * views.publish with the member's RSVPs; opening it again unchanged publishes nothing; Can't go pressed on the
 * home is applied and the home redrawn at once; a leader's home has the approval buttons, and Approve pressed
 * there decides the request (its message in the leaders channel updated in place) and redraws their home.
 */
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeUser, FakeView } from '../fakes/slack-fake.js';
import {
  appendByHand,
  appHomeOpenedBody,
  buttonClick,
  emailOf,
  homeButtonClick,
  messageOf,
  rowsOf,
  type Stack,
  setSetting,
  startStack,
  waitFor,
} from './helpers.js';

let stack: Stack;
let ada: FakeUser; // an Active member
let lead: FakeUser; // an Active leader who may approve

beforeAll(async () => {
  stack = await startStack();
  const { slack, sheets } = stack;
  ada = slack.seedUser({ id: 'U07ADALOVE1', name: 'ada', email: emailOf('Ada Lovelace') });
  lead = slack.seedUser({ id: 'U07LEADER01', name: 'lead', email: emailOf('Lead Er') });
  slack.seedChannel({ name: 'announcements', is_member: true });
  slack.seedChannel({ name: 'introductions', is_member: true });
  setSetting(sheets, 'Group name', 'Leeds Hikers');
  appendByHand(sheets, 'Leaders', [
    { 'Slack ID': lead.id, Name: 'Lead Er', Role: 'Organizer', 'Can approve': 'Yes', Active: 'Yes' },
  ]);
  appendByHand(sheets, 'Members', [
    {
      'Member ID': 'M-1',
      Name: 'Ada Lovelace',
      Email: emailOf('Ada Lovelace'),
      'Slack ID': ada.id,
      Status: 'Active',
    },
  ]);
  const starts = DateTime.utc().plus({ days: 5 }).toFormat('yyyy-MM-dd HH:mm');
  appendByHand(sheets, 'Events', [
    { Title: 'Winter walk', Starts: starts, Location: 'The Moor', Capacity: 10, Status: 'Announced' },
  ]);
  expect((await stack.tick()).status).toBe(200);
  await stack.idle();
});

afterAll(async () => {
  await stack?.close();
});

async function send(body: string, contentType?: string): Promise<void> {
  const answer = await stack.slackRequest(body, contentType ? { contentType } : {});
  expect(answer.status, answer.text).toBe(200);
}

const FORM = 'application/x-www-form-urlencoded';
const publishes = (user: FakeUser) =>
  stack.slack
    .callsTo('views.publish')
    .filter((c) => c.args.user_id === user.id && c.status === 200 && !c.error);
const homeText = (view: FakeView | undefined) => JSON.stringify(view?.blocks ?? []);
const buttons = (view: FakeView | undefined) =>
  ((view?.blocks ?? []) as Record<string, unknown>[])
    .flatMap((b) => [
      ...((b.elements as Record<string, unknown>[] | undefined) ?? []),
      ...(b.accessory ? [b.accessory as Record<string, unknown>] : []),
    ])
    .filter((e) => e.type === 'button')
    .map((e) => `${e.action_id} ${e.value}`);

let events = 0;
const opened = (user: FakeUser, tab: 'home' | 'messages' = 'home') =>
  send(appHomeOpenedBody(user.id, `Ev0HOME${String(++events).padStart(5, '0')}`, tab));

describe('a member’s home', () => {
  it('is published once when opened, with their RSVP and Can’t go; unchanged, not again', async () => {
    const event = rowsOf(stack.sheets, 'Events').find((e) => e.Title === 'Winter walk');
    const eventId = String(event?.['Event ID']);
    // Ada says she is going, under the announcement.
    await send(
      buttonClick({
        user: ada.id,
        action: 'rsvp:yes',
        value: eventId,
        message: messageOf(event?.['Slack message'] ?? ''),
      }),
      FORM,
    );
    await stack.idle();

    await opened(ada);
    await stack.idle();
    expect(publishes(ada)).toHaveLength(1);
    const home = stack.slack.homeOf(ada.id);
    expect(home?.type).toBe('home');
    expect(homeText(home)).toContain('Winter walk');
    expect(homeText(home)).toContain("You're going");
    expect(buttons(home)).toContain(`rsvp:no ${eventId}`);

    await opened(ada);
    await opened(ada, 'messages');
    await stack.idle();
    expect(publishes(ada)).toHaveLength(1);
  });

  it('takes Can’t go pressed on the home, and shows it there at once', async () => {
    const eventId = String(
      rowsOf(stack.sheets, 'Events').find((e) => e.Title === 'Winter walk')?.['Event ID'],
    );
    const viewId = String(stack.slack.homeOf(ada.id)?.id);
    await send(homeButtonClick({ user: ada.id, action: 'rsvp:no', value: eventId, viewId }), FORM);
    await stack.idle();
    expect(rowsOf(stack.sheets, 'RSVPs').find((r) => r['Slack ID'] === ada.id)).toMatchObject({
      Status: 'Declined',
    });
    expect(publishes(ada)).toHaveLength(2);
    const home = stack.slack.homeOf(ada.id);
    expect(homeText(home)).not.toContain("You're going");
    // Not going, it is on offer again under Coming up.
    expect(buttons(home)).toContain(`rsvp:yes ${eventId}`);
  });
});

describe('a leader’s home', () => {
  it('has the approval buttons, and Approve pressed there decides the request', async () => {
    setSetting(stack.sheets, 'Join approval', 'Required');
    const join = {
      form: 'join',
      submittedAt: new Date().toISOString(),
      answers: { Name: 'Linus T', Email: emailOf('Linus T'), 'I agree to the ground rules': 'Yes' },
    };
    expect((await stack.form(join)).status).toBe(202);
    const approval = await waitFor('the join request to be posted', () =>
      rowsOf(stack.sheets, 'Approvals').find((a) => a.Status === 'Pending' && a['Slack message']),
    );
    await stack.idle();
    const approvalId = String(approval['Approval ID']);

    await opened(lead);
    await stack.idle();
    const home = stack.slack.homeOf(lead.id);
    expect(homeText(home)).toContain('Linus T wants to join');
    expect(buttons(home)).toEqual(
      expect.arrayContaining([`approval:approve ${approvalId}`, `approval:decline ${approvalId}`]),
    );

    await send(
      homeButtonClick({
        user: lead.id,
        action: 'approval:approve',
        value: approvalId,
        viewId: String(home?.id),
      }),
      FORM,
    );
    await stack.idle();
    expect(rowsOf(stack.sheets, 'Approvals').find((a) => a['Approval ID'] === approvalId)).toMatchObject({
      Status: 'Approved',
      'Approved by': lead.id,
    });
    expect(rowsOf(stack.sheets, 'Members').find((m) => m.Name === 'Linus T')).toMatchObject({
      Status: 'Active',
    });
    // The request in the leaders channel shows the outcome, its buttons gone.
    const request = messageOf(approval['Slack message']);
    const updated = stack.slack.messages.get(`${request.channel}/${request.ts}`);
    expect(JSON.stringify(updated?.blocks)).not.toContain('approval:approve');
    // And the leader's home no longer offers it.
    const after = await waitFor('the leader’s home redrawn', () => {
      const now = stack.slack.homeOf(lead.id);
      return homeText(now).includes('Linus T wants to join') ? undefined : now;
    });
    expect(buttons(after)).not.toContain(`approval:approve ${approvalId}`);
    expect(publishes(lead)).toHaveLength(2);
  });
});
