/**
 * The tick finishes what a dead writer left, once; overlapping ticks send each due message once; a message
 * far too late is skipped with its reason, not sent.
 */
import { DateTime } from 'luxon';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Chat, ChatMessage } from '../../functions/chat.js';
import { memoryLogger } from '../../functions/log.js';
import type { FormWork } from '../../functions/work.js';
import { Writer } from '../../functions/writer.js';
import {
  appendByHand,
  fakeWorkbook,
  mentions,
  NOTE_ACTION,
  NOTE_KIND,
  noteIncident,
  noteIncidents,
  noteMessages,
  notePosts,
  noteRow,
  noteRows,
  noteWorkAnswers,
  permalinkOf,
  postedTexts,
  rowsOf,
  type Stack,
  sleep,
  startStack,
  waitFor,
} from './helpers.js';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
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
    kick: never,
    lookupUserByEmail: never,
    userById: never,
  };
  return chat;
}

it('finishes the send of a writer that died between the sheet write and the Slack post, once', async () => {
  const chat = dyingChat();
  let doomed: Writer | undefined = new Writer({
    workbook: fakeWorkbook(stack.sheets),
    chat,
    clock: () => DateTime.utc(),
    log: memoryLogger(),
  });
  const name = 'Crash Test';
  const work: FormWork = {
    kind: 'form',
    identity: 'form:crash-between-write-and-send',
    form: 'report',
    submittedAt: DateTime.utc().toISO(),
    answers: noteWorkAnswers(name),
  };
  void doomed.submit(work).catch(() => undefined);

  const written = await waitFor('the Outbox row of the doomed writer', () => noteRow(stack.sheets, name));
  await waitFor('the doomed writer to try the post', () => chat.posts.length === 1);
  const id = String(noteIncident(stack.sheets, name)?.['Incident ID']);
  expect(id).toMatch(/^IN-\d+$/);
  expect(written).toMatchObject({ Kind: NOTE_KIND, To: '#leaders', About: id });
  expect(noteRow(stack.sheets, name)).toMatchObject({ Status: 'Scheduled', Attempts: 0, Sent: null });
  expect(mentions(chat.posts[0], name)).toBe(true);
  expect(rowsOf(stack.sheets, 'Audit').filter((r) => r.Key === work.identity)).toEqual([
    expect.objectContaining({ Action: NOTE_ACTION, Actor: '(confidential)', Target: id }),
  ]);
  expect(noteIncident(stack.sheets, name)?.['Slack message']).toBeNull();
  expect(notePosts(stack.slack, name)).toEqual([]);
  doomed = undefined; // the process is gone

  // A fresh runtime (this file's functions/index.ts has not made its writer yet) ticks.
  const tick = await stack.tick();
  expect(tick.status).toBe(200);
  const row = await waitFor('the row to be Sent', () => {
    const sent = noteRow(stack.sheets, name);
    return sent?.Status === 'Sent' && sent;
  });
  expect(row).toMatchObject({ Attempts: 1, 'Last error': null });
  expect(notePosts(stack.slack, name)).toHaveLength(1);
  const messages = noteMessages(stack.slack, name);
  expect(messages).toHaveLength(1);
  expect(noteIncident(stack.sheets, name)?.['Slack message']).toBe(messages[0] && permalinkOf(messages[0]));

  // The next tick finds nothing to do.
  expect((await stack.tick()).status).toBe(200);
  await sleep(300);
  expect(chat.posts).toHaveLength(1);
  expect(notePosts(stack.slack, name)).toHaveLength(1);
  expect(noteIncidents(stack.sheets, name)).toHaveLength(1);
  expect(noteRows(stack.sheets, name)).toHaveLength(1);
  expect(rowsOf(stack.sheets, 'Audit').filter((r) => r.Key === work.identity)).toHaveLength(1);
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
    await sleep(300);
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
  await sleep(300);
  expect(postsOf('Stale reminder')).toEqual([]);
  expect(outboxRow('Stale reminder')?.Status).toBe('Skipped');
});
