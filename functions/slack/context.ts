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
