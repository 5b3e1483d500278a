import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Chat } from '../functions/chat.js';
import { type ChatError, type ChatLogEntry, createSlackChat, isChatError } from '../functions/chat-slack.js';
import { Secret } from '../functions/config.js';
import { type FakeChannel, type SlackFake, startSlackFake } from './fakes/slack-fake.js';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/slack/${name}`, import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;

/** Virtual time for pacing: sleeping advances it at once; sleeps and wake-up times (from the start) are recorded. */
function fakeClock() {
  const start = 1_700_000_000_000;
  const clock = {
    t: start,
    sleeps: [] as number[],
    wakes: [] as number[],
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.sleeps.push(ms);
      clock.t += ms;
      clock.wakes.push(clock.t - start);
    },
  };
  return clock;
}

async function caught(promise: Promise<unknown>): Promise<ChatError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isChatError(error)) throw new Error(`expected a ChatError, got ${inspect(error)}`);
  return error;
}

const BLOCKS = [
  { type: 'section', text: { type: 'mrkdwn', text: '*Saturday* food bank shift' } },
  {
    type: 'actions',
    elements: [
      { type: 'button', action_id: 'approve', text: { type: 'plain_text', text: 'Approve' } },
      { type: 'button', action_id: 'decline', text: { type: 'plain_text', text: 'Decline' } },
    ],
  },
];

let fake: SlackFake;
let clock: ReturnType<typeof fakeClock>;
let logs: ChatLogEntry[];
let chat: Chat;
let volunteers: FakeChannel;

function slackChat(options: { token?: string; retries?: number; apiUrl?: string } = {}): Chat {
  return createSlackChat({
    token: new Secret(options.token ?? fake.token),
    apiUrl: options.apiUrl ?? fake.apiUrl,
    log: (entry) => logs.push(entry),
    clock,
    ...(options.retries === undefined ? {} : { retries: options.retries }),
  });
}

beforeEach(async () => {
  fake = await startSlackFake();
  // Enough channels that conversations.list takes two pages of 200.
  for (let i = 0; i < 210; i++) fake.seedChannel({ name: `team-${i}` });
  volunteers = fake.seedChannel({ name: 'volunteers' });
  clock = fakeClock();
  logs = [];
  chat = slackChat();
});

afterEach(async () => {
  await fake.close();
});

describe('the Slack fake', () => {
  it('answers like Slack: 200 with ok:false for errors, Bearer or form token, 429 with the recorded Retry-After', async () => {
    const post = (headers: Record<string, string>, body: string) =>
      fetch(`${fake.apiUrl}chat.postMessage`, { method: 'POST', headers, body });
    const form = { 'content-type': 'application/x-www-form-urlencoded' };

    const anonymous = await post(form, 'channel=C1&text=hi');
    expect([anonymous.status, await anonymous.json()]).toEqual([200, { ok: false, error: 'not_authed' }]);
    const wrong = await post({ ...form, authorization: 'Bearer xoxb-nope' }, 'channel=C1&text=hi');
    expect(await wrong.json()).toEqual({ ok: false, error: 'invalid_auth' });

    const missing = await post(
      { 'content-type': 'application/json', authorization: `Bearer ${fake.token}` },
      JSON.stringify({ channel: 'C0NOSUCH01', text: 'hi' }),
    );
    expect(await missing.json()).toEqual(fixture('chat.postMessage.error.channel_not_found.json'));

    const ok = await post(form, `token=${fake.token}&channel=${volunteers.id}&text=hi`);
    expect(await ok.json()).toMatchObject({
      ok: true,
      channel: volunteers.id,
      message: { type: 'message', text: 'hi' },
    });

    fake.failNext('chat.postMessage', 1);
    const limited = await post(form, `token=${fake.token}&channel=${volunteers.id}&text=hi`);
    const recorded = fixture('ratelimited.429.json') as { headers: Record<string, string>; body: unknown };
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe(recorded.headers['retry-after']);
    expect(await limited.json()).toEqual(recorded.body);
    expect(fake.calls.map((c) => c.args.token)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('createSlackChat', () => {
  it('posts to a #name, resolving the ID with one paginated listing, and returns the permalink', async () => {
    const first = await chat.post({ channel: '#volunteers', text: 'Saturday shift', blocks: BLOCKS });
    const second = await chat.post({ channel: '#Volunteers', text: 'Sunday shift' });

    expect(fake.callsTo('conversations.list')).toHaveLength(2); // two pages, listed once
    expect(fake.callsTo('conversations.list')[0]?.args).toMatchObject({
      types: 'public_channel,private_channel',
    });
    expect(first.channel).toBe(volunteers.id);
    expect(second.channel).toBe(volunteers.id);
    expect(first.permalink).toBe(
      `https://hearth-test.slack.com/archives/${volunteers.id}/p${first.ts.replace('.', '')}`,
    );
    const posted = fake.callsTo('chat.postMessage')[0]?.args;
    expect(posted).toMatchObject({ channel: volunteers.id, text: 'Saturday shift', blocks: BLOCKS });
    expect(fake.messages.get(`${volunteers.id}/${second.ts}`)?.text).toBe('Sunday shift');
  });

  it('lists channels once more on a miss, finding a channel made since', async () => {
    await chat.post({ channel: '#volunteers', text: 'one' });
    const kitchen = fake.seedChannel({ name: 'kitchen', is_private: true });
    const posted = await chat.post({ channel: '#kitchen', text: 'two' });
    expect(posted.channel).toBe(kitchen.id);
    expect(fake.callsTo('conversations.list')).toHaveLength(4);
  });

  it('reports a #name that does not exist as CHANNEL_NOT_FOUND with a hint', async () => {
    const error = await caught(chat.post({ channel: '#nowhere', text: 'hi' }));
    expect(error).toMatchObject({ code: 'CHANNEL_NOT_FOUND', retryable: false });
    expect(error.hint).toContain('/invite @Hearth');
    expect(fake.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it("turns Slack's channel_not_found and not_in_channel into ChatErrors that say how to fix them", async () => {
    const missing = await caught(chat.post({ channel: 'C0NOSUCH01', text: 'hi' }));
    expect(missing).toMatchObject({
      code: 'CHANNEL_NOT_FOUND',
      retryable: false,
      slackError: 'channel_not_found',
    });
    expect(missing.message).toContain('/invite @Hearth');

    const outside = fake.seedChannel({ name: 'board', is_member: false });
    const notIn = await caught(chat.post({ channel: '#board', text: 'hi' }));
    expect(notIn).toMatchObject({
      code: 'NOT_IN_CHANNEL',
      hint: 'Invite the bot in that channel with /invite @Hearth',
    });
    expect(fake.callsTo('chat.postMessage')[1]?.args.channel).toBe(outside.id);
  });

  it('sends a DM to a user ID and answers with the D… channel', async () => {
    const ana = fake.seedUser({ id: 'U0ANA00001', email: 'ana@example.org', name: 'Ana' });
    const posted = await chat.post({ channel: ana.id, text: 'Your shift is tomorrow' });
    expect(posted.channel).toMatch(/^D[A-Z0-9]{8,}$/);
    expect(fake.messages.get(`${posted.channel}/${posted.ts}`)?.text).toBe('Your shift is tomorrow');
    expect(posted.permalink).toContain(`/archives/${posted.channel}/`);
  });

  it('updates a message and posts an ephemeral one', async () => {
    const ana = fake.seedUser({ id: 'U0ANA00001', name: 'Ana' });
    const posted = await chat.post({ channel: '#volunteers', text: 'Approve?', blocks: BLOCKS });
    await chat.update({ channel: posted.channel, ts: posted.ts, text: 'Approved by Ana', blocks: [] });
    expect(fake.messages.get(`${posted.channel}/${posted.ts}`)?.text).toBe('Approved by Ana');

    await chat.postEphemeral({ channel: '#volunteers', user: ana.id, text: 'Only you can see this' });
    expect(fake.callsTo('chat.postEphemeral')[0]).toMatchObject({
      status: 200,
      args: { channel: volunteers.id, user: ana.id, text: 'Only you can see this' },
    });
  });

  it('opens a modal with a fresh trigger and explains an expired one', async () => {
    const view = { type: 'modal', title: { type: 'plain_text', text: 'Sign up' }, blocks: [] };
    await chat.openModal(fake.issueTriggerId(), view);
    expect(fake.callsTo('views.open')[0]).toMatchObject({ status: 200, args: { view } });

    const error = await caught(chat.openModal(fake.issueTriggerId(Date.now() - 4_000), view));
    expect(error).toMatchObject({ code: 'SLACK_ERROR', slackError: 'expired_trigger_id', retryable: false });
    expect(error.hint).toContain('3 seconds');
  });

  it('looks users up by email, undefined when Slack has nobody', async () => {
    fake.seedUser({ id: 'U0ANA00001', email: 'ana@example.org', name: 'Ana' });
    expect(await chat.lookupUserByEmail('ana@example.org')).toEqual({
      id: 'U0ANA00001',
      email: 'ana@example.org',
      name: 'Ana',
      deleted: false,
    });
    expect(await chat.lookupUserByEmail('nobody@example.org')).toBeUndefined();
  });

  it('waits out a 429 for its Retry-After, then succeeds', async () => {
    fake.failNext('chat.postMessage', 1, 'ratelimited');
    const posted = await chat.post({ channel: volunteers.id, text: 'hi' });

    const [limited, retried] = fake.callsTo('chat.postMessage');
    expect([limited?.status, retried?.status]).toEqual([429, 200]);
    expect((retried?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(1_000);
    expect(posted.channel).toBe(volunteers.id);
    expect(logs).toContainEqual(
      expect.objectContaining({
        event: 'slack.rate_limited',
        method: 'chat.postMessage',
        retryAfterSeconds: 1,
      }),
    );
  });

  it('turns a 429 that outlasts the retries into a retryable RATE_LIMITED error', async () => {
    fake.failNext('chat.postMessage', 10, 'ratelimited');
    const error = await caught(slackChat({ retries: 1 }).post({ channel: volunteers.id, text: 'hi' }));
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
    expect(fake.callsTo('chat.postMessage')).toHaveLength(2);
  });

  it('spaces posts to one channel by a second, leaving other channels alone', async () => {
    const other = fake.seedChannel({ name: 'kitchen' });
    await chat.post({ channel: volunteers.id, text: 'one' });
    await chat.post({ channel: volunteers.id, text: 'two' });
    expect(clock.sleeps).toEqual([1_000]);

    await chat.post({ channel: other.id, text: 'elsewhere' });
    expect(clock.sleeps).toEqual([1_000]);

    clock.t += 400; // time that passed anyway counts towards the gap
    await chat.post({ channel: volunteers.id, text: 'three' });
    expect(clock.sleeps).toEqual([1_000, 600]);
  });

  it('queues concurrent posts to one channel in order', async () => {
    await Promise.all(['a', 'b', 'c'].map((text) => chat.post({ channel: volunteers.id, text })));
    expect(clock.wakes).toEqual([1_000, 2_000]);
    expect(fake.callsTo('chat.postMessage').map((c) => c.args.text)).toEqual(['a', 'b', 'c']);
  });

  it('never puts the token in an error or a log entry', async () => {
    const token = 'xoxb-0000-secret-token-value';
    const refused = await caught(slackChat({ token }).post({ channel: volunteers.id, text: 'hi' }));
    expect(refused).toMatchObject({ code: 'SLACK_ERROR', slackError: 'invalid_auth' });
    expect(refused.hint).toContain('SLACK_BOT_TOKEN');

    const missing = await caught(chat.post({ channel: 'C0NOSUCH01', text: 'hi' }));
    const unreachable = await caught(
      slackChat({ retries: 0, apiUrl: 'http://127.0.0.1:9/api/' }).post({
        channel: volunteers.id,
        text: 'hi',
      }),
    );
    expect(unreachable).toMatchObject({ code: 'SLACK_ERROR', retryable: true });

    for (const [error, secret] of [
      [refused, token],
      [missing, fake.token],
      [unreachable, fake.token],
    ] as const) {
      expect(`${error} ${inspect(error, { depth: 10 })} ${JSON.stringify(error)}`).not.toContain(secret);
    }
    expect(JSON.stringify(logs)).not.toContain(token);
    expect(JSON.stringify(logs)).not.toContain(fake.token);
  });
});
