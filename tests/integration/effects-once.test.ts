/**
 * A cause delivered again has one effect: a relayed form submission sent twice (with a responseId, or as the
 * same namedValues without one), a Slack event re-sent with X-Slack-Retry-Num. Invalid answers are answered
 * 422 with the field errors and still put on record.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportInput } from '../fakes/inputs.js';
import {
  appendByHand,
  mentions,
  NOTE_ACTION,
  NOTE_KIND,
  noteAnswers,
  noteIncident,
  noteIncidents,
  noteMessages,
  notePosts,
  noteRow,
  noteRows,
  noteWorkAnswers,
  permalinkOf,
  post,
  postedTexts,
  rowsOf,
  SCHEDULER_TOKEN,
  type Stack,
  slackFixture,
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
const outboxAbout = (about: string) => rowsOf(stack.sheets, 'Outbox').filter((r) => r.About === about);
const postsOf = (text: string) => postedTexts(stack.slack).filter((t) => t === text);

/** Waits until the cause’s message is marked Sent and the stack is idle: any second effect would show. */
async function settled(about: string): Promise<void> {
  await waitFor(`the Outbox row "${about}" to be Sent`, () =>
    outboxAbout(about).some((r) => r.Status === 'Sent'),
  );
  await stack.idle();
}

/** The same for a note: waits until the post about `name` is marked Sent, and the stack is idle. */
async function noteSettled(name: string): Promise<void> {
  await waitFor(`the post about "${name}" to be Sent`, () => noteRow(stack.sheets, name)?.Status === 'Sent');
  await stack.idle();
}

/** One note about `name`, whose work had `identity`: one Incidents, Audit and Outbox row, one post. */
function expectOneNote(name: string, identity: string): void {
  const incidents = noteIncidents(stack.sheets, name);
  expect(incidents).toHaveLength(1);
  const id = String(incidents[0]?.['Incident ID']);
  expect(id).toMatch(/^IN-\d+$/);
  expect(auditWithKey(identity)).toEqual([
    expect.objectContaining({ Action: NOTE_ACTION, Actor: '(confidential)', Target: id }),
  ]);
  expect(noteRows(stack.sheets, name)).toEqual([
    expect.objectContaining({ Kind: NOTE_KIND, To: '#leaders', About: id, Status: 'Sent', Attempts: 1 }),
  ]);
  const posts = notePosts(stack.slack, name);
  expect(posts).toHaveLength(1);
  expect(posts[0]?.args.channel).toBe(stack.leaders.id);
  expect(mentions(posts[0]?.args.text, id), `the post names ${id}`).toBe(true);
  const messages = noteMessages(stack.slack, name);
  expect(messages).toHaveLength(1);
  expect(noteIncident(stack.sheets, name)?.['Slack message']).toBe(messages[0] && permalinkOf(messages[0]));
}

describe('a form submission relayed twice', () => {
  it('with the same responseId: one Audit row, one Outbox row, one Slack post', async () => {
    const body = {
      form: 'report',
      responseId: '2_ABaOnudTwice1',
      submittedAt: '2026-11-26T09:21:07.455Z',
      answers: noteAnswers('Grace Hopper'),
    };
    const first = await stack.form(body);
    const again = await stack.form(body);
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    expect(first.json.identity).toBe('form:2_ABaOnudTwice1');
    expect(again.json.identity).toBe(first.json.identity);

    await noteSettled('Grace Hopper');
    // A third relay once the first is in the sheet, and the same work re-delivered straight to the writer
    // (as Cloud Tasks would after a lost answer, past the door's memory): the writer recognises the cause.
    expect((await stack.form(body)).status).toBe(202);
    const redelivered = await post(
      `${stack.url.writer}/work`,
      JSON.stringify(
        reportInput(
          { identity: 'form:2_ABaOnudTwice1', submittedAt: body.submittedAt },
          noteWorkAnswers('Grace Hopper'),
        ),
      ),
      { 'Content-Type': 'application/json', Authorization: `Bearer ${SCHEDULER_TOKEN}` },
    );
    expect(redelivered.status).toBe(200);
    expect(redelivered.json).toMatchObject({ identity: 'form:2_ABaOnudTwice1', status: 'duplicate' });
    await stack.idle();

    expectOneNote('Grace Hopper', 'form:2_ABaOnudTwice1');
  });

  it('as the same namedValues without a responseId: one effect, keyed by the content identity', async () => {
    const body = {
      form: 'report',
      submittedAt: '2026-11-26T09:25:31Z',
      namedValues: {
        Timestamp: ['11/26/2026 10:25:31'],
        'Who or what is this about?': ['Katherine Johnson'],
        'What happened?': ['Spam in #general'],
      },
    };
    const first = await stack.form(body);
    const again = await stack.form(body);
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    const identity = first.json.identity as string;
    expect(identity).toMatch(/^form:report:2026-11-26T09:25:31Z:[0-9a-f]{16}$/);
    expect(again.json.identity).toBe(identity);

    await noteSettled('Katherine Johnson');
    expectOneNote('Katherine Johnson', identity);
  });
});

describe('a Slack event delivered again', () => {
  it('with X-Slack-Retry-Num: 1 and the same event_id: acknowledged, one effect', async () => {
    // The person who joins Slack is a member already (pasted in by an organizer, with the ID Hearth gave).
    appendByHand(stack.sheets, 'Members', [
      { 'Member ID': 'M-900', Name: 'Sherlock Holmes', Email: 'sherlock@example.com', Status: 'Active' },
    ]);
    const event = slackFixture('team_join.json');
    const first = await stack.slackRequest(event);
    const retry = await stack.slackRequest(event, { retryNum: 1 });
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);

    const linked = () => rowsOf(stack.sheets, 'Members').find((r) => r['Member ID'] === 'M-900');
    await waitFor('the member to be linked', () => linked()?.['Slack ID'] === 'U123ABC456');
    // Slack's second retry comes minutes later, once the first delivery is in the sheet.
    expect((await stack.slackRequest(event, { retryNum: 2 })).status).toBe(200);
    await stack.idle();

    const audit = auditWithKey('slack:event:Ev123ABC456');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ Action: 'member.linked', Actor: 'U123ABC456', Target: 'M-900' });
    // A member added by hand is an existing member: linked, never welcomed.
    expect(stack.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'U123ABC456')).toEqual(
      [],
    );
  });
});

describe('invalid answers', () => {
  it('are answered 422 with the field errors, and still recorded', async () => {
    const body = {
      form: 'join',
      responseId: '2_ABaOnudInvalid1',
      submittedAt: '2026-11-26T09:30:00Z',
      answers: { Name: 'Mallory', Email: 'not an email', 'I agree to the ground rules': 'No' },
    };
    const answer = await stack.form(body);
    expect(answer.status).toBe(422);
    expect(answer.json).toMatchObject({ error: 'some answers are not valid', recorded: true });
    expect(Object.keys(answer.json.fields).sort()).toEqual(['Email', 'I agree to the ground rules']);
    expect(answer.json.fields['I agree to the ground rules']).toMatch(/ground rules must be accepted/);

    const audit = await waitFor('the Audit row form.join.invalid', () => {
      const rows = auditWithKey('form:2_ABaOnudInvalid1');
      return rows.length > 0 && rows;
    });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ Action: 'form.join.invalid', Target: 'join form' });
    expect(String(audit[0]?.Details)).toMatch(/^Email: .*; I agree to the ground rules: /);

    const about = 'A join form submission could not be used (2 problems); see Audit.';
    await settled(about);
    expect(postsOf(about)).toHaveLength(1);
  });
});
