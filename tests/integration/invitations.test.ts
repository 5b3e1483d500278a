/**
 * Invitations over HTTP, through the real functions: the global shortcut `Invite someone` (a signed payload
 * shaped like Slack's, through the Slack door) answered by a DM with the member's link, once per request; and a
 * join through that link (the signed join form with Invited by) that thanks the inviter, once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeUser } from '../fakes/slack-fake.js';
import {
  appendByHand,
  emailOf,
  outboxSettled,
  rowsOf,
  type Stack,
  setSetting,
  slackFixture,
  startStack,
  textsTo,
} from './helpers.js';

const LINK = 'https://docs.google.com/forms/d/e/1FAIpQLSfHeArTh/viewform?usp=pp_url&entry.1234567890=';

let stack: Stack;
let grace: FakeUser; // an Active member, M-1
let stranger: FakeUser; // in Slack, not a member

beforeAll(async () => {
  stack = await startStack();
  const { slack, sheets } = stack;
  grace = slack.seedUser({ id: 'U0GRACE001', name: 'grace', email: emailOf('Grace Hopper') });
  stranger = slack.seedUser({ id: 'U0STRANGE1', name: 'stranger', email: 'stranger@example.org' });
  slack.seedChannel({ name: 'introductions', is_member: true });
  setSetting(sheets, 'Group name', 'Leeds Hikers');
  setSetting(sheets, 'Join approval', 'Not required');
  setSetting(sheets, 'Invite link', LINK);
  appendByHand(sheets, 'Members', [
    {
      'Member ID': 'M-1',
      Name: 'Grace Hopper',
      Email: emailOf('Grace Hopper'),
      'Slack ID': grace.id,
      Status: 'Active',
    },
  ]);
});

afterAll(async () => {
  await stack?.close();
});

/** The global shortcut, as Slack sends it when `user` picks Invite someone in the ⚡ menu (form-encoded). */
function inviteShortcut(user: FakeUser, triggerId: string): string {
  const payload = JSON.parse(slackFixture('shortcut.invite_someone.json'));
  payload.user = { id: user.id, username: user.name, team_id: 'T0HEARTH01' };
  payload.trigger_id = triggerId;
  payload.action_ts = `${Math.floor(Date.now() / 1000)}.000100`;
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

async function send(body: string): Promise<void> {
  const answer = await stack.slackRequest(body, { contentType: 'application/x-www-form-urlencoded' });
  expect(answer.status, answer.text).toBe(200);
}

const outbox = (kind: string) => rowsOf(stack.sheets, 'Outbox').filter((row) => row.Kind === kind);

describe('the Invite someone shortcut', () => {
  it('sends an Active member their personal link by DM, once however often the request arrives', async () => {
    const body = inviteShortcut(grace, stack.slack.issueTriggerId());
    await send(body);
    await stack.idle();
    // Slack delivers the same request again (its retry, say): it was answered already.
    await send(body);
    await outboxSettled(stack, 'UTC');
    const dms = textsTo(stack.slack, grace.id).filter((text) => text.includes('invite link'));
    expect(dms).toEqual([expect.stringContaining(`${LINK.replace('&', '&amp;')}M-1`)]);
    expect(outbox('invite.link')).toEqual([
      expect.objectContaining({ To: grace.id, About: 'M-1', Status: 'Sent' }),
    ]);
  });

  it('tells someone who is not a member, kindly, why there is no link', async () => {
    await send(inviteShortcut(stranger, stack.slack.issueTriggerId()));
    await outboxSettled(stack, 'UTC');
    expect(textsTo(stack.slack, stranger.id)).toEqual([
      expect.stringContaining('I can’t find you among the members of Leeds Hikers'),
    ]);
  });
});

describe('a join through an invitation', () => {
  it('keeps Invited by, and thanks the inviter once the newcomer is welcomed, once', async () => {
    const join = {
      form: 'join',
      submittedAt: new Date().toISOString(),
      answers: {
        Name: 'Ada Lovelace',
        Email: emailOf('Ada Lovelace'),
        'I agree to the ground rules': 'Yes',
        'Invited by': 'M-1',
      },
    };
    const answer = await stack.form(join);
    expect(answer.status, answer.text).toBe(202);
    await stack.idle();
    // The relay sends it again, and the tick sweeps: the same submission, one effect.
    expect((await stack.form(join)).status).toBe(202);
    expect((await stack.tick()).status).toBe(200);
    await outboxSettled(stack, 'UTC');

    const ada = rowsOf(stack.sheets, 'Members').find((m) => m.Email === emailOf('Ada Lovelace'));
    expect(ada).toMatchObject({ Status: 'Active', 'Invited by': 'M-1' });
    const thanks = textsTo(stack.slack, grace.id).filter((text) => text.startsWith('Thank you for inviting'));
    expect(thanks).toEqual([expect.stringContaining('Thank you for inviting Ada Lovelace to Leeds Hikers!')]);
    expect(outbox('invite.thanks')).toEqual([
      expect.objectContaining({ To: 'member:M-1', About: ada?.['Member ID'], Status: 'Sent' }),
    ]);
  });
});
