import * as webApi from '@slack/web-api';
import { type Clock, systemClock } from '../common/clock.js';
import { describeError, ErrorCode, SlackError } from '../common/errors.js';
import { isSlackId, isUserId } from '../sheets-schema/slack-ids.js';
import {
  type Chat,
  type ChatMessage,
  type CreatedChannel,
  type FirstReply,
  type InviteResult,
  type KickResult,
  MESSAGE_METADATA_TYPE,
  type PostedMessage,
  type SlackUser,
} from './chat.js';
import type { Secret } from './config.js';

/**
 * The Chat port over Slack's Web API, through bolt's WebClient. WebClient waits out 429s itself (it pauses
 * its queue for Retry-After); this adapter bounds those retries, paces posts to Slack's one message per
 * second per channel, resolves `#name` channels, and turns Slack's error codes into SlackErrors with a fix.
 */

export interface ChatLogEntry {
  level: 'info' | 'warn' | 'error';
  event: string;
  [field: string]: unknown;
}

export interface SlackChatOptions {
  token: Secret;
  /** Web API base URL, e.g. a local fake's `http://127.0.0.1:9000/api/` (default Slack's). */
  apiUrl?: string;
  log?: (entry: ChatLogEntry) => void;
  /** Drives post pacing (not WebClient's own Retry-After waits, which use real time). */
  clock?: Clock;
  /** The least time between two posts to one channel (default Slack's one a second; a test stack sets less). */
  postSpacingMs?: number;
  /**
   * The least time between two conversations.open calls for group DMs (default 1.2 s: Slack's Tier 3 allows
   * about 50 a minute; a round of intros opens one per group).
   */
  openSpacingMs?: number;
  /** How many times WebClient retries a rate-limited or failed request (default 3); never for a post. */
  retries?: number;
  /** How long a call may take before it is given up (default 10 s); a post given up is in doubt. */
  timeoutMs?: number;
}

/** Slack allows about one message per second per channel; bursts beyond that get 429s. */
const POST_SPACING_MS = 1_000;
/** conversations.open is Tier 3: about 50 calls a minute. */
const OPEN_SPACING_MS = 1_200;
const INVITE_HINT = 'Invite the bot in that channel with /invite @Hearth';
/** Slack errors that say "try later", not "you asked for something wrong". */
const TRANSIENT = new Set([
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
  'ratelimited',
]);
/**
 * conversations.kick errors that mean "Hearth cannot remove this person here": `kick` answers them with a
 * reason instead of throwing. (For kick, Slack says `not_in_channel` both when the person is not in the
 * channel and when the bot is not.)
 */
const KICK_REFUSALS: Record<string, string> = {
  not_in_channel: 'they are not in that channel, or Hearth is not (invite it with /invite @Hearth)',
  cant_kick_self: 'Hearth cannot remove itself from a channel',
  cant_kick_from_general: "nobody can be removed from the workspace's general channel",
  restricted_action: 'a workspace setting stops Hearth from removing people from channels',
  channel_not_found: 'Hearth cannot see that channel (if it is private, invite Hearth with /invite @Hearth)',
  missing_scope:
    "Hearth's Slack app lacks the channels:manage and groups:write scopes: add them under OAuth & Permissions, then reinstall the app",
  not_authorized: 'Hearth is not allowed to remove people from that channel',
  method_not_supported_for_channel_type: 'people cannot be removed from a direct message',
  not_supported: 'Slack does not allow removing that person from that channel',
  user_not_found: 'Slack has no such person',
};
/** conversations.invite errors that mean "Hearth cannot add this person here": `invite` answers them with a reason. */
const INVITE_REFUSALS: Record<string, string> = {
  not_in_channel: 'Hearth is not in that channel (invite it with /invite @Hearth)',
  channel_not_found: 'Hearth cannot see that channel (if it is private, invite Hearth with /invite @Hearth)',
  is_archived: 'the channel is archived',
  cant_invite_self: 'Hearth cannot invite itself',
  user_is_restricted: 'they are a guest, whom only a workspace admin can add to channels',
  ura_max_channels: 'they are a single-channel guest already in their one channel',
  restricted_action: 'a workspace setting stops Hearth from adding people to channels',
  missing_scope:
    "Hearth's Slack app lacks the channels:manage and groups:write scopes: add them under OAuth & Permissions, then reinstall the app",
  not_authorized: 'Hearth is not allowed to add people to that channel',
  user_not_found: 'Slack has no such person',
};
const AUTH = new Set(['not_authed', 'invalid_auth', 'token_revoked', 'token_expired', 'account_inactive']);

/** How many pages of a conversation's history a post in doubt is looked for in. */
const HISTORY_PAGES = 5;
/** How many pages of a thread (200 messages each) are read for its first reply. */
const THREAD_PAGES = 5;
/** Slack's answers for a thread whose first message was deleted (with no replies left to keep it). */
const THREAD_GONE = new Set(['thread_not_found', 'message_not_found']);

type ThreadMessage = {
  ts?: string;
  user?: string;
  bot_id?: string;
  subtype?: string;
  parent_user_id?: string;
};

/** A reply from a person: not the question's author, not a bot, not Slackbot, not a join or other notice. */
function isPersonReply(
  message: ThreadMessage,
  author: string | undefined,
): message is { user: string; ts: string } {
  const ordinary = !message.subtype || message.subtype === 'thread_broadcast';
  return (
    ordinary &&
    !message.bot_id &&
    !!message.user &&
    !!message.ts &&
    message.user !== author &&
    message.user !== 'USLACKBOT'
  );
}

export function createSlackChat(options: SlackChatOptions): Chat {
  const token = options.token.reveal();
  const log = options.log ?? (() => {});
  const clock = options.clock ?? systemClock;
  const scrub = (text: string) => text.replaceAll(token, '[redacted]');
  const client = new webApi.WebClient(token, {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    // Bounded: on a 429 WebClient sleeps Retry-After, then retries after this short backoff.
    retryConfig: { retries: options.retries ?? 3, factor: 2, minTimeout: 200, maxTimeout: 2_000 },
    rejectRateLimitedCalls: false,
    timeout: options.timeoutMs ?? 10_000,
    logger: clientLogger(log, scrub),
  });
  // Posts are never retried by the client: a post whose answer was lost may have landed. A 429 is the one
  // answer that says it did not, and `postOnce` waits it out itself.
  const postClient = new webApi.WebClient(token, {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: options.timeoutMs ?? 10_000,
    logger: clientLogger(log, scrub),
  });
  const postRetries = options.retries ?? 3;
  client.on(webApi.WebClientEvent.RATE_LIMITED, (seconds: number, request: { url?: string }) => {
    const method = request.url?.split('/').pop();
    log({ level: 'warn', event: 'slack.rate_limited', method, retryAfterSeconds: seconds });
  });

  /** Runs one Web API call and turns whatever it throws into a SlackError without the token. */
  async function call<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw toSlackError(error, what, scrub);
    }
  }

  // `#name` → ID, from one cached listing shared by concurrent posts.
  let index: Promise<Map<string, string>> | undefined;
  function listChannels(): Promise<Map<string, string>> {
    const listing = call('list channels', async () => {
      const ids = new Map<string, string>();
      const pages = client.paginate('conversations.list', {
        types: 'public_channel,private_channel',
        exclude_archived: true,
        limit: 200,
      });
      for await (const page of pages) {
        for (const c of (page as { channels?: { id: string; name: string }[] }).channels ?? [])
          ids.set(c.name, c.id);
      }
      return ids;
    });
    listing.catch(() => {
      if (index === listing) index = undefined; // don't cache a failure
    });
    return listing;
  }

  let botUser: Promise<string> | undefined;
  /** The bot's own user ID (auth.test, no scope), asked once. */
  function botUserId(): Promise<string> {
    botUser ??= call('read who the bot is', () => client.auth.test()).then((answer) => answer.user_id ?? '');
    return botUser;
  }

  /**
   * The ID of the channel `#name` when Hearth made it at `since` or later: a create whose answer was lost (a
   * timeout, a crash before the write) made it, and it is adopted rather than a `-2` made beside it.
   */
  async function madeByHearthSince(name: string, since: Date): Promise<string | undefined> {
    index = undefined; // the channel is newer than any listing
    const id = await channelId(`#${name}`).catch(() => undefined);
    if (!id) return undefined;
    const { channel } = await call(`read the channel ${id}`, () =>
      client.conversations.info({ channel: id }),
    );
    const bot = await botUserId();
    const made = (channel?.created ?? 0) * 1000;
    return bot !== '' && channel?.creator === bot && made >= since.getTime() - 60_000 ? id : undefined;
  }

  async function channelId(channel: string): Promise<string> {
    if (isSlackId(channel)) return channel;
    const name = channel.replace(/^#/, '').toLowerCase();
    index ??= listChannels();
    const first = index;
    let id = (await first).get(name);
    if (!id) {
      // A channel made since we listed: list once more, sharing a refresh another post already started.
      if (index === first || !index) index = listChannels();
      id = (await index).get(name);
    }
    if (id) return id;
    throw new SlackError(
      ErrorCode.ChannelNotFound,
      `Slack has no channel #${name} that the bot can see`,
      `Check the channel name; if #${name} is private, invite the bot there with /invite @Hearth`,
    );
  }

  // Per-channel schedule: each post takes the next free one-second slot, reserved before waiting so
  // concurrent posts queue up in order.
  const nextSlot = new Map<string, number>();
  async function pace(channel: string, spacingMs = options.postSpacingMs ?? POST_SPACING_MS): Promise<void> {
    const now = clock.now().toMillis();
    const at = Math.max(now, nextSlot.get(channel) ?? 0);
    nextSlot.set(channel, at + spacingMs);
    if (at > now) await clock.sleep(at - now);
  }

  const blocksOf = (blocks: readonly Record<string, unknown>[] | undefined) =>
    blocks ? ([...blocks] as unknown as webApi.Block[]) : undefined;

  /** One post: a 429 (which means it did not land) is waited out; anything else is the caller's. */
  async function postOnce(where: string, args: webApi.ChatPostMessageArguments) {
    for (let tries = 1; ; tries++) {
      try {
        return await postClient.chat.postMessage(args);
      } catch (error) {
        if (error instanceof webApi.WebAPIRateLimitedError && tries <= postRetries) {
          log({
            level: 'warn',
            event: 'slack.rate_limited',
            method: 'chat.postMessage',
            retryAfterSeconds: error.retryAfter,
          });
          await clock.sleep(error.retryAfter * 1000);
          continue;
        }
        throw toSlackError(error, `post to ${where}`, scrub);
      }
    }
  }

  /** A link to a posted message; the message is out, so a missing link must not make anyone post it again. */
  async function permalinkOf(channel: string, ts: string): Promise<string> {
    return call(`get a link to ${ts}`, () => client.chat.getPermalink({ channel, message_ts: ts }))
      .then((answer) => answer.permalink ?? '')
      .catch((error: unknown) => {
        log({ level: 'warn', event: 'slack.permalink_failed', channel, ts, error: describeError(error) });
        return '';
      });
  }

  /** The bot's DM with a person (conversations.open answers the one that exists). */
  async function dmWith(user: string): Promise<string> {
    const opened = await call(`open a DM with ${user}`, () => client.conversations.open({ users: user }));
    const id = opened.channel?.id;
    if (!id)
      throw new SlackError(ErrorCode.SlackFailed, `Slack gave no DM with ${user}`, 'Try again later', {
        retryable: true,
      });
    return id;
  }

  return {
    kind: 'slack',

    async openGroup(users) {
      const list = [...new Set(users)].sort().join(',');
      // One schedule for every group DM opened: the method's own rate limit, not a channel's.
      await pace('conversations.open', options.openSpacingMs ?? OPEN_SPACING_MS);
      const opened = await call(`open a group DM with ${list}`, () =>
        client.conversations.open({ users: list }),
      );
      const id = opened.channel?.id;
      if (!id)
        throw new SlackError(
          ErrorCode.SlackFailed,
          `Slack gave no group DM with ${list}`,
          'Try again later',
          {
            retryable: true,
          },
        );
      return id;
    },

    async post(message: ChatMessage): Promise<PostedMessage> {
      const where = message.channel;
      const target = await channelId(where);
      await pace(target);
      const posted = await postOnce(where, {
        channel: target,
        text: message.text,
        blocks: blocksOf(message.blocks),
        thread_ts: message.threadTs,
        ...(message.messageId
          ? {
              metadata: {
                event_type: MESSAGE_METADATA_TYPE,
                event_payload: { message_id: message.messageId },
              },
            }
          : {}),
      });
      const channel = posted.channel as string; // a DM's D… when `where` was a user
      const ts = posted.ts as string;
      log({ level: 'info', event: 'slack.posted', channel, ts });
      return { channel, ts, permalink: await permalinkOf(channel, ts) };
    },

    async findPosted({ channel: where, messageId, since }) {
      const channel = isUserId(where) ? await dmWith(where) : await channelId(where);
      // A minute before the send began: the clocks of Slack and of the sheet need not agree to the second.
      const oldest = (since.getTime() / 1000 - 60).toFixed(6);
      let cursor: string | undefined;
      for (let page = 0; page < HISTORY_PAGES; page++) {
        const answer = await call(`read the history of ${where}`, () =>
          client.conversations.history({
            channel,
            oldest,
            include_all_metadata: true,
            limit: 100,
            ...(cursor ? { cursor } : {}),
          }),
        );
        const found = (answer.messages ?? []).find((m) => {
          const metadata = m.metadata as
            | { event_type?: string; event_payload?: Record<string, unknown> }
            | undefined;
          return (
            metadata?.event_type === MESSAGE_METADATA_TYPE && metadata.event_payload?.message_id === messageId
          );
        });
        if (found?.ts) return { channel, ts: found.ts, permalink: await permalinkOf(channel, found.ts) };
        cursor = answer.response_metadata?.next_cursor || undefined;
        if (!cursor) break;
      }
      return undefined;
    },

    // The channel of an update or a reply is an ID Slack gave (a post's, a click's): used as it is.
    async update(message) {
      const { channel, ts } = message;
      await call(`update ${ts} in ${channel}`, () =>
        client.chat.update({ channel, ts, text: message.text, blocks: blocksOf(message.blocks) }),
      );
    },

    async postEphemeral(message) {
      const { channel, user } = message;
      await call(`post to ${user} in ${channel}`, () =>
        client.chat.postEphemeral({ channel, user, text: message.text }),
      );
    },

    async openModal(triggerId, view) {
      const opened = await call('open a modal', () =>
        client.views.open({ trigger_id: triggerId, view: view as unknown as webApi.ModalView }),
      );
      const viewId = opened.view?.id ?? '';
      // The modal is open: a missing ID must not make the caller think it failed.
      if (!viewId) log({ level: 'warn', event: 'slack.view_without_id' });
      return { viewId };
    },

    async updateView(viewId, view) {
      await call(`update the modal ${viewId}`, () =>
        client.views.update({ view_id: viewId, view: view as unknown as webApi.ModalView }),
      );
    },

    async publishHome(user, view) {
      await call(`publish the home of ${user}`, () =>
        client.views.publish({ user_id: user, view: view as unknown as webApi.HomeView }),
      );
    },

    async kick(channel, user): Promise<KickResult> {
      try {
        const id = await channelId(channel);
        await call(`remove ${user} from ${channel}`, () => client.conversations.kick({ channel: id, user }));
        log({ level: 'info', event: 'slack.kicked', channel: id, user });
        return { ok: true };
      } catch (error) {
        if (!(error instanceof SlackError)) throw error;
        // A `#name` nobody can see fails before Slack is asked, without a Slack error code.
        const slack =
          error.slackError ?? (error.code === ErrorCode.ChannelNotFound ? 'channel_not_found' : '');
        const reason = Object.hasOwn(KICK_REFUSALS, slack) ? KICK_REFUSALS[slack] : undefined;
        if (reason === undefined) throw error;
        log({ level: 'warn', event: 'slack.kick_refused', channel, user, slackError: slack });
        return { ok: false, reason };
      }
    },

    async createChannel(name, since): Promise<CreatedChannel> {
      try {
        const { channel } = await call(`create #${name}`, () =>
          client.conversations.create({ name, is_private: false }),
        );
        const id = channel?.id ?? '';
        log({ level: 'info', event: 'slack.channel_created', channel: id, name });
        return { ok: true, id, name: channel?.name ?? name };
      } catch (error) {
        if (!(error instanceof SlackError && error.slackError === 'name_taken')) throw error;
        const mine = since && (await madeByHearthSince(name, since));
        return mine ? { ok: true, id: mine, name } : { ok: false, taken: true };
      }
    },

    async invite(channel, user): Promise<InviteResult> {
      try {
        const id = await channelId(channel);
        await call(`add ${user} to ${channel}`, () =>
          client.conversations.invite({ channel: id, users: user }),
        );
        log({ level: 'info', event: 'slack.invited', channel: id, user });
        return { ok: true };
      } catch (error) {
        if (!(error instanceof SlackError)) throw error;
        const slack =
          error.slackError ?? (error.code === ErrorCode.ChannelNotFound ? 'channel_not_found' : '');
        // Already there is what was wanted.
        if (slack === 'already_in_channel') return { ok: true };
        const reason = Object.hasOwn(INVITE_REFUSALS, slack) ? INVITE_REFUSALS[slack] : undefined;
        if (reason === undefined) throw error;
        log({ level: 'warn', event: 'slack.invite_refused', channel, user, slackError: slack });
        return { ok: false, reason };
      }
    },

    async lookupUserByEmail(email): Promise<SlackUser | undefined> {
      try {
        const { user } = await call(`look up ${email}`, () => client.users.lookupByEmail({ email }));
        return user?.id ? slackUser(user, email) : undefined;
      } catch (error) {
        if (error instanceof SlackError && error.slackError === 'users_not_found') return undefined;
        throw error;
      }
    },

    async firstReply({ channel, ts }): Promise<FirstReply> {
      let author: string | undefined;
      let deleted = false;
      let cursor: string | undefined;
      for (let page = 0; page < THREAD_PAGES; page++) {
        let answer: webApi.ConversationsRepliesResponse;
        try {
          answer = await call(`read the thread of ${ts} in ${channel}`, () =>
            client.conversations.replies({ channel, ts, limit: 200, ...(cursor ? { cursor } : {}) }),
          );
        } catch (error) {
          if (error instanceof SlackError && THREAD_GONE.has(error.slackError ?? ''))
            return { found: 'gone' };
          throw error;
        }
        for (const message of (answer.messages ?? []) as ThreadMessage[]) {
          if (message.ts === ts) {
            // The question itself: a deleted one with replies left stays as a tombstone, by Slackbot.
            deleted = message.subtype === 'tombstone';
            if (!deleted) author = message.user;
          } else {
            // Each reply names the question's author, even once the question is deleted.
            author ??= message.parent_user_id;
            if (isPersonReply(message, author)) return { found: 'reply', user: message.user, ts: message.ts };
          }
        }
        cursor = answer.response_metadata?.next_cursor || undefined;
        if (!cursor) break;
      }
      if (deleted) return { found: 'gone' };
      return author ? { found: 'none', author } : { found: 'none' };
    },

    async permalink({ channel, ts }) {
      try {
        const answer = await call(`get a link to ${ts} in ${channel}`, () =>
          client.chat.getPermalink({ channel, message_ts: ts }),
        );
        return answer.permalink || undefined;
      } catch (error) {
        if (error instanceof SlackError && error.slackError === 'message_not_found') return undefined;
        throw error;
      }
    },

    async channelName(channel) {
      try {
        const answer = await call(`read the channel ${channel}`, () =>
          client.conversations.info({ channel }),
        );
        return answer.channel?.name || undefined;
      } catch (error) {
        if (error instanceof SlackError && error.code === ErrorCode.ChannelNotFound) return undefined;
        throw error;
      }
    },

    async userById(id): Promise<SlackUser | undefined> {
      try {
        const { user } = await call(`read the profile of ${id}`, () => client.users.info({ user: id }));
        return user?.id ? slackUser(user) : undefined;
      } catch (error) {
        if (error instanceof SlackError && error.slackError === 'user_not_found') return undefined;
        throw error;
      }
    },
  };
}

/** WebClient's own log lines: warnings and errors only, token scrubbed. */
function clientLogger(log: (entry: ChatLogEntry) => void, scrub: (text: string) => string): webApi.Logger {
  let level = webApi.LogLevel.WARN;
  const write =
    (lvl: 'warn' | 'error') =>
    (...msg: unknown[]) =>
      log({ level: lvl, event: 'slack.client', message: scrub(msg.map(String).join(' ')) });
  return {
    debug: () => {},
    info: () => {},
    warn: write('warn'),
    error: write('error'),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

function toSlackError(error: unknown, what: string, scrub: (text: string) => string): SlackError {
  if (error instanceof SlackError) return error;
  const failed = `Slack could not ${what}`;
  if (error instanceof webApi.WebAPIPlatformError) {
    const slack = error.data.error;
    const options = { slackError: slack, retryable: TRANSIENT.has(slack) };
    if (slack === 'channel_not_found') {
      return new SlackError(
        ErrorCode.ChannelNotFound,
        `${failed}: channel_not_found`,
        'Check the channel ID or name; for a private channel, invite the bot there with /invite @Hearth',
        options,
      );
    }
    if (slack === 'not_in_channel') {
      return new SlackError(
        ErrorCode.NotInChannel,
        `${failed}: the bot is not in that channel`,
        INVITE_HINT,
        options,
      );
    }
    if (slack === 'ratelimited') {
      return new SlackError(
        ErrorCode.SlackRateLimited,
        `${failed}: ratelimited`,
        'Try again in a minute',
        options,
      );
    }
    return new SlackError(
      ErrorCode.SlackFailed,
      `${failed}: ${slack}`,
      platformHint(slack, error.data as { needed?: string }),
      options,
    );
  }
  if (error instanceof webApi.WebAPIRateLimitedError) {
    return new SlackError(
      ErrorCode.SlackRateLimited,
      `${failed}: rate limited`,
      `Try again in ${error.retryAfter} s`,
      { retryable: true },
    );
  }
  if (error instanceof webApi.WebAPIRequestError) {
    // WebClient reports a 429 that outlasted its retries as a request error with this message.
    if (/rate limit was exceeded/i.test(error.original.message)) {
      return new SlackError(
        ErrorCode.SlackRateLimited,
        `${failed}: Slack kept answering 429 Too Many Requests`,
        'Slack is limiting this app; try again in a minute, or send fewer messages at once',
        { retryable: true },
      );
    }
    return new SlackError(
      ErrorCode.SlackFailed,
      `${failed}: ${scrub(error.original.message)}`,
      'Check the network connection and SLACK_API_URL (leave it unset for the real Slack)',
      { retryable: true, inDoubt: true },
    );
  }
  if (error instanceof webApi.WebAPIHTTPError) {
    return new SlackError(
      ErrorCode.SlackFailed,
      `${failed}: HTTP ${error.statusCode}`,
      'Slack had a problem; try again later',
      { retryable: error.statusCode >= 500, inDoubt: error.statusCode >= 500 },
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return new SlackError(ErrorCode.SlackFailed, `${failed}: ${scrub(message)}`, 'See the log for details');
}

function platformHint(slack: string, data: { needed?: string }): string {
  if (AUTH.has(slack)) {
    return 'Slack refused SLACK_BOT_TOKEN: copy the Bot User OAuth Token (xoxb-…) from your Slack app → OAuth & Permissions';
  }
  if (slack === 'missing_scope') {
    return `Add the ${data.needed ?? 'missing'} scope in your Slack app → OAuth & Permissions, then reinstall the app`;
  }
  if (slack === 'expired_trigger_id' || slack === 'invalid_trigger_id' || slack === 'exchanged_trigger_id') {
    return 'A modal must be opened within 3 seconds of the click, once: open it before any slow work';
  }
  if (slack === 'users_not_found' || slack === 'user_not_found') {
    return 'Check the person is in the Slack workspace and their email matches';
  }
  if (slack === 'message_not_found') return 'The message was deleted or the ts is wrong';
  if (slack === 'not_found') return 'The modal was closed, or the view ID is wrong';
  if (TRANSIENT.has(slack)) return 'Slack had a problem; try again later';
  return 'See https://api.slack.com/methods for what this error means';
}

function slackUser(
  user: { id?: string; name?: string; real_name?: string; deleted?: boolean; profile?: { email?: string } },
  email?: string,
): SlackUser {
  const name = user.real_name ?? user.name;
  const found = user.profile?.email ?? email;
  return {
    id: user.id as string,
    ...(found ? { email: found } : {}),
    ...(name ? { name } : {}),
    deleted: user.deleted ?? false,
  };
}
