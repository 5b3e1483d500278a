/**
 * Slack says no: a 429 is waited out (Retry-After) and the message sent once; an error leaves the message due
 * in the Outbox, with its error and attempts, and a later tick sends it once the cause is fixed.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  NOTE_KIND,
  noteCalls,
  noteIncident,
  noteMessages,
  notePosts,
  noteRow,
  noteRows,
  noteSubmission,
  permalinkOf,
  rowsOf,
  type Stack,
  setSetting,
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

const auditWithKey = (key: string) => rowsOf(stack.sheets, 'Audit').filter((r) => r.Key === key);
const outboxRow = (name: string) => noteRow(stack.sheets, name);
/** Every chat.postMessage about `name`, refused or accepted. */
const postsTo = (name: string) => noteCalls(stack.slack, name);

it('waits out a 429 with Retry-After 1 on chat.postMessage, sends once and marks the row Sent', async () => {
  stack.slack.failNext('chat.postMessage', 1, 'ratelimited');
  const answer = await stack.form(noteSubmission({ responseId: 'rate-limited-1', name: 'Rita Ratelimit' }));
  expect(answer.status).toBe(202);

  const about = 'Rita Ratelimit';
  const row = await waitFor(
    'the row to be Sent',
    () => outboxRow(about)?.Status === 'Sent' && outboxRow(about),
    {
      timeoutMs: 15_000,
    },
  );
  expect(row).toMatchObject({
    Kind: NOTE_KIND,
    To: '#leaders',
    Status: 'Sent',
    Attempts: 1,
    'Last error': null,
  });
  expect(row.Sent).toEqual(expect.any(Number)); // a date-time cell
  expect(noteRows(stack.sheets, about)).toHaveLength(1);
  expect(auditWithKey('form:rate-limited-1')).toHaveLength(1);

  const calls = postsTo(about);
  expect(calls.map((c) => c.status)).toEqual([429, 200]);
  const [limited, sent] = calls as [(typeof calls)[0], (typeof calls)[0]];
  expect(sent.at - limited.at).toBeGreaterThanOrEqual(950); // Retry-After: 1
  const messages = noteMessages(stack.slack, about);
  expect(messages).toHaveLength(1);
  expect(noteIncident(stack.sheets, about)?.['Slack message']).toBe(messages[0] && permalinkOf(messages[0]));
});

it('keeps a message that failed (channel_not_found) due with its error, and a later tick sends it once', async () => {
  // The leaders channel is set to a channel that does not exist (yet).
  setSetting(stack.sheets, 'Leaders channel', 'C0NOTYET01');
  const answer = await stack.form(noteSubmission({ responseId: 'lost-channel-1', name: 'Lost Channel' }));
  expect(answer.status).toBe(202);

  const about = 'Lost Channel';
  const failed = await waitFor('the failed attempt on the row', () => {
    const row = outboxRow(about);
    return row?.Attempts === 1 && row;
  });
  expect(failed).toMatchObject({ Kind: NOTE_KIND, To: 'C0NOTYET01', Status: 'Scheduled', Sent: null });
  expect(String(failed['Last error'])).toMatch(/channel_not_found/);
  expect(postsTo(about).map((c) => c.error)).toEqual(['channel_not_found']);

  // Nothing changes until it is fixed: a tick tries again and records the second attempt.
  const early = await stack.tick();
  expect(early.status).toBe(200);
  const second = await waitFor(
    'the second attempt',
    () => outboxRow(about)?.Attempts === 2 && outboxRow(about),
  );
  expect(second).toMatchObject({ Status: 'Scheduled', Sent: null });
  expect(postsTo(about).map((c) => c.error)).toEqual(['channel_not_found', 'channel_not_found']);

  // An organizer creates the channel and invites the bot; the next tick sends the message, once.
  stack.slack.seedChannel({ id: 'C0NOTYET01', name: 'leaders-new', is_member: true, is_private: true });
  const tick = await stack.tick();
  expect(tick.status).toBe(200);
  const row = await waitFor(
    'the row to be Sent',
    () => outboxRow(about)?.Status === 'Sent' && outboxRow(about),
  );
  expect(row).toMatchObject({ Status: 'Sent', Attempts: 3, 'Last error': null });
  expect(notePosts(stack.slack, about)).toHaveLength(1);
  const messages = noteMessages(stack.slack, about);
  expect(messages).toEqual([expect.objectContaining({ channel: 'C0NOTYET01' })]);
  expect(noteIncident(stack.sheets, about)?.['Slack message']).toBe(messages[0] && permalinkOf(messages[0]));

  // And a further tick sends nothing again.
  expect((await stack.tick()).status).toBe(200);
  await stack.idle();
  expect(postsTo(about)).toHaveLength(3);
  expect(notePosts(stack.slack, about)).toHaveLength(1);
  expect(noteRows(stack.sheets, about)).toHaveLength(1);
  expect(auditWithKey('form:lost-channel-1')).toHaveLength(1);
});
