import type { DateTime } from 'luxon';
import { type Change, update } from '../sheets-schema/changes.js';
import { FORM_NAMES, RESPONSE_TABS, responseWorks } from '../sheets-schema/forms/index.js';
import { withChanges } from '../sheets-schema/overlay.js';
import type { Snapshot } from '../sheets-schema/snapshot.js';
import { TAB_NAMES, type TabName } from '../sheets-schema/tabs/index.js';
import type { Workbook } from '../sheets-schema/workbook.js';
import { decideFollowUps, decideTick, decideWork } from '../workflows/decide.js';
import type { PersonRecipient } from '../workflows/delivery.js';
import type { Work } from '../workflows/inputs.js';
import { WAITING_FOR_SLACK } from '../workflows/onboarding.js';
import { dueMessages, renderOutbox, sendMark } from '../workflows/outbox.js';
import { mergePlans, type Plan } from '../workflows/plan.js';
import { memberBySlackId } from '../workflows/records.js';
import { isRsvpClick } from '../workflows/rsvp-inputs.js';
import type { Chat } from './chat.js';
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
}

/** Audit and Outbox rows older than this move to the archive tabs, so the sheet stays small and fast. */
export const ARCHIVE_AFTER_DAYS = 90;

export interface WorkOutcome {
  identity: string;
  /** `duplicate`: the cause was recognised as already applied. */
  status: 'applied' | 'duplicate' | 'dry-run';
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

  constructor(private readonly options: WriterOptions) {}

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
        await this.runBatch(batch);
      } catch (error) {
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

  private async runBatch(batch: Item[]): Promise<void> {
    const { workbook, log } = this.options;
    const ticks = batch.filter((i) => i.kind === 'tick');
    const now = ticks.map((t) => t.now).find((n) => n !== undefined) ?? this.options.clock();
    // A tick also reads the forms' response tabs, in the same call, to sweep up what the relay missed.
    const snapshot = await workbook.read(
      WRITER_TABS,
      ticks.length > 0 ? { raw: Object.values(RESPONSE_TABS) } : {},
    );
    this.timeZone = snapshot.timeZone;
    // Each piece of work is decided against the effects of the ones before it in this batch, and against what
    // earlier sends learnt (a request's permalink, Sent marks): those marks are written in this change set.
    let view = withChanges(snapshot, this.unmarked);
    const plans: Plan[] = [];
    const outcomes = new Map<Item, WorkOutcome>();
    const works = batch.filter((i) => i.kind === 'work');
    for (const item of works) {
      const work = await this.withSlackEmail(item.work, view);
      const plan = decideWork(work, view, now);
      view = withChanges(view, plan.changes);
      plans.push(plan);
      outcomes.set(item, {
        identity: item.work.identity,
        status: plan.changes.length === 0 ? 'duplicate' : this.options.dryRun ? 'dry-run' : 'applied',
        notes: plan.notes,
      });
    }
    if (works.length > 0 && ticks.length === 0) {
      const plan = decideFollowUps(view, now);
      view = withChanges(view, plan.changes);
      plans.push(plan);
    }
    if (ticks.length > 0) {
      const swept = sweptResponses(snapshot, now);
      for (const work of swept) {
        const plan = decideWork(work, view, now);
        if (plan.changes.length === 0) continue; // handled already, by the push or an earlier sweep
        view = withChanges(view, plan.changes);
        plans.push(plan);
      }
      const plan = decideTick(view, WRITER_TABS, now);
      view = withChanges(view, plan.changes);
      plans.push(plan);
    }
    const due = ticks.length > 0 ? dueMessages(view, now, this.inFlight) : { send: [], changes: [] };
    const merged = mergePlans(plans);
    const marks = this.unmarked;
    this.unmarked = [];
    const { changes, paused } = withoutPausedTabs([...marks, ...merged.changes, ...due.changes], snapshot);
    const sends = [...merged.send.map((id) => ({ id, attempts: 0 })), ...due.send].filter(
      (send, i, all) => all.findIndex((s) => s.id === send.id) === i,
    );
    const report: BatchReport = {
      items: batch.length,
      changes: changes.length,
      messages: sends.length,
      notes: merged.notes,
    };
    for (const tab of paused) report.notes.push(`writes to ${tab} are paused: a required header is missing`);

    if (this.options.dryRun) {
      this.unmarked = marks;
      log.log('NOTICE', 'dry run: nothing applied', {
        notes: report.notes,
        changes: changes.map(withoutReporter),
        send: sends.map((s) => s.id),
      });
    } else {
      try {
        if (changes.length > 0) await workbook.apply(changes, { timeZone: snapshot.timeZone });
      } catch (error) {
        this.unmarked = [...marks, ...this.unmarked];
        throw error;
      }
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
   * A click from someone no member row knows by Slack ID carries their Slack profile's email, so that they are
   * matched to their member row by email (the decision itself does no I/O).
   */
  private async withSlackEmail(work: Work, view: Snapshot): Promise<Work> {
    if (work.kind !== 'slack' || !isRsvpClick(work)) return work;
    const user = String(work.payload.user ?? '');
    if (!user || memberBySlackId(view, user)) return work;
    try {
      const email = (await this.options.chat.userById(user))?.email;
      return email ? { ...work, payload: { ...work.payload, email } } : work;
    } catch (error) {
      this.options.log.log('WARNING', 'Slack profile not read; the click is matched by Slack ID only', {
        ...errorFields(error),
      });
      return work;
    }
  }

  private async sendAll(
    sends: { id: string; attempts: number }[],
    replies: Plan['ephemerals'],
    views: Plan['views'],
    view: Snapshot,
    now: DateTime,
  ): Promise<void> {
    // What earlier batches' sends learnt since this batch read the sheet (a permalink, a Sent mark).
    let written = withChanges(view, this.unmarked);
    for (const send of sends) {
      try {
        const changes = await this.deliver(send.id, send.attempts, written, now);
        this.unmarked.push(...changes);
        // What a send learnt (a member's Slack ID found by email) serves the messages after it.
        written = withChanges(written, changes);
      } catch (error) {
        const text = error instanceof Error ? error.message : String(error);
        this.options.log.log('WARNING', `Slack message ${send.id} not sent`, errorFields(error));
        this.unmarked.push(sendMark(send.id, send.attempts, now, { ok: false, error: text }));
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
  private async deliver(id: string, attempts: number, view: Snapshot, now: DateTime): Promise<Change[]> {
    const row = view.table('Outbox').byId(id)?.values;
    if (row?.status !== 'Scheduled') return [];
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
    const posted = await chat.post({ ...delivery.message, channel });
    changes.push(sendMark(id, attempts, now, { ok: true }));
    if (delivery.permalinkTo)
      changes.push(
        update(delivery.permalinkTo.tab, delivery.permalinkTo.id, { slackMessage: posted.permalink }),
      );
    return changes;
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
      await this.options.workbook.apply(marks, { timeZone: this.timeZone });
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

/** A change as logged: an incident's reporter never reaches a log line. */
function withoutReporter(change: Change): Change {
  if (change.tab !== 'Incidents' || change.kind === 'claim') return change;
  const values = change.kind === 'append' ? change.values : change.set;
  if (!('reporter' in values) || !values.reporter) return change;
  const hidden = { ...values, reporter: '(confidential)' };
  return (change.kind === 'append' ? { ...change, values: hidden } : { ...change, set: hidden }) as Change;
}

/** Changes to a tab missing a required header are held back (the tick reports the header); the rest go ahead. */
function withoutPausedTabs(
  changes: Change[],
  snapshot: Snapshot,
): { changes: Change[]; paused: Set<string> } {
  const paused = new Set<string>();
  const kept = changes.filter((change) => {
    if (!snapshot.has(change.tab) || snapshot.table(change.tab).headers.missing.length === 0) return true;
    paused.add(change.tab);
    return false;
  });
  return { changes: kept, paused };
}

/** `https://x.slack.com/archives/C123/p1700000000000100` → channel C123, ts 1700000000.000100. */
export function parsePermalink(link: string): { channel: string; ts: string } | undefined {
  const match = /\/archives\/([A-Z0-9]+)\/p(\d{10})(\d{6})/.exec(link);
  return match ? { channel: match[1] as string, ts: `${match[2]}.${match[3]}` } : undefined;
}
