import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { DateTime } from 'luxon';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeError, SlackError } from '../common/errors.js';
import type { Chat } from '../functions/chat.js';
import { type ChatLogEntry, createSlackChat } from '../functions/chat-slack.js';
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
    now: () => DateTime.fromMillis(clock.t),
    sleep: async (ms: number) => {
      clock.sleeps.push(ms);
      clock.t += ms;
      clock.wakes.push(clock.t - start);
    },
  };
  return clock;
}

async function caught(promise: Promise<unknown>): Promise<SlackError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof SlackError)) throw new Error(`expected a SlackError, got ${inspect(error)}`);
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

function slackChat(
  options: { token?: string; retries?: number; apiUrl?: string; timeoutMs?: number } = {},
): Chat {
  return createSlackChat({
    token: new Secret(options.token ?? fake.token),
    apiUrl: options.apiUrl ?? fake.apiUrl,
    log: (entry) => logs.push(entry),
    clock,
    ...(options.retries === undefined ? {} : { retries: options.retries }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
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

  const api = async (method: string, args: Record<string, unknown>) =>
    (await (
      await fetch(`${fake.apiUrl}${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${fake.token}` },
        body: JSON.stringify(args),
      })
    ).json()) as Record<string, unknown> & { view?: Record<string, unknown> };

  it('keeps modals: views.update needs a known view and the current hash when given one', async () => {
    const view = { type: 'modal', title: { type: 'plain_text', text: 'One' }, blocks: [] };
    const opened = (await api('views.open', { trigger_id: fake.issueTriggerId(), view })).view ?? {};
    expect(opened).toMatchObject({ id: expect.stringMatching(/^V/), hash: expect.any(String), ...view });

    const two = { ...view, title: { type: 'plain_text', text: 'Two' } };
    expect(await api('views.update', { view_id: 'V0NOSUCH01', view: two })).toEqual({
      ok: false,
      error: 'not_found',
    });
    expect(await api('views.update', { view_id: opened.id, hash: 'stale', view: two })).toEqual({
      ok: false,
      error: 'hash_conflict',
    });
    const updated = await api('views.update', { view_id: opened.id, hash: opened.hash, view: two });
    expect(updated).toMatchObject({ ok: true, view: { id: opened.id, title: two.title } });
    expect(fake.viewOf(String(opened.id))).toEqual(updated.view);
  });

  it('tracks members: conversations.kick removes one, not_in_channel when they or the bot are not in', async () => {
    const ana = fake.seedUser({ id: 'U0ANA00001' });
    const bo = fake.seedUser({ id: 'U0BO000001' });
    const board = fake.seedChannel({ name: 'board', members: [ana.id] });
    expect(await api('conversations.kick', { channel: board.id, user: bo.id })).toEqual({
      ok: false,
      error: 'not_in_channel',
    });
    expect(await api('conversations.kick', { channel: board.id, user: ana.id })).toEqual({ ok: true });
    expect(fake.membersOf('#board')).toEqual([fake.botUserId]);

    board.is_member = false;
    expect(fake.membersOf('#board')).toEqual([]);
    board.members.add(bo.id);
    expect(await api('conversations.kick', { channel: board.id, user: bo.id })).toEqual({
      ok: false,
      error: 'not_in_channel',
    });
    expect(await api('conversations.kick', { channel: board.id, user: 'U0NOBODY01' })).toEqual({
      ok: false,
      error: 'user_not_found',
    });
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

  it("turns Slack's channel_not_found and not_in_channel into SlackErrors that say how to fix them", async () => {
    const missing = await caught(chat.post({ channel: 'C0NOSUCH01', text: 'hi' }));
    expect(missing).toMatchObject({
      code: 'CHANNEL_NOT_FOUND',
      retryable: false,
      slackError: 'channel_not_found',
    });
    expect(describeError(missing)).toContain('/invite @Hearth');

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

    // A reply goes where the click was: the channel ID Slack gave with it.
    await chat.postEphemeral({ channel: volunteers.id, user: ana.id, text: 'Only you can see this' });
    expect(fake.callsTo('chat.postEphemeral')[0]).toMatchObject({
      status: 200,
      args: { channel: volunteers.id, user: ana.id, text: 'Only you can see this' },
    });
  });

  it('uses an ID Slack returned as it is, never taking it for a channel name', async () => {
    // An ID Hearth would not recognise in what people type (no digit), as Slack may still hand one out.
    const letters = fake.seedChannel({ id: 'CQWERTYUIOP', name: 'letters', is_member: true });
    const ana = fake.seedUser({ id: 'U0ANA00001', name: 'Ana' });
    const posted = await chat.post({ channel: '#letters', text: 'Going?' });
    expect(posted.channel).toBe(letters.id);
    fake.calls.length = 0;
    await chat.update({ channel: posted.channel, ts: posted.ts, text: 'Going: 3' });
    await chat.postEphemeral({ channel: posted.channel, user: ana.id, text: 'Only you' });
    expect(fake.messages.get(`${letters.id}/${posted.ts}`)?.text).toBe('Going: 3');
    expect(fake.calls.map((c) => [c.method, c.args.channel])).toEqual([
      ['chat.update', letters.id],
      ['chat.postEphemeral', letters.id],
    ]);
  });

  it('opens a modal with a fresh trigger, answering its view ID, and explains an expired one', async () => {
    const view = { type: 'modal', title: { type: 'plain_text', text: 'Sign up' }, blocks: [] };
    const { viewId } = await chat.openModal(fake.issueTriggerId(), view);
    expect(viewId).toMatch(/^V[A-Z0-9]{8,}$/);
    expect(fake.callsTo('views.open')[0]).toMatchObject({ status: 200, args: { view } });
    expect(fake.viewOf(viewId)).toMatchObject({ id: viewId, title: view.title, hash: expect.any(String) });

    const error = await caught(chat.openModal(fake.issueTriggerId(Date.now() - 4_000), view));
    expect(error).toMatchObject({ code: 'SLACK_ERROR', slackError: 'expired_trigger_id', retryable: false });
    expect(error.hint).toContain('3 seconds');
  });

  it("updates an open modal by its view ID, and explains a view Slack doesn't know", async () => {
    const working = { type: 'modal', title: { type: 'plain_text', text: 'Report' }, blocks: [] };
    const { viewId } = await chat.openModal(fake.issueTriggerId(), working);
    const opened = fake.viewOf(viewId);
    const done = {
      type: 'modal',
      title: { type: 'plain_text', text: 'Report' },
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Sent to the moderators' } }],
    };
    await chat.updateView(viewId, done);

    expect(fake.callsTo('views.update')[0]).toMatchObject({
      status: 200,
      args: { view_id: viewId, view: done },
    });
    expect(fake.viewOf(viewId)).toMatchObject({ id: viewId, blocks: done.blocks });
    expect(fake.viewOf(viewId)?.hash).not.toBe(opened?.hash);

    const error = await caught(chat.updateView('V0NOSUCH01', done));
    expect(error).toMatchObject({ code: 'SLACK_ERROR', slackError: 'not_found', retryable: false });
    expect(error.hint).toContain('modal was closed');
  });

  describe('kick', () => {
    const ana = { id: 'U0ANA00001', name: 'Ana' };

    it('removes someone from a #name or an ID channel', async () => {
      fake.seedUser(ana);
      const board = fake.seedChannel({ name: 'board', members: [ana.id] });
      expect(fake.membersOf('#board')).toEqual([ana.id, fake.botUserId]);

      expect(await chat.kick('#board', ana.id)).toEqual({ ok: true });
      expect(fake.membersOf(board.id)).toEqual([fake.botUserId]);
      expect(fake.callsTo('conversations.kick')[0]?.args).toMatchObject({ channel: board.id, user: ana.id });
      expect(logs).toContainEqual(expect.objectContaining({ event: 'slack.kicked', channel: board.id }));

      fake.channels.get(volunteers.id)?.members.add(ana.id);
      expect(await chat.kick(volunteers.id, ana.id)).toEqual({ ok: true });
      expect(fake.membersOf(volunteers.id)).not.toContain(ana.id);
    });

    it('answers why when Slack will not, instead of throwing', async () => {
      fake.seedUser(ana);
      const outside = fake.seedChannel({ name: 'outside', is_member: false, members: [ana.id] });
      const secret = fake.seedChannel({
        name: 'secret',
        is_private: true,
        is_member: false,
        members: [ana.id],
      });
      const general = fake.seedChannel({ name: 'general', is_general: true, members: [ana.id] });
      const dm = (await chat.post({ channel: ana.id, text: 'hi' })).channel;

      const refusals = {
        notMember: await chat.kick('#volunteers', ana.id),
        botOutside: await chat.kick(outside.id, ana.id),
        privateUnseen: await chat.kick(secret.id, ana.id),
        unknownName: await chat.kick('#nowhere', ana.id),
        unknownId: await chat.kick('C0NOSUCH01', ana.id),
        self: await chat.kick('#volunteers', fake.botUserId),
        general: await chat.kick('#general', ana.id),
        nobody: await chat.kick('#volunteers', 'U0NOBODY01'),
        direct: await chat.kick(dm, ana.id),
      };
      for (const result of Object.values(refusals))
        expect(result).toEqual({ ok: false, reason: expect.any(String) });
      expect(refusals.notMember).toEqual(refusals.botOutside); // Slack says not_in_channel for both
      expect(refusals.notMember).toMatchObject({ reason: expect.stringContaining('not in that channel') });
      expect(refusals.privateUnseen).toEqual(refusals.unknownName);
      expect(refusals.unknownId).toEqual(refusals.unknownName);
      expect(refusals.self).toMatchObject({ reason: expect.stringContaining('itself') });
      expect(refusals.general).toMatchObject({ reason: expect.stringContaining('general') });
      expect(refusals.nobody).toMatchObject({ reason: 'Slack has no such person' });
      expect(refusals.direct).toMatchObject({ reason: expect.stringContaining('direct message') });
      expect(fake.membersOf(outside.id)).toEqual([ana.id]);
      expect(fake.membersOf(general.id)).toContain(ana.id);

      for (const [slackError, words] of [
        ['restricted_action', 'workspace setting'],
        ['missing_scope', 'channels:manage'],
        ['not_authorized', 'not allowed'],
      ] as const) {
        fake.failNext('conversations.kick', 1, slackError);
        expect(await chat.kick('#volunteers', ana.id)).toEqual({
          ok: false,
          reason: expect.stringContaining(words),
        });
      }
      expect(logs).toContainEqual(
        expect.objectContaining({ event: 'slack.kick_refused', slackError: 'cant_kick_self' }),
      );
    });

    it('still throws what may work later: rate limits, Slack trouble, the network', async () => {
      fake.seedUser(ana);
      fake.failNext('conversations.kick', 10, 'ratelimited');
      const limited = await caught(slackChat({ retries: 0 }).kick(volunteers.id, ana.id));
      expect(limited).toMatchObject({ code: 'RATE_LIMITED', retryable: true });

      fake.failNext('conversations.kick', 1, 'internal_error');
      expect(await caught(chat.kick(volunteers.id, ana.id))).toMatchObject({
        slackError: 'internal_error',
        retryable: true,
      });

      const unreachable = slackChat({ retries: 0, apiUrl: 'http://127.0.0.1:9/api/' });
      expect(await caught(unreachable.kick(volunteers.id, ana.id))).toMatchObject({
        code: 'SLACK_ERROR',
        retryable: true,
      });

      fake.failNext('conversations.kick', 0);
      fake.failNext('conversations.list', 1, 'internal_error');
      expect(await caught(chat.kick('#volunteers', ana.id))).toMatchObject({ retryable: true });
    });
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
    // Waited on the clock it was given: the Retry-After, one second.
    expect(clock.sleeps).toEqual([1_000]);
    expect(posted.channel).toBe(volunteers.id);
    expect(logs).toContainEqual(
      expect.objectContaining({
        event: 'slack.rate_limited',
        method: 'chat.postMessage',
        retryAfterSeconds: 1,
      }),
    );
  });

  it.each([
    ['answers after the client gave up', { landed: 600 } as const],
    ['drops the connection after posting', { landed: 'drop' } as const],
  ])(
    'never posts again when Slack %s: the post is in doubt, and found by its Message ID',
    async (_case, kind) => {
      fake.failNext('chat.postMessage', 1, kind);
      const chat = slackChat({ timeoutMs: 200 });
      const error = await caught(
        chat.post({ channel: volunteers.id, text: 'welcome', messageId: 'MSG-abc' }),
      );
      expect(error).toMatchObject({ code: 'SLACK_ERROR', inDoubt: true });
      expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
      const [landed] = [...fake.messages.values()].filter((m) => m.text === 'welcome');
      expect(landed?.metadata).toEqual({
        event_type: 'hearth_message',
        event_payload: { message_id: 'MSG-abc' },
      });
      const found = await chat.findPosted({
        channel: '#volunteers',
        messageId: 'MSG-abc',
        since: new Date(Date.now() - 60_000),
      });
      expect(found).toEqual({
        channel: volunteers.id,
        ts: landed?.ts,
        permalink: expect.stringContaining(volunteers.id),
      });
      expect(
        await chat.findPosted({
          channel: volunteers.id,
          messageId: 'MSG-other',
          since: new Date(Date.now() - 60_000),
        }),
      ).toBeUndefined();
    },
  );

  it('finds a DM in doubt through the DM channel with the person', async () => {
    const ada = fake.seedUser({ id: 'U07ADA00001', name: 'ada', email: 'ada@example.org' });
    const chat = slackChat();
    const posted = await chat.post({ channel: ada.id, text: 'hello', messageId: 'MSG-dm' });
    expect(
      await chat.findPosted({ channel: ada.id, messageId: 'MSG-dm', since: new Date(Date.now() - 60_000) }),
    ).toEqual(posted);
    expect(fake.callsTo('conversations.open')).toHaveLength(1);
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

  it('opens one group DM per set of people, the same one again for the same people, spaced for Slack’s Tier 3', async () => {
    const [ada, grace, hedy] = ['ada', 'grace', 'hedy'].map((name) => fake.seedUser({ name }).id);
    const one = await chat.openGroup([ada as string, grace as string]);
    const again = await chat.openGroup([grace as string, ada as string]);
    const other = await chat.openGroup([ada as string, grace as string, hedy as string]);
    expect(one).toMatch(/^G[A-Z0-9]{10}$/);
    expect(again).toBe(one);
    expect(other).not.toBe(one);
    expect(fake.callsTo('conversations.open').map((c) => c.args.users)).toEqual([
      [ada, grace].sort().join(','),
      [ada, grace].sort().join(','),
      [ada, grace, hedy].sort().join(','),
    ]);
    // About 50 a minute: 1.2 s between two, on the clock it was given.
    expect(clock.sleeps).toEqual([1_200, 1_200]);
    const posted = await chat.post({ channel: one, text: 'meet each other' });
    expect(posted.channel).toBe(one);
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

describe('a question’s thread, link and channel', () => {
  const ASKER = 'U07ADALOVEL';
  const OTHER = 'U07GRACEHOP';
  /** A question by Ada in #volunteers, and the thread's replies as [user, options]. */
  function thread(replies: [string | undefined, { bot?: boolean; subtype?: string }?][]) {
    const question = fake.seedMessage({ channel: volunteers.id, user: ASKER, text: 'Where do we meet?' });
    const posted = replies.map(([user, options = {}]) =>
      fake.seedMessage({
        channel: volunteers.id,
        text: 'a reply',
        thread_ts: question.ts,
        ...(user ? { user } : {}),
        ...options,
      }),
    );
    return { question, posted };
  }

  it.each([
    ['no reply', [], 'none'],
    ['only the asker replied', [[ASKER]], 'none'],
    ['a bot replied', [[undefined, { bot: true, subtype: 'bot_message' }]], 'none'],
    ['an app posting as a person’s bot user', [['U07SOMEBOT1', { bot: true }]], 'none'],
    ['someone joined the channel from the thread', [[OTHER, { subtype: 'channel_join' }]], 'none'],
    ['Slackbot', [['USLACKBOT']], 'none'],
    ['the asker, then someone else', [[ASKER], [OTHER]], 1],
    ['someone else, also sent to the channel', [[OTHER, { subtype: 'thread_broadcast' }]], 0],
  ] as const)('%s', async (_, replies, expected) => {
    const { question, posted } = thread(replies as never);
    const answer = await chat.firstReply({ channel: volunteers.id, ts: question.ts });
    if (expected === 'none') expect(answer).toEqual({ found: 'none', author: ASKER });
    else expect(answer).toEqual({ found: 'reply', user: OTHER, ts: posted[expected]?.ts });
  });

  it('reads a long thread page by page, and stops at the first reply', async () => {
    const { question } = thread(Array.from({ length: 250 }, () => [ASKER] as [string]));
    const reply = fake.seedMessage({
      channel: volunteers.id,
      user: OTHER,
      text: 'here',
      thread_ts: question.ts,
    });
    fake.seedMessage({
      channel: volunteers.id,
      user: 'U07KATJOHNS',
      text: 'and here',
      thread_ts: question.ts,
    });
    expect(await chat.firstReply({ channel: volunteers.id, ts: question.ts })).toEqual({
      found: 'reply',
      user: OTHER,
      ts: reply.ts,
    });
    expect(fake.callsTo('conversations.replies').map((c) => c.args.cursor ?? '')).toHaveLength(2);
  });

  it('a deleted question is gone; deleted with a reply left, that reply counts', async () => {
    const alone = thread([]);
    fake.deleteMessage(volunteers.id, alone.question.ts);
    expect(await chat.firstReply({ channel: volunteers.id, ts: alone.question.ts })).toEqual({
      found: 'gone',
    });

    const onlyAsker = thread([[ASKER]]);
    fake.deleteMessage(volunteers.id, onlyAsker.question.ts);
    expect(await chat.firstReply({ channel: volunteers.id, ts: onlyAsker.question.ts })).toEqual({
      found: 'gone',
    });

    const answered = thread([[OTHER]]);
    fake.deleteMessage(volunteers.id, answered.question.ts);
    expect(await chat.firstReply({ channel: volunteers.id, ts: answered.question.ts })).toMatchObject({
      found: 'reply',
      user: OTHER,
    });
  });

  it('waits out a 429, and throws what may work later', async () => {
    const { question, posted } = thread([[OTHER]]);
    fake.failNext('conversations.replies', 1, 'ratelimited');
    expect(await chat.firstReply({ channel: volunteers.id, ts: question.ts })).toMatchObject({
      found: 'reply',
      ts: posted[0]?.ts,
    });
    fake.failNext('conversations.replies', 1, 'internal_error');
    expect(await caught(chat.firstReply({ channel: volunteers.id, ts: question.ts }))).toMatchObject({
      retryable: true,
    });
    volunteers.is_member = false;
    expect(await caught(chat.firstReply({ channel: volunteers.id, ts: question.ts }))).toMatchObject({
      code: 'NOT_IN_CHANNEL',
    });
  });

  it('gives a message’s link and a channel’s name, or undefined when Slack has none', async () => {
    const { question } = thread([]);
    expect(await chat.permalink({ channel: volunteers.id, ts: question.ts })).toBe(
      `https://hearth-test.slack.com/archives/${volunteers.id}/p${question.ts.replace('.', '')}`,
    );
    expect(await chat.permalink({ channel: volunteers.id, ts: '1700000000.000001' })).toBeUndefined();
    expect(await chat.channelName(volunteers.id)).toBe('volunteers');
    const secret = fake.seedChannel({ name: 'secret', is_private: true, is_member: false });
    expect(await chat.channelName(secret.id)).toBeUndefined();
    expect(await chat.channelName('C0NOSUCH01')).toBeUndefined();
    fake.failNext('conversations.info', 1, 'internal_error');
    expect(await caught(chat.channelName(volunteers.id))).toMatchObject({ retryable: true });
  });
});

describe('a project’s channel', () => {
  it('is made once: a name taken by a channel Hearth made for it since adopts that one, any other is taken', async () => {
    const since = new Date(Date.now() - 5_000);
    const made = await chat.createChannel('community-garden', since);
    expect(made).toMatchObject({ ok: true, name: 'community-garden' });
    const id = made.ok ? made.id : '';
    expect(id).toMatch(/^C[A-Z0-9]{10}$/);
    // The same try again (its answer was lost): the channel Hearth made since is the one.
    expect(await chat.createChannel('community-garden', since)).toEqual({
      ok: true,
      id,
      name: 'community-garden',
    });
    // Made before this row was due, or by someone else: taken, for the next name.
    expect(await chat.createChannel('community-garden', new Date(Date.now() + 120_000))).toEqual({
      ok: false,
      taken: true,
    });
    expect(await chat.createChannel('volunteers', since)).toEqual({ ok: false, taken: true });
    expect(await chat.createChannel('volunteers')).toEqual({ ok: false, taken: true });
    expect(fake.calls.filter((c) => c.method === 'conversations.create')).toHaveLength(5);
  });
});
