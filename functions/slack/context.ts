import type { DateTime } from 'luxon';
import type { Chat } from '../chat.js';
import type { Logger } from '../log.js';
import type { HandOver } from '../work.js';

/**
 * The hand-over options of a listener's request: its signal aborts when the answer can wait no longer
 * (see receiver.ts), so a slow hand-over stops instead of running on unseen.
 */
export function ackDeadline(context: unknown): { signal?: AbortSignal } {
  const signal = (context as { ackSignal?: unknown } | undefined)?.ackSignal;
  return signal instanceof AbortSignal ? { signal } : {};
}

/** What every Slack listener may use: all fast, none waits on the sheet. */
export interface ListenerContext {
  handOver: () => Promise<HandOver>;
  chat: () => Promise<Chat>;
  clock: () => DateTime;
  log: Logger;
}

/** A Slack event handed to the writer, by its `event_id` (a re-delivered event is the same work). */
export function handOverEvent(
  ctx: ListenerContext,
  envelope: { body: { event_id?: unknown }; context: unknown },
  payload: Record<string, unknown>,
): Promise<void> {
  return ctx.handOver().then((handOver) =>
    handOver.handOver(
      {
        kind: 'slack',
        type: 'event',
        identity: `slack:event:${String(envelope.body.event_id)}`,
        payload,
        receivedAt: ctx.clock().toISO() as string,
      },
      ackDeadline(envelope.context),
    ),
  );
}
