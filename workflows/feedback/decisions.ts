/**
 * Feedback that reaches someone. A rating of an event goes on the person's own RSVP, and the event's Rating
 * (the average) and Ratings (how many) follow; a rating of joining, and whatever people write, go to the
 * Feedback tab without who they are (unless they say the organizers may contact them).
 */
import type { DateTime } from 'luxon';
import { append, type CellValues, type Change, update } from '../../sheets-schema/changes.js';
import type { Snapshot, TableOf } from '../../sheets-schema/snapshot.js';
import type { RatingWord } from '../../sheets-schema/tabs/rsvps.js';
import { keptFor } from '../derived.js';
import {
  type Event,
  eventAbout,
  eventOf,
  type Rsvp,
  rsvpOf,
  rsvpsByEvent,
  rsvpsByEventIn,
} from '../events/records.js';
import type { InputOf } from '../inputs.js';
import { emptyPlan, mergePlans, type Plan, stableDigest } from '../plan.js';
import {
  audit,
  hasOutbox,
  leadersNote,
  type Member,
  memberByEmail,
  outboxIdFor,
  planMessage,
  replyOnRecord,
} from '../records.js';
import {
  ALREADY_ANSWERED_REPLY,
  type FeedbackRefusal,
  feedbackNote,
  feedbackReceived,
  feedbackRefusal,
  JOINING,
  ratingReply,
} from './messages.js';

/** Outbox kinds of feedback. */
export const FEEDBACK_KINDS = {
  /** The reply only the person who rated an event saw, on record so the same click is answered once. */
  reply: 'feedback.reply',
  /** The follow-up after joining, edited in place once answered: To is its DM, About its ts. */
  answered: 'feedback.answered',
} as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[keyof typeof FEEDBACK_KINDS];

/** What each rating counts for in an event's average. */
export const RATING_SCORES: Record<RatingWord, number> = { 'Loved it': 3, 'It was OK': 2, 'Not for me': 1 };

/** Audit's actor for what is said without a name. */
const ANONYMOUS = '(anonymous)';

type Subject =
  | { kind: 'event'; rsvp: Rsvp & { rsvpId: string }; event: Event | undefined }
  | { kind: 'joining'; member: Member };

/**
 * What a button or the modal is about (`about`: an RSVP ID or a Member ID), when it is `user`'s: their RSVP
 * (by its Slack ID, or their member row's), or their own member row.
 */
function subjectOf(about: string, user: string, snapshot: Snapshot): Subject | FeedbackRefusal {
  if (about.startsWith('M-')) {
    const member = snapshot.table('Members').byId(about)?.values;
    if (!member?.memberId) return 'unknown';
    return member.slackId === user ? { kind: 'joining', member } : 'not-yours';
  }
  const rsvp = rsvpOf(snapshot, about);
  if (!rsvp?.rsvpId) return 'unknown';
  const member = rsvp.email ? memberByEmail(snapshot, rsvp.email) : undefined;
  if (rsvp.slackId !== user && member?.slackId !== user) return 'not-yours';
  return { kind: 'event', rsvp: rsvp as Rsvp & { rsvpId: string }, event: eventOf(snapshot, rsvp.eventId) };
}

/** A click or submission that changes nothing: the person is told why, where they pressed it. */
function refuse(
  plan: Plan,
  input: { identity: string; user: string; channel: string },
  reason: FeedbackRefusal,
): Plan {
  plan.notes.push(`${input.identity}: feedback not taken (${reason})`);
  if (input.channel)
    plan.ephemerals.push({ channel: input.channel, user: input.user, text: feedbackRefusal(reason) });
  return plan;
}

/** Loved it, It was OK or Not for me: under a thank-you after an event, or under the follow-up after joining. */
export function planFeedbackClick(click: InputOf<'feedback_click'>, snapshot: Snapshot, now: DateTime): Plan {
  const subject = subjectOf(click.about, click.user, snapshot);
  if (typeof subject === 'string') return refuse(emptyPlan(), click, subject);
  return subject.kind === 'event'
    ? planEventRating(click, subject, snapshot, now)
    : planJoiningRating(click, snapshot, now);
}

/**
 * A rating of an event, on the person's own RSVP: a second one replaces the first, and the event's Rating and
 * Ratings follow at once. Each click is answered by a reply only they see, kept on record so that the same
 * click delivered again is neither applied nor answered twice.
 */
function planEventRating(
  click: InputOf<'feedback_click'>,
  { rsvp, event }: Extract<Subject, { kind: 'event' }>,
  snapshot: Snapshot,
  now: DateTime,
): Plan {
  const plan = emptyPlan();
  const key = `feedback:${click.identity}`;
  if (hasOutbox(snapshot, key)) {
    plan.notes.push(`${click.identity}: rating already taken`);
    return plan;
  }
  if (snapshot.table('RSVPs').headers.index.rating === undefined)
    return refuse(plan, click, 'no-rating-column');
  const { rsvpId } = rsvp;
  if (rsvp.rating !== click.rating) {
    plan.changes.push(update('RSVPs', rsvpId, { rating: click.rating }));
    if (event?.eventId) {
      const rows = (rsvpsByEvent(snapshot).get(event.eventId) ?? []).map((row) =>
        row.rsvpId === rsvpId ? { ...row, rating: click.rating } : row,
      );
      plan.changes.push(...ratingChanges(snapshot.table('Events'), event, rows));
    }
    plan.changes.push(
      audit(now, {
        actor: click.user,
        action: 'feedback.rating',
        target: rsvpId,
        details: `${rsvp.eventId}: ${click.rating}${rsvp.rating ? ` (was ${rsvp.rating})` : ''}`,
        key: click.identity,
      }),
    );
  }
  plan.changes.push(
    replyOnRecord(
      key,
      { kind: FEEDBACK_KINDS.reply, to: click.user, about: eventAbout(rsvp.eventId, rsvpId, click.rating) },
      now,
    ),
  );
  if (click.channel) {
    const text = ratingReply({ title: event?.title ?? rsvp.eventId, rating: click.rating });
    plan.ephemerals.push({ channel: click.channel, user: click.user, text });
  }
  plan.notes.push(`${click.identity}: ${rsvpId} rated ${click.rating}`);
  return plan;
}

/**
 * A rating of joining: a Feedback row without a name. The first answer counts: the follow-up is edited in place
 * to thank them, without its rating buttons. What Hearth keeps is that this message was answered (its Outbox
 * row: the DM and the message's ts), never who answered or what, so a second click is recognised by the
 * message it was on. That row also carries a digest of the click, so the same click delivered again is silent.
 */
function planJoiningRating(click: InputOf<'feedback_click'>, snapshot: Snapshot, now: DateTime): Plan {
  const plan = emptyPlan();
  const key = click.messageTs
    ? `feedback-answered:${click.channel}:${click.messageTs}`
    : `feedback-answered:${click.identity}`;
  const mark = `#${stableDigest(click.identity)}`;
  if (hasOutbox(snapshot, key)) {
    const answered = snapshot.table('Outbox').byId(outboxIdFor(key))?.values;
    if (answered?.about?.endsWith(mark)) {
      plan.notes.push(`${click.identity}: rating of joining already taken`);
      return plan;
    }
    plan.notes.push(`${click.identity}: the follow-up was answered already; the first answer counts`);
    if (click.channel)
      plan.ephemerals.push({ channel: click.channel, user: click.user, text: ALREADY_ANSWERED_REPLY });
    return plan;
  }
  const feedbackId = snapshot.nextId('Feedback');
  const edit = planMessage(key, {
    kind: FEEDBACK_KINDS.answered,
    to: click.channel,
    about: `${click.messageTs ?? ''} ${mark}`.trim(),
    due: now,
  });
  plan.changes.push(
    append('Feedback', { feedbackId, received: now, about: JOINING, rating: click.rating }),
    edit.change,
    audit(now, {
      actor: ANONYMOUS,
      action: 'feedback.received',
      target: feedbackId,
      details: `about joining: ${click.rating}`,
    }),
  );
  plan.send.push(edit.id);
  plan.notes.push(`${feedbackId}: a rating of joining`);
  return plan;
}

/**
 * "Tell the organizers…", submitted: one Feedback row, about the event (with their rating of it, if they gave
 * one) or about joining. Their words are in it and nowhere else; their Slack ID only when they ticked "You may
 * contact me about this". The leaders are told it is there (never what it says), and that note, keyed by the
 * modal's view ID, is how the same submission delivered again is recognised.
 */
export function planFeedbackView(view: InputOf<'feedback_view'>, snapshot: Snapshot, now: DateTime): Plan {
  const plan = emptyPlan();
  const key = `feedback:${view.identity}`;
  if (hasOutbox(snapshot, key)) {
    plan.notes.push(`${view.identity}: feedback already received`);
    return plan;
  }
  const subject = subjectOf(view.about, view.user, snapshot);
  if (typeof subject === 'string') return refuse(plan, view, subject);
  const words = view.feedback.trim();
  if (!words) return refuse(plan, view, 'empty');
  const feedbackId = snapshot.nextId('Feedback');
  const event = subject.kind === 'event' ? subject : undefined;
  const about = event ? event.rsvp.eventId : JOINING;
  const rating = event?.rsvp.rating;
  plan.changes.push(
    append('Feedback', {
      feedbackId,
      received: now,
      about,
      ...(rating ? { rating } : {}),
      feedback: words,
      ...(view.contact ? { contact: view.user } : {}),
    }),
  );
  const note = leadersNote(snapshot, now, key, {
    text: feedbackNote({
      feedbackId,
      ...(event ? { eventId: about, eventTitle: event.event?.title ?? '' } : {}),
      ...(rating ? { rating } : {}),
      contact: view.contact,
    }),
    action: 'feedback.received',
    target: feedbackId,
    details: `about ${about}${rating ? `, rated ${rating}` : ''}${view.contact ? ', may be contacted' : ''}`,
  });
  if (view.channel)
    plan.ephemerals.push({ channel: view.channel, user: view.user, text: feedbackReceived(view.contact) });
  plan.notes.push(`${view.identity}: ${feedbackId} about ${about}`);
  return mergePlans([plan, note]);
}

/** An event's Rating (the average of its RSVPs' ratings, to 1 decimal) and Ratings (how many). */
export function eventRating(rows: readonly Rsvp[]): { rating: number | undefined; ratings: number } {
  const scores = rows.flatMap((row) => (row.rating ? [RATING_SCORES[row.rating]] : []));
  if (scores.length === 0) return { rating: undefined, ratings: 0 };
  const sum = scores.reduce((a, b) => a + b, 0);
  return { rating: Math.round((sum * 10) / scores.length) / 10, ratings: scores.length };
}

/** The event's Rating and Ratings, when they differ from what its RSVPs say (columns it lacks are left be). */
export function ratingChanges(events: TableOf<'Events'>, event: Event, rows: readonly Rsvp[]): Change[] {
  const columns = events.headers.index;
  const { rating, ratings } = eventRating(rows);
  const set: CellValues<'Events'> = {};
  const sameRating =
    rating === undefined
      ? event.rating === undefined
      : Math.abs((event.rating ?? Number.NaN) - rating) < 1e-9;
  if (columns.rating !== undefined && !sameRating) set.rating = rating ?? null;
  if (columns.ratings !== undefined && (event.ratings ?? 0) !== ratings) set.ratings = ratings;
  return Object.keys(set).length > 0 ? [update('Events', event.eventId as string, set)] : [];
}

/**
 * Every event's Rating and Ratings agree with its RSVPs, as the tally's counts do: a rating an organizer
 * edited, cleared or typed in is followed at the next tick.
 */
export function planEventRatings(snapshot: Snapshot): Plan {
  const plan = emptyPlan();
  plan.changes.push(...allRatingChanges(snapshot.table('Events'), snapshot.table('RSVPs')));
  if (plan.changes.length > 0) plan.notes.push(`events: ${plan.changes.length} rating change(s)`);
  return plan;
}

const allRatingChanges = keptFor((events: TableOf<'Events'>, table: TableOf<'RSVPs'>): readonly Change[] => {
  const rsvps = rsvpsByEventIn(table);
  return events.rows.flatMap(({ values: event }) =>
    event.eventId ? ratingChanges(events, event, rsvps.get(event.eventId) ?? []) : [],
  );
});
