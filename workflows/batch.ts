import type { DateTime } from 'luxon';
import type { Change } from '../sheets-schema/changes.js';
import type { IdMarks } from '../sheets-schema/ids.js';
import { withChanges } from '../sheets-schema/overlay.js';
import type { Snapshot } from '../sheets-schema/snapshot.js';
import type { TabName } from '../sheets-schema/tabs/index.js';
import { decideFollowUps, decideTick, decideWork, WRITER_TABS } from './decide.js';
import { describeWork, heldNotice, tabsTouched } from './held.js';
import { lostIds, planIdMarks, planRollbackNotice } from './ids.js';
import type { Input, Work } from './inputs.js';
import { type DueSend, dueMessages, sendingMark } from './outbox/outbox.js';
import { mergePlans, type Plan } from './plan.js';
import { messageKey, type QuestionFacts } from './presence/questions.js';
import { memberBySlackId } from './records.js';

/** Work set aside whole because a tab it writes is paused: what organizers are told waits. */
export interface Held {
  what: string;
  tabs: string[];
  since: DateTime;
}

/** What the writer knows besides the snapshot: what it remembers between batches, and what gather found. */
export interface BatchContext {
  /** Tabs that may not be written now (a required header is missing). */
  paused: ReadonlySet<TabName>;
  /** Marks earlier sends learnt (a permalink, Sent), not in the sheet yet: they ride in this write. */
  unmarked: readonly Change[];
  /** Messages this writer is sending or has sent without their mark in the sheet yet: never sent twice. */
  inFlight: ReadonlySet<string>;
  /** The last IDs given, as the ledger outside the sheet keeps them. */
  ledger: IdMarks;
  /** Marks this writer recorded in the ledger whose IDs tab row is not written yet: not a rollback. */
  unconfirmed: IdMarks;
  /** The IDs tab has not been brought in line with the ledger since the writer started. */
  reconcileIds: boolean;
  /** Work held before, by identity. */
  held: ReadonlyMap<string, Held>;
  /** Slack profile emails of the people who clicked, as gathered: a click is matched to a member by it. */
  profileEmails: ReadonlyMap<string, string>;
  /** What Slack said of the batch's questions: new ones' channel names and links, due ones' threads. */
  questions?: QuestionFacts;
}

/** What became of one piece of work. `held`: nothing of it was written or sent; it is handed over again later. */
export interface WorkDecision {
  identity: string;
  status: 'applied' | 'duplicate' | 'held';
  notes: string[];
}

export interface BatchDecision {
  /** The outcome of each piece of work, in the order given. */
  work: WorkDecision[];
  /** Every change of the batch, in one write; nothing for a paused tab. */
  changes: Change[];
  /** The earlier sends' marks among `changes`: once written, those messages are no longer this writer's. */
  marks: readonly Change[];
  /**
   * The IDs: `marks` to record in the ledger before the write (those above its own), whether the IDs tab was
   * brought in line with them (`reconciled`), and whether this write carries its rows (`written`).
   */
  ids: { marks: IdMarks; reconciled: boolean; written: boolean };
  /** Slack messages to send after the write, in order; replies only one person sees; modals to redraw. */
  sends: DueSend[];
  ephemerals: Plan['ephemerals'];
  views: Plan['views'];
  /** Who opened their App Home, once each: it is published for them after the write. */
  homes: string[];
  /** The snapshot as the write will leave it: what the messages are rendered from. */
  written: Snapshot;
  /** Work held now and before, for the next batch. */
  held: Map<string, Held>;
  notes: string[];
}

/**
 * The decide step of the writer: a whole batch (work in the order it came, and ticks) against one snapshot,
 * with no I/O. Each piece of work is decided against the effects of the ones before it, and taken whole or not
 * at all: one that would write a paused tab writes nothing and sends nothing (it is held). A tick picks up
 * organizers' edits, sweeps the forms' responses tabs and finds what is due in the Outbox. Every message is
 * marked Sending in this write, before it goes out: a crash leaves it in doubt, not due.
 */
export function decideBatch(
  snapshot: Snapshot,
  inputs: readonly Input[],
  now: DateTime,
  context: BatchContext,
): BatchDecision {
  const { paused } = context;
  let view = withChanges(snapshot, context.unmarked);
  const plans: Plan[] = [];
  const take = (plan: Plan): string[] => {
    const blocked = tabsTouched(plan).filter((tab) => paused.has(tab));
    if (blocked.length > 0) return blocked;
    view = withChanges(view, plan.changes);
    plans.push(plan);
    return [];
  };
  const lost = lostIds(context.ledger, snapshot, context.unconfirmed);
  take(planRollbackNotice(view, lost, now));

  const held = new Map(context.held);
  const heldNow: string[] = [];
  const work: WorkDecision[] = [];
  const works = inputs.filter((input): input is Work => input.kind !== 'tick');
  const ticked = works.length < inputs.length;
  for (const input of works) {
    const decided = withQuestionFacts(
      withProfileEmail(input, view, context.profileEmails),
      context.questions,
    );
    const plan = decideWork(decided, view, now);
    const blocked = take(plan);
    if (blocked.length > 0) {
      heldNow.push(`${input.identity} waits until ${blocked.join(', ')} can be written`);
      held.set(input.identity, {
        what: describeWork(input),
        tabs: blocked,
        since: context.held.get(input.identity)?.since ?? now,
      });
      work.push({
        identity: input.identity,
        status: 'held',
        notes: [
          `${input.identity}: waits until ${blocked.join(', ')} can be written (a required header is missing)`,
        ],
      });
      continue;
    }
    held.delete(input.identity);
    work.push({
      identity: input.identity,
      status: plan.changes.length === 0 ? 'duplicate' : 'applied',
      notes: plan.notes,
    });
  }
  if (works.length > 0 && !ticked) take(decideFollowUps(view, now, paused));
  // The tick's steps (the sweep among them) are each left out whole when they would write a paused tab.
  if (ticked) take(decideTick(view, WRITER_TABS, now, paused, context.questions?.threads));
  if (heldNow.length > 0) take(heldNotice(view, [...held.values()], paused, now));

  const due =
    ticked && !paused.has('Outbox') ? dueMessages(view, now, context.inFlight) : { send: [], changes: [] };
  const merged = mergePlans(plans);
  const sends: DueSend[] = [...merged.send.map((id) => ({ id, attempts: 0 })), ...due.send].filter(
    (send, i, all) => all.findIndex((s) => s.id === send.id) === i,
  );
  // The IDs this batch gave, and the IDs tab brought up to them (after a rollback, and once at start too).
  const reconciled = context.reconcileIds || lost.length > 0 || snapshot.idsGiven().size > 0;
  const idMarks = reconciled ? view.idMarks() : new Map<string, number>();
  const idChanges = reconciled ? planIdMarks(snapshot, idMarks, now) : [];
  const sending = sends.filter((send) => !send.inDoubt).map((send) => sendingMark(send.id, now));
  const changes = [...context.unmarked, ...merged.changes, ...due.changes, ...sending, ...idChanges].filter(
    (change) => !paused.has(change.tab),
  );
  const notes = [
    ...merged.notes,
    ...[...paused].map((tab) => `writes to ${tab} are paused: a required header is missing`),
    ...heldNow,
  ];
  return {
    work,
    changes,
    marks: context.unmarked,
    ids: { marks: idMarks, reconciled, written: idChanges.length > 0 && !paused.has('IDs') },
    sends,
    ephemerals: merged.ephemerals,
    views: merged.views,
    homes: [...new Set(merged.homes)],
    written: view,
    held,
    notes,
  };
}

/**
 * A click from someone no member row knows by Slack ID carries their Slack profile's email, so that they are
 * matched to their member row by email.
 */
function withProfileEmail(work: Work, view: Snapshot, emails: ReadonlyMap<string, string>): Work {
  if (!byProfileEmail(work) || work.email || memberBySlackId(view, work.user)) return work;
  const email = emails.get(work.user);
  return email ? { ...work, email } : work;
}

/** A question carries its channel's name and its link, as the gather step learnt them from Slack. */
function withQuestionFacts(work: Work, facts: QuestionFacts | undefined): Work {
  if (work.kind !== 'question_asked') return work;
  const found = facts?.messages.get(messageKey(work.channel, work.ts));
  return found ? { ...work, ...found } : work;
}

/** The people whose profile email a batch may need: whoever pressed Going or Can't go, or asked for an invite link. */
export function clickersOf(inputs: readonly Input[]): string[] {
  return [...new Set(inputs.flatMap((input) => (byProfileEmail(input) && !input.email ? [input.user] : [])))];
}

/** The inputs matched to a member by their Slack profile's email when no member row has their Slack ID. */
function byProfileEmail(input: Input): input is Extract<Input, { kind: 'rsvp_click' | 'invite_shortcut' }> {
  return input.kind === 'rsvp_click' || input.kind === 'invite_shortcut';
}
