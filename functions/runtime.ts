import { dirname } from 'node:path';
import { DateTime } from 'luxon';
import type { Workbook } from '../sheets-schema/workbook.js';
import type { Chat } from './chat.js';
import type { Config } from './config.js';
import type { WriterLease } from './lease.js';
import { createLogger, type Logger } from './log.js';
import type { HandOver } from './work.js';
import type { Writer, WriterOptions } from './writer.js';

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
  /**
   * The writers' lease, built once: on Cloud Storage when WRITER_LEASE_BUCKET is set (several writer
   * instances may run at once in Google Cloud), else this process's own (the local stack).
   */
  lease(): Promise<WriterLease>;
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
  const store = once(async () => (await import('./backend.js')).openGridStore(config));
  const workbook = once(
    options.workbook ??
      (async () => (await import('../sheets-schema/workbook.js')).createWorkbook(await store())),
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
    // Old Audit and Outbox rows move to their archive tabs, from the same store (not when a test gave a workbook).
    const archive: WriterOptions['archive'] = options.workbook
      ? undefined
      : async (tab, olderThan, zone) =>
          (await import('../sheets-schema/archive.js')).archiveOld(await store(), { tab, olderThan, zone });
    return new Writer({
      workbook: await workbook(),
      chat: await chat(),
      clock,
      log,
      dryRun: config.dryRun,
      ...(archive ? { archive } : {}),
    });
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
  const lease = once(async (): Promise<WriterLease> => {
    if (config.writerLeaseBucket) {
      const { createCloudStorageLease } = await import('./lease-cloud-storage.js');
      return createCloudStorageLease({ bucket: config.writerLeaseBucket });
    }
    const { createProcessLease } = await import('./lease.js');
    return createProcessLease();
  });
  return { config, log, clock, workbook, chat, writer, handOver, lease };
}
