import { DateTime } from 'luxon';
import type { FormWork, RsvpAnswers } from '../../sheets-schema/forms/index.js';
import type { SlackWork } from '../inputs.js';
import { RSVP_NO_ACTION, RSVP_YES_ACTION } from './messages.js';
import type { RsvpInput } from './rsvps.js';

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** An RSVP form answer: the verified email already stands in for a typed one (kept as `typedEmail`). */
export function rsvpFromForm(work: FormWork, now: DateTime): RsvpInput {
  const a = work.answers as Partial<RsvpAnswers> & { typedEmail?: string };
  const submitted = DateTime.fromISO(work.submittedAt, { setZone: true });
  return {
    identity: work.identity,
    source: 'Form',
    eventId: text(a.event),
    response: a.attending ? 'Yes' : 'No',
    guests: typeof a.guests === 'number' ? a.guests : 0,
    email: text(a.email),
    typedEmail: a.typedEmail,
    submitted: submitted.isValid ? submitted : now,
  };
}

/** Going / Can't go under an announcement; the click's own time orders it against other answers. */
export function rsvpFromClick(work: SlackWork): RsvpInput {
  const p = work.payload;
  const actionTs = Number(text(p.actionTs));
  const submitted =
    Number.isFinite(actionTs) && actionTs > 0
      ? DateTime.fromMillis(Math.round(actionTs * 1000))
      : DateTime.fromISO(work.receivedAt);
  return {
    identity: work.identity,
    source: 'Slack',
    eventId: text(p.value),
    response: p.actionId === RSVP_YES_ACTION ? 'Yes' : 'No',
    // A button says nothing of guests: a Yes keeps those already asked for.
    email: text(p.email) || undefined,
    slackId: text(p.user),
    submitted,
    channel: text(p.channel) || undefined,
  };
}

/** Going / Can't go: the person is found by their Slack ID, or else by their profile's email. */
export function isRsvpClick(work: SlackWork): boolean {
  return (
    work.type === 'action' &&
    (work.payload.actionId === RSVP_YES_ACTION || work.payload.actionId === RSVP_NO_ACTION)
  );
}
