import { DateTime } from 'luxon';
import type { InputOf } from '../inputs.js';
import type { RsvpInput } from './rsvps.js';

/** An RSVP form answer: the verified email already stands in for a typed one (kept as `typedEmail`). */
export function rsvpFromForm(work: InputOf<'rsvp_form'>, now: DateTime): RsvpInput {
  const a = work.answers;
  const submitted = DateTime.fromISO(work.submittedAt, { setZone: true });
  return {
    identity: work.identity,
    source: 'Form',
    eventId: a.event,
    response: a.attending ? 'Yes' : 'No',
    guests: a.guests,
    email: a.email,
    typedEmail: a.typedEmail,
    submitted: submitted.isValid ? submitted : now,
  };
}

/** Going / Can't go under an announcement; the click's own time orders it against other answers. */
export function rsvpFromClick(click: InputOf<'rsvp_click'>): RsvpInput {
  const actionTs = Number(click.actionTs);
  const submitted =
    Number.isFinite(actionTs) && actionTs > 0
      ? DateTime.fromMillis(Math.round(actionTs * 1000))
      : DateTime.fromISO(click.receivedAt);
  return {
    identity: click.identity,
    source: 'Slack',
    eventId: click.eventId,
    response: click.response,
    // A button says nothing of guests: a Yes keeps those already asked for.
    email: click.email || undefined,
    slackId: click.user,
    submitted,
    channel: click.channel || undefined,
  };
}
