import type { App } from '@slack/bolt';
import type { InputOf } from '../../../workflows/inputs.js';
import { handOverInput, type ListenerContext } from '../context.js';

/**
 * Messages in the channels Hearth is in (`message.channels`, `message.groups`): a busy channel sends every one
 * of them, so all but a person's new question are dropped here, at once, with no hand-over and no sheet read.
 * What is left is handed over as `question_asked`: where and when, never the text nor who asked.
 */
export function registerQuestionMessages(app: App, ctx: ListenerContext): void {
  app.event('message', async ({ body, context }) => {
    const question = questionAsked(body, ctx.clock.now().toISO() as string);
    if (question) await handOverInput(ctx, question, context);
  });
}

/** The manifest's subscriptions that deliver `message` events to the listener above. */
export const QUESTION_EVENTS = ['message.channels', 'message.groups'] as const;

/** Where a question may be asked: public and private channels, not DMs, group DMs or the App Home. */
const CHANNEL_TYPES = new Set(['channel', 'group']);
/** A question mark, also the full-width (Chinese, Japanese) and Arabic ones. */
const QUESTION_MARK = /[?？؟]/;

interface MessageEvent {
  type?: unknown;
  subtype?: unknown;
  bot_id?: unknown;
  bot_profile?: unknown;
  user?: unknown;
  channel?: unknown;
  channel_type?: unknown;
  text?: unknown;
  ts?: unknown;
  thread_ts?: unknown;
}

const text = (value: unknown): value is string => typeof value === 'string' && value !== '';

/**
 * The question a message event is, or undefined when it is none: a subtype (an edit, a deletion, a join, a
 * bot's post, a thread reply sent to the channel too…), a bot's message (Hearth's own included), a reply in a
 * thread, a DM or group DM, or a message without a question mark. Its identity is the message itself, so
 * Slack delivering it again is one cause.
 */
export function questionAsked(
  body: { event?: unknown },
  receivedAt: string,
): InputOf<'question_asked'> | undefined {
  const event = (body.event ?? {}) as MessageEvent;
  if (event.type !== 'message' || event.subtype !== undefined) return undefined;
  if (event.bot_id !== undefined || event.bot_profile !== undefined || !text(event.user)) return undefined;
  if (!text(event.channel) || !text(event.ts) || !CHANNEL_TYPES.has(String(event.channel_type)))
    return undefined;
  if (event.thread_ts !== undefined && event.thread_ts !== event.ts) return undefined;
  if (typeof event.text !== 'string' || !QUESTION_MARK.test(event.text)) return undefined;
  const seconds = Number(event.ts);
  if (!Number.isFinite(seconds) || seconds <= 0) return undefined;
  return {
    kind: 'question_asked',
    identity: `slack:message:${event.channel}:${event.ts}`,
    receivedAt,
    channel: event.channel,
    ts: event.ts,
    askedAt: new Date(seconds * 1000).toISOString(),
  };
}
