/**
 * The tick finishes what a dead writer left, once; a post whose answer was lost is found in Slack, not sent
 * again; overlapping ticks send each due message once; a message far too late is skipped with its reason.
 */

import { DateTime } from 'luxon';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { clockAt } from '../../common/clock.js';
import type { Chat, ChatMessage } from '../../functions/chat.js';
import { memoryLogger } from '../../functions/log.js';
import { Writer } from '../../functions/writer/index.js';
import { reportInput } from '../fakes/inputs.js';
import {
  appendByHand,
  fakeWorkbook,
  mentions,
  NOTE_ACTION,
  NOTE_KIND,
  noteCalls,
  noteIncident,
  noteIncidents,
  noteMessages,
  notePosts,
  noteRow,
  noteRows,
  noteSubmission,
  noteWorkAnswers,
  permalinkOf,
  postedTexts,
  rowsOf,
  type Stack,
  startStack,
  waitFor,
} from './helpers.js';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ allowTimeTravel: true });
});

afterAll(async () => {
  await stack?.close();
});

/** A row typed into the Outbox by hand, by its About; and the posts of exactly its text. */
const outboxRow = (about: string) => rowsOf(stack.sheets, 'Outbox').find((r) => r.About === about);
const postsOf = (text: string) => postedTexts(stack.slack).filter((t) => t === text);
/** A Due cell as an organizer types it, in the group's time zone (UTC). */
const dueText = (at: DateTime) => at.toUTC().toFormat('yyyy-MM-dd HH:mm');

/** A Chat whose post never answers: the process dies after the sheet write, before Slack is told. */
function dyingChat(): Chat & { posts: string[] } {
  const never = () => new Promise<never>(() => {});
  const chat = {
    kind: 'slack' as const,
    posts: [] as string[],
    post: (message: ChatMessage) => {
      chat.posts.push(message.text);
      return never();
    },
    update: never,
    postEphemeral: never,
    openModal: never,
    updateView: never,
    publishHome: never,
    kick: never,
    createChannel: never,
    invite: never,
    lookupUserByEmail: never,
    userById: never,
    findPosted: never,
    openGroup: never,
    firstReply: never,
    permalink: never,
    channelName: never,
  };
  return chat;
}

it('finishes the send of a writer that died between the sheet write and the Slack post, once', async () => {
  const chat = dyingChat();
  let doomed: Writer | undefined = new Writer({
    workbook: fakeWorkbook(stack.sheets),
    chat,
    clock: clockAt(() => DateTime.utc()),
    log: memoryLogger(),
  });
  const name = 'Crash Test';
  const work = reportInput(
    { identity: 'form:crash-between-write-and-send', submittedAt: DateTime.utc().toISO() },
    noteWorkAnswers(name),
  );
  void doomed.submit(work).catch(() => undefined);

  const written = await waitFor('the Outbox row of the doomed writer', () => noteRow(stack.sheets, name));
  await waitFor('the doomed writer to try the post', () => chat.posts.length === 1);
  const id = String(noteIncident(stack.sheets, name)?.['Incident ID']);
  expect(id).toMatch(/^IN-\d+$/);
  expect(written).toMatchObject({ Kind: NOTE_KIND, To: '#leaders', About: id });
  // Marked Sending in the same write that made it, before the post: a crash leaves it in doubt, not due.
  const sending = noteRow(stack.sheets, name);
  expect(sending).toMatchObject({ Status: 'Sending', Attempts: 0 });
  expect(typeof sending?.Sent).toBe('number');
  expect(mentions(chat.posts[0], name)).toBe(true);
  expect(rowsOf(stack.sheets, 'Audit').filter((r) => r.Key === work.identity)).toEqual([
    expect.objectContaining({ Action: NOTE_ACTION, Actor: '(confidential)', Target: id }),
  ]);
  expect(noteIncident(stack.sheets, name)?.['Slack message']).toBeNull();
  expect(notePosts(stack.slack, name)).toEqual([]);
  doomed = undefined; // the process is gone

  // A fresh runtime (this file's functions/index.ts has not made its writer yet) ticks. For a few minutes the
  // message may still be on its way from another writer: it is left alone.
  const early = await stack.tick();
  expect(early.status).toBe(200);
  // The tick answers once written, saying how many messages it sends: none.
  expect(early.json).toMatchObject({ messages: 0 });
  expect(noteRow(stack.sheets, name)?.Status).toBe('Sending');
  expect(notePosts(stack.slack, name)).toEqual([]);

  // Then it is in doubt: looked for in Slack by its Message ID (not there), and sent, once.
  const later = DateTime.utc().plus({ minutes: 6 });
  expect((await stack.tick({ now: later.toISO() as string })).status).toBe(200);
  const row = await waitFor('the row to be Sent', () => {
    const sent = noteRow(stack.sheets, name);
    return sent?.Status === 'Sent' && sent;
  });
  expect(row).toMatchObject({ Attempts: 1, 'Last error': null });
  expect(stack.slack.callsTo('conversations.history')).toEqual([
    expect.objectContaining({
      args: expect.objectContaining({ channel: stack.leaders.id, include_all_metadata: 'true' }),
    }),
  ]);
  expect(notePosts(stack.slack, name)).toHaveLength(1);
  const messages = noteMessages(stack.slack, name);
  expect(messages).toHaveLength(1);
  expect(noteIncident(stack.sheets, name)?.['Slack message']).toBe(messages[0] && permalinkOf(messages[0]));
  expect(row['Slack message']).toBe(messages[0] && permalinkOf(messages[0]));

  // The next tick finds nothing to do.
  expect((await stack.tick({ now: later.plus({ minutes: 1 }).toISO() as string })).status).toBe(200);
  await stack.idle();
  expect(chat.posts).toHaveLength(1);
  expect(notePosts(stack.slack, name)).toHaveLength(1);
  expect(noteIncidents(stack.sheets, name)).toHaveLength(1);
  expect(noteRows(stack.sheets, name)).toHaveLength(1);
  expect(rowsOf(stack.sheets, 'Audit').filter((r) => r.Key === work.identity)).toHaveLength(1);
});

it('finds a post whose answer was lost (it landed) by its Message ID, and never sends it twice', async () => {
  const name = 'Lost Answer';
  // Slack takes the post, then the connection drops before the answer: the client must not post again.
  stack.slack.failNext('chat.postMessage', 1, { landed: 'drop' });
  const answer = await stack.form(noteSubmission({ responseId: 'lost-answer-1', name }));
  expect(answer.status).toBe(202);
  const doubt = await waitFor('the post to be in doubt', () => {
    const row = noteRow(stack.sheets, name);
    return row?.Attempts === 1 && row;
  });
  expect(doubt).toMatchObject({ Status: 'Sending' });
  expect(String(doubt['Last error'])).toMatch(/^not sure it reached Slack/);
  // One call, no retry by the client: the post landed once.
  expect(noteCalls(stack.slack, name)).toHaveLength(1);
  expect(noteMessages(stack.slack, name)).toHaveLength(1);
  const [landed] = noteMessages(stack.slack, name);
  expect(landed?.metadata).toEqual({
    event_type: 'hearth_message',
    event_payload: { message_id: doubt['Message ID'] },
  });

  const history = stack.slack.callsTo('conversations.history').length;
  const later = DateTime.utc().plus({ minutes: 6 });
  expect((await stack.tick({ now: later.toISO() as string })).status).toBe(200);
  const row = await waitFor(
    'the row to be Sent',
    () => noteRow(stack.sheets, name)?.Status === 'Sent' && noteRow(stack.sheets, name),
  );
  expect(stack.slack.callsTo('conversations.history').length).toBe(history + 1);
  expect(noteCalls(stack.slack, name)).toHaveLength(1);
  expect(noteMessages(stack.slack, name)).toHaveLength(1);
  expect(row).toMatchObject({
    Attempts: 2,
    'Last error': null,
    'Slack message': landed && permalinkOf(landed),
  });
  expect(noteIncident(stack.sheets, name)?.['Slack message']).toBe(landed && permalinkOf(landed));
});

it('sends each due message once when ticks overlap', async () => {
  const due = dueText(DateTime.utc().minus({ minutes: 10 }));
  const notes = ['Overlap note one', 'Overlap note two', 'Overlap note three', 'Overlap note four'];
  appendByHand(
    stack.sheets,
    'Outbox',
    notes.map((about, i) => ({
      'Message ID': `MSG-OVERLAP-${i + 1}`,
      Kind: 'note',
      Due: due,
      To: '#leaders',
      About: about,
      Status: 'Scheduled',
    })),
  );
  // A slower sheet, so the second tick's snapshot is read while the first tick's sends are under way.
  stack.sheets.setLatency({ readMs: 150, writeMs: 150 });
  try {
    const [first, second] = await Promise.all([stack.tick(), stack.tick()]);
    expect([first.status, second.status]).toEqual([200, 200]);
    // And one more while the first messages are still going out (about one a second per channel).
    expect((await stack.tick()).status).toBe(200);

    for (const about of notes) {
      await waitFor(`"${about}" to be Sent`, () => outboxRow(about)?.Status === 'Sent', {
        timeoutMs: 15_000,
      });
    }
    expect((await stack.tick()).status).toBe(200);
    await stack.idle();
  } finally {
    stack.sheets.setLatency({ readMs: 0, writeMs: 0 });
  }
  for (const about of notes) {
    expect(postsOf(about), about).toHaveLength(1);
    expect(outboxRow(about)).toMatchObject({ Status: 'Sent', Attempts: 1 });
  }
});

it('skips a message more than 24 hours late, with its reason, and does not send it', async () => {
  appendByHand(stack.sheets, 'Outbox', [
    {
      'Message ID': 'MSG-STALE-1',
      Kind: 'note',
      Due: dueText(DateTime.utc().minus({ hours: 30 })),
      To: '#leaders',
      About: 'Stale reminder',
      Status: 'Scheduled',
    },
  ]);
  expect((await stack.tick()).status).toBe(200);
  const row = await waitFor(
    'the stale row to be Skipped',
    () => outboxRow('Stale reminder')?.Status === 'Skipped' && outboxRow('Stale reminder'),
  );
  expect(String(row['Last error'])).toMatch(
    /^too late to be useful: due \d{4}-\d{2}-\d{2} \d{2}:\d{2}, more than 24 hours ago$/,
  );
  expect(row.Sent).toBeNull();
  expect((await stack.tick()).status).toBe(200);
  await stack.idle();
  expect(postsOf('Stale reminder')).toEqual([]);
  expect(outboxRow('Stale reminder')?.Status).toBe('Skipped');
});
