import type { DateTime } from 'luxon';
import { ErrorCode, HearthError } from '../common/errors.js';
import { type Change, update } from '../sheets-schema/changes.js';
import { FORM_NAMES, RESPONSE_TABS, responseWorks } from '../sheets-schema/forms/index.js';
import { highest, type IdMarks, largestMentioned } from '../sheets-schema/ids.js';
import { withChanges } from '../sheets-schema/overlay.js';
import type { Snapshot } from '../sheets-schema/snapshot.js';
import { TAB_NAMES, type TabName, tabNamed } from '../sheets-schema/tabs/index.js';
import type { Workbook } from '../sheets-schema/workbook.js';
import { decideFollowUps, decideTick, decideWork } from '../workflows/decide.js';
import { describeWork, heldNotice, pausedTabs, tabsTouched } from '../workflows/held.js';
import { lostIds, planIdMarks, planRollbackNotice } from '../workflows/ids.js';
import type { Work } from '../workflows/inputs.js';
import { WAITING_FOR_SLACK } from '../workflows/onboarding/decisions.js';
import { type PersonRecipient, parsePermalink } from '../workflows/outbox/delivery.js';
import {
  type DueSend,
  dueMessages,
  failureNotice,
  type SendOutcome,
  sendingMark,
  sendMark,
} from '../workflows/outbox/outbox.js';
import { mergePlans, type Plan } from '../workflows/plan.js';
import { memberBySlackId } from '../workflows/records.js';
import { renderOutbox } from '../workflows/renderers.js';
import type { Chat } from './chat.js';
import { createMemoryIdLedger, type IdLedger } from './id-ledger.js';
import { createProcessLease, type WriterLease } from './lease.js';
import { errorFields, type Logger } from './log.js';

/** Every tab but Audit, which only grows and is only appended to. */
export const WRITER_TABS: readonly TabName[] = TAB_NAMES.filter((tab) => tab !== 'Audit');

export interface WriterOptions {
  workbook: Workbook;
  chat: Chat;
  clock: () => DateTime;
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
 * together in the next one (group commit): a burst costs about one snapshot and one write per batch. After
 * each write the work is answered and the Slack messages go out, in order, in the background; their "sent"
 * marks ride in the next change set (or are flushed when nothing else is waiting), and until then this writer
 * remembers them, so it never sends one twice.
 */
export class Writer {
  readonly batchSizes: number[] = [];
  private queue: Item[] = [];
  private draining: Promise<void> | undefined;
  private unmarked: Change[] = [];
  /** The Slack calls of earlier batches, in order. */
  private sending: Promise<void> = Promise.resolve();
  private readonly inFlight = new Set<string>();
  /** The group's time zone as last read, for writing the marks' times. */
  private timeZone = 'UTC';
  /** The local day the archive last ran in this process. */
  private archivedOn: string | undefined;
  private readonly ids: IdLedger;
  /** The largest IDs Audit mentions, read once when the ledger was new. */
  private auditSeed: IdMarks | undefined;
  /** Marks recorded in the ledger whose IDs tab row is not written yet (a failed write): not a rollback. */
  private unconfirmed: IdMarks = new Map();
  /** Whether the IDs tab was brought in line with the ledger since this writer started. */
  private idsReconciled = false;
  /** Work held back because a tab it touches is paused, by identity: what organizers are told waits. */
  private readonly held = new Map<string, { what: string; tabs: string[]; since: DateTime }>();
  /** Since when the local workbook has been open in a spreadsheet program, and whether the leaders know. */
  private openElsewhere: { since: DateTime; told: boolean; why: string } | undefined;
  /** The leaders channel as last read, for the one message that cannot wait in the Outbox. */
  private leadersChannel: string | undefined;
  /** Tabs the writer does not read (Audit) found paused at write time; looked at again before each batch. */
  private readonly pausedAtWrite = new Set<TabName>();

  private readonly lease: WriterLease;

  constructor(private readonly options: WriterOptions) {
    this.ids = options.ids ?? createMemoryIdLedger();
    this.lease = options.lease ?? createProcessLease();
  }

  /** Why the writer cannot write now, when it cannot: for /healthz. */
  blocked(): { why: string; since: string } | undefined {
    return (
      this.openElsewhere && { why: this.openElsewhere.why, since: this.openElsewhere.since.toISO() as string }
    );
  }

  /**
   * The local workbook is open in a spreadsheet program: nothing is written (the work waits in the journal),
   * the log says so once, and after 10 minutes the leaders are told in Slack, once: directly, since the
   * Outbox is in the very file that cannot be written.
   */
  private async waitForTheFile(error: HearthError): Promise<void> {
    const now = this.options.clock();
    const why = error.message.split(` (${error.code})`)[0] ?? error.message;
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

  /** Resolves once nothing is waiting or being written. */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
    await this.sending;
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
        if (error instanceof HearthError && error.code === ErrorCode.WorkbookOpenElsewhere)
          await this.waitForTheFile(error);
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

  private async runBatch(batch: Item[], signal: AbortSignal): Promise<void> {
    const { workbook, log } = this.options;
    const ticks = batch.filter((i) => i.kind === 'tick');
    const now = ticks.map((t) => t.now).find((n) => n !== undefined) ?? this.options.clock();
    const floors = await this.ledgerMarks();
    // A tick also reads the forms' response tabs, in the same call, to sweep up what the relay missed.
    const snapshot = await workbook.read(WRITER_TABS, {
      ...(ticks.length > 0 ? { raw: Object.values(RESPONSE_TABS) } : {}),
      idFloors: floors,
    });
    this.timeZone = snapshot.timeZone;
    this.leadersChannel = snapshot.settings.leadersChannel;
    if (this.pausedAtWrite.size > 0) {
      const missing = await workbook.missingHeaders([...this.pausedAtWrite]);
      for (const tab of this.pausedAtWrite) if (!missing.has(tab)) this.pausedAtWrite.delete(tab);
    }
    const paused = pausedTabs(snapshot, this.pausedAtWrite);
    // Each piece of work is decided against the effects of the ones before it in this batch, and against what
    // earlier sends learnt (a request's permalink, Sent marks): those marks are written in this change set.
    let view = withChanges(snapshot, this.unmarked);
    const plans: Plan[] = [];
    /** A cause is taken whole or not at all: one that touches a paused tab writes nothing and sends nothing. */
    const take = (plan: Plan): string[] => {
      const blocked = tabsTouched(plan).filter((tab) => paused.has(tab));
      if (blocked.length > 0) return blocked;
      view = withChanges(view, plan.changes);
      plans.push(plan);
      return [];
    };
    const lost = lostIds(floors, snapshot, this.unconfirmed);
    take(planRollbackNotice(view, lost, now));
    const outcomes = new Map<Item, WorkOutcome>();
    const heldNow: { work: Work; tabs: string[] }[] = [];
    const works = batch.filter((i) => i.kind === 'work');
    for (const item of works) {
      const work = await this.withSlackEmail(item.work, view);
      const plan = decideWork(work, view, now);
      const blocked = take(plan);
      if (blocked.length > 0) {
        heldNow.push({ work, tabs: blocked });
        const since = this.held.get(work.identity)?.since ?? now;
        this.held.set(work.identity, { what: describeWork(work), tabs: blocked, since });
        outcomes.set(item, {
          identity: work.identity,
          status: 'held',
          notes: [
            `${work.identity}: waits until ${blocked.join(', ')} can be written (a required header is missing)`,
          ],
        });
        continue;
      }
      this.held.delete(work.identity);
      outcomes.set(item, {
        identity: item.work.identity,
        status: plan.changes.length === 0 ? 'duplicate' : this.options.dryRun ? 'dry-run' : 'applied',
        notes: plan.notes,
      });
    }
    if (works.length > 0 && ticks.length === 0) take(decideFollowUps(view, now, paused));
    if (ticks.length > 0) {
      for (const work of sweptResponses(snapshot, now)) {
        const plan = decideWork(work, view, now);
        // Handled already (by the push or an earlier sweep), or waiting: the next tick sweeps it again.
        if (plan.changes.length > 0) take(plan);
      }
      take(decideTick(view, WRITER_TABS, now, paused));
    }
    if (heldNow.length > 0) take(heldNotice(view, [...this.held.values()], paused, now));
    const due =
      ticks.length > 0 && !paused.has('Outbox')
        ? dueMessages(view, now, this.inFlight)
        : { send: [], changes: [] };
    const merged = mergePlans(plans);
    const sends: DueSend[] = [...merged.send.map((id) => ({ id, attempts: 0 })), ...due.send].filter(
      (send, i, all) => all.findIndex((s) => s.id === send.id) === i,
    );
    const idChanges = await this.planIds(snapshot, view, floors, lost.length > 0, now);
    const marks = this.unmarked;
    this.unmarked = [];
    // Every message is marked Sending in the write before it goes out: a crash leaves it in doubt, not due.
    const sending = sends.filter((send) => !send.inDoubt).map((send) => sendingMark(send.id, now));
    const changes = [...marks, ...merged.changes, ...due.changes, ...sending, ...idChanges].filter(
      (change) => !paused.has(change.tab),
    );
    const report: BatchReport = {
      items: batch.length,
      changes: changes.length,
      messages: sends.length,
      notes: merged.notes,
    };
    for (const tab of paused) report.notes.push(`writes to ${tab} are paused: a required header is missing`);
    for (const { work, tabs } of heldNow)
      report.notes.push(`${work.identity} waits until ${tabs.join(', ')} can be written`);

    if (this.options.dryRun) {
      this.unmarked = marks;
      log.log('NOTICE', 'dry run: nothing applied', {
        notes: report.notes,
        changes: changes.map(withoutReporter),
        send: sends.map((s) => s.id),
      });
    } else {
      try {
        // The lease was lost (another writer took it): not a cell of this batch may be written now.
        signal.throwIfAborted();
        if (changes.length > 0) await workbook.apply(changes, { timeZone: snapshot.timeZone });
      } catch (error) {
        this.unmarked = [...marks, ...this.unmarked];
        throw error;
      }
      this.openElsewhere = undefined;
      if (idChanges.length > 0 && !paused.has('IDs')) this.unconfirmed = new Map();
      this.settleMarks(marks);
      // The sheet now holds every Outbox row: the work is durable, so its senders hear back before the Slack
      // calls, which go out in order behind earlier ones (about one message per second per channel).
      for (const send of sends) this.inFlight.add(send.id);
      const { ephemerals, views } = merged;
      const written = view;
      this.sending = this.sending.then(() => this.sendAll(sends, ephemerals, views, written, now));
    }
    if (report.notes.length > 0 || report.messages > 0)
      log.log('INFO', 'writer batch applied', { ...report });
    if (ticks.length > 0 && !this.options.dryRun) await this.archiveOnceADay(now, snapshot.timeZone);
    for (const item of batch) {
      if (item.kind === 'work') item.resolve(outcomes.get(item) as WorkOutcome);
      else item.resolve(report);
    }
  }

  /**
   * The ledger's marks, read at every batch (another writer may have moved them), with Audit's mentions the
   * first time when the ledger is new, so that no ID an older sheet gave comes back.
   */
  private async ledgerMarks(): Promise<IdMarks> {
    const { marks, fresh } = await this.ids.read();
    if (fresh && !this.auditSeed) {
      const audit = (await this.options.workbook.read(['Audit'])).table('Audit').rows;
      this.auditSeed = largestMentioned(
        audit.flatMap(({ values }) => [values.target ?? '', values.details ?? '', values.key ?? '']),
      );
    }
    return highest(marks, this.auditSeed ?? new Map());
  }

  /**
   * The IDs this batch gave, recorded in the ledger before the sheet is written, and the IDs tab brought up to
   * them in the same write. Done when IDs were given, after a rollback, and once when the writer starts.
   */
  private async planIds(
    snapshot: Snapshot,
    view: Snapshot,
    floors: IdMarks,
    rolledBack: boolean,
    now: DateTime,
  ): Promise<Change[]> {
    if (this.idsReconciled && !rolledBack && snapshot.idsGiven().size === 0) return [];
    const marks = view.idMarks();
    if ([...marks].some(([prefix, n]) => n > (floors.get(prefix) ?? 0)) && !this.options.dryRun) {
      await this.ids.record(marks);
      this.unconfirmed = highest(this.unconfirmed, marks);
    }
    this.idsReconciled = true;
    return planIdMarks(snapshot, marks, now);
  }

  /**
   * A click from someone no member row knows by Slack ID carries their Slack profile's email, so that they are
   * matched to their member row by email (the decision itself does no I/O).
   */
  private async withSlackEmail(work: Work, view: Snapshot): Promise<Work> {
    if (work.kind !== 'rsvp_click') return work;
    const { user } = work;
    if (!user || memberBySlackId(view, user)) return work;
    try {
      const email = (await this.options.chat.userById(user))?.email;
      return email ? { ...work, email } : work;
    } catch (error) {
      this.options.log.log('WARNING', 'Slack profile not read; the click is matched by Slack ID only', {
        ...errorFields(error),
      });
      return work;
    }
  }

  private async sendAll(
    sends: DueSend[],
    replies: Plan['ephemerals'],
    views: Plan['views'],
    view: Snapshot,
    now: DateTime,
  ): Promise<void> {
    // What earlier batches' sends learnt since this batch read the sheet (a permalink, a Sent mark).
    let written = withChanges(view, this.unmarked);
    for (const send of sends) {
      try {
        const changes = await this.deliver(send, written, now);
        this.unmarked.push(...changes);
        // What a send learnt (a member's Slack ID found by email) serves the messages after it.
        written = withChanges(written, changes);
      } catch (error) {
        const text = error instanceof Error ? error.message : String(error);
        this.options.log.log('WARNING', `Slack message ${send.id} not sent`, errorFields(error));
        // A post whose answer never came may have landed: it stays Sending, and is looked for before a new try.
        const outcome: SendOutcome = (error as { inDoubt?: boolean }).inDoubt
          ? { doubt: text }
          : { ok: false, error: text };
        const mark = sendMark(send.id, send.attempts, now, outcome);
        this.unmarked.push(mark);
        const row = written.table('Outbox').byId(send.id)?.values;
        if (row && mark.kind === 'update' && mark.set.status === 'Failed')
          this.unmarked.push(...failureNotice(row, text, written, now));
      }
    }
    for (const { viewId, view: modal } of views) {
      await this.options.chat.updateView(viewId, modal).catch((error: unknown) => {
        this.options.log.log('WARNING', 'modal not redrawn', errorFields(error));
      });
    }
    for (const reply of replies) {
      await this.options.chat.postEphemeral(reply).catch((error: unknown) => {
        this.options.log.log('WARNING', 'ephemeral reply not delivered', errorFields(error));
      });
    }
  }

  /** One Outbox row, rendered from the sheet as written; its marks (and links it learnt) ride in the next write. */
  private async deliver(send: DueSend, view: Snapshot, now: DateTime): Promise<Change[]> {
    const { id, attempts } = send;
    const row = view.table('Outbox').byId(id)?.values;
    if (row?.status !== 'Scheduled' && row?.status !== 'Sending') return [];
    const delivery = renderOutbox(row, view);
    if (delivery.kind === 'skip') return [sendMark(id, attempts, now, { skipped: delivery.reason })];
    const { chat } = this.options;
    if (delivery.kind === 'kick') {
      const outcome = await chat.kick(delivery.channel, delivery.user);
      return [sendMark(id, attempts, now, outcome.ok ? { ok: true } : { skipped: outcome.reason })];
    }
    if (delivery.kind === 'update') {
      const target = parsePermalink(delivery.permalink);
      if (!target)
        return [sendMark(id, attempts, now, { skipped: `not a Slack message link: ${delivery.permalink}` })];
      await chat.update({ ...target, ...delivery.message });
      return [sendMark(id, attempts, now, { ok: true })];
    }
    const changes: Change[] = [];
    let channel: string;
    if (typeof delivery.to === 'string') channel = delivery.to;
    else {
      // A member's DM: by Slack ID if known, else found by their email (and linked for next time).
      const member = delivery.to;
      const found = member.slackId ?? (await this.lookUp(member))?.id;
      if (!found) {
        const who = member.confidential ? 'the reporter' : member.email;
        return [
          sendMark(id, attempts, now, { skipped: `${WAITING_FOR_SLACK}: sent when ${who} joins Slack` }),
        ];
      }
      if (!member.slackId && member.memberId)
        changes.push(update('Members', member.memberId, { slackId: found }));
      if (!member.slackId && member.rsvpId) changes.push(update('RSVPs', member.rsvpId, { slackId: found }));
      channel = found;
    }
    // Sent before, with no answer back: found in Slack by its Message ID, it is not posted again.
    const found = send.inDoubt && (await this.lookFor(channel, id, send.inDoubt.since));
    const posted = found || (await chat.post({ ...delivery.message, channel, messageId: id }));
    changes.push(sendMark(id, attempts, now, { ok: true, permalink: posted.permalink }));
    if (delivery.permalinkTo)
      changes.push(
        update(delivery.permalinkTo.tab, delivery.permalinkTo.id, { slackMessage: posted.permalink }),
      );
    return changes;
  }

  /** A post in doubt, looked for in Slack; a failed look stays in doubt (it is never a reason to post again). */
  private async lookFor(channel: string, messageId: string, since: DateTime) {
    try {
      return await this.options.chat.findPosted({ channel, messageId, since: since.toJSDate() });
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw Object.assign(new Error(`could not look for it in Slack: ${why}`), { inDoubt: true });
    }
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

  /** A person found by email; a reporter's email never reaches an error or a log line. */
  private async lookUp(person: PersonRecipient) {
    try {
      return await this.options.chat.lookupUserByEmail(person.email);
    } catch (error) {
      if (!person.confidential) throw error;
      throw Object.assign(new Error('looking up the reporter in Slack failed'), {
        retryable: (error as { retryable?: boolean }).retryable ?? true,
      });
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

/** How far back the tick sweeps the forms' response tabs; the relay's own retries cover the minutes. */
export const SWEEP_DAYS = 3;

/** Rows of the response tabs from the last days, as the work the relay pushes for them (same identities). */
function sweptResponses(snapshot: Snapshot, now: DateTime): Work[] {
  const since = now.minus({ days: SWEEP_DAYS });
  return FORM_NAMES.flatMap((form) => {
    const grid = snapshot.raw(RESPONSE_TABS[form]);
    return grid ? responseWorks(form, grid, snapshot.timeZone, since) : [];
  });
}

/** A change as logged: an incident's reporter, and their words, never reach a log line. */
function withoutReporter(change: Change): Change {
  if (change.tab !== 'Incidents' || change.kind === 'claim') return change;
  const values = change.kind === 'append' ? change.values : change.set;
  const hidden: Record<string, unknown> = { ...values };
  // Who reported, and what they wrote: neither reaches a log line.
  for (const key of REPORTERS_CELLS) if (hidden[key]) hidden[key] = '(confidential)';
  return (change.kind === 'append' ? { ...change, values: hidden } : { ...change, set: hidden }) as Change;
}

/** The Incidents cells that hold a reporter's identity or their own words. */
const REPORTERS_CELLS = ['reporter', 'about', 'where', 'rule', 'details'] as const;

/** The tab a write failed on for a missing header or tab, when the writer's snapshot does not read it. */
function unreadTabAtFault(error: unknown): TabName | undefined {
  if (!(error instanceof HearthError)) return undefined;
  if (error.code !== ErrorCode.HeaderMissing && error.code !== ErrorCode.TabMissing) return undefined;
  const tab = error.tab ? tabNamed(error.tab) : undefined;
  return tab && !WRITER_TABS.includes(tab) ? tab : undefined;
}
