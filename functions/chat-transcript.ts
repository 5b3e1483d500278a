import { createHash } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Clock, systemClock } from '../common/clock.js';
import { sameEmail } from '../sheets-schema/emails.js';
import { isChannelId, isUserId } from '../sheets-schema/slack-ids.js';
import type { Chat, PostedMessage, SlackUser } from './chat.js';

/**
 * The Chat port for the local stack with no Slack workspace: every call is appended to
 * `<dir>/slack.log` (for people) and `<dir>/slack.jsonl` (for programs), and answered with fake but
 * stable IDs, so the same `#name` always gets the same ID across runs.
 */

export interface TranscriptChatOptions {
  dir: string;
  clock?: Clock;
}

type Blocks = readonly Record<string, unknown>[];

/** Fake links use the reserved `.invalid` domain so nobody mistakes them for a real workspace. */
const PERMALINK_BASE = 'https://transcript.slack.invalid/archives/';

/** A stable Slack-looking ID: the type letter and 10 characters derived from `seed`. */
function fakeId(prefix: string, seed: string): string {
  return prefix + createHash('sha256').update(seed).digest('hex').slice(0, 10).toUpperCase();
}

/** `#name` → a fake C… ID, a user → their fake DM D… ID, an ID stays as it is. */
function channelIdOf(channel: string): string {
  if (isChannelId(channel)) return channel;
  if (isUserId(channel)) return fakeId('D', channel);
  return fakeId('C', channel.replace(/^#/, '').toLowerCase());
}

function describeWhere(channel: string): string {
  const id = channelIdOf(channel);
  if (isChannelId(channel)) return channel;
  if (isUserId(channel)) return `DM ${channel} (${id})`;
  return `#${channel.replace(/^#/, '').toLowerCase()} (${id})`;
}

const textOf = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : ((value as { text?: unknown } | undefined)?.text as string | undefined);

/**
 * One compact entry per block: its text and fields, buttons as `[Label](action_id value)` (what a click sends
 * back, to copy into `npm run simulate -- slack click`), selects as `[Label ▾]`, checkboxes as `[ ] Label`. A
 * block whose text has several lines gives several lines.
 */
export function renderBlocks(blocks: Blocks | undefined): string[] {
  const lines: string[] = [];
  const element = (e: Record<string, unknown>): string | undefined => {
    const label =
      textOf(e.text) ?? textOf(e.placeholder) ?? textOf((e.initial_option as { text?: unknown })?.text);
    if (e.type === 'button') {
      const sends = [e.action_id, e.value].filter((part) => typeof part === 'string' && part !== '');
      return `[${label ?? e.action_id ?? 'button'}]${sends.length > 0 ? `(${sends.join(' ')})` : ''}`;
    }
    if (typeof e.type === 'string' && /select|picker/.test(e.type)) return `[${label ?? e.type} ▾]`;
    if (e.type === 'checkboxes')
      return ((e.options as { text?: unknown }[] | undefined) ?? [])
        .map((o) => `[ ] ${textOf(o.text)}`)
        .join(' ');
    if (e.type === 'image') return `[image: ${String(e.alt_text ?? '')}]`;
    return label;
  };
  for (const block of blocks ?? []) {
    if (block.type === 'divider') {
      lines.push('---');
      continue;
    }
    const parts = [
      block.type === 'input' ? `${textOf(block.label) ?? ''}:` : textOf(block.text),
      // A field is a label and a value on two lines: `Label: value` reads better on one.
      ...((block.fields as unknown[] | undefined) ?? []).map((f) =>
        textOf(f)?.replace(/\*?\n/, ': ').replace(/^\*/, ''),
      ),
      ...((block.elements as Record<string, unknown>[] | undefined) ?? []).map(element),
      ...[block.accessory, block.element].filter(Boolean).map((e) => element(e as Record<string, unknown>)),
    ].filter((p): p is string => !!p);
    if (parts.length > 0) lines.push(...parts.join(block.fields ? ' · ' : ' ').split('\n'));
  }
  return lines;
}

export function createTranscriptChat(options: TranscriptChatOptions): Chat {
  const clock = options.clock ?? systemClock;
  const logPath = join(options.dir, 'slack.log');
  const jsonPath = join(options.dir, 'slack.jsonl');
  let lastMicros = 0;
  let views = 0; // made-up view IDs: V0000000001, V0000000002…
  /** The group DMs opened, by ID: who is in each, for the transcript to say. */
  const groups = new Map<string, string[]>();
  const where = (channel: string) => {
    const people = groups.get(channel);
    return people ? `group DM with ${people.join(', ')} (${channel})` : describeWhere(channel);
  };
  // Writes go one at a time, so concurrent calls never interleave their lines.
  let queue: Promise<unknown> = mkdir(options.dir, { recursive: true });

  /** Message timestamps like Slack's `seconds.micros`: from the clock, always increasing. */
  function nextTs(): string {
    lastMicros = Math.max(lastMicros + 1, clock.now().toMillis() * 1000);
    return `${Math.floor(lastMicros / 1e6)}.${String(lastMicros % 1e6).padStart(6, '0')}`;
  }

  function record(entry: Record<string, unknown>, lines: string[]): Promise<void> {
    const human = `${lines.map((line, i) => (i === 0 ? line : `    ${line}`)).join('\n')}\n`;
    const write = queue.then(async () => {
      await appendFile(logPath, human);
      await appendFile(jsonPath, `${JSON.stringify(entry)}\n`);
    });
    queue = write.catch(() => {}); // a failed write must not block the ones after it
    return write;
  }

  const body = (text: string, blocks: Blocks | undefined) => [
    ...text.split('\n'),
    ...renderBlocks(blocks).map((line) => `| ${line}`),
  ];

  const titleOf = (view: Record<string, unknown>) => textOf(view.title) ?? '(untitled)';
  /** A modal's blocks, then its submit button. */
  const modalBody = (view: Record<string, unknown>) => {
    const submit = textOf(view.submit);
    return [
      ...renderBlocks(view.blocks as Blocks | undefined).map((line) => `| ${line}`),
      ...(submit ? [`| [${submit}]`] : []),
    ];
  };

  return {
    kind: 'transcript',

    async post(message): Promise<PostedMessage> {
      const time = clock.now().toUTC().toISO() as string;
      const channel = channelIdOf(message.channel);
      const ts = nextTs();
      const thread = message.threadTs ? `?thread_ts=${message.threadTs}&cid=${channel}` : '';
      const permalink = `${PERMALINK_BASE}${channel}/p${ts.replace('.', '')}${thread}`;
      const reply = message.threadTs ? ` in thread ${message.threadTs}` : '';
      await record({ time, kind: 'post', ...message, where: message.channel, channel, ts, permalink }, [
        `${time} post to ${where(message.channel)}${reply} ts=${ts}`,
        ...body(message.text, message.blocks),
      ]);
      return { channel, ts, permalink };
    },

    // An update's and a reply's channel is an ID Slack gave (here, this transcript): used as it is.
    async update(message) {
      const time = clock.now().toUTC().toISO() as string;
      const channel = message.channel;
      await record({ time, kind: 'update', ...message, where: channel, channel }, [
        `${time} update ts=${message.ts} in ${channel}`,
        ...body(message.text, message.blocks),
      ]);
    },

    async postEphemeral(message) {
      const time = clock.now().toUTC().toISO() as string;
      const channel = message.channel;
      await record({ time, kind: 'ephemeral', ...message, where: channel, channel }, [
        `${time} ephemeral to ${message.user} only, in ${channel}`,
        ...body(message.text, undefined),
      ]);
    },

    async openModal(triggerId, view) {
      const time = clock.now().toUTC().toISO() as string;
      const viewId = `V${String(++views).padStart(10, '0')}`;
      await record({ time, kind: 'modal', triggerId, viewId, view }, [
        `${time} modal "${titleOf(view)}" view=${viewId} (trigger ${triggerId})`,
        ...modalBody(view),
      ]);
      return { viewId };
    },

    async updateView(viewId, view) {
      const time = clock.now().toUTC().toISO() as string;
      await record({ time, kind: 'modal-update', viewId, view }, [
        `${time} modal-update view=${viewId} "${titleOf(view)}"`,
        ...modalBody(view),
      ]);
    },

    async publishHome(user, view) {
      const time = clock.now().toUTC().toISO() as string;
      await record({ time, kind: 'home', user, view }, [
        `${time} home of ${user} published`,
        ...renderBlocks(view.blocks as Blocks | undefined).map((line) => `| ${line}`),
      ]);
    },

    async kick(channel, user) {
      const time = clock.now().toUTC().toISO() as string;
      await record({ time, kind: 'kick', where: channel, channel: channelIdOf(channel), user }, [
        `${time} kick ${user} from ${describeWhere(channel)}`,
      ]);
      return { ok: true };
    },

    // Each name is its own stable fake ID, so no name is ever taken here.
    async createChannel(name) {
      const time = clock.now().toUTC().toISO() as string;
      const id = channelIdOf(`#${name}`);
      await record({ time, kind: 'create-channel', name, channel: id }, [
        `${time} create channel #${name} (${id})`,
      ]);
      return { ok: true, id, name };
    },

    async invite(channel, user) {
      const time = clock.now().toUTC().toISO() as string;
      await record({ time, kind: 'invite', where: channel, channel: channelIdOf(channel), user }, [
        `${time} invite ${user} to ${describeWhere(channel)}`,
      ]);
      return { ok: true };
    },

    async findPosted({ messageId, since }): Promise<PostedMessage | undefined> {
      await queue; // what is being written is part of the transcript
      const text = await readFile(jsonPath, 'utf8').catch(() => '');
      const earliest = since.getTime() - 60_000;
      for (const line of text.split('\n').reverse()) {
        if (!line.includes(messageId)) continue;
        const entry = JSON.parse(line) as {
          kind?: string;
          messageId?: string;
          time?: string;
        } & PostedMessage;
        if (
          entry.kind === 'post' &&
          entry.messageId === messageId &&
          Date.parse(entry.time ?? '') >= earliest
        )
          return { channel: entry.channel, ts: entry.ts, permalink: entry.permalink };
      }
      return undefined;
    },

    async lookupUserByEmail(email): Promise<SlackUser | undefined> {
      return (await knownUsers(options.dir)).find((u) => sameEmail(u.email, email));
    },

    async userById(id): Promise<SlackUser | undefined> {
      return (await knownUsers(options.dir)).find((u) => u.id === id);
    },

    // The transcript is Hearth's own record of what it said: nobody can reply in a thread of it, so a
    // question's thread has no reply here, and its ladder runs as for one nobody answers (an organizer stops it
    // by setting its Status to Answered).
    async firstReply() {
      return { found: 'none' } as const;
    },

    // Links shaped like the transcript's own posts': they point nowhere, but say which channel and message.
    async permalink({ channel, ts }) {
      return `${PERMALINK_BASE}${channel}/p${ts.replace('.', '')}`;
    },

    // The transcript makes channel IDs up from names and cannot turn them back: the ID is shown instead.
    async channelName() {
      return undefined;
    },

    // A group DM's ID, made up from who is in it: the same people, the same conversation, as in Slack.
    async openGroup(users) {
      const people = [...new Set(users)].sort();
      const id = fakeId('G', people.join(','));
      groups.set(id, people);
      return id;
    },
  };
}

/** The people of `slack-users.json` (email → {id, name}), read each time so edits apply without a restart. */
async function knownUsers(dir: string): Promise<SlackUser[]> {
  const path = join(dir, 'slack-users.json');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return [];
  }
  let users: Record<string, { id: string; name?: string; deleted?: boolean }>;
  try {
    users = JSON.parse(text);
  } catch (error) {
    throw new Error(
      `${path} is not valid JSON (${(error as Error).message}). Fix it, e.g. {"ana@example.org": {"id": "U0ANA00001", "name": "Ana"}}, or delete it.`,
    );
  }
  return Object.entries(users)
    .filter(([, user]) => user?.id)
    .map(([email, user]) => ({
      id: user.id,
      email,
      ...(user.name ? { name: user.name } : {}),
      deleted: user.deleted ?? false,
    }));
}
