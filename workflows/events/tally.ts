import type { DateTime } from 'luxon';
import type { RsvpRefusal } from './messages.js';

/**
 * The seat tally of one event: pure arithmetic over its RSVPs, so that the same state and the same answer
 * always give the same seats, whoever applies them and however often.
 */
export type SeatStatus = 'Confirmed' | 'Waitlisted' | 'Declined' | 'Cancelled';

export interface Party {
  /** The RSVP ID. */
  id: string;
  status: SeatStatus;
  /** The person and their guests. */
  seats: number;
  /** Place in the queue while Waitlisted (1 is next). */
  position?: number | undefined;
}

export interface Answer {
  /** The person's RSVP (an existing one, or a new ID). */
  id: string;
  response: 'Yes' | 'No';
  seats: number;
}

export interface Totals {
  /** Seats held by Confirmed parties, guests included. */
  confirmed: number;
  /** People waiting, guests included. */
  waitlisted: number;
  /** Undefined when the event has no capacity (no limit). Never below 0, even when capacity was lowered. */
  seatsLeft: number | undefined;
}

export interface Outcome {
  parties: Party[];
  /** A Confirmed party asked for more seats than were free: they keep this many (they lose nothing). */
  keptSeats?: number;
}

const held = (parties: readonly Party[]) =>
  parties.reduce((sum, p) => sum + (p.status === 'Confirmed' ? p.seats : 0), 0);

export function totals(parties: readonly Party[], capacity: number | undefined): Totals {
  const confirmed = held(parties);
  const waitlisted = parties.reduce((sum, p) => sum + (p.status === 'Waitlisted' ? p.seats : 0), 0);
  return {
    confirmed,
    waitlisted,
    seatsLeft: capacity === undefined ? undefined : Math.max(0, capacity - confirmed),
  };
}

/**
 * Seats go to the waitlist in order: a party that fits is Confirmed, one that does not is passed over and keeps
 * its place until enough seats free up for all of it. Nobody Confirmed ever loses their seat here (a lowered
 * capacity only stops new confirmations). Positions are renumbered 1, 2, 3… in queue order.
 */
export function settle(parties: readonly Party[], capacity: number | undefined): Party[] {
  let free = capacity === undefined ? Number.POSITIVE_INFINITY : capacity - held(parties);
  const queue = parties
    .map((party, index) => ({ party, index }))
    .filter(({ party }) => party.status === 'Waitlisted')
    .sort(
      (a, b) =>
        (a.party.position ?? Number.POSITIVE_INFINITY) - (b.party.position ?? Number.POSITIVE_INFINITY) ||
        a.index - b.index,
    );
  const next = new Map<string, Party>();
  let position = 0;
  for (const { party } of queue) {
    if (party.seats <= free) {
      free -= party.seats;
      next.set(party.id, { ...party, status: 'Confirmed', position: undefined });
    } else {
      position += 1;
      next.set(party.id, { ...party, position });
    }
  }
  return parties.map((party) => next.get(party.id) ?? withoutPosition(party));
}

function withoutPosition(party: Party): Party {
  return party.status === 'Waitlisted' || party.position === undefined
    ? party
    : { ...party, position: undefined };
}

/**
 * One person's answer, then the seats settled. No frees their seats. Yes from someone Confirmed keeps their
 * seat (more guests only if the extra seats are free, else they keep what they had); from someone Waitlisted
 * keeps their place; from anyone else (new, or after a No) queues at the end.
 */
export function answer(parties: readonly Party[], capacity: number | undefined, a: Answer): Outcome {
  const current = parties.find((p) => p.id === a.id);
  let mine: Party;
  let keptSeats: number | undefined;
  if (a.response === 'No') {
    mine = { id: a.id, status: 'Declined', seats: current?.seats ?? a.seats, position: undefined };
  } else if (current?.status === 'Confirmed') {
    const free = capacity === undefined ? Number.POSITIVE_INFINITY : capacity - held(parties) + current.seats;
    if (a.seats <= current.seats || a.seats <= free) mine = { ...current, seats: a.seats };
    else {
      mine = current;
      keptSeats = current.seats;
    }
  } else if (current?.status === 'Waitlisted') {
    mine = { ...current, seats: a.seats };
  } else {
    const last = Math.max(0, ...parties.map((p) => (p.status === 'Waitlisted' ? (p.position ?? 0) : 0)));
    mine = { id: a.id, status: 'Waitlisted', seats: a.seats, position: last + 1 };
  }
  const others = current ? parties.map((p) => (p.id === a.id ? mine : p)) : [...parties, mine];
  return { parties: settle(others, capacity), ...(keptSeats !== undefined ? { keptSeats } : {}) };
}

/** A person who left the group (or whose RSVP was withdrawn): their seats free up and the waitlist moves. */
export function withdraw(parties: readonly Party[], capacity: number | undefined, id: string): Party[] {
  return settle(
    parties.map((p) => (p.id === id ? { ...p, status: 'Cancelled' as const, position: undefined } : p)),
    capacity,
  );
}

export interface EventState {
  status: 'Draft' | 'Announced' | 'Cancelled' | 'Done' | undefined;
  starts: DateTime;
  rsvpDeadline?: DateTime | undefined;
}

/**
 * Why an answer cannot be taken, or undefined when it can. After the RSVP deadline a No is still taken (it
 * frees a seat), and so is a Yes that asks for no more seats than the person already holds or waits for.
 */
export function refusal(
  event: EventState | undefined,
  current: Party | undefined,
  a: Answer,
  now: DateTime,
): RsvpRefusal | undefined {
  if (!event) return 'unknown-event';
  if (event.status === 'Cancelled') return 'cancelled';
  if (event.status === 'Done') return 'done';
  if (event.status !== 'Announced') return 'not-open';
  if (now >= event.starts) return 'started';
  const holding = current?.status === 'Confirmed' || current?.status === 'Waitlisted';
  if (
    a.response === 'Yes' &&
    event.rsvpDeadline &&
    now > event.rsvpDeadline &&
    !(holding && a.seats <= (current?.seats ?? 0))
  ) {
    return 'deadline-passed';
  }
  return undefined;
}
