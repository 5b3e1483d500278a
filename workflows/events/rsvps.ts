import type { DateTime } from 'luxon';
import { append, type Change, update } from '../../sheets-schema/changes.js';
import { normalizeEmail } from '../../sheets-schema/emails.js';
import type { Problem } from '../../sheets-schema/problems.js';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import { GONE, memberAddress } from '../onboarding/decisions.js';
import { emptyPlan, type Plan } from '../plan.js';
import {
  audit,
  hasOutbox,
  type Member,
  memberByEmail,
  memberBySlackId,
  planMessage,
  replyOnRecord,
} from '../records.js';
import { type RsvpRefusal, rsvpRefusedNotice } from './messages.js';
import {
  EVENT_KINDS,
  type Event,
  eventAbout,
  eventOf,
  eventView,
  joinHint,
  localMinute,
  notifiedText,
  partyOf,
  type Rsvp,
  rsvpAddress,
} from './records.js';
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
  // One pass, not the index by event: each answer of a batch sees a new overlay, and the index would be built
  // again for every one.
  const rows: Rsvp[] = [];
  for (const { values } of snapshot.table('RSVPs').rows)
    if (values.rsvpId && values.eventId === input.eventId) rows.push(values);
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
    : !event?.eventId && eventProblems(snapshot, input.eventId).length > 0
      ? 'event-needs-fix'
      : (refusal(event, current, { id: '', response: input.response, seats }, now) ??
        membershipRefusal(input, person, snapshot));
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

/**
 * Settings → RSVPs from = Members: a Yes takes a seat only for someone in the Members tab who is not Pending (a
 * row without a Status is an existing member an organizer added). A No takes no seat: it is taken from anyone.
 */
function membershipRefusal(input: RsvpInput, person: Person, snapshot: Snapshot): RsvpRefusal | undefined {
  if (input.response !== 'Yes' || snapshot.settings.rsvpsFrom === 'Anyone') return undefined;
  if (!person.member?.memberId) return 'not-joined';
  return person.member.status === 'Pending' ? 'membership-pending' : undefined;
}

/** The problems of an event's row that an organizer typed wrong (it is not in `rows` until fixed). */
function eventProblems(snapshot: Snapshot, eventId: string): Problem[] {
  return snapshot.table('Events').invalid.find((row) => row.id === eventId)?.problems ?? [];
}

/** Why an answer was not taken, for Audit: a sentence that says what to fix, never a code. */
function refusalDetails(
  reason: RsvpRefusal,
  input: RsvpInput,
  person: Person,
  event: Event | undefined,
  snapshot: Snapshot,
): string {
  const id = input.eventId || '(none)';
  const at = (when: DateTime) => localMinute(when, snapshot.timeZone);
  switch (reason) {
    case 'unknown-event':
      return `no event ${id} in the Events tab: check the Event ID`;
    case 'event-needs-fix': {
      const problems = eventProblems(snapshot, input.eventId);
      const cells = problems.map((p) => p.a1).join(' and ');
      const what = problems.map((p) => `${p.header} ${p.message}`).join('; ');
      return `${id} can’t take RSVPs until ${cells} ${problems.length > 1 ? 'are' : 'is'} fixed: ${what}`;
    }
    case 'not-open':
      return `${id} is ${event?.status ?? 'not Announced'}: set its Status to Announced to open RSVPs`;
    case 'cancelled':
      return `${id} is Cancelled`;
    case 'done':
      return `${id} is Done: it has taken place`;
    case 'started':
      return `${id} started at ${event ? at(event.starts) : '?'}: RSVPs close when an event starts`;
    case 'deadline-passed':
      return `RSVPs for ${id} closed at ${event?.rsvpDeadline ? at(event.rsvpDeadline) : '?'} (its RSVP deadline): move the deadline to take more`;
    case 'not-a-member':
      return `${person.member?.memberId ?? 'the member'} is ${person.member?.status ?? 'not active'} in Members: only members take part`;
    case 'not-joined':
      return 'nobody in Members has this email or Slack ID, and Settings → RSVPs from is Members: add them to Members (or they fill in the join form), or set RSVPs from to Anyone';
    case 'membership-pending':
      return `${person.member?.memberId ?? 'the member'} is Pending (their join waits for approval): approve it, or set their Status to Active in Members`;
  }
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
      details: `${input.response} by ${input.source} not taken: ${refusalDetails(reason, input, person, event, snapshot)}`,
      key: input.identity,
    }),
  );
  plan.notes.push(`${input.identity}: ${input.response} for ${input.eventId} refused (${reason})`);
  const about = `${/^EV-\d+$/.test(input.eventId) ? input.eventId : 'EV-0'} ${reason}`;
  if (input.source === 'Slack' && input.channel && person.slackId) {
    const notice = rsvpRefusedNotice({
      reason,
      eventId: input.eventId,
      ...(event?.eventId ? { event: eventView(event, snapshot.timeZone) } : {}),
      join: joinHint(snapshot),
    });
    plan.changes.push(replyOnRecord(key, { kind: EVENT_KINDS.refused, to: person.slackId, about }, now));
    plan.ephemerals.push({ channel: input.channel, user: person.slackId, text: notice.text });
    return plan;
  }
  const to = person.member?.memberId
    ? memberAddress(person.member.memberId)
    : (person.slackId ?? (person.email ? `email:${person.email}` : ''));
  if (!to) return plan;
  const message = planMessage(key, { kind: EVENT_KINDS.refused, to, about, due: now });
  plan.changes.push(message.change);
  plan.send.push(message.id);
  return plan;
}
