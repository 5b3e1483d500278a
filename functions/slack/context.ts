import type { DateTime } from 'luxon';
import type { Chat } from '../chat.js';
import type { Logger } from '../log.js';
import type { HandOver } from '../work.js';

/** What every Slack listener may use: all fast, none waits on the sheet. */
export interface ListenerContext {
  handOver: () => Promise<HandOver>;
  chat: () => Promise<Chat>;
  clock: () => DateTime;
  log: Logger;
}
