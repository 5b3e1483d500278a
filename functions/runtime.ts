import { basename, dirname, extname, join } from 'node:path';
import { type Clock, systemClock } from '../common/clock.js';
import type { Workbook } from '../sheets-schema/workbook.js';
import type { Chat } from './chat.js';
import type { Config } from './config.js';
import type { IdLedger } from './id-ledger.js';
import type { WriterLease } from './lease.js';
import { createLogger, type Logger } from './log.js';
import type { InProcessHandOver } from './queue-in-process.js';
import type { HandOver } from './work.js';
import type { Writer, WriterOptions } from './writer/index.js';

/**
 * The parts of Hearth a function needs, each built on first use: a door never loads the Sheets client, and
 * the Slack adapter is loaded only when there is a bot token.
 */
export interface Runtime {
  config: Config;
  log: Logger;
  clock: Clock;
  workbook(): Promise<Workbook>;
  chat(): Promise<Chat>;
  writer(): Promise<Writer>;
  handOver(): Promise<HandOver>;
  /**
   * The writers' lease, built once: on Cloud Storage when WRITER_LEASE_BUCKET is set (several writer
   * instances may run at once in Google Cloud), else this process's own (the local stack).
   */
  lease(): Promise<WriterLease>;
  /** What a person checking on the stack wants to know: work waiting, and why the writer cannot write. */
  status(): Promise<RuntimeStatus>;
}

export interface RuntimeStatus {
  /** Accepted work not applied yet (the local journal). */
  waiting?: number;
  /** Work held for a paused tab. */
  held?: { identity: string; what: string; tabs: string[]; since: string }[];
  /** Why nothing is written now, e.g. the local workbook open in a spreadsheet program. */
  blocked?: string;
}

/**
 * Files the local stack keeps beside the local workbook, named after the sheet they serve (the workbook, or
 * the Google spreadsheet), so pointing the stack at another sheet never replays one sheet's work into another.
 */
export function localStateFile(
  config: Pick<Config, 'backend' | 'localWorkbook' | 'spreadsheetId'>,
  kind: 'journal.jsonl' | 'ids.json',
): string {
  const dir = dirname(config.localWorkbook);
  const sheet =
    config.backend === 'local'
      ? basename(config.localWorkbook, extname(config.localWorkbook))
      : `google-${config.spreadsheetId ?? 'sheet'}`;
  return join(dir, `${sheet}.${kind}`);
}

/** What a caller may set besides the configuration: the clock, and for tests and tools, the rest. */
export interface RuntimeOptions {
  log?: Logger;
  clock?: Clock;
  /** The workbook to use instead of the configured one (no daily archive then). */
  workbook?: () => Promise<Workbook>;
  /**
   * Slack's pacing: the least time between two posts to one channel (default one a second), and between two
   * group DMs opened (default 1.2 s).
   */
  slackPacing?: { postMs?: number; openMs?: number };
}

export function createRuntime(config: Config, options: RuntimeOptions = {}): Runtime {
  const log =
    options.log ??
    createLogger({ pretty: !config.inCloud && config.backend === 'local', level: config.logLevel });
  const clock = options.clock ?? systemClock;
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
  const store = once(async () => (await import('./backend.js')).openGridStore(config, clock));
  const workbook = once(
    options.workbook ??
      (async () => {
        const [{ createWorkbook }, { defaultRetryPolicy }] = await Promise.all([
          import('../sheets-schema/workbook.js'),
          import('../sheets-schema/retry.js'),
        ]);
        return createWorkbook(await store(), { retry: { ...defaultRetryPolicy, clock } });
      }),
  );
  const chat = once(async (): Promise<Chat> => {
    if (config.slackBotToken) {
      const { createSlackChat } = await import('./chat-slack.js');
      return createSlackChat({
        clock,
        token: config.slackBotToken,
        ...(config.slackApiUrl ? { apiUrl: config.slackApiUrl } : {}),
        ...(options.slackPacing?.postMs === undefined ? {} : { postSpacingMs: options.slackPacing.postMs }),
        ...(options.slackPacing?.openMs === undefined ? {} : { openSpacingMs: options.slackPacing.openMs }),
        log: ({ level, event, ...fields }) =>
          log.log(
            level === 'error' ? 'ERROR' : level === 'warn' ? 'WARNING' : 'INFO',
            `slack: ${event}`,
            fields,
          ),
      });
    }
    const { createTranscriptChat } = await import('./chat-transcript.js');
    return createTranscriptChat({ dir: dirname(config.localWorkbook), clock });
  });
  const writer = once(async () => {
    const { Writer } = await import('./writer/index.js');
    // Old Audit and Outbox rows move to their archive tabs through the writer's own workbook, so the move takes its
    // turn with the change sets (not when a test gave a workbook).
    const archive: WriterOptions['archive'] = options.workbook
      ? undefined
      : async (tab, olderThan, zone) => {
          const { archiveOld } = await import('../sheets-schema/archive.js');
          const result = await archiveOld(await store(), await workbook(), { tab, olderThan, zone });
          if (result.skipped > 0 || result.putBack > 0)
            log.log(
              'WARNING',
              `${tab} rows edited while they were archived: ${result.skipped} left for the next run, ${result.putBack} taken by a sort and put back at the end`,
              { tab, skipped: result.skipped, putBack: result.putBack },
            );
          return result;
        };
    const ids = await idLedger();
    if (config.inCloud && !config.writerLeaseBucket)
      log.log(
        'WARNING',
        'WRITER_LEASE_BUCKET is not set: two writer instances could overlap, and the ID ledger does not outlive this instance. npm run deploy sets it',
      );
    return new Writer({
      lease: await lease(),
      workbook: await workbook(),
      chat: await chat(),
      clock,
      log,
      dryRun: config.dryRun,
      ids,
      ...(config.writerMemoryMb ? { memoryLimitMb: config.writerMemoryMb } : {}),
      ...(archive ? { archive } : {}),
    });
  });
  const handOver = once(async (): Promise<HandOver> => {
    const tasks = config.cloudTasks;
    if (tasks) {
      const { createCloudTasksHandOver } = await import('./queue-cloud-tasks.js');
      return createCloudTasksHandOver({
        clock,
        queue: tasks.queue,
        writerUrl: tasks.writerUrl,
        serviceAccountEmail: tasks.serviceAccountEmail,
        ...(tasks.apiRootUrl ? { apiRootUrl: tasks.apiRootUrl } : {}),
      });
    }
    const { createInProcessHandOver } = await import('./queue-in-process.js');
    const { createFileJournal } = await import('./journal.js');
    const local = createInProcessHandOver(
      async (work) => (await writer()).submit(work),
      (message, fields) => log.log('WARNING', message, fields),
      { journal: createFileJournal(localStateFile(config, 'journal.jsonl')) },
    );
    // What a crash or a stop left accepted and unapplied is handed over again, once, now.
    const replayed = await local.replay();
    if (replayed > 0)
      log.log('NOTICE', `${replayed} piece(s) of accepted work from before handed to the writer again`);
    return local;
  });
  const status = async (): Promise<RuntimeStatus> => {
    const local = config.cloudTasks ? undefined : ((await handOver()) as Partial<InProcessHandOver>);
    const running = await writer();
    const held = running.waiting();
    let blocked = running.blocked()?.why;
    if (config.backend === 'local') {
      const { workbookLock } = await import('../sheets-schema/local.js');
      const lock = await workbookLock(config.localWorkbook);
      if (lock)
        blocked = lock.stale
          ? `a lock file more than a day old (${lock.path}) is ignored: ${lock.program} probably crashed with the workbook open`
          : `the workbook is open in ${lock.program} (${lock.path}): Hearth writes once it is closed`;
    }
    return {
      ...(local?.waiting ? { waiting: local.waiting() } : {}),
      ...(held.length > 0 ? { held } : {}),
      ...(blocked ? { blocked } : {}),
    };
  };
  // Beside the lease in Cloud Storage when there is a bucket (in the cloud the disk does not last), else beside
  // the local workbook. DRY_RUN changes nothing, not even the ledger.
  const idLedger = async (): Promise<IdLedger> => {
    const ledgers = await import('./id-ledger.js');
    if (config.dryRun) return ledgers.createMemoryIdLedger();
    if (config.writerLeaseBucket)
      return ledgers.createCloudStorageIdLedger({ bucket: config.writerLeaseBucket });
    return ledgers.createFileIdLedger(localStateFile(config, 'ids.json'), clock);
  };
  const lease = once(async (): Promise<WriterLease> => {
    if (config.writerLeaseBucket) {
      const { createCloudStorageLease } = await import('./lease-cloud-storage.js');
      return createCloudStorageLease({ bucket: config.writerLeaseBucket });
    }
    const { createProcessLease } = await import('./lease.js');
    return createProcessLease();
  });
  return { config, log, clock, workbook, chat, writer, handOver, lease, status };
}
