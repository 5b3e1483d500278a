/**
 * Unanswered questions over HTTP, the real doors and writer against the loopback Sheets and Slack fakes: a
 * question asked in #help is one Questions row (never its text); unanswered for 4 hours it reaches the channel's
 * owner by DM, once; as long again later, the leaders channel; after a week it is Unanswered. A reply in the
 * thread stops it, and is recorded. The rest of a busy channel goes nowhere.
 *
 * Time: the questions are asked next Monday from 10:00 UTC (the group's zone; quiet hours 21:00-08:00), and the
 * ticks travel there (ALLOW_TIME_TRAVEL); the door and the writer take the messages at the real time.
 */
import { DateTime } from 'luxon';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FakeChannel, FakeMessage } from '../fakes/slack-fake.js';
import {
  appendByHand,
  editByHand,
  postsTo,
  rowsOf,
  type Stack,
  setSetting,
  slackFixture,
  startStack,
  tickAt,
} from './helpers.js';

const GRACE = 'U07GRACEHOP'; // Organizer, looks after #help
const ALAN = 'U07ALANTURN'; // Greeter, looks after nothing
const ADA = 'U07ADALOVEL';
const KATHERINE = 'U07KATJOHNS';
const MONDAY = DateTime.utc().startOf('week').plus({ weeks: 1, hours: 10 });
const WHERE = 'Where do we meet on Thursday?';

let stack: Stack;
let help: FakeChannel;
let events = 0;

beforeAll(async () => {
  stack = await startStack({ allowTimeTravel: true });
  // Leaders' monthly check-ins would DM the owner on the first Monday too: this is about questions only.
  setSetting(stack.sheets, 'Leader check-ins', 'Off');
  help = stack.slack.seedChannel({ name: 'help' });
  for (const id of [GRACE, ALAN, ADA, KATHERINE]) stack.slack.seedUser({ id });
  appendByHand(stack.sheets, 'Leaders', [
    { 'Slack ID': GRACE, Name: 'Grace Hopper', Role: 'Organizer', Active: 'Yes', Channels: '#help, #events' },
    { 'Slack ID': ALAN, Name: 'Alan Turing', Role: 'Greeter', Active: 'Yes' },
  ]);
});

afterAll(async () => {
  await stack?.close();
});

const tsAt = (at: DateTime) => (at.toMillis() / 1000).toFixed(6);

/** A message posted in Slack (the fake keeps it for the thread reads) and the event Slack sends the door. */
async function say(
  message: Omit<FakeMessage, 'channel'> & { user: string; event?: Record<string, unknown> },
) {
  const { event: extra = {}, ...seed } = message;
  const posted = stack.slack.seedMessage({ channel: help.id, ...seed });
  const body = JSON.parse(slackFixture('message.channels.json'));
  body.event_id = `Ev07MSG${String(++events).padStart(5, '0')}`;
  body.event = {
    ...body.event,
    channel: help.id,
    user: seed.user,
    text: seed.text,
    ts: posted.ts,
    event_ts: posted.ts,
    ...(seed.thread_ts ? { thread_ts: seed.thread_ts } : {}),
    ...extra,
  };
  const answer = await stack.slackRequest(JSON.stringify(body));
  expect(answer.status).toBe(200);
  await stack.idle();
  return posted;
}

const tick = (at: DateTime) => tickAt(stack, at);
const questions = () => rowsOf(stack.sheets, 'Questions');
const question = (id: string) => questions().find((r) => r['Question ID'] === id);
const threadReads = () => stack.slack.callsTo('conversations.replies').length;
const dmsTo = (user: string) => postsTo(stack.slack, user);
/** The leaders channel's posts about questions (the weekly summary goes there on Mondays too). */
const leadersPosts = () =>
  postsTo(stack.slack, stack.leaders.id).filter((c) => String(c.args.text).startsWith('A question'));

it('a question unanswered for 4 hours reaches #help’s owner once, then the leaders channel; a reply stops another', async () => {
  // Ada asks in #help; the rest of the channel's traffic goes nowhere.
  const asked = await say({ user: ADA, text: WHERE, ts: tsAt(MONDAY) });
  await say({ user: KATHERINE, text: 'Morning all!', ts: tsAt(MONDAY.plus({ minutes: 1 })) });
  // Ada's own reply in her thread does not answer it.
  await say({
    user: ADA,
    text: 'Anyone? Or is it online?',
    thread_ts: asked.ts,
    ts: tsAt(MONDAY.plus({ minutes: 2 })),
  });
  await say({
    user: ALAN,
    text: 'Bots?',
    ts: tsAt(MONDAY.plus({ minutes: 3 })),
    event: { bot_id: 'B07SOMEBOT1' },
  });
  await say({
    user: ADA,
    text: 'Where do we meet?',
    ts: tsAt(MONDAY.plus({ minutes: 4 })),
    event: { subtype: 'message_changed', message: { ts: asked.ts } },
  });
  // Slack delivering the question again is the same question.
  await say({ user: ADA, text: WHERE, ts: asked.ts });

  expect(questions()).toEqual([
    expect.objectContaining({
      'Question ID': 'Q-1',
      Channel: '#help',
      Permalink: `https://hearth-test.slack.com/archives/${help.id}/p${asked.ts.replace('.', '')}`,
      Status: 'Waiting',
    }),
  ]);
  // Never the text, in any tab Hearth wrote, nor who asked.
  for (const tab of ['Questions', 'Audit', 'Outbox']) {
    const cells = JSON.stringify(stack.sheets.getGrid(tab));
    expect(cells).not.toContain('Thursday');
    expect(cells).not.toContain(ADA);
  }

  // Katherine asks another an hour later.
  const second = await say({
    user: KATHERINE,
    text: 'Is there parking?',
    ts: tsAt(MONDAY.plus({ hours: 1 })),
  });
  expect(question('Q-2')).toMatchObject({ Status: 'Waiting' });

  // Not before its time: no thread is read.
  stack.resetRecords();
  await tick(MONDAY.plus({ hours: 3, minutes: 59 }));
  expect(threadReads()).toBe(0);
  expect(dmsTo(GRACE)).toEqual([]);

  // 4 hours, and only Ada has written in the thread: Grace (who looks after #help) is told, once.
  await tick(MONDAY.plus({ hours: 4 }));
  expect(threadReads()).toBe(1);
  expect(dmsTo(GRACE)).toHaveLength(1);
  const dm = dmsTo(GRACE)[0];
  expect(String(dm?.args.text)).toContain('A question in #help has waited 4 hours');
  expect(JSON.stringify(dm?.args.blocks)).toContain(question('Q-1')?.Permalink as string);
  expect(dmsTo(ALAN)).toEqual([]);
  expect(question('Q-1')?.Level).toBe(1);
  for (const minutes of [5, 30]) await tick(MONDAY.plus({ hours: 4, minutes }));
  expect(dmsTo(GRACE)).toHaveLength(1);
  expect(threadReads()).toBe(1);

  // Q-2's time is up an hour later: Grace hears of it too. Then Alan replies in its thread.
  await tick(MONDAY.plus({ hours: 5 }));
  expect(dmsTo(GRACE)).toHaveLength(2);
  const replied = MONDAY.plus({ hours: 6, minutes: 15 });
  stack.slack.seedMessage({
    channel: help.id,
    user: ALAN,
    text: 'Yes, behind the hall',
    thread_ts: second.ts,
    ts: tsAt(replied),
  });

  // 8 hours: Q-1 still has no reply, so the leaders channel is asked.
  await tick(MONDAY.plus({ hours: 8 }));
  expect(leadersPosts()).toHaveLength(1);
  expect(String(leadersPosts()[0]?.args.text)).toContain('A question in #help has waited 8 hours');
  expect(question('Q-1')?.Level).toBe(2);

  // 9 hours: Q-2's reply is found and recorded; nobody is asked about it again.
  await tick(MONDAY.plus({ hours: 9 }));
  expect(question('Q-2')).toMatchObject({
    Status: 'Answered',
    Level: 1,
    'Minutes to first reply': 315,
    'Answered by': ALAN,
  });
  // A date cell: days since 1899-12-30, on the group's wall clock (UTC here).
  expect(question('Q-2')?.['First reply']).toBeCloseTo(replied.toMillis() / 86_400_000 + 25_569, 6);
  expect(leadersPosts()).toHaveLength(1);
  expect(threadReads()).toBe(4);

  // A week on, nobody has answered Q-1: Unanswered, and Hearth stops asking.
  await tick(MONDAY.plus({ days: 7 }));
  expect(question('Q-1')?.Status).toBe('Unanswered');
  await tick(MONDAY.plus({ days: 8 }));
  expect(threadReads()).toBe(5);
  expect(dmsTo(GRACE)).toHaveLength(2);
  expect(leadersPosts()).toHaveLength(1);
});

it('a question an organizer marks Answered is not followed up', async () => {
  const at = MONDAY.plus({ days: 10 });
  await say({ user: ADA, text: 'Who has the key?', ts: tsAt(at) });
  const id = String(questions().at(-1)?.['Question ID']);
  editByHand(stack.sheets, 'Questions', 'Question ID', id, { Status: 'Answered' });
  stack.resetRecords();
  await tick(at.plus({ hours: 5 }));
  expect(threadReads()).toBe(0);
  expect(dmsTo(GRACE)).toEqual([]);
});
