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
}

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
  /** Opens a modal; `triggerId` lives 3 seconds, so call this before any slow work. */
  openModal(triggerId: string, view: Record<string, unknown>): Promise<void>;
  lookupUserByEmail(email: string): Promise<SlackUser | undefined>;
  /** A user's profile (users.info), email included with users:read.email; undefined when there is none. */
  userById(id: string): Promise<SlackUser | undefined>;
}
