import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { parseQuietHours, parseReminderOffsets, type QuietHours } from '../sheets-schema/settings.js';
import { lateReminder, reminderDeadline, reminderTime } from '../workflows/events/reminder-times.js';

const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';
const NIGHT = parseQuietHours('21:00-08:00');
const LUNCH = parseQuietHours('12:00-13:00');

const at = (iso: string, zone: string) => DateTime.fromISO(iso, { zone });
const offset = (text: string) => parseReminderOffsets(text)[0];
/** Wall time with its UTC offset, so the two occurrences of a fall-back hour are told apart. */
const local = (when: DateTime) => when.toFormat('yyyy-MM-dd HH:mm ZZ');
const realHours = (from: DateTime, to: DateTime) => to.diff(from, 'hours').hours;

describe('reminderTime without quiet hours', () => {
  it.each([
    // [case, zone, starts, offset, due (local), real hours before the event]
    ['1 day, ordinary', BERLIN, '2026-05-10T18:30', '1 day', '2026-05-09 18:30 +02:00', 24],
    ['7 days, ordinary', BERLIN, '2026-05-10T18:30', '7 days', '2026-05-03 18:30 +02:00', 168],
    ['2 hours, ordinary', BERLIN, '2026-05-10T18:30', '2 hours', '2026-05-10 16:30 +02:00', 2],
    ['30 minutes, ordinary', BERLIN, '2026-05-10T18:30', '30 minutes', '2026-05-10 18:00 +02:00', 0.5],
    ['1 day 2 hours, ordinary', BERLIN, '2026-05-10T18:30', '1 day 2 hours', '2026-05-09 16:30 +02:00', 26],
    // Berlin springs forward 2026-03-29 02:00 → 03:00.
    ['1 day over spring forward', BERLIN, '2026-03-29T18:30', '1 day', '2026-03-28 18:30 +01:00', 23],
    ['7 days over spring forward', BERLIN, '2026-04-01T18:30', '7 days', '2026-03-25 18:30 +01:00', 167],
    ['2 hours, same day', BERLIN, '2026-03-29T18:30', '2 hours', '2026-03-29 16:30 +02:00', 2],
    ['2 hours across the gap', BERLIN, '2026-03-29T03:30', '2 hours', '2026-03-29 00:30 +01:00', 2],
    ['30 minutes across the gap', BERLIN, '2026-03-29T03:15', '30 minutes', '2026-03-29 01:45 +01:00', 0.5],
    [
      '1 day 2 hours over spring forward',
      BERLIN,
      '2026-03-29T18:30',
      '1 day 2 hours',
      '2026-03-28 16:30 +01:00',
      25,
    ],
    // Days first, then real hours: 04:30 → 28 Mar 04:30 (23 h) → 02:30 (25 h), not 26 h.
    ['1 day 2 hours, days first', BERLIN, '2026-03-29T04:30', '1 day 2 hours', '2026-03-28 02:30 +01:00', 25],
    // A day later the local time 02:30 on 29 Mar does not exist: moved forward to 03:30 CEST.
    ['1 day into the gap', BERLIN, '2026-03-30T02:30', '1 day', '2026-03-29 03:30 +02:00', 23],
    // Berlin falls back 2026-10-25 03:00 → 02:00.
    ['1 day over fall back', BERLIN, '2026-10-25T18:30', '1 day', '2026-10-24 18:30 +02:00', 25],
    ['7 days over fall back', BERLIN, '2026-10-30T18:30', '7 days', '2026-10-23 18:30 +02:00', 169],
    [
      '1 day 2 hours over fall back',
      BERLIN,
      '2026-10-25T18:30',
      '1 day 2 hours',
      '2026-10-24 16:30 +02:00',
      27,
    ],
    // Ambiguous 02:30 on 25 Oct: luxon keeps the event's offset, the second (standard-time) 02:30, so
    // 24 real hours (the first 02:30 would be 25).
    ['1 day into the repeated hour', BERLIN, '2026-10-26T02:30', '1 day', '2026-10-25 02:30 +01:00', 24],
    // Real hours land on whichever 02:30 is 2 h / 1 h before.
    ['2 hours into the first 02:30', BERLIN, '2026-10-25T03:30', '2 hours', '2026-10-25 02:30 +02:00', 2],
    ['1 hour into the second 02:30', BERLIN, '2026-10-25T03:30', '1 hour', '2026-10-25 02:30 +01:00', 1],
    // New York springs forward 2026-03-08 02:00 → 03:00 and falls back 2026-11-01 02:00 → 01:00.
    ['NY 1 day over spring forward', NEW_YORK, '2026-03-08T18:30', '1 day', '2026-03-07 18:30 -05:00', 23],
    ['NY 2 hours across the gap', NEW_YORK, '2026-03-08T03:30', '2 hours', '2026-03-08 00:30 -05:00', 2],
    ['NY 1 day over fall back', NEW_YORK, '2026-11-01T18:30', '1 day', '2026-10-31 18:30 -04:00', 25],
    ['NY 2 hours over fall back', NEW_YORK, '2026-11-01T02:30', '2 hours', '2026-11-01 01:30 -04:00', 2],
    ['NY 1 day into the repeated hour', NEW_YORK, '2026-11-02T01:30', '1 day', '2026-11-01 01:30 -05:00', 24],
  ])('%s: %s %s minus %s', (_case, zone, starts, text, due, hours) => {
    const event = at(starts, zone);
    const r = reminderTime(event, offset(text), zone, null);
    expect(local(r.due)).toBe(due);
    expect(realHours(r.due, event)).toBe(hours);
    expect(r.due.zoneName).toBe(zone);
    expect(r.nominal.toMillis()).toBe(r.due.toMillis());
    expect(r.shifted).toBeUndefined();
  });

  it('takes the event in any zone and answers in the group zone', () => {
    const r = reminderTime(DateTime.fromISO('2026-05-10T16:30Z'), offset('1 day'), BERLIN, null);
    expect(local(r.due)).toBe('2026-05-09 18:30 +02:00');
    expect(r.due.zoneName).toBe(BERLIN);
  });

  it('refuses an unknown time zone', () => {
    expect(() => reminderTime(at('2026-05-10T18:30', BERLIN), offset('1 day'), 'Mars/Olympus', null)).toThrow(
      /Mars\/Olympus/,
    );
  });
});

describe('reminderTime with quiet hours', () => {
  const never: QuietHours = { start: { hour: 12, minute: 0 }, end: { hour: 12, minute: 0 } };
  it.each([
    // [case, zone, starts, offset, quiet, nominal (local), due (local), shifted]
    [
      'quiet until 08:00',
      BERLIN,
      '2026-05-10T09:00',
      '2 hours',
      NIGHT,
      '05-10 07:00',
      '05-10 08:00',
      'to-quiet-end',
    ],
    [
      '08:00 is not before the event',
      BERLIN,
      '2026-05-10T08:00',
      '1 hour',
      NIGHT,
      '05-10 07:00',
      '05-09 21:00',
      'to-quiet-start',
    ],
    [
      'exactly 08:00 is not quiet',
      BERLIN,
      '2026-05-10T10:00',
      '2 hours',
      NIGHT,
      '05-10 08:00',
      '05-10 08:00',
      undefined,
    ],
    [
      'exactly 21:00 is quiet',
      BERLIN,
      '2026-05-11T10:00',
      '13 hours',
      NIGHT,
      '05-10 21:00',
      '05-11 08:00',
      'to-quiet-end',
    ],
    // The quiet period starts at the nominal time itself: nothing moves.
    [
      'event inside quiet hours',
      BERLIN,
      '2026-05-10T23:00',
      '2 hours',
      NIGHT,
      '05-10 21:00',
      '05-10 21:00',
      undefined,
    ],
    [
      'late evening event',
      BERLIN,
      '2026-05-10T23:30',
      '1 hour',
      NIGHT,
      '05-10 22:30',
      '05-10 21:00',
      'to-quiet-start',
    ],
    [
      '1 day, quiet the evening before',
      BERLIN,
      '2026-05-10T22:00',
      '1 day',
      NIGHT,
      '05-09 22:00',
      '05-10 08:00',
      'to-quiet-end',
    ],
    [
      'daytime is not quiet',
      BERLIN,
      '2026-05-10T18:30',
      '1 day',
      NIGHT,
      '05-09 18:30',
      '05-09 18:30',
      undefined,
    ],
    ['no quiet hours', BERLIN, '2026-05-10T09:00', '2 hours', null, '05-10 07:00', '05-10 07:00', undefined],
    [
      'start == end is no quiet hours',
      BERLIN,
      '2026-05-10T14:00',
      '2 hours',
      never,
      '05-10 12:00',
      '05-10 12:00',
      undefined,
    ],
    [
      'lunch until 13:00',
      BERLIN,
      '2026-05-10T14:00',
      '2 hours',
      LUNCH,
      '05-10 12:00',
      '05-10 13:00',
      'to-quiet-end',
    ],
    [
      '13:00 is not before the event',
      BERLIN,
      '2026-05-10T13:00',
      '30 minutes',
      LUNCH,
      '05-10 12:30',
      '05-10 12:00',
      'to-quiet-start',
    ],
    [
      'exactly 13:00 is not quiet',
      BERLIN,
      '2026-05-10T15:00',
      '2 hours',
      LUNCH,
      '05-10 13:00',
      '05-10 13:00',
      undefined,
    ],
    [
      'a same-day window does not wrap',
      BERLIN,
      '2026-05-10T09:00',
      '2 hours',
      LUNCH,
      '05-10 07:00',
      '05-10 07:00',
      undefined,
    ],
  ])('%s: %s %s minus %s', (_case, zone, starts, text, quiet, nominal, due, shifted) => {
    const r = reminderTime(at(starts, zone), offset(text), zone, quiet);
    expect(r.nominal.toFormat('MM-dd HH:mm')).toBe(nominal);
    expect(r.due.toFormat('MM-dd HH:mm')).toBe(due);
    expect(r.due.zoneName).toBe(zone);
    expect(r.shifted).toBe(shifted);
  });

  it.each([
    // [case, zone, starts, offset, nominal (local), due (local), real hours before the event, shifted]
    // 21:00 CET → 08:00 CEST: the quiet night is one real hour shorter.
    [
      'spring night, to the end',
      BERLIN,
      '2026-03-29T10:00',
      '12 hours',
      '2026-03-28 21:00 +01:00',
      '2026-03-29 08:00 +02:00',
      2,
      'to-quiet-end',
    ],
    [
      'spring night, to the start',
      BERLIN,
      '2026-03-29T04:00',
      '2 hours',
      '2026-03-29 01:00 +01:00',
      '2026-03-28 21:00 +01:00',
      6,
      'to-quiet-start',
    ],
    [
      'autumn night, to the end',
      BERLIN,
      '2026-10-25T10:00',
      '12 hours',
      '2026-10-24 23:00 +02:00',
      '2026-10-25 08:00 +01:00',
      2,
      'to-quiet-end',
    ],
    [
      'autumn night in New York',
      NEW_YORK,
      '2026-11-01T09:00',
      '1 day 2 hours',
      '2026-10-31 07:00 -04:00',
      '2026-10-31 08:00 -04:00',
      26,
      'to-quiet-end',
    ],
    [
      'New York spring night, in the gap',
      NEW_YORK,
      '2026-03-08T04:30',
      '2 hours',
      '2026-03-08 01:30 -05:00',
      '2026-03-07 21:00 -05:00',
      6.5,
      'to-quiet-start',
    ],
  ])('across a DST night, %s', (_case, zone, starts, text, nominal, due, hours, shifted) => {
    const event = at(starts, zone);
    const r = reminderTime(event, offset(text), zone, NIGHT);
    expect(local(r.nominal)).toBe(nominal);
    expect(local(r.due)).toBe(due);
    expect(realHours(r.due, event)).toBe(hours);
    expect(r.shifted).toBe(shifted);
  });
});

describe('reminderDeadline and lateReminder', () => {
  const may = at('2026-05-10T18:30', BERLIN);
  const oneDay = reminderTime(may, offset('1 day'), BERLIN, null);
  const twoHours = reminderTime(may, offset('2 hours'), BERLIN, null);
  const sevenDays = reminderTime(may, offset('7 days'), BERLIN, null);

  it.each([
    // [case, reminder, minutes after due, outcome]
    ['1 day, 12 h late', oneDay, 12 * 60, { send: true }],
    [
      '1 day, 12 h 1 min late',
      oneDay,
      12 * 60 + 1,
      {
        send: false,
        reason: 'too late to be useful: due Sat 9 May, 18:30, the event starts Sun 10 May, 18:30',
      },
    ],
    ['2 hours, 1 h late', twoHours, 60, { send: true }],
    [
      '2 hours, 61 min late',
      twoHours,
      61,
      {
        send: false,
        reason: 'too late to be useful: due Sun 10 May, 16:30, the event starts Sun 10 May, 18:30',
      },
    ],
    ['2 hours, at the start', twoHours, 120, { send: false, reason: 'the event has started' }],
    ['1 day, after the start', oneDay, 25 * 60, { send: false, reason: 'the event has started' }],
    ['7 days, 3.5 days late', sevenDays, 84 * 60, { send: true }],
    ['7 days, after the start', sevenDays, 7 * 24 * 60 + 1, { send: false, reason: 'the event has started' }],
  ])('%s', (_case, r, late, outcome) => {
    expect(lateReminder(r, may, r.due.plus({ minutes: late }), BERLIN)).toEqual(outcome);
  });

  it('gives half the offset in real time, in the group zone', () => {
    expect(local(reminderDeadline(oneDay, may))).toBe('2026-05-10 06:30 +02:00');
    expect(local(reminderDeadline(twoHours, may))).toBe('2026-05-10 17:30 +02:00');
  });

  it('halves the real 23 hours of a 1 day reminder over spring forward', () => {
    const starts = at('2026-03-29T18:30', BERLIN);
    const r = reminderTime(starts, offset('1 day'), BERLIN, null);
    // 28 Mar 18:30 CET + 11.5 real hours, across the gap.
    expect(local(reminderDeadline(r, starts))).toBe('2026-03-29 07:00 +02:00');
    expect(lateReminder(r, starts, r.due.plus({ minutes: 690 }), BERLIN)).toEqual({ send: true });
    expect(lateReminder(r, starts, r.due.plus({ hours: 12 }), BERLIN)).toEqual({
      send: false,
      reason: 'too late to be useful: due Sat 28 Mar, 18:30, the event starts Sun 29 Mar, 18:30',
    });
  });

  it('counts from the due time after a quiet-hours shift, and never past the start', () => {
    const starts = at('2026-05-10T09:00', BERLIN);
    const r = reminderTime(starts, offset('2 hours'), BERLIN, NIGHT); // due 08:00, half the offset is 1 h
    expect(reminderDeadline(r, starts).toMillis()).toBe(starts.toMillis());
    expect(reminderDeadline(r, starts).zoneName).toBe(BERLIN);
    expect(lateReminder(r, starts, at('2026-05-10T08:59', BERLIN), BERLIN)).toEqual({ send: true });
    expect(lateReminder(r, starts, starts, BERLIN)).toEqual({ send: false, reason: 'the event has started' });
  });

  it('counts from an earlier due time after a shift to the quiet start', () => {
    const starts = at('2026-05-10T08:00', BERLIN);
    const r = reminderTime(starts, offset('1 hour'), BERLIN, NIGHT); // due 21:00 the evening before
    expect(local(reminderDeadline(r, starts))).toBe('2026-05-09 21:30 +02:00');
    expect(lateReminder(r, starts, at('2026-05-09T21:31', BERLIN), BERLIN)).toEqual({
      send: false,
      reason: 'too late to be useful: due Sat 9 May, 21:00, the event starts Sun 10 May, 08:00',
    });
  });
});
