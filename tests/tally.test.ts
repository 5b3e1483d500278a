import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { answer, type Party, refusal, settle, totals, withdraw } from '../workflows/events/tally.js';

/**
 * A compact notation: `A+2` is A saying Yes with 2 guests (3 seats), `A-` is A saying No, `A!` is A leaving.
 * The state reads `A:C3` (Confirmed, 3 seats), `B:W1#2` (Waitlisted, 1 seat, position 2), `C:D1`, `D:X1`.
 */
const LETTER = { Confirmed: 'C', Waitlisted: 'W', Declined: 'D', Cancelled: 'X' } as const;

function show(parties: readonly Party[]): string {
  return parties
    .map((p) => `${p.id}:${LETTER[p.status]}${p.seats}${p.position === undefined ? '' : `#${p.position}`}`)
    .join(' ');
}

function run(capacity: number | undefined, steps: string): { state: string; kept: (number | undefined)[] } {
  let parties: Party[] = [];
  const kept: (number | undefined)[] = [];
  for (const step of steps.split(/\s+/).filter(Boolean)) {
    const m = /^([A-Z])([+\-!])(\d*)$/.exec(step);
    if (!m) throw new Error(`bad step ${step}`);
    const [, id, op, guests] = m as unknown as [string, string, string, string];
    if (op === '!') {
      parties = withdraw(parties, capacity, id);
      continue;
    }
    const outcome = answer(parties, capacity, {
      id,
      response: op === '+' ? 'Yes' : 'No',
      seats: 1 + Number(guests || 0),
    });
    parties = outcome.parties;
    kept.push(outcome.keptSeats);
  }
  return { state: show(parties), kept };
}

describe('the tally', () => {
  it.each([
    ['seats while they last, then the waitlist', 3, 'A+ B+ C+ D+ E+', 'A:C1 B:C1 C:C1 D:W1#1 E:W1#2'],
    ['a guest takes a seat', 3, 'A+1 B+ C+', 'A:C2 B:C1 C:W1#1'],
    ['no capacity: everyone is confirmed', undefined, 'A+5 B+ C+', 'A:C6 B:C1 C:C1'],
    ['a No frees a seat for the first waiting', 2, 'A+ B+ C+ D+ A-', 'A:D1 B:C1 C:C1 D:W1#1'],
    ['a party that does not fit is passed over', 3, 'A+ B+ C+2 D+ B-', 'A:C1 B:D1 C:W3#1 D:C1'],
    [
      'the passed-over party gets in once enough seats free',
      3,
      'A+ B+ C+2 D+ B- A- D-',
      'A:D1 B:D1 C:C3 D:D1',
    ],
    ['a Yes after a No queues at the end', 2, 'A+ B+ C+ A- A+', 'A:W1#1 B:C1 C:C1'],
    ['a Yes after a No behind others', 1, 'A+ B+ C+ B- B+', 'A:C1 B:W1#2 C:W1#1'],
    ['a repeated Yes changes nothing', 2, 'A+ B+ C+ C+ A+', 'A:C1 B:C1 C:W1#1'],
    ['a repeated No changes nothing', 2, 'A- A-', 'A:D1'],
    ['a waitlisted Yes again keeps its place', 1, 'A+ B+ C+ B+', 'A:C1 B:W1#1 C:W1#2'],
    ['fewer guests free seats for the waitlist', 3, 'A+2 B+ A+0', 'A:C1 B:C1'],
    ['more guests when seats are free', 4, 'A+ B+ A+2', 'A:C3 B:C1'],
    ['a waitlisted party changing size keeps its place', 1, 'A+ B+2 C+ B+0 A-', 'A:D1 B:C1 C:W1#1'],
    ['a member leaving frees their seats', 2, 'A+1 B+ A!', 'A:X2 B:C1'],
    ['a member leaving from the waitlist moves it up', 1, 'A+ B+ C+ B!', 'A:C1 B:X1 C:W1#1'],
    ['a No from the waitlist moves it up', 1, 'A+ B+ C+ D+ C-', 'A:C1 B:W1#1 C:D1 D:W1#2'],
    ['capacity 0 waitlists everyone', 0, 'A+ B+', 'A:W1#1 B:W1#2'],
  ])('%s', (_name, capacity, steps, expected) => {
    expect(run(capacity, steps).state).toBe(expected);
  });

  it('a Confirmed party asking for more seats than are free keeps what it had', () => {
    const result = run(3, 'A+ B+ A+3');
    expect(result.state).toBe('A:C1 B:C1');
    expect(result.kept).toEqual([undefined, undefined, 1]);
  });

  it.each([
    [
      'raised capacity promotes in order, passing over a party that does not fit',
      4,
      'A:C2 B:W3#1 C:W1#2',
      'A:C2 B:W3#1 C:C1',
    ],
    ['raised capacity promotes the head first', 5, 'A:C2 B:W3#1 C:W1#2', 'A:C2 B:C3 C:W1#1'],
    ['lowered capacity never un-confirms anyone', 1, 'A:C2 B:C1 C:W1#1', 'A:C2 B:C1 C:W1#1'],
    ['positions are renumbered in order', 1, 'A:C1 B:W1#4 C:W1#2', 'A:C1 B:W1#2 C:W1#1'],
    ['a stale position on a Declined row is cleared', 1, 'A:C1 B:D1#3', 'A:C1 B:D1'],
  ])('settle: %s', (_name, capacity, before, expected) => {
    const parties = before.split(' ').map((text): Party => {
      const m = /^([A-Z]):([CWDX])(\d+)(?:#(\d+))?$/.exec(text) as RegExpExecArray;
      const status = (['Confirmed', 'Waitlisted', 'Declined', 'Cancelled'] as const)[
        'CWDX'.indexOf(m[2] as string)
      ];
      return {
        id: m[1] as string,
        status: status as Party['status'],
        seats: Number(m[3]),
        ...(m[4] ? { position: Number(m[4]) } : {}),
      };
    });
    expect(show(settle(parties, capacity))).toBe(expected);
  });

  it.each([
    ['limited', 3, 'A+1 B+ C+', { confirmed: 3, waitlisted: 1, seatsLeft: 0 }],
    ['seats left', 10, 'A+1 B+', { confirmed: 3, waitlisted: 0, seatsLeft: 7 }],
    ['unlimited', undefined, 'A+1 B+', { confirmed: 3, waitlisted: 0, seatsLeft: undefined }],
  ])('totals: %s', (_name, capacity, steps, expected) => {
    let parties: Party[] = [];
    for (const step of steps.split(' ')) {
      const [id, guests] = step.split('+') as [string, string];
      parties = answer(parties, capacity, { id, response: 'Yes', seats: 1 + Number(guests || 0) }).parties;
    }
    expect(totals(parties, capacity)).toEqual(expected);
  });

  it('totals never show negative seats when capacity was lowered below those confirmed', () => {
    const parties: Party[] = [
      { id: 'A', status: 'Confirmed', seats: 3 },
      { id: 'B', status: 'Confirmed', seats: 2 },
    ];
    expect(totals(parties, 2)).toEqual({ confirmed: 5, waitlisted: 0, seatsLeft: 0 });
  });

  it('never confirms more seats than capacity, whatever the order of answers', () => {
    // A deterministic pseudo-random walk over many answers.
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let round = 0; round < 50; round++) {
      const capacity = Math.floor(random() * 8);
      let parties: Party[] = [];
      for (let i = 0; i < 60; i++) {
        const id = String.fromCharCode(65 + Math.floor(random() * 12));
        const roll = random();
        if (roll < 0.15) parties = withdraw(parties, capacity, id);
        else
          parties = answer(parties, capacity, {
            id,
            response: roll < 0.45 ? 'No' : 'Yes',
            seats: 1 + Math.floor(random() * 3),
          }).parties;
        const confirmedBefore = totals(parties, capacity).confirmed;
        expect(confirmedBefore).toBeLessThanOrEqual(capacity);
        const waiting = parties.filter((p) => p.status === 'Waitlisted').map((p) => p.position);
        expect(waiting.sort((x, y) => (x ?? 0) - (y ?? 0))).toEqual(waiting.map((_, k) => k + 1));
      }
    }
  });
});

describe('which answers are refused', () => {
  const starts = DateTime.fromISO('2026-12-03T18:30:00', { zone: 'Europe/Berlin' });
  const deadline = DateTime.fromISO('2026-12-02T12:00:00', { zone: 'Europe/Berlin' });
  const before = deadline.minus({ hours: 1 });
  const after = deadline.plus({ hours: 1 });
  const yes = (seats = 1) => ({ id: 'R-1', response: 'Yes' as const, seats });
  const no = { id: 'R-1', response: 'No' as const, seats: 1 };
  const confirmed2: Party = { id: 'R-1', status: 'Confirmed', seats: 2 };
  const announced = { status: 'Announced' as const, starts, rsvpDeadline: deadline };

  it.each([
    ['an unknown event', undefined, undefined, yes(), before, 'unknown-event'],
    ['a Draft', { ...announced, status: 'Draft' as const }, undefined, yes(), before, 'not-open'],
    ['a blank status', { ...announced, status: undefined }, undefined, yes(), before, 'not-open'],
    [
      'a Cancelled event',
      { ...announced, status: 'Cancelled' as const },
      undefined,
      yes(),
      before,
      'cancelled',
    ],
    ['a Done event', { ...announced, status: 'Done' as const }, undefined, no, before, 'done'],
    ['an event that started', announced, undefined, yes(), starts, 'started'],
    ['a new Yes after the deadline', announced, undefined, yes(), after, 'deadline-passed'],
    ['more guests after the deadline', announced, confirmed2, yes(3), after, 'deadline-passed'],
    [
      'a Yes after a No after the deadline',
      announced,
      { ...confirmed2, status: 'Declined' as const },
      yes(),
      after,
      'deadline-passed',
    ],
  ])('%s is refused', (_name, event, current, a, now, reason) => {
    expect(refusal(event, current, a, now)).toBe(reason);
  });

  it.each([
    ['a Yes before the deadline', announced, undefined, yes(), before],
    ['a Yes at the deadline', announced, undefined, yes(), deadline],
    ['a No after the deadline', announced, confirmed2, no, after],
    ['fewer guests after the deadline', announced, confirmed2, yes(1), after],
    ['the same Yes again after the deadline', announced, confirmed2, yes(2), after],
    ['a Yes with no deadline', { status: 'Announced' as const, starts }, undefined, yes(), after],
  ])('%s is taken', (_name, event, current, a, now) => {
    expect(refusal(event, current, a, now)).toBeUndefined();
  });
});
