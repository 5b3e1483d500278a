/**
 * A quiet check-in over HTTP, the real doors and writer against the loopback Sheets and Slack fakes: the daily
 * step sets Members → Engagement and DMs the Quiet member at 10:00; someone else's click is refused; theirs,
 * delivered twice, makes them Left once, with a goodbye and the check-in edited without its button.
 */
import { DateTime } from 'luxon';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { NOT_INTERESTED_ACTION } from '../../workflows/presence/quiet-messages.js';
import {
  accepted,
  appendByHand,
  buttonClick,
  messageOf,
  postsTo,
  rowsOf,
  type Stack,
  setSetting,
  startStack,
  tickAt,
  waitFor,
} from './helpers.js';

let stack: Stack;
/** Tomorrow, 10:00 UTC (the sheet's zone): the first tick of that day runs the daily step. */
const TEN = DateTime.utc().startOf('day').plus({ days: 1, hours: 10 });

const LIN = { memberId: 'M-1', name: 'Lin Ye', slackId: 'U0LINYE0001' };
const PAT = { memberId: 'M-2', name: 'Pat Bath', slackId: 'U0PATBA0002' };

beforeAll(async () => {
  stack = await startStack({ allowTimeTravel: true });
  for (const p of [LIN, PAT])
    stack.slack.seedUser({ id: p.slackId, name: p.name.split(' ')[0]?.toLowerCase() });
  setSetting(stack.sheets, 'Check in on quiet members', 'Yes');
  appendByHand(
    stack.sheets,
    'Members',
    [LIN, PAT].map((p) => ({
      'Member ID': p.memberId,
      Name: p.name,
      Email: `${p.name.toLowerCase().replace(' ', '.')}@example.org`,
      'Slack ID': p.slackId,
      Status: 'Active',
      Joined: 45_000, // 2023
    })),
  );
});

afterAll(async () => {
  await stack?.close();
});

const member = (id: string) => rowsOf(stack.sheets, 'Members').find((r) => r['Member ID'] === id);
const click = async (who: typeof LIN, on: { channel: string; ts: string }, actionTs?: string) => {
  const body = buttonClick({
    user: who.slackId,
    action: NOT_INTERESTED_ACTION,
    value: LIN.memberId,
    message: on,
    ...(actionTs ? { actionTs } : {}),
  });
  const answer = await stack.slackRequest(body, { contentType: 'application/x-www-form-urlencoded' });
  expect(answer.status).toBe(200);
  await stack.idle();
  return body;
};

it('DMs the Quiet member, and their Not interested any more makes them Left, once', async () => {
  await tickAt(stack, TEN);

  // Both did nothing in 90 days: Quiet, each DMed once.
  expect([member('M-1')?.Engagement, member('M-2')?.Engagement]).toEqual(['Quiet', 'Quiet']);
  const checkIn = await waitFor('the check-in to Lin to be sent', () =>
    rowsOf(stack.sheets, 'Outbox').find(
      (r) => r.Kind === 'quiet.checkin' && r.About === 'M-1' && r.Status === 'Sent' && r['Slack message'],
    ),
  );
  const [dm] = postsTo(stack.slack, LIN.slackId);
  expect(JSON.stringify(dm?.args.blocks)).toContain(NOT_INTERESTED_ACTION);
  const on = messageOf(checkIn['Slack message']);

  // Someone else presses Lin's button: refused, and only they are told.
  await click(PAT, on);
  expect(member('M-1')?.Status).toBe('Active');
  expect(stack.slack.callsTo('chat.postEphemeral').filter(accepted).at(-1)?.args).toMatchObject({
    user: PAT.slackId,
  });

  // Lin confirms; Slack delivers the click twice.
  const body = await click(LIN, on, '1796000100.000001');
  await stack.slackRequest(body, { contentType: 'application/x-www-form-urlencoded' });
  await stack.idle();

  expect(member('M-1')?.Status).toBe('Left');
  expect(rowsOf(stack.sheets, 'Audit').filter((r) => r.Action === 'member.left')).toEqual([
    expect.objectContaining({ Target: 'M-1', Details: 'not interested any more (the quiet check-in)' }),
  ]);
  await waitFor('the goodbye and the edit to be sent', () =>
    rowsOf(stack.sheets, 'Outbox').filter(
      (r) => (r.Kind === 'quiet.goodbye' || r.Kind === 'quiet.answered') && r.Status === 'Sent',
    ).length === 2
      ? true
      : undefined,
  );
  // The check-in and one goodbye.
  expect(postsTo(stack.slack, LIN.slackId).map((c) => String(c.args.text))).toEqual([
    expect.stringContaining('It’s been a while'),
    expect.stringContaining('Thanks for letting us know, Lin Ye'),
  ]);
  const edits = stack.slack.callsTo('chat.update').filter(accepted);
  expect(edits.map((c) => [c.args.channel, c.args.ts])).toEqual([[on.channel, on.ts]]);
  expect(JSON.stringify(stack.slack.messages.get(`${on.channel}/${on.ts}`)?.blocks)).not.toContain(
    NOT_INTERESTED_ACTION,
  );

  // The next day's step: Lin has left, so her Engagement is blank; Pat keeps his.
  await tickAt(stack, TEN.plus({ days: 1 }));
  expect([member('M-1')?.Engagement ?? null, member('M-2')?.Engagement]).toEqual([null, 'Quiet']);
});
