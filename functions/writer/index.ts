import type { DateTime } from 'luxon';
import type { Clock } from '../../common/clock.js';
import { ErrorCode, HearthError, isHearthError } from '../../common/errors.js';
import type { Change } from '../../sheets-schema/changes.js';
import { highest, type IdMarks } from '../../sheets-schema/ids.js';
import { withChanges } from '../../sheets-schema/overlay.js';
import { type TabName, tabNamed } from '../../sheets-schema/tabs/index.js';
import type { Workbook } from '../../sheets-schema/workbook.js';
import { type BatchDecision, decideBatch, type Held } from '../../workflows/batch.js';
import { WRITER_TABS } from '../../workflows/decide.js';
import { pausedTabs } from '../../workflows/held.js';
import type { Input, Work } from '../../workflows/inputs.js';
import type { Chat } from '../chat.js';
import { createMemoryIdLedger, type IdLedger } from '../id-ledger.js';
import { createProcessLease, type WriterLease } from '../lease.js';
import { errorFields, type Logger } from '../log.js';
import { applyDecision } from './apply.js';
import { deliver } from './deliver.js';
import { Gatherer } from './gather.js';
import { HomeBoard } from './homes.js';
import { MemoryGuard } from './memory.js';

export { WRITER_TABS };

export interface WriterOptions {
  workbook: Workbook;
  chat: Chat;
  clock: Clock;
  log: Logger;
  /** Decide and print, change nothing. */
  dryRun?: boolean;
  /** Moves rows of `tab` older than `olderThan` to its archive tab; run by the first tick of each day. */
  archive?: (
    tab: 'Audit' | 'Outbox',
    olderThan: DateTime,
    zone: string,
  ) => Promise<{ moved: number; more: boolean }>;
  /** Where the last IDs given are kept outside the sheet (default: in memory, for tests). */
  ids?: IdLedger;
  /**
   * Held while a batch reads, decides and writes (and while marks are written), so that two writers running at
   * once (a deploy's overlap, an instance too many) take turns. Default: this process's own.
   */
  lease?: WriterLease;
  /** What the writer is deployed with (WRITER_MEMORY_MB): the log says when it nears it. Default: not watched. */
  memoryLimitMb?: number;
  /** The process's resident memory in bytes (tests pass their own). */
  rss?: () => number;
}

/** After this long with the local workbook open elsewhere, the leaders are told. */
export const OPEN_ELSEWHERE_TELL_AFTER_MINUTES = 10;

/** Audit and Outbox rows older than this move to the archive tabs, so the sheet stays small and fast. */
export const ARCHIVE_AFTER_DAYS = 90;

export interface WorkOutcome {
  identity: string;
  /**
   * `duplicate`: the cause was recognised as already applied. `held`: it touches a tab that is paused (a
   * required header is missing), so nothing of it was written or sent: hand it over again later.
   */
  status: 'applied' | 'duplicate' | 'dry-run' | 'held';
  notes: string[];
}

export interface BatchReport {
  items: number;
  changes: number;
  /** Slack messages this batch sends after its write (they go out in the background, in order). */
  messages: number;
  notes: string[];
}

type Item =
  | { kind: 'work'; work: Work; resolve: (o: WorkOutcome) => void; reject: (e: unknown) => void }
  | {
      kind: 'tick';
      now: DateTime | undefined;
      resolve: (r: BatchReport) => void;
      reject: (e: unknown) => void;
    };

/**
 * The one writer. Work that arrives while a change set is being applied waits and is decided and written
 * together in the next one (group commit): a burst costs about one snapshot and one write per batch. Each batch
 * goes through four steps: **gather** (every read: Slack look-ups, the ID ledger, one snapshot), **decide**
 * (workflows/batch.ts: pure), **apply** (one write) and **deliver** (the Slack calls, in order, in the
 * background). The deliveries' marks ride in the next change set (or are flushed when nothing else waits), and
 * until then this writer remembers them, so it never sends a message twice.
 */
export class Writer {
  readonly batchSizes: number[] = [];
  private queue: Item[] = [];
  private draining: Promise<void> | undefined;
  private unmarked: Change[] = [];
  /** The Slack calls of earlier batches, in order. */
  private sending: Promise<void> = Promise.resolve();
  /** The App Homes of earlier batches: a chain of their own, so a long run of messages never holds them up. */
  private publishing: Promise<void> = Promise.resolve();
  private readonly homes: HomeBoard;
  private readonly memory: MemoryGuard | undefined;
  private readonly inFlight = new Set<string>();
  /** The group's time zone as last read, for writing the marks' times. */
  private timeZone = 'UTC';
  /** The local day the archive last ran in this process. */
  private archivedOn: string | undefined;
  private readonly ids: IdLedger;
  private readonly gatherer: Gatherer;
  /** Marks recorded in the ledger whose IDs tab row is not written yet (a failed write): not a rollback. */
  private unconfirmed: IdMarks = new Map();
  /** Whether the IDs tab was brought in line with the ledger since this writer started. */
  private idsReconciled = false;
  /** Work held back because a tab it touches is paused, by identity: what organizers are told waits. */
  private held = new Map<string, Held>();
  /** Since when the local workbook has been open in a spreadsheet program, and whether the leaders know. */
  private openElsewhere: { since: DateTime; told: boolean; why: string } | undefined;
  /** The leaders channel as last read, for the one message that cannot wait in the Outbox. */
  private leadersChannel: string | undefined;
  /** Tabs the writer does not read (Audit) found paused at write time; looked at again before each batch. */
  private pausedAtWrite = new Set<TabName>();

  private readonly lease: WriterLease;

  constructor(private readonly options: WriterOptions) {
    this.ids = options.ids ?? createMemoryIdLedger();
    this.lease = options.lease ?? createProcessLease();
    this.gatherer = new Gatherer({ ...options, ids: this.ids });
    this.homes = new HomeBoard(options);
    this.memory = options.memoryLimitMb ? new MemoryGuard(options.memoryLimitMb, options.rss) : undefined;
  }

  /** Why the writer cannot write now, when it cannot: for /healthz. */
  blocked(): { why: string; since: string } | undefined {
    return (
      this.openElsewhere && { why: this.openElsewhere.why, since: this.openElsewhere.since.toISO() as string }
    );
  }

  /** What waits for a paused tab, for /healthz and the log. */
  waiting(): { identity: string; what: string; tabs: string[]; since: string }[] {
    return [...this.held].map(([identity, { what, tabs, since }]) => ({
      identity,
      what,
      tabs,
      since: since.toISO() as string,
    }));
  }

  submit(work: Work): Promise<WorkOutcome> {
    return new Promise((resolve, reject) => this.enqueue({ kind: 'work', work, resolve, reject }));
  }

  /** Picks up organizers' edits and sends what is due. `now` is the clock unless time travel is allowed. */
  tick(now?: DateTime): Promise<BatchReport> {
    return new Promise((resolve, reject) => this.enqueue({ kind: 'tick', now, resolve, reject }));
  }

  /** Resolves once nothing is waiting or being written, and every message handed to Slack is sent. */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
    await Promise.all([this.sending, this.publishing]);
  }

  private enqueue(item: Item): void {
    this.queue.push(item);
    this.draining ??= this.drain().finally(() => {
      this.draining = undefined;
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0);
      this.batchSizes.push(batch.length);
      try {
        await this.lease.hold((signal) =>
          this.runBatch(batch, signal).catch(async (error: unknown) => {
            // A tab the writer does not read lacks a header: decide again with it paused, so the rest goes on.
            const tab = unreadTabAtFault(error);
            if (!tab || this.pausedAtWrite.has(tab)) throw error;
            this.pausedAtWrite.add(tab);
            await this.runBatch(batch, signal);
          }),
        );
      } catch (error) {
        if (isHearthError(error, ErrorCode.WorkbookOpenElsewhere)) await this.waitForTheFile(error);
        else
          this.options.log.log(
            'ERROR',
            'writer batch failed; its work will be delivered again',
            errorFields(error),
          );
        for (const item of batch) item.reject(error);
      }
      if (this.queue.length === 0) {
        // Nothing else waiting: let the sends finish and put their marks in the sheet now.
        await this.sending;
        if (this.queue.length === 0 && this.unmarked.length > 0) await this.flushMarks();
      }
    }
  }

  /** One batch: gather, decide, apply, deliver. */
  private async runBatch(batch: Item[], signal: AbortSignal): Promise<void> {
    const { log, dryRun } = this.options;
    const now =
      batch.map((item) => (item.kind === 'tick' ? item.now : undefined)).find((n) => n !== undefined) ??
      this.options.clock.now();
    const inputs = batch.map((item) => inputOf(item, now));

    // 1. Gather: every read the batch needs.
    const gathered = await this.gatherer.gather(inputs, this.pausedAtWrite, now);
    const { snapshot } = gathered;
    this.timeZone = snapshot.timeZone;
    this.leadersChannel = snapshot.settings.leadersChannel;
    this.pausedAtWrite = gathered.pausedAtWrite;

    // 2. Decide: pure.
    const decision = decideBatch(snapshot, inputs, now, {
      paused: pausedTabs(snapshot, this.pausedAtWrite),
      unmarked: this.unmarked,
      inFlight: this.inFlight,
      ledger: gathered.ledger,
      unconfirmed: this.unconfirmed,
      reconcileIds: !this.idsReconciled,
      held: this.held,
      profileEmails: gathered.profileEmails,
      questions: gathered.questions,
    });
    const report: BatchReport = {
      items: batch.length,
      changes: decision.changes.length,
      messages: decision.sends.length,
      notes: decision.notes,
    };

    // 3. Apply: one write (the ID ledger just before it). A dry run writes and sends nothing.
    if (dryRun) {
      log.log('NOTICE', 'dry run: nothing applied', {
        notes: report.notes,
        changes: decision.changes.map(withoutConfidential),
        send: decision.sends.map((s) => s.id),
      });
    } else {
      this.unmarked = [];
      try {
        await applyDecision(decision, {
          workbook: this.options.workbook,
          ids: this.ids,
          timeZone: snapshot.timeZone,
          signal,
          ledger: gathered.ledger,
          recorded: (marks) => {
            this.unconfirmed = highest(this.unconfirmed, marks);
          },
        });
      } catch (error) {
        this.unmarked = [...decision.marks, ...this.unmarked];
        throw error;
      }
      this.openElsewhere = undefined;
      if (decision.ids.written) this.unconfirmed = new Map();
      this.settleMarks(decision.marks);
      // 4. Deliver: the sheet holds every Outbox row now, so the work is durable and its senders hear back
      // before the Slack calls, which go out in order behind earlier ones (about one message a second a channel).
      this.deliverLater(decision, now);
    }
    if (decision.ids.reconciled) this.idsReconciled = true;
    this.held = decision.held;
    if (report.notes.length > 0 || report.messages > 0)
      log.log('INFO', 'writer batch applied', { ...report });
    // After the batch, when its snapshot and plan are still held: the most memory a batch takes.
    const memory = this.memory?.check();
    if (memory)
      log.log('WARNING', `writer memory: ${memory.message}`, {
        code: 'MEMORY_NEAR_LIMIT',
        usedMb: memory.usedMb,
        limitMb: memory.limitMb,
      });
    if (inputs.some((input) => input.kind === 'tick') && !dryRun)
      await this.archiveOnceADay(now, snapshot.timeZone);
    // The decisions of the work come in the order the work was given.
    const decided = decision.work[Symbol.iterator]();
    for (const item of batch) {
      if (item.kind === 'tick') {
        item.resolve(report);
        continue;
      }
      const { identity, status, notes } = decided.next().value as BatchDecision['work'][number];
      item.resolve({ identity, status: status === 'applied' && dryRun ? 'dry-run' : status, notes });
    }
  }

  private deliverLater(decision: BatchDecision, now: DateTime): void {
    for (const send of decision.sends) this.inFlight.add(send.id);
    const { chat, log } = this.options;
    this.publishing = this.publishing.then(() =>
      this.homes.publish(decision.homes, withChanges(decision.written, this.unmarked), now),
    );
    this.sending = this.sending.then(() =>
      deliver(
        { ...decision, now },
        { chat, log },
        () => this.unmarked,
        (changes) => this.unmarked.push(...changes),
      ),
    );
  }

  /**
   * The local workbook is open in a spreadsheet program: nothing is written (the work waits in the journal),
   * the log says so once, and after 10 minutes the leaders are told in Slack, once: directly, since the
   * Outbox is in the very file that cannot be written.
   */
  private async waitForTheFile(error: HearthError): Promise<void> {
    const now = this.options.clock.now();
    const why = error.message;
    if (!this.openElsewhere) {
      this.openElsewhere = { since: now, told: false, why };
      this.options.log.log('WARNING', `${why}: Hearth waits to write until it is closed`, {
        code: error.code,
      });
    }
    const open = this.openElsewhere;
    if (open.told || now.diff(open.since, 'minutes').minutes < OPEN_ELSEWHERE_TELL_AFTER_MINUTES) return;
    open.told = true;
    const text = `:lock: ${why} since ${open.since.setZone(this.timeZone).toFormat('HH:mm')}. Hearth writes nothing while it is open there (so nobody's save is lost): form answers, clicks and messages wait. Close the file (or save and close it) and they go through.`;
    await this.options.chat
      .post({ channel: this.leadersChannel ?? '#leaders', text })
      .catch((failed: unknown) =>
        this.options.log.log('WARNING', 'leaders not told the workbook is open', errorFields(failed)),
      );
  }

  /**
   * Housekeeping, on the first tick of each local day: old Audit and Outbox rows move to their archive tabs.
   * It runs between batches, so no other write interleaves; a failure is logged and tried again tomorrow.
   */
  private async archiveOnceADay(now: DateTime, zone: string): Promise<void> {
    const archive = this.options.archive;
    const day = now.setZone(zone).toISODate() ?? '';
    if (!archive || this.archivedOn === day) return;
    this.archivedOn = day;
    const olderThan = now.minus({ days: ARCHIVE_AFTER_DAYS });
    for (const tab of ['Audit', 'Outbox'] as const) {
      try {
        const { moved, more } = await archive(tab, olderThan, zone);
        if (moved > 0) this.options.log.log('INFO', `archived ${moved} ${tab} row(s)`, { tab, moved, more });
      } catch (error) {
        this.options.log.log('WARNING', `${tab} rows not archived; tried again tomorrow`, errorFields(error));
      }
    }
  }

  private async flushMarks(): Promise<void> {
    const marks = this.unmarked;
    this.unmarked = [];
    try {
      await this.lease.hold(async (signal) => {
        signal.throwIfAborted();
        await this.options.workbook.apply(marks, { timeZone: this.timeZone });
      });
      this.settleMarks(marks);
    } catch (error) {
      // Kept for the next change set; the messages stay in flight so nothing is sent twice meanwhile.
      this.unmarked.unshift(...marks);
      this.options.log.log(
        'WARNING',
        'sent marks not written yet; will ride in the next change set',
        errorFields(error),
      );
    }
  }

  /** Once its mark is in the sheet, a message is no longer this writer's to remember. */
  private settleMarks(marks: readonly Change[]): void {
    for (const mark of marks) if (mark.kind === 'update') this.inFlight.delete(mark.id);
  }
}

/** A queued item as the input decided: a tick is for the batch's time. */
function inputOf(item: Item, now: DateTime): Input {
  if (item.kind === 'work') return item.work;
  const at = now.toISO() as string;
  return { kind: 'tick', identity: `tick:${at}`, receivedAt: at, ...(item.now ? { now: at } : {}) };
}

/** A change as logged: an incident's reporter, and their words, never reach a log line; nor feedback's. */
function withoutConfidential(change: Change): Change {
  if (change.kind === 'claim') return change;
  const cells = CONFIDENTIAL_CELLS[change.tab];
  if (!cells) return change;
  const values = change.kind === 'append' ? change.values : change.set;
  const hidden: Record<string, unknown> = { ...values };
  // Who reported or may be contacted, and what they wrote: neither reaches a log line.
  for (const key of cells) if (hidden[key]) hidden[key] = '(confidential)';
  return (change.kind === 'append' ? { ...change, values: hidden } : { ...change, set: hidden }) as Change;
}

/** The cells that hold a reporter's identity or their own words, and feedback's words and contact. */
const CONFIDENTIAL_CELLS: Partial<Record<TabName, readonly string[]>> = {
  Incidents: ['reporter', 'about', 'where', 'rule', 'details'],
  Feedback: ['feedback', 'contact'],
};

/** The tab a write failed on for a missing header or tab, when the writer's snapshot does not read it. */
function unreadTabAtFault(error: unknown): TabName | undefined {
  if (!(error instanceof HearthError)) return undefined;
  if (error.code !== ErrorCode.HeaderMissing && error.code !== ErrorCode.TabMissing) return undefined;
  const tab = error.tab ? tabNamed(error.tab) : undefined;
  return tab && !WRITER_TABS.includes(tab) ? tab : undefined;
}
