/**
 * The Chat port: everything Hearth says in Slack goes through it. Adapters: Slack's Web API (bolt's WebClient)
 * and a local transcript used when there is no bot token.
 */
export interface ChatMessage {
  /** `#name`, a channel ID (C…/G…), or a user ID (U…/W…) for a direct message. */
  channel: string;
  /** The notification and screen-reader text; always readable on its own. */
  text: string;
  blocks?: readonly Record<string, unknown>[];
  threadTs?: string;
  /**
   * The Outbox row this message is. It rides in the post's metadata, so that a post whose answer never came
   * (a crash, a timeout) can be found in Slack before it is sent again.
   */
  messageId?: string;
}

/** The metadata event type Hearth's posts carry: `{ message_id }` is their Outbox row. */
export const MESSAGE_METADATA_TYPE = 'hearth_message';

export interface PostedMessage {
  /** The channel's ID (a DM's too). */
  channel: string;
  ts: string;
  /** A link to the message, for `Slack message` cells. */
  permalink: string;
}

export interface SlackUser {
  id: string;
  email?: string;
  name?: string;
  deleted: boolean;
}

/**
 * The first reply in a message's thread by someone other than the message's author, not a bot's; or that there
 * is none yet (and who wrote the message, so that they are not asked to answer themselves); or that the message
 * was deleted.
 */
export type FirstReply =
  | { found: 'reply'; user: string; ts: string }
  | { found: 'none'; author?: string }
  | { found: 'gone' };

/** What `kick` did: done, or why Slack would not (a short sentence for people, e.g. `Hearth is not in that channel`). */
export type KickResult = { ok: true } | { ok: false; reason: string };

/** What `invite` did: done (the person was there already counts), or why Slack would not. */
export type InviteResult = KickResult;

/** What `createChannel` did: the new channel's ID, or that Slack has a channel by that name already. */
export type CreatedChannel = { ok: true; id: string; name: string } | { ok: false; taken: true };

export interface Chat {
  readonly kind: 'slack' | 'transcript';
  post(message: ChatMessage): Promise<PostedMessage>;
  update(message: {
    channel: string;
    ts: string;
    text: string;
    blocks?: readonly Record<string, unknown>[];
  }): Promise<void>;
  /** Seen only by `user`, in `channel`. */
  postEphemeral(message: { channel: string; user: string; text: string }): Promise<void>;
  /**
   * Opens a modal; `triggerId` lives 3 seconds, so call this before any slow work. Answers the view's ID,
   * for `updateView` once the slow work is done.
   */
  openModal(triggerId: string, view: Record<string, unknown>): Promise<{ viewId: string }>;
  /** Replaces an open modal's contents (views.update), e.g. a "working…" modal with the result. */
  updateView(viewId: string, view: Record<string, unknown>): Promise<void>;
  /** Publishes `user`'s App Home (views.publish; the app's Home tab must be on). */
  publishHome(user: string, view: Record<string, unknown>): Promise<void>;
  /**
   * Removes `user` from `channel` (`#name` or an ID). Slack refusing (the bot or the person not in the
   * channel, #general, a workspace rule, a missing scope…) comes back as `{ ok: false, reason }`; rate limits
   * and network failures still throw.
   */
  kick(channel: string, user: string): Promise<KickResult>;
  /**
   * A new public channel named `name` (conversations.create, channels:manage); Hearth is in it. A name Slack
   * says is taken comes back as `{ ok: false, taken: true }`, for the caller to try the next, unless Hearth
   * itself made that channel at `since` or later: then it is the one an earlier try made, whose answer was lost.
   */
  createChannel(name: string, since?: Date): Promise<CreatedChannel>;
  /**
   * Adds `user` to `channel` (`#name` or an ID; conversations.invite, channels:manage and groups:write). Someone
   * already there is fine; Slack refusing (Hearth not in the channel, say) comes back as `{ ok: false, reason }`.
   */
  invite(channel: string, user: string): Promise<InviteResult>;
  lookupUserByEmail(email: string): Promise<SlackUser | undefined>;
  /**
   * The message Hearth posted for Outbox row `messageId` in `channel` (`#name`, an ID, or a user for their
   * DM) since `since`, found by its metadata; undefined when there is none. In Slack this reads the
   * conversation's history: channels:history, groups:history and im:history, and im:write to find a DM.
   */
  findPosted(query: { channel: string; messageId: string; since: Date }): Promise<PostedMessage | undefined>;
  /** A user's profile (users.info), email included with users:read.email; undefined when there is none. */
  userById(id: string): Promise<SlackUser | undefined>;
  /**
   * The group DM of these people (Slack IDs) with the bot, opened if it is new (conversations.open with
   * mpim:write): the same people get the same conversation. Answers its channel ID.
   */
  openGroup(users: readonly string[]): Promise<string>;
  /**
   * The first reply in the thread of the message `ts` in `channel` (an ID), as FirstReply says. In Slack this
   * reads the thread (conversations.replies: channels:history, groups:history), page by page until it is found.
   */
  firstReply(message: { channel: string; ts: string }): Promise<FirstReply>;
  /** A link to a message in `channel` (an ID), chat.getPermalink; undefined when Slack has no such message. */
  permalink(message: { channel: string; ts: string }): Promise<string | undefined>;
  /** A channel's name without `#` (conversations.info: channels:read, groups:read); undefined when there is none. */
  channelName(channel: string): Promise<string | undefined>;
}
