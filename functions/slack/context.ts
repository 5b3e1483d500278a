import type { Clock } from '../../common/clock.js';
import { parseWork, type Work } from '../../workflows/inputs.js';
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
  clock: Clock;
  log: Logger;
}

/**
 * An input built from Slack's payload, checked against its schema (the writer's door checks it again) and
 * handed to the writer. One Slack sent that does not fit is logged and acknowledged: sending it again would
 * not change it.
 */
export async function handOverInput(ctx: ListenerContext, input: Work, context: unknown): Promise<void> {
  const checked = parseWork(input);
  if (!checked.ok) {
    ctx.log.log('WARNING', 'a Slack payload Hearth cannot use was not handed over', {
      kind: input.kind,
      identity: input.identity,
      problem: checked.problem,
    });
    return;
  }
  await (await ctx.handOver()).handOver(checked.work, ackDeadline(context));
}

/** A Slack event's identity: its `event_id` (a re-delivered event is the same work). */
export const eventIdentity = (body: { event_id?: unknown }) => `slack:event:${String(body.event_id)}`;
