import { dirname } from 'node:path';
import { DateTime } from 'luxon';
import type { Workbook } from '../sheets-schema/workbook.js';
import type { Chat } from './chat.js';
import type { Config } from './config.js';
import { createLogger, type Logger } from './log.js';
import type { HandOver } from './work.js';
import type { Writer } from './writer.js';

/**
 * The parts of Hearth a function needs, each built on first use: a door never loads the Sheets client, and
 * the Slack adapter is loaded only when there is a bot token.
 */
export interface Runtime {
  config: Config;
  log: Logger;
  clock: () => DateTime;
  workbook(): Promise<Workbook>;
  chat(): Promise<Chat>;
  writer(): Promise<Writer>;
  handOver(): Promise<HandOver>;
}

export function createRuntime(
  config: Config,
  options: { log?: Logger; clock?: () => DateTime; workbook?: () => Promise<Workbook> } = {},
): Runtime {
  const log = options.log ?? createLogger({ pretty: !config.inCloud && config.backend === 'local' });
  const clock = options.clock ?? (() => DateTime.utc());
  const once = <T>(make: () => Promise<T>) => {
    let made: Promise<T> | undefined;
    return () => {
      made ??= make().catch((error: unknown) => {
        made = undefined; // try again on the next request
        throw error;
      });
      return made;
    };
  };
  // Each part is imported when first needed: a door's cold start loads neither the Sheets client nor the writer.
  const workbook = once(
    options.workbook ??
      (async () => {
        const [{ openGridStore }, { createWorkbook }] = await Promise.all([
          import('./backend.js'),
          import('../sheets-schema/workbook.js'),
        ]);
        return createWorkbook(await openGridStore(config));
      }),
  );
  const chat = once(async (): Promise<Chat> => {
    if (config.slackBotToken) {
      const { createSlackChat } = await import('./chat-slack.js');
      return createSlackChat({
        token: config.slackBotToken,
        ...(config.slackApiUrl ? { apiUrl: config.slackApiUrl } : {}),
        log: ({ level, event, ...fields }) =>
          log.log(
            level === 'error' ? 'ERROR' : level === 'warn' ? 'WARNING' : 'INFO',
            `slack: ${event}`,
            fields,
          ),
      });
    }
    const { createTranscriptChat } = await import('./chat-transcript.js');
    return createTranscriptChat({ dir: dirname(config.localWorkbook), clock: () => clock().toJSDate() });
  });
  const writer = once(async () => {
    const { Writer } = await import('./writer.js');
    return new Writer({ workbook: await workbook(), chat: await chat(), clock, log, dryRun: config.dryRun });
  });
  const handOver = once(async (): Promise<HandOver> => {
    const tasks = config.cloudTasks;
    if (tasks) {
      const { createCloudTasksHandOver } = await import('./queue-cloud-tasks.js');
      return createCloudTasksHandOver({
        queue: tasks.queue,
        writerUrl: tasks.writerUrl,
        serviceAccountEmail: tasks.serviceAccountEmail,
        ...(tasks.apiRootUrl ? { apiRootUrl: tasks.apiRootUrl } : {}),
      });
    }
    const { createInProcessHandOver } = await import('./queue-in-process.js');
    return createInProcessHandOver(
      async (work) => (await writer()).submit(work),
      (message, fields) => log.log('ERROR', message, fields),
    );
  });
  return { config, log, clock, workbook, chat, writer, handOver };
}
