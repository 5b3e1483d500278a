/**
 * The Slack door and the messages of the channels Hearth is in: a person's new question is handed over (where
 * and when, never the text nor who asked); everything else a busy channel sends (chatter, edits, deletions,
 * joins, bots, thread replies, DMs) is answered 200 and goes nowhere. Through the real door, over HTTP.
 */
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as functions from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clockAt } from '../common/clock.js';
import { Secret } from '../functions/config.js';
import { memoryLogger } from '../functions/log.js';
import { signSlackBody } from '../functions/signatures.js';
import { createSlackDoor } from '../functions/slack/door.js';
import { questionAsked } from '../functions/slack/listeners/question-message.js';
import type { HandOver, Work } from '../functions/work.js';

const SECRET = 'question-door-test-secret';
const MESSAGE = JSON.parse(
  readFileSync(new URL('./fixtures/slack/message.channels.json', import.meta.url), 'utf8'),
) as { event: Record<string, unknown>; event_id: string };
const CHANNEL = 'C07HELPDESK';
const TS = '1796230276.063000';

let server: Server;
let base: string;
const handed: Work[] = [];

beforeAll(async () => {
  const handOver: HandOver = {
    kind: 'in-process',
    handOver: async (work) => {
      handed.push(work);
    },
  };
  const door = createSlackDoor({
    signingSecret: new Secret(SECRET),
    botToken: undefined,
    apiUrl: undefined,
    handOver: async () => handOver,
    chat: async () => {
      throw new Error('the door asks Slack nothing for a message');
    },
    clock: clockAt(() => DateTime.utc()),
    log: memoryLogger(),
  });
  functions.http('question-door-test', (req, res) => door(req, res));
  server = getTestServer('question-door-test');
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  handed.length = 0;
});

/** The fixture's event with these fields changed (undefined removes one), as Slack signs and sends it. */
function messageEvent(changes: Record<string, unknown>, eventId = MESSAGE.event_id): string {
  const event: Record<string, unknown> = { ...MESSAGE.event, ...changes };
  for (const [key, value] of Object.entries(changes)) if (value === undefined) delete event[key];
  return JSON.stringify({ ...MESSAGE, event_id: eventId, event });
}

async function send(body: string, headers: Record<string, string> = {}) {
  const ts = Math.floor(Date.now() / 1000);
  const response = await fetch(base, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-Slack-Request-Timestamp': String(ts),
      'X-Slack-Signature': signSlackBody(SECRET, ts, body),
      ...headers,
    },
    body,
  });
  return { status: response.status, text: await response.text() };
}

const QUESTION = {
  kind: 'question_asked',
  identity: `slack:message:${CHANNEL}:${TS}`,
  channel: CHANNEL,
  ts: TS,
  askedAt: '2026-12-02T16:51:16.063Z',
};

describe('the Slack door and channel messages', () => {
  it.each([
    ['a question in a public channel', {}],
    ['a question in a private channel', { channel: 'G07PRIVATE1', channel_type: 'group' }],
    ['the first message of a thread (thread_ts is its own ts)', { thread_ts: TS }],
    [
      'an edited question, as first sent (edited: a field, no subtype)',
      { edited: { user: 'U07ADALOVEL', ts: TS } },
    ],
    ['a full-width question mark', { text: '木曜日の集まりはどこですか？' }],
  ])('%s: handed over, 200', async (_, changes) => {
    const answer = await send(messageEvent(changes));
    expect(answer.status).toBe(200);
    expect(handed).toHaveLength(1);
    const channel = (changes as { channel?: string }).channel ?? CHANNEL;
    expect(handed[0]).toMatchObject({ ...QUESTION, channel, identity: `slack:message:${channel}:${TS}` });
  });

  it.each([
    ['no question mark', { text: 'See you all on Thursday!' }],
    ['no text at all', { text: undefined }],
    ['an edit', { subtype: 'message_changed', message: { text: 'Where?', ts: TS }, user: undefined }],
    ['a deletion', { subtype: 'message_deleted', deleted_ts: TS, user: undefined }],
    ['someone joining', { subtype: 'channel_join', text: '<@U07ADALOVEL> has joined the channel?' }],
    ['a topic change', { subtype: 'channel_topic', text: 'Questions? Ask here' }],
    ['a bot’s post', { subtype: 'bot_message', bot_id: 'B07OTHERBOT', user: undefined }],
    ['an app posting as its bot user', { bot_id: 'B07OTHERBOT', bot_profile: { id: 'B07OTHERBOT' } }],
    ['Hearth’s own post', { bot_id: 'B07HEARTHBT', user: 'U07HEARTHBT', text: 'Going?' }],
    ['a reply in a thread', { thread_ts: '1796230000.000100', parent_user_id: 'U07GRACEHOP' }],
    ['a reply also sent to the channel', { subtype: 'thread_broadcast', thread_ts: '1796230000.000100' }],
    ['a file shared with a question', { subtype: 'file_share' }],
    ['a DM', { channel: 'D07ADALOVEL', channel_type: 'im' }],
    ['a group DM', { channel: 'G07GROUPDM1', channel_type: 'mpim' }],
    ['no user', { user: undefined }],
  ])('%s: 200, nothing handed over', async (_, changes) => {
    const answer = await send(messageEvent(changes));
    expect(answer.status).toBe(200);
    expect(handed).toEqual([]);
  });

  it('hands over where and when only: never the text, nor who asked', async () => {
    await send(messageEvent({}));
    const text = JSON.stringify(handed);
    expect(text).not.toContain('meetup');
    expect(text).not.toContain('U07ADALOVEL');
    expect(Object.keys(handed[0] ?? {}).sort()).toEqual([
      'askedAt',
      'channel',
      'identity',
      'kind',
      'receivedAt',
      'ts',
    ]);
  });

  it('a question Slack delivers again is the same work', async () => {
    await send(messageEvent({}));
    await send(messageEvent({}, 'Ev07QUESTIO2'), {
      'X-Slack-Retry-Num': '1',
      'X-Slack-Retry-Reason': 'http_timeout',
    });
    expect(handed).toHaveLength(2);
    expect(handed[1]?.identity).toBe(handed[0]?.identity);
  });
});

describe('questionAsked, the filter on its own', () => {
  it('reads nothing but the event', () => {
    expect(questionAsked({ event: MESSAGE.event }, '2026-12-02T16:51:17.000Z')).toMatchObject(QUESTION);
    expect(questionAsked({}, '2026-12-02T16:51:17.000Z')).toBeUndefined();
    expect(questionAsked({ event: { ...MESSAGE.event, ts: 'soon' } }, '')).toBeUndefined();
  });
});
