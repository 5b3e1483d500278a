/**
 * Feedback over HTTP, through the real functions: the follow-up after joining and the thank-you after an event
 * carry Loved it, It was OK, Not for me and Tell the organizers…; a click on a rating lands on the person's
 * RSVP and the event's Rating and Ratings, a joining rating in the Feedback tab without a name; the modal opens
 * within the click's request and its submission makes one Feedback row, however often it is delivered.
 *
 * Time: forms and clicks are decided on the real clock; ticks carry `now` (ALLOW_TIME_TRAVEL) to reach the
 * follow-up's day and the end of the event.
 */
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Cell } from '../../sheets-schema/cells.js';
import type { FakeChannel, FakeMessage, FakeUser } from '../fakes/slack-fake.js';
import {
  accepted,
  appendByHand,
  buttonClick,
  editByHand,
  emailOf,
  messageOf,
  outboxSettled,
  recordLogLines,
  redeliver,
  rowsOf,
  type Stack,
  setSetting,
  slackFixture,
  startStack,
  waitFor,
} from './helpers.js';

const ZONE = 'Europe/Berlin';

let stack: Stack;
let ada: FakeUser;
let bob: FakeUser;
let events: FakeChannel;

/** Every line the functions logged (stdout), for the privacy checks. */
let logLines: string[] = [];

beforeAll(async () => {
  logLines = recordLogLines();
  stack = await startStack({ allowTimeTravel: true, logLevel: 'info' });
  setSetting(stack.sheets, 'Time zone', ZONE);
  ada = stack.slack.seedUser({ id: 'U0FBADA001', name: 'Ada Feedback', email: emailOf('Ada Feedback') });
  bob = stack.slack.seedUser({ id: 'U0FBBOB001', name: 'Bob Feedback', email: emailOf('Bob Feedback') });
  events = stack.slack.seedChannel({ name: 'events', is_member: true });
  appendByHand(stack.sheets, 'Members', [
    {
      'Member ID': 'M-901',
      Name: 'Ada Feedback',
      Email: ada.email ?? null,
      'Slack ID': ada.id,
      Status: 'Active',
    },
    {
      'Member ID': 'M-902',
      Name: 'Bob Feedback',
      Email: bob.email ?? null,
      'Slack ID': bob.id,
      Status: 'Active',
    },
  ]);
});

afterAll(async () => {
  vi.restoreAllMocks();
  await stack?.close();
});

type Row = Record<string, Cell>;
const rows = (tab: string) => rowsOf(stack.sheets, tab);

async function tick(now?: DateTime): Promise<void> {
  const answer = await stack.tick(now ? { now: now.toUTC().toISO() } : undefined);
  expect(answer.status, answer.text).toBe(200);
}

async function send(body: string): Promise<void> {
  const answer = await stack.slackRequest(body, { contentType: 'application/x-www-form-urlencoded' });
  expect(answer.status, answer.text).toBe(200);
}

/** A click on a button of `message`, as `user`; `trigger`: Slack's trigger_id, for a button that opens a modal. */
function click(
  user: FakeUser,
  action: string,
  value: string,
  message: { channel: string; ts: string },
  trigger?: string,
) {
  const body = buttonClick({ user: user.id, action, value, message });
  if (!trigger) return body;
  const params = new URLSearchParams(body);
  const payload = JSON.parse(params.get('payload') as string);
  payload.trigger_id = trigger;
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** The message in `user`'s DM whose text starts with `start`. */
function dmStarting(user: FakeUser, start: string): FakeMessage | undefined {
  const dm = [...stack.slack.channels.values()].find((c) => c.id.startsWith('D') && c.members.has(user.id));
  return [...stack.slack.messages.values()].find((m) => m.channel === dm?.id && m.text.startsWith(start));
}

/** The buttons of a message as [action_id, value]. */
const buttonsOf = (message: { blocks?: unknown }) =>
  ((message.blocks as { type: string; elements?: { action_id: string; value: string }[] }[]) ?? [])
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements ?? [])
    .map((b) => [b.action_id, b.value]);

/** The four buttons, each carrying `value`, and no invitation to reply (a reply to the bot's DM reaches nobody). */
function expectFeedbackButtons(message: FakeMessage, value: string): void {
  expect(buttonsOf(message)).toEqual(
    ['feedback:loved', 'feedback:ok', 'feedback:not-for-me', 'feedback:tell'].map((action) => [
      action,
      value,
    ]),
  );
  expect(message.text).not.toMatch(/reply/i);
}

const ephemeralsTo = (user: FakeUser, since: number) =>
  stack.slack.calls
    .slice(since)
    .filter((c) => c.method === 'chat.postEphemeral' && accepted(c) && c.args.user === user.id)
    .map((c) => String(c.args.text));

let views = 0;
/** "Tell the organizers…" as Slack sends its submission: the view as opened, with what `user` typed and ticked. */
function submission(
  user: FakeUser,
  opened: Record<string, unknown>,
  words: string,
  contact: boolean,
): string {
  const payload = JSON.parse(slackFixture('view_submission.report_to_moderators.json'));
  payload.user = { id: user.id, username: user.name, name: user.name, team_id: 'T0HEARTH01' };
  payload.view = {
    ...payload.view,
    ...opened,
    id: `V0FEEDBK${String(++views).padStart(3, '0')}`,
    state: {
      values: {
        feedback: { value: { type: 'plain_text_input', value: words } },
        contact: {
          value: {
            type: 'checkboxes',
            selected_options: contact
              ? [{ text: { type: 'plain_text', text: 'You may contact me about this' }, value: 'yes' }]
              : [],
          },
        },
      },
    },
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

describe('the follow-up after joining', () => {
  it('a rating goes to the Feedback tab without a name; the message is edited in place; the first answer counts', async () => {
    const cleo = stack.slack.seedUser({
      id: 'U0FBCLEO01',
      name: 'Cleo Joiner',
      email: emailOf('Cleo Joiner'),
    });
    const joined = DateTime.now();
    const answer = await stack.form({
      form: 'join',
      responseId: '2_ABfeedbackjoin1',
      submittedAt: joined.toISO(),
      answers: { Name: 'Cleo Joiner', Email: cleo.email, 'I agree to the ground rules': 'Yes' },
    });
    expect(answer.status, answer.text).toBe(202);
    const member = await waitFor('Cleo’s member row', () =>
      rows('Members').find((m) => m.Name === 'Cleo Joiner'),
    );
    const memberId = String(member['Member ID']);
    // Settings → Follow-up after days is 7: the tick on that day sends it.
    await tick(joined.plus({ days: 7, minutes: 5 }));
    const followUp = await waitFor('the follow-up', () =>
      dmStarting(cleo, 'Hi Cleo Joiner, how is it going?'),
    );
    expectFeedbackButtons(followUp, memberId);
    const on = { channel: followUp.channel, ts: followUp.ts };

    // Someone else's click changes nothing.
    let since = stack.slack.calls.length;
    await send(click(bob, 'feedback:ok', memberId, on));
    await stack.idle();
    expect(ephemeralsTo(bob, since)).toEqual([
      'Only the person this message was sent to can answer it, so nothing changed.',
    ]);
    expect(rows('Feedback')).toEqual([]);

    await send(click(cleo, 'feedback:loved', memberId, on));
    const feedback = await waitFor('the joining rating', () =>
      rows('Feedback').find((f) => f.About === 'Joining'),
    );
    expect(feedback).toMatchObject({
      'Feedback ID': 'FB-1',
      About: 'Joining',
      Rating: 'Loved it',
      Contact: null,
    });
    const edited = await waitFor('the follow-up edited', () =>
      stack.slack.callsTo('chat.update').find((c) => accepted(c) && c.args.ts === followUp.ts),
    );
    expect(String(edited.args.text)).toContain('Thanks for telling us how it’s going, Cleo Joiner!');
    expect(buttonsOf(edited.args)).toEqual([['feedback:tell', memberId]]);
    // Nothing in the sheet says whose it is: no row but the follow-up's own names Cleo beside it.
    for (const tab of ['Feedback', 'Audit']) {
      const text = JSON.stringify(rows(tab).filter((r) => JSON.stringify(r).includes('FB-1')));
      for (const secret of [cleo.id, memberId, cleo.email as string, 'Cleo'])
        expect(text).not.toContain(secret);
    }

    // A second click (on a message not yet edited, say): the first answer counts.
    since = stack.slack.calls.length;
    await send(click(cleo, 'feedback:not-for-me', memberId, on));
    await stack.idle();
    expect(ephemeralsTo(cleo, since)).toEqual([expect.stringContaining('You’ve already answered this one')]);
    expect(rows('Feedback')).toHaveLength(1);
  });
});

describe('after an event', () => {
  it('the thank-you’s buttons rate the event on the RSVP; Tell the organizers… makes one Feedback row', async () => {
    // An event typed by hand, announced by the ticks, and Ada going.
    appendByHand(stack.sheets, 'Events', [
      {
        Title: 'Feedback evening',
        Starts: '2027-02-10 18:30',
        Ends: '2027-02-10 20:30',
        Capacity: 10,
        Status: 'Announced',
        Channel: '#events',
      },
    ]);
    const eventRow = () => rows('Events').find((e) => e.Title === 'Feedback evening') as Row;
    await tick();
    await tick();
    const announcement = messageOf(
      await waitFor('the announcement', () => eventRow()?.['Slack message'] || undefined),
    );
    expect(announcement.channel).toBe(events.id);
    const eventId = String(eventRow()['Event ID']);
    await send(buttonClick({ user: ada.id, action: 'rsvp:yes', value: eventId, message: announcement }));
    const rsvp = await waitFor('Ada’s seat', () =>
      rows('RSVPs').find((r) => r['Event ID'] === eventId && r.Status === 'Confirmed'),
    );
    const rsvpId = String(rsvp['RSVP ID']);
    await outboxSettled(stack, ZONE);

    // The event ends: Done, and Ada is thanked, with the four buttons about her RSVP.
    await tick(DateTime.fromISO('2027-02-10T21:00', { zone: ZONE }));
    const thanks = await waitFor('the thank-you', () =>
      dmStarting(ada, 'Thanks for coming to Feedback evening'),
    );
    expect(eventRow().Status).toBe('Done');
    expectFeedbackButtons(thanks, rsvpId);
    const on = { channel: thanks.channel, ts: thanks.ts };

    // Loved it: on her RSVP, and the event's Rating and Ratings follow; a reply only she sees.
    let since = stack.slack.calls.length;
    await send(click(ada, 'feedback:loved', rsvpId, on));
    await waitFor(
      'the rating',
      () => rows('RSVPs').find((r) => r['RSVP ID'] === rsvpId)?.Rating === 'Loved it',
    );
    await stack.idle();
    expect(eventRow()).toMatchObject({ Rating: 3, Ratings: 1 });
    expect(ephemeralsTo(ada, since)).toEqual([
      'Thanks! You rated Feedback evening: Loved it. Changed your mind? Tap another answer.',
    ]);

    // Bob cannot rate Ada's RSVP.
    since = stack.slack.calls.length;
    await send(click(bob, 'feedback:not-for-me', rsvpId, on));
    await stack.idle();
    expect(ephemeralsTo(bob, since)).toEqual([
      'Only the person this message was sent to can answer it, so nothing changed.',
    ]);
    expect(rows('RSVPs').find((r) => r['RSVP ID'] === rsvpId)?.Rating).toBe('Loved it');

    // Tell the organizers…: the modal opens within the click's request; its submission is one Feedback row.
    const trigger = stack.slack.issueTriggerId();
    since = stack.slack.calls.length;
    await send(click(ada, 'feedback:tell', rsvpId, on, trigger));
    const opened = stack.slack.calls.slice(since).find((c) => c.method === 'views.open');
    expect(opened && accepted(opened)).toBe(true);
    expect(opened?.args.trigger_id).toBe(trigger);
    const view = opened?.args.view as Record<string, unknown>;
    expect(view.callback_id).toBe('feedback');
    const words = 'The second talk ran long; =SUM(A1) stays text';
    const submitted = submission(ada, view, words, true);
    since = stack.slack.calls.length;
    await send(submitted);
    const row = await waitFor('the Feedback row', () => rows('Feedback').find((f) => f.About === eventId));
    expect(row).toMatchObject({ About: eventId, Rating: 'Loved it', Feedback: words, Contact: ada.id });
    await stack.idle();
    expect(ephemeralsTo(ada, since)).toEqual([
      'Thanks! Your words reached the organizers, with your name so they can reply.',
    ]);
    const note = stack.slack
      .callsTo('chat.postMessage')
      .filter(
        (c) =>
          accepted(c) &&
          c.args.channel === stack.leaders.id &&
          String(c.args.text).includes(String(row['Feedback ID'])),
      );
    expect(note).toHaveLength(1);

    // Delivered again (Slack's retry, and the task re-delivered past the door): no second row, no second note.
    await send(submitted);
    const work = {
      kind: 'feedback_view',
      identity: `slack:view:V0FEEDBK${String(views).padStart(3, '0')}`,
      receivedAt: new Date().toISOString(),
      user: ada.id,
      channel: thanks.channel,
      messageTs: thanks.ts,
      about: rsvpId,
      feedback: words,
      contact: true,
    };
    const again = await redeliver(stack, work);
    expect(again.status, again.text).toBe(200);
    expect(again.json).toMatchObject({ status: 'duplicate' });
    await stack.idle();
    expect(rows('Feedback').filter((f) => f.About === eventId)).toHaveLength(1);
    expect(
      stack.slack
        .callsTo('chat.postMessage')
        .filter((c) => String(c.args.text).includes(String(row['Feedback ID']))),
    ).toHaveLength(1);

    // Her words are in the Feedback row and nowhere else: not in Audit, the Outbox, a Slack message or a log line.
    const elsewhere = JSON.stringify([rows('Audit'), rows('Outbox')]);
    expect(elsewhere).not.toContain('second talk');
    for (const c of stack.slack.calls) expect(JSON.stringify(c.args)).not.toContain('second talk');
    for (const line of logLines) expect(line).not.toContain('second talk');

    // An organizer changes her rating by hand: the event's Rating follows at the next tick.
    editByHand(stack.sheets, 'RSVPs', 'RSVP ID', rsvpId, { Rating: 'It was OK' });
    await tick();
    await waitFor('the event’s Rating to follow', () => eventRow().Rating === 2);
    expect(eventRow().Ratings).toBe(1);
  });
});
