import type { DateTime } from 'luxon';
import { append, type Change, update } from '../sheets-schema/changes.js';
import { normalizeEmail } from '../sheets-schema/emails.js';
import type { Snapshot } from '../sheets-schema/snapshot.js';
import {
  EVENT_KINDS,
  type Event,
  eventAbout,
  eventOf,
  eventView,
  notifiedText,
  partyOf,
  type Rsvp,
  rsvpAddress,
} from './event-records.js';
import { type RsvpRefusal, rsvpRefusedNotice } from './messages/events.js';
import { GONE, memberAddress } from './onboarding.js';
import { emptyPlan, type Plan } from './plan.js';
import { audit, hasOutbox, type Member, memberByEmail, memberBySlackId, planMessage } from './records.js';
import { answer, type Party, refusal, totals } from './tally.js';

/** An answer to "are you coming?", from the RSVP form or a button under the announcement. */
export interface RsvpInput {
  identity: string;
  source: 'Form' | 'Slack';
  /** As given: an Event ID, or whatever a button carried. */
  eventId: string;
  response: 'Yes' | 'No';
  /** Left out (a button): a Yes keeps the guests already asked for. */
  guests?: number | undefined;
  /** The verified email (form), or the Slack profile's. */
  email?: string | undefined;
  /** A typed email that differs from the verified one: recorded, never obeyed. */
  typedEmail?: string | undefined;
  slackId?: string | undefined;
  /** When the person answered; an answer older than the one on record is not applied. */
  submitted: DateTime;
  /** Where a button was pressed, for a reply only they see. */
  channel?: string | undefined;
}

interface Person {
  email: string;
  slackId: string | undefined;
  member: Member | undefined;
}

function personOf(input: RsvpInput, snapshot: Snapshot): Person {
  const member =
    (input.slackId ? memberBySlackId(snapshot, input.slackId) : undefined) ??
    (input.email ? memberByEmail(snapshot, input.email) : undefined);
  return {
    email: normalizeEmail(member?.email || input.email || ''),
    slackId: input.slackId || member?.slackId || undefined,
    member,
  };
}

/** The person's row for this event: one row per person per event, found by email or Slack ID. */
export function findRsvp(rows: readonly Rsvp[], person: { email: string; slackId?: string | undefined }) {
  return rows.find(
    (r) =>
      (person.email !== '' && r.email === person.email) || (!!person.slackId && r.slackId === person.slackId),
  );
}

function sameAnswer(current: Party | undefined, response: 'Yes' | 'No', seats: number): boolean {
  if (!current) return false;
  if (response === 'No') return current.status === 'Declined' || current.status === 'Cancelled';
  return (current.status === 'Confirmed' || current.status === 'Waitlisted') && current.seats === seats;
}

/**
 * One person's answer for one event. The RSVPs tab keeps one row per person per event, updated in place;
 * the tally is settled (the waitlist moves up on a No), the event's counts kept in step, the person told
 * what they got and anyone promoted told at once. An answer that changes nothing, or is older than the one on
 * record (a re-delivery, a late relay), has no effect.
 */
export function planRsvp(input: RsvpInput, snapshot: Snapshot, now: DateTime): Plan {
  const plan = emptyPlan();
  const person = personOf(input, snapshot);
  const event = eventOf(snapshot, input.eventId);
  const rows = snapshot
    .table('RSVPs')
    .rows.map((r) => r.values)
    .filter((r) => r.rsvpId && r.eventId === input.eventId);
  const existing = findRsvp(rows, person);
  const current = existing ? partyOf(existing) : undefined;
  const maxGuests = snapshot.settings.maxGuests;
  const asked = input.guests ?? (existing?.response === 'Yes' ? (existing.guests ?? 0) : 0);
  const guests = Math.min(asked, maxGuests);
  const seats = 1 + guests;
  const tag = `${input.identity}: ${person.email || person.slackId} ${input.response} for ${input.eventId}`;
  // An edited form response keeps its identity: its own time tells it apart from the answer it replaces.
  const cause = `${input.identity}@${input.submitted.toISO()}`;

  // Recorded with the answer it came with, so a re-delivery (or the sweep) of the same answer records nothing.
  const mismatch =
    input.typedEmail && input.typedEmail !== person.email
      ? audit(now, {
          actor: person.email,
          action: 'rsvp.email-mismatch',
          target: input.eventId,
          details: `typed ${input.typedEmail}; the form's verified email ${person.email} was used`,
          key: input.identity,
        })
      : undefined;
  if (existing?.submitted && input.submitted < existing.submitted) {
    plan.notes.push(`${tag}: older than the answer on record; not applied`);
    return plan;
  }
  // An answer the RSVP already holds (decided again by the sweep, say) changes nothing, even once the event
  // has started or the deadline has passed: it is not refused afresh.
  if (sameAnswer(current, input.response, seats)) {
    plan.notes.push(`${tag}: nothing changes`);
    return plan;
  }
  const gone = person.member && GONE.has(person.member.status ?? '');
  const reason: RsvpRefusal | undefined = gone
    ? 'not-a-member'
    : refusal(event, current, { id: '', response: input.response, seats }, now);
  if (reason || !event?.eventId)
    return refuse(plan, input, person, reason ?? 'unknown-event', event, snapshot, now, mismatch);
  if (mismatch) plan.changes.push(mismatch);

  const rsvpId = existing?.rsvpId ?? snapshot.nextId('RSVPs');
  const outcome = answer(rows.map(partyOf), event.capacity, { id: rsvpId, response: input.response, seats });
  const mine = outcome.parties.find((p) => p.id === rsvpId) as Party;
  const record = {
    response: input.response,
    guests: mine.seats - 1,
    submitted: input.submitted,
    source: input.source,
    status: mine.status,
    position: mine.position ?? null,
    notified: notifiedText(mine),
  };
  if (existing) {
    plan.changes.push(
      update('RSVPs', rsvpId, {
        ...record,
        ...(existing.email ? {} : { email: person.email || null }),
        ...(existing.slackId || !person.slackId ? {} : { slackId: person.slackId }),
      }),
    );
  } else {
    plan.changes.push(
      append('RSVPs', {
        rsvpId,
        eventId: event.eventId,
        email: person.email,
        slackId: person.slackId ?? '',
        ...record,
      }),
    );
  }

  const extra =
    outcome.keptSeats !== undefined
      ? `kept ${outcome.keptSeats - 1}`
      : guests < asked
        ? `capped ${guests}`
        : undefined;
  const notice = planMessage(`rsvp-notice:${cause}`, {
    kind: EVENT_KINDS.notice,
    to: rsvpAddress(rsvpId),
    about: eventAbout(event.eventId, rsvpId, extra),
    due: now,
  });
  plan.changes.push(notice.change);
  plan.send.push(notice.id);
  // Then anyone this answer let in from the waitlist.
  const settled = settleChanges(event, rows, outcome.parties, cause, now, rsvpId);
  plan.changes.push(...settled.changes);
  plan.send.push(...settled.send);
  if (person.member?.memberId && (!person.member.lastActive || person.member.lastActive < input.submitted)) {
    plan.changes.push(update('Members', person.member.memberId, { lastActive: input.submitted }));
  }
  plan.changes.push(
    audit(now, {
      actor: person.email || (person.slackId ?? ''),
      action: `rsvp.${input.response.toLowerCase()}`,
      target: rsvpId,
      details: `${event.eventId}: ${notifiedText(mine)}, ${mine.seats} seat${mine.seats === 1 ? '' : 's'}, by ${input.source}${extra ? ` (guests ${extra})` : ''}`,
      key: input.identity,
    }),
  );
  plan.notes.push(`${tag}: ${notifiedText(mine)}`);
  return plan;
}

/**
 * After the tally moved: every other RSVP whose status or place changed is updated, a promotion is told at
 * once, and the event's Confirmed, Waitlisted and Seats left brought in line with the RSVPs.
 */
export function settleChanges(
  event: Event,
  before: readonly Rsvp[],
  after: readonly Party[],
  cause: string,
  now: DateTime,
  skip?: string,
): Pick<Plan, 'changes' | 'send'> {
  const out: Pick<Plan, 'changes' | 'send'> = { changes: [], send: [] };
  const byId = new Map(before.map((r) => [r.rsvpId as string, r]));
  for (const party of after) {
    const row = byId.get(party.id);
    if (!row || party.id === skip) continue;
    const was = partyOf(row);
    if (was.status === party.status && was.position === party.position && row.status !== undefined) continue;
    const promoted = was.status === 'Waitlisted' && party.status === 'Confirmed';
    out.changes.push(
      update('RSVPs', party.id, {
        status: party.status,
        position: party.position ?? null,
        ...(promoted ? { notified: notifiedText(party) } : {}),
      }),
    );
    if (promoted) {
      const message = planMessage(`promoted:${party.id}:${cause}`, {
        kind: EVENT_KINDS.promoted,
        to: rsvpAddress(party.id),
        about: eventAbout(event.eventId as string, party.id),
        due: now,
      });
      out.changes.push(
        message.change,
        audit(now, {
          actor: 'Hearth',
          action: 'rsvp.promoted',
          target: party.id,
          details: `${event.eventId}: a seat freed up; Confirmed from the waitlist`,
          key: cause,
        }),
      );
      out.send.push(message.id);
    }
  }
  out.changes.push(...countChanges(event, after));
  return out;
}

/** The event's counts, when they differ from what its row says. */
export function countChanges(event: Event, parties: readonly Party[]): Change[] {
  const t = totals(parties, event.capacity);
  if (event.confirmed === t.confirmed && event.waitlisted === t.waitlisted && event.seatsLeft === t.seatsLeft)
    return [];
  return [
    update('Events', event.eventId as string, {
      confirmed: t.confirmed,
      waitlisted: t.waitlisted,
      seatsLeft: t.seatsLeft ?? null,
    }),
  ];
}

/** An answer that cannot be taken: recorded with its reason, and the person told where Hearth knows them. */
function refuse(
  plan: Plan,
  input: RsvpInput,
  person: Person,
  reason: RsvpRefusal,
  event: Event | undefined,
  snapshot: Snapshot,
  now: DateTime,
  mismatch: Change | undefined,
): Plan {
  const key = `rsvp-refused:${input.identity}@${input.submitted.toISO()}`;
  if (hasOutbox(snapshot, key)) {
    plan.notes.push(`${input.identity}: already refused (${reason})`);
    return plan;
  }
  if (mismatch) plan.changes.push(mismatch);
  plan.changes.push(
    audit(now, {
      actor: person.email || (person.slackId ?? ''),
      action: 'rsvp.refused',
      target: input.eventId,
      details: `${input.response} by ${input.source} not taken: ${reason}`,
      key: input.identity,
    }),
  );
  plan.notes.push(`${input.identity}: ${input.response} for ${input.eventId} refused (${reason})`);
  if (input.source === 'Slack' && input.channel && person.slackId) {
    const notice = rsvpRefusedNotice({
      reason,
      eventId: input.eventId,
      ...(event?.eventId ? { event: eventView(event, snapshot.timeZone) } : {}),
    });
    plan.ephemerals.push({ channel: input.channel, user: person.slackId, text: notice.text });
    return plan;
  }
  const to = person.member?.memberId
    ? memberAddress(person.member.memberId)
    : (person.slackId ?? (person.email ? `email:${person.email}` : ''));
  if (!to) return plan;
  const message = planMessage(key, {
    kind: EVENT_KINDS.refused,
    to,
    about: `${/^EV-\d+$/.test(input.eventId) ? input.eventId : 'EV-0'} ${reason}`,
    due: now,
  });
  plan.changes.push(message.change);
  plan.send.push(message.id);
  return plan;
}
