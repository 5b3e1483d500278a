import type { Chat, ChatMessage } from '../../functions/chat.js';

/** The link the recording chat gives its `n`th post. */
export const permalinkOf = (n: number) => `https://hearth-test.slack.com/archives/C1/p${n}`;

/** A Chat that records posts (and published homes) and can be told to fail. */
export function recordingChat() {
  const posts: ChatMessage[] = [];
  const homes: { user: string; view: Record<string, unknown> }[] = [];
  let failWith: Error | undefined;
  const chat: Chat = {
    kind: 'transcript',
    async post(message) {
      if (failWith) throw failWith;
      posts.push(message);
      return { channel: 'C1', ts: String(posts.length), permalink: permalinkOf(posts.length) };
    },
    async update() {},
    async postEphemeral() {},
    async openModal() {
      return { viewId: 'V1' };
    },
    async updateView() {},
    async publishHome(user, view) {
      if (failWith) throw failWith;
      homes.push({ user, view });
    },
    async kick() {
      return { ok: true };
    },
    async createChannel(name) {
      return { ok: true, id: 'C07PROJECT1', name };
    },
    async invite() {
      return { ok: true };
    },
    async lookupUserByEmail() {
      return undefined;
    },
    async userById() {
      return undefined;
    },
    async findPosted() {
      return undefined;
    },
    async openGroup(users) {
      return `G${[...users].sort().join('')}`.slice(0, 11);
    },
    async firstReply() {
      return { found: 'none' };
    },
    async permalink({ channel, ts }) {
      return `https://hearth-test.slack.com/archives/${channel}/p${ts.replace('.', '')}`;
    },
    async channelName() {
      return undefined;
    },
  };
  return { chat, posts, homes, fail: (error: Error | undefined) => (failWith = error) };
}
