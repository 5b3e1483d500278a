/**
 * Invitations over HTTP, through the real functions: a join through a member's invitation (the signed join
 * form with Invited by) that thanks the inviter, once.
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
  startStack,
  textsTo,
} from './helpers.js';

const LINK = 'https://docs.google.com/forms/d/e/1FAIpQLSfHeArTh/viewform?usp=pp_url&entry.1234567890=';

let stack: Stack;
let grace: FakeUser; // an Active member, M-1

beforeAll(async () => {
  stack = await startStack();
  const { slack, sheets } = stack;
  grace = slack.seedUser({ id: 'U0GRACE001', name: 'grace', email: emailOf('Grace Hopper') });
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

const outbox = (kind: string) => rowsOf(stack.sheets, 'Outbox').filter((row) => row.Kind === kind);

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
