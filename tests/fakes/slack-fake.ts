import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback fake of the Slack Web API, answering the way Slack does (HTTP 200 with `ok:false` for errors,
 * 429 with Retry-After when rate limited), so the Slack adapter is tested through the real WebClient.
 * Test-side methods (seed*, failNext, issueTriggerId) play Slack's own state; they bypass latency and faults.
 */

export interface FakeChannel {
  id: string;
  name: string;
  /**
   * Whether the bot is in the channel: it can't post otherwise, and only sees private channels it is in.
   * The same as `members.has(botUserId)`; setting it adds or removes the bot.
   */
  is_member: boolean;
  is_private: boolean;
  /** The workspace's #general: nobody can be removed from it. */
  is_general?: boolean;
  /** User IDs in the channel, the bot's included when it is a member. */
  readonly members: Set<string>;
  /** Who made it (a user ID) and when (Unix seconds), as conversations.info says. */
  creator?: string;
  created?: number;
}

/** What seedChannel takes: `members` as a list of user IDs (the bot is added when `is_member`, the default). */
export type FakeChannelSeed = Partial<Omit<FakeChannel, 'members'>> & { name: string; members?: string[] };

/** A modal as Slack keeps it: the view sent, plus Slack's `id`, `hash`, `state`… */
export interface FakeView {
  id: string;
  hash: string;
  type: string;
  [field: string]: unknown;
}

export interface FakeUser {
  id: string;
  email?: string;
  name: string;
  deleted: boolean;
}

export interface FakeMessage {
  channel: string;
  ts: string;
  text: string;
  blocks?: unknown;
  thread_ts?: string;
  /** Message metadata as posted (`event_type`, `event_payload`). */
  metadata?: unknown;
  /** Who wrote it (the bot's ID for Hearth's posts); none for an integration's post. */
  user?: string;
  /** Set on a bot's post, Hearth's own included. */
  bot_id?: string;
  /** A message subtype (`bot_message`, `channel_join`, `thread_broadcast`…); none for a person's message. */
  subtype?: string;
  /** A reply's: who wrote the thread's first message (kept when that message is deleted). */
  parent_user_id?: string;
}

/**
 * What seedMessage takes: a message someone else wrote, top-level or a reply (`thread_ts`). `ts` defaults to
 * the next one the fake gives; `bot` makes it a bot's post (bot_id, no user unless given).
 */
export interface FakeMessageSeed {
  channel: string;
  text: string;
  user?: string;
  ts?: string;
  thread_ts?: string;
  bot?: boolean;
  subtype?: string;
}

export interface RecordedCall {
  method: string;
  /** The parsed arguments (JSON fields such as `blocks` and `view` decoded); never the token. */
  args: Record<string, unknown>;
  /** When the fake received it, on the fake's clock (ms). */
  at: number;
  /** What the fake answered: HTTP status and Slack's `error` when not ok. */
  status: number;
  error?: string;
}

/**
 * `ratelimited`: HTTP 429 with the recorded Retry-After; `{status}`: a bare HTTP error; `{landed}`: the call
 * takes effect, then its answer is lost (`'drop'`: the connection closes; a number: the answer comes that many
 * ms late, past a client's timeout); any other string: that Slack error.
 */
export type FailKind = 'ratelimited' | { status: number } | { landed: 'drop' | number } | (string & {});

export interface SlackFakeOptions {
  token?: string;
  /** Delay before every API answer. */
  latencyMs?: number;
  /** Clock for trigger expiry, timestamps and recorded calls. */
  now?: () => number;
  /** Page size of conversations.list when the caller gives no `limit` (Slack's default is 100). */
  defaultPageSize?: number;
  /** The app's Home tab is off: views.publish answers `not_enabled`, as Slack does. */
  homeTabOff?: boolean;
}

export interface SlackFake {
  /** Base URL for WebClient's `slackApiUrl`, ending in `/api/`. */
  apiUrl: string;
  /** The only token the fake accepts. */
  token: string;
  /** The bot's own user ID (auth.test). */
  botUserId: string;
  readonly calls: RecordedCall[];
  callsTo(method: string): RecordedCall[];
  readonly channels: Map<string, FakeChannel>;
  readonly users: Map<string, FakeUser>;
  /** Posted messages by `${channel}/${ts}`. */
  readonly messages: Map<string, FakeMessage>;
  seedChannel(channel: FakeChannelSeed): FakeChannel;
  /** The user IDs in a channel (by ID, or `#name`), the bot's included when it is a member. */
  membersOf(channel: string): string[];
  /** A modal's latest state (as views.open or the last views.update left it); undefined if never opened. */
  viewOf(viewId: string): FakeView | undefined;
  /** The App Home last published for a user (views.publish); undefined if never. */
  homeOf(user: string): FakeView | undefined;
  seedUser(user: Partial<FakeUser> & { email?: string }): FakeUser;
  /** A message as people and other apps post it (chat.postMessage is Hearth's own): what the threads read. */
  seedMessage(message: FakeMessageSeed): FakeMessage;
  /**
   * Deletes a message as its author would: gone, or, when it has replies, left as Slack's tombstone (a parent
   * with the subtype `tombstone`, from Slackbot); its replies keep `parent_user_id`.
   */
  deleteMessage(channel: string, ts: string): void;
  /** The next `count` calls of `method` fail as `kind`; `failNext(method, 0)` clears pending faults. */
  failNext(method: string, count: number, kind?: FailKind): void;
  /** A trigger_id as an interaction would hand the app, valid 3 s from `issuedAt` and usable once. */
  issueTriggerId(issuedAt?: number): string;
  setLatency(ms: number): void;
  close(): Promise<void>;
}

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/slack/${name}`, import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;
const RATE_LIMITED = fixture('ratelimited.429.json') as { headers: Record<string, string>; body: object };
const POSTED = fixture('chat.postMessage.ok.json') as { message: Record<string, unknown> };
const WORKSPACE_URL = 'https://hearth-test.slack.com/';
const TEAM_ID = 'T0HEARTH01';
const BOT_ID = 'B0HEARTH01';
const TRIGGER_LIFETIME_MS = 3_000;
/** Form fields that Slack decodes as JSON (WebClient sends objects this way). */
const JSON_FIELDS = new Set(['blocks', 'attachments', 'view', 'metadata']);

class SlackApiError extends Error {
  constructor(readonly error: string) {
    super(error);
  }
}

/** Slack IDs: a type letter and at least 8 more upper-case letters or digits. */
function newId(prefix: string): string {
  return prefix + randomBytes(5).toString('hex').toUpperCase();
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The call's arguments and its token (Authorization header, or a `token` form field as Slack also accepts). */
function parseRequest(req: IncomingMessage, url: URL, body: string) {
  const args: Record<string, unknown> = Object.fromEntries(url.searchParams);
  const type = req.headers['content-type'] ?? '';
  if (body && type.includes('application/json')) {
    try {
      Object.assign(args, JSON.parse(body));
    } catch {
      throw new SlackApiError('invalid_json');
    }
  } else if (body) {
    for (const [key, value] of new URLSearchParams(body)) {
      try {
        args[key] = JSON_FIELDS.has(key) ? JSON.parse(value) : value;
      } catch {
        throw new SlackApiError(key === 'blocks' ? 'invalid_blocks_format' : 'invalid_arguments');
      }
    }
  }
  const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
  const token =
    bearer ?? (type.includes('application/json') ? undefined : (args.token as string | undefined));
  delete args.token;
  return { args, token };
}

export async function startSlackFake(options: SlackFakeOptions = {}): Promise<SlackFake> {
  const token = options.token ?? `xoxb-${randomBytes(6).toString('hex')}-fake`;
  const now = options.now ?? Date.now;
  let latencyMs = options.latencyMs ?? 0;
  const calls: RecordedCall[] = [];
  const channels = new Map<string, FakeChannel>();
  const users = new Map<string, FakeUser>();
  const messages = new Map<string, FakeMessage>();
  const dms = new Map<string, string>(); // user ID → D… channel
  const groups = new Map<string, string>(); // sorted user IDs → G… group DM
  const triggers = new Map<string, { issuedAt: number; used: boolean }>();
  const views = new Map<string, FakeView>();
  const homes = new Map<string, FakeView>();
  const faults = new Map<string, { count: number; kind: FailKind }>();
  const bot: FakeUser = { id: 'U0HEARTHBOT', name: 'hearth', deleted: false };
  users.set(bot.id, bot);
  let lastTs = 0;

  /** Unique, increasing message timestamps like Slack's `seconds.micros`. */
  function nextTs(): string {
    lastTs = Math.max(lastTs + 1, now() * 1000);
    return `${Math.floor(lastTs / 1e6)}.${String(lastTs % 1e6).padStart(6, '0')}`;
  }

  function userById(id: unknown): FakeUser {
    const user = typeof id === 'string' ? users.get(id) : undefined;
    if (!user) throw new SlackApiError('user_not_found');
    return user;
  }

  /** A channel whose `is_member` reads and writes the bot's place in `members`. */
  function makeChannel(seed: FakeChannelSeed & { id: string }): FakeChannel {
    const { members: initial = [], is_member = true, ...rest } = seed;
    const members = new Set(initial);
    if (is_member) members.add(bot.id);
    return {
      is_private: false,
      ...rest,
      name: rest.name.replace(/^#/, ''),
      members,
      get is_member() {
        return members.has(bot.id);
      },
      set is_member(value: boolean) {
        if (value) members.add(bot.id);
        else members.delete(bot.id);
      },
    };
  }

  function openDm(userId: string): string {
    let id = dms.get(userId);
    if (!id) {
      id = newId('D');
      dms.set(userId, id);
      channels.set(id, makeChannel({ id, name: userId, is_private: true, members: [userId] }));
    }
    return id;
  }

  /** The group DM of these people with the bot: the same people, the same conversation. */
  function openGroup(users: string[]): string {
    const key = [...new Set(users)].sort().join(',');
    let id = groups.get(key);
    if (!id) {
      id = newId('G');
      groups.set(key, id);
      channels.set(
        id,
        makeChannel({ id, name: `mpdm-${key}`, is_private: true, members: [bot.id, ...users] }),
      );
    }
    return id;
  }

  /** A conversation ID the bot may write to: a channel ID, a DM ID, or a user ID (opens the DM). */
  function writableChannel(value: unknown): string {
    if (typeof value !== 'string' || value === '') throw new SlackApiError('channel_not_found');
    if (/^[UW]/.test(value) && users.has(value)) return openDm(value);
    const channel = channels.get(value);
    if (!channel) throw new SlackApiError('channel_not_found');
    if (!channel.is_member)
      throw new SlackApiError(channel.is_private ? 'channel_not_found' : 'not_in_channel');
    return channel.id;
  }

  function message(channel: unknown, ts: unknown): FakeMessage {
    const found = messages.get(`${String(channel)}/${String(ts)}`);
    if (!channels.has(String(channel))) throw new SlackApiError('channel_not_found');
    if (!found) throw new SlackApiError('message_not_found');
    return found;
  }

  const userObject = (user: FakeUser) => ({
    id: user.id,
    team_id: TEAM_ID,
    name: user.name,
    deleted: user.deleted,
    real_name: user.name,
    is_bot: user.id === bot.id,
    profile: { real_name: user.name, display_name: user.name, ...(user.email ? { email: user.email } : {}) },
  });

  const channelObject = (c: FakeChannel) => ({
    id: c.id,
    name: c.name,
    name_normalized: c.name,
    is_channel: !c.is_private,
    is_group: c.is_private,
    is_private: c.is_private,
    is_archived: false,
    is_general: c.is_general ?? false,
    is_member: c.is_member,
    creator: c.creator ?? 'U07WORKSPACE',
    created: c.created ?? 1_700_000_000,
  });

  /** A modal as views.open and views.update answer it. */
  function storeView(id: string, view: Record<string, unknown>): FakeView {
    const stored: FakeView = {
      team_id: TEAM_ID,
      type: 'modal',
      ...view,
      id,
      state: { values: {} },
      hash: nextTs(),
      root_view_id: id,
      previous_view_id: null,
      app_id: 'A0HEARTH01',
      bot_id: BOT_ID,
    };
    views.set(id, stored);
    return stored;
  }

  function modalView(value: unknown): Record<string, unknown> {
    const view = value as Record<string, unknown> | undefined;
    if (!view || typeof view !== 'object' || view.type !== 'modal')
      throw new SlackApiError('invalid_arguments');
    return view;
  }

  /** A channel whose messages the bot may read: it must be in it (a private one it is not in does not exist). */
  function readableChannel(value: unknown): FakeChannel {
    const channel = channels.get(String(value ?? ''));
    if (!channel || (channel.is_private && !channel.is_member)) throw new SlackApiError('channel_not_found');
    if (!channel.is_member) throw new SlackApiError('not_in_channel');
    return channel;
  }

  const isTopLevel = (m: FakeMessage) => !m.thread_ts || m.thread_ts === m.ts;

  /** The replies in a thread, oldest first. */
  const repliesTo = (channel: string, ts: string) =>
    [...messages.values()]
      .filter((m) => m.channel === channel && m.thread_ts === ts && m.ts !== ts)
      .sort((a, b) => Number(a.ts) - Number(b.ts));

  /** A message as the Web API shows it; a thread's parent with Slack's reply fields. */
  function messageObject(m: FakeMessage): Record<string, unknown> {
    const replies = isTopLevel(m) ? repliesTo(m.channel, m.ts) : [];
    return {
      type: 'message',
      ...(m.subtype ? { subtype: m.subtype } : {}),
      ...(m.user ? { user: m.user } : {}),
      ...(m.bot_id ? { bot_id: m.bot_id } : {}),
      text: m.text,
      ts: m.ts,
      ...(m.blocks ? { blocks: m.blocks } : {}),
      ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}),
      ...(replies.length > 0
        ? {
            thread_ts: m.ts,
            reply_count: replies.length,
            reply_users: [...new Set(replies.flatMap((r) => (r.user ? [r.user] : [])))],
            latest_reply: replies.at(-1)?.ts,
          }
        : {}),
      ...(m.parent_user_id ? { parent_user_id: m.parent_user_id } : {}),
    };
  }

  const methods: Record<string, (args: Record<string, unknown>) => Record<string, unknown>> = {
    'auth.test': () => ({
      url: WORKSPACE_URL,
      team: 'Hearth Test',
      user: bot.name,
      team_id: TEAM_ID,
      user_id: bot.id,
      bot_id: BOT_ID,
    }),

    'chat.postMessage': (args) => {
      const channel = writableChannel(args.channel);
      if (!args.text && !args.blocks) throw new SlackApiError('no_text');
      const ts = nextTs();
      const text = String(args.text ?? '');
      const thread = args.thread_ts ? { thread_ts: String(args.thread_ts) } : {};
      const metadata = args.metadata ? { metadata: args.metadata } : {};
      messages.set(`${channel}/${ts}`, {
        channel,
        ts,
        text,
        blocks: args.blocks,
        ...thread,
        ...metadata,
        user: bot.id,
        bot_id: BOT_ID,
      });
      // Shaped like the recorded answer, without its attachment.
      const { attachments: _, ...template } = POSTED.message;
      return {
        channel,
        ts,
        message: {
          ...template,
          text,
          ts,
          user: bot.id,
          ...(args.blocks ? { blocks: args.blocks } : {}),
          ...thread,
        },
      };
    },

    'chat.update': (args) => {
      const found = message(args.channel, args.ts);
      found.text = String(args.text ?? found.text);
      if (args.blocks) found.blocks = args.blocks;
      return {
        channel: found.channel,
        ts: found.ts,
        text: found.text,
        message: { text: found.text, user: bot.id },
      };
    },

    'chat.postEphemeral': (args) => {
      writableChannel(args.channel);
      const user = userById(args.user);
      if (user.deleted) throw new SlackApiError('user_not_found');
      if (!args.text && !args.blocks) throw new SlackApiError('no_text');
      return { message_ts: nextTs() };
    },

    'chat.getPermalink': (args) => {
      const found = message(args.channel, args.message_ts);
      const base = `${WORKSPACE_URL}archives/${found.channel}/p${found.ts.replace('.', '')}`;
      const thread = found.thread_ts ? `?thread_ts=${found.thread_ts}&cid=${found.channel}` : '';
      return { channel: found.channel, permalink: base + thread };
    },

    'views.open': (args) => {
      const trigger = triggers.get(String(args.trigger_id));
      if (!trigger) throw new SlackApiError('invalid_trigger_id');
      if (trigger.used) throw new SlackApiError('exchanged_trigger_id');
      if (now() - trigger.issuedAt > TRIGGER_LIFETIME_MS) throw new SlackApiError('expired_trigger_id');
      const view = modalView(args.view);
      trigger.used = true;
      return { view: storeView(newId('V'), view) };
    },

    'views.update': (args) => {
      if (!args.view_id && !args.external_id) throw new SlackApiError('invalid_arguments');
      const current = args.view_id
        ? views.get(String(args.view_id))
        : [...views.values()].find((v) => v.external_id === args.external_id);
      if (!current) throw new SlackApiError('not_found');
      if (args.hash !== undefined && args.hash !== current.hash) throw new SlackApiError('hash_conflict');
      return { view: storeView(current.id, modalView(args.view)) };
    },

    // A home is one per user; Slack checks the type, the 100-block limit and the 250 kB size.
    'views.publish': (args) => {
      if (options.homeTabOff) throw new SlackApiError('not_enabled');
      const user = userById(args.user_id);
      const view = args.view as Record<string, unknown> | undefined;
      if (view?.type !== 'home' || !Array.isArray(view.blocks) || view.blocks.length > 100)
        throw new SlackApiError('invalid_arguments');
      if (JSON.stringify(view).length > 250_000) throw new SlackApiError('view_too_large');
      const before = homes.get(user.id);
      const stored = storeView(before?.id ?? newId('V'), view);
      homes.set(user.id, stored);
      return { view: stored };
    },

    'users.lookupByEmail': (args) => {
      const email = String(args.email ?? '').toLowerCase();
      const user = [...users.values()].find((u) => u.email?.toLowerCase() === email);
      if (!user) throw new SlackApiError('users_not_found');
      return { user: userObject(user) };
    },

    'users.info': (args) => ({ user: userObject(userById(args.user)) }),

    'conversations.list': (args) => {
      const types = String(args.types ?? 'public_channel').split(',');
      // The bot sees every public channel but only the private channels it is in.
      const visible = [...channels.values()].filter(
        (c) =>
          !c.id.startsWith('D') &&
          (c.is_private
            ? types.includes('private_channel') && c.is_member
            : types.includes('public_channel')),
      );
      let start = 0;
      if (args.cursor) {
        const match = /^offset:(\d+)$/.exec(Buffer.from(String(args.cursor), 'base64').toString());
        if (!match) throw new SlackApiError('invalid_cursor');
        start = Number(match[1]);
      }
      const limit = Math.min(Number(args.limit) || options.defaultPageSize || 100, 1000);
      const end = start + limit;
      const next = end < visible.length ? Buffer.from(`offset:${end}`).toString('base64') : '';
      return {
        channels: visible.slice(start, end).map(channelObject),
        response_metadata: { next_cursor: next },
      };
    },

    'conversations.kick': (args) => {
      const channel = typeof args.channel === 'string' ? channels.get(args.channel) : undefined;
      if (!channel || (channel.is_private && !channel.is_member))
        throw new SlackApiError('channel_not_found');
      if (channel.id.startsWith('D')) throw new SlackApiError('method_not_supported_for_channel_type');
      const user = userById(args.user);
      if (user.id === bot.id) throw new SlackApiError('cant_kick_self');
      if (channel.is_general) throw new SlackApiError('cant_kick_from_general');
      // Slack answers not_in_channel both when the caller and when the person is not in the channel.
      if (!channel.is_member || !channel.members.has(user.id)) throw new SlackApiError('not_in_channel');
      channel.members.delete(user.id);
      return {};
    },

    // A new channel, the bot its first member (its creator); names checked as Slack checks them.
    'conversations.create': (args) => {
      const name = String(args.name ?? '');
      if (name === '') throw new SlackApiError('invalid_name_required');
      if (name.length > 80) throw new SlackApiError('invalid_name_maxlength');
      if (!/^[a-z0-9_-]+$/.test(name)) throw new SlackApiError('invalid_name_specials');
      if ([...channels.values()].some((c) => c.name === name)) throw new SlackApiError('name_taken');
      const id = newId('C');
      const channel = makeChannel({
        id,
        name,
        is_private: args.is_private === true || args.is_private === 'true',
        creator: bot.id,
        created: Math.floor(now() / 1000),
      });
      channels.set(id, channel);
      return { channel: channelObject(channel) };
    },

    // One or more people (comma-separated) added by a member of the channel.
    'conversations.invite': (args) => {
      const channel = typeof args.channel === 'string' ? channels.get(args.channel) : undefined;
      if (!channel || (channel.is_private && !channel.is_member))
        throw new SlackApiError('channel_not_found');
      if (!channel.is_member) throw new SlackApiError('not_in_channel');
      const ids = String(args.users ?? '')
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean);
      if (ids.length === 0) throw new SlackApiError('no_user');
      const people = ids.map((id) => userById(id));
      if (people.some((user) => user.id === bot.id)) throw new SlackApiError('cant_invite_self');
      if (people.every((user) => channel.members.has(user.id))) throw new SlackApiError('already_in_channel');
      for (const user of people) channel.members.add(user.id);
      return { channel: channelObject(channel) };
    },

    // Newest first, like Slack; metadata only with include_all_metadata. Pages by `cursor` (an offset).
    'conversations.history': (args) => {
      const channel = channels.get(String(args.channel ?? ''));
      if (!channel) throw new SlackApiError('channel_not_found');
      if (!channel.is_member) throw new SlackApiError('not_in_channel');
      const oldest = Number(args.oldest ?? 0);
      const withMetadata = args.include_all_metadata === true || args.include_all_metadata === 'true';
      const all = [...messages.values()]
        .filter((m) => m.channel === channel.id && isTopLevel(m) && Number(m.ts) > oldest)
        .sort((a, b) => Number(b.ts) - Number(a.ts));
      const start = args.cursor ? Number(Buffer.from(String(args.cursor), 'base64').toString()) : 0;
      const limit = Math.min(Number(args.limit) || 100, 999);
      const page = all.slice(start, start + limit);
      const more = start + limit < all.length;
      return {
        messages: page.map((m) => ({
          ...messageObject(m),
          ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}),
        })),
        has_more: more,
        response_metadata: { next_cursor: more ? Buffer.from(String(start + limit)).toString('base64') : '' },
      };
    },

    // A thread, oldest first: its parent (a tombstone when deleted with replies left), then the replies. An
    // unthreaded message is a thread of one. Pages by `cursor` (an offset); Slack's default page is 1000.
    'conversations.replies': (args) => {
      const channel = readableChannel(args.channel);
      const ts = String(args.ts ?? '');
      const parent = messages.get(`${channel.id}/${ts}`);
      const replies = repliesTo(channel.id, ts);
      if (!parent && replies.length === 0) throw new SlackApiError('thread_not_found');
      const first = parent
        ? messageObject(parent)
        : {
            type: 'message',
            subtype: 'tombstone',
            user: 'USLACKBOT',
            text: 'This message was deleted.',
            ts,
            thread_ts: ts,
            reply_count: replies.length,
          };
      const all = [first, ...replies.map(messageObject)];
      const start = args.cursor ? Number(Buffer.from(String(args.cursor), 'base64').toString()) : 0;
      if (!Number.isInteger(start) || start < 0) throw new SlackApiError('invalid_cursor');
      const limit = Math.min(Number(args.limit) || 1000, 1000);
      const more = start + limit < all.length;
      return {
        messages: all.slice(start, start + limit),
        has_more: more,
        response_metadata: { next_cursor: more ? Buffer.from(String(start + limit)).toString('base64') : '' },
      };
    },

    // A channel the bot can see: every public one, and the private ones it is in.
    'conversations.info': (args) => {
      const channel = channels.get(String(args.channel ?? ''));
      if (!channel || (channel.is_private && !channel.is_member))
        throw new SlackApiError('channel_not_found');
      return { channel: channelObject(channel) };
    },

    'conversations.open': (args) => {
      const ids = String(args.users ?? '')
        .split(',')
        .filter(Boolean);
      if (ids.length === 0) throw new SlackApiError('users_list_not_supplied');
      // Slack allows a group DM of up to 8 people besides the caller.
      if (ids.length > 8) throw new SlackApiError('too_many_users');
      const users = ids.map((id) => userById(id).id);
      if (users.length === 1) return { channel: { id: openDm(users[0] as string) } };
      return { channel: { id: openGroup(users), is_mpim: true } };
    },
  };

  function send(res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}) {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body = await readBody(req);
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    const method = /^\/api\/([\w.]+)$/.exec(url.pathname)?.[1];
    if (!method) return send(res, 404, { ok: false, error: 'unknown_method' });
    const call: RecordedCall = { method, args: {}, at: now(), status: 200 };
    calls.push(call);
    try {
      const parsed = parseRequest(req, url, body);
      call.args = parsed.args;
      if (!parsed.token) throw new SlackApiError('not_authed');
      if (parsed.token !== token) throw new SlackApiError('invalid_auth');
      const fault = faults.get(method);
      if (fault && fault.count > 0) {
        fault.count--;
        if (fault.kind === 'ratelimited') {
          call.status = 429;
          call.error = 'ratelimited';
          return send(res, 429, RATE_LIMITED.body, RATE_LIMITED.headers);
        }
        if (typeof fault.kind === 'object' && 'landed' in fault.kind) {
          const { landed } = fault.kind;
          const run = methods[method];
          if (!run) throw new SlackApiError('unknown_method');
          const answer = { ok: true, ...run(parsed.args) };
          if (landed === 'drop') {
            call.status = 0;
            res.socket?.destroy();
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, landed));
          return send(res, 200, answer);
        }
        if (typeof fault.kind === 'object') {
          call.status = fault.kind.status;
          res.writeHead(fault.kind.status, { 'content-type': 'text/plain' });
          return res.end('upstream error');
        }
        throw new SlackApiError(fault.kind);
      }
      const run = methods[method];
      if (!run) throw new SlackApiError('unknown_method');
      send(res, 200, { ok: true, ...run(parsed.args) });
    } catch (error) {
      if (!(error instanceof SlackApiError)) throw error;
      call.error = error.error;
      // Slack reports API errors with HTTP 200.
      send(res, 200, { ok: false, error: error.error });
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, 500, { ok: false, error: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    token,
    botUserId: bot.id,
    calls,
    callsTo: (method) => calls.filter((c) => c.method === method),
    channels,
    users,
    messages,
    seedChannel(channel) {
      const seeded = makeChannel({ id: newId('C'), ...channel });
      channels.set(seeded.id, seeded);
      return seeded;
    },
    membersOf(channel) {
      const name = channel.replace(/^#/, '');
      const found =
        channels.get(channel) ?? [...channels.values()].find((c) => !c.id.startsWith('D') && c.name === name);
      if (!found) throw new Error(`The Slack fake has no channel ${channel}`);
      return [...found.members];
    },
    viewOf: (viewId) => views.get(viewId),
    homeOf: (user) => homes.get(user),
    seedUser(user) {
      const id = user.id ?? newId('U');
      const seeded: FakeUser = { name: id.toLowerCase(), deleted: false, ...user, id };
      users.set(seeded.id, seeded);
      return seeded;
    },
    seedMessage(seed) {
      const channel = channels.get(seed.channel);
      if (!channel) throw new Error(`The Slack fake has no channel ${seed.channel}`);
      const ts = seed.ts ?? nextTs();
      const parent = seed.thread_ts ? messages.get(`${channel.id}/${seed.thread_ts}`) : undefined;
      const message: FakeMessage = {
        channel: channel.id,
        ts,
        text: seed.text,
        ...(seed.thread_ts ? { thread_ts: seed.thread_ts } : {}),
        ...(parent?.user && seed.thread_ts !== ts ? { parent_user_id: parent.user } : {}),
        ...(seed.user ? { user: seed.user } : {}),
        ...(seed.bot ? { bot_id: newId('B') } : {}),
        ...(seed.subtype ? { subtype: seed.subtype } : {}),
      };
      messages.set(`${channel.id}/${ts}`, message);
      return message;
    },
    deleteMessage(channel, ts) {
      messages.delete(`${channel}/${ts}`);
    },
    failNext(method, count, kind = 'ratelimited') {
      faults.set(method, { count, kind });
    },
    issueTriggerId(issuedAt = now()) {
      const id = `${Math.floor(issuedAt)}.${randomBytes(8).toString('hex')}`;
      triggers.set(id, { issuedAt, used: false });
      return id;
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections(); // WebClient's fetch keeps connections alive
      }),
  };
}
