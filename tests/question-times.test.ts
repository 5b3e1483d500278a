/**
 * A question's deadline: `Answer within hours` of waking time, quiet hours not counted, in real hours across
 * DST changes; the leaders' deadline as long again after the owner's; giving up after 7 days.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { parseQuietHours } from '../sheets-schema/settings.js';
import { afterWakingHours, questionDeadlines } from '../workflows/presence/question-times.js';

const LONDON = 'Europe/London';
const BERLIN = 'Europe/Berlin';
const NIGHT = parseQuietHours('21:00-08:00');
const LUNCH = parseQuietHours('12:00-13:00');

const at = (iso: string, zone: string) => DateTime.fromISO(iso, { zone });
/** Wall time with its UTC offset, so both sides of a DST change read plainly. */
const local = (when: DateTime, zone: string) => when.setZone(zone).toFormat('yyyy-MM-dd HH:mm ZZ');

describe('afterWakingHours', () => {
  it.each([
    // [case, zone, asked (local), hours, quiet, time up (local)]
    ['no quiet hours', LONDON, '2026-05-11T20:00', 4, null, '2026-05-12 00:00 +01:00'],
    ['all before quiet hours', LONDON, '2026-05-11T10:00', 4, NIGHT, '2026-05-11 14:00 +01:00'],
    ['one hour before, three after', LONDON, '2026-05-11T20:00', 4, NIGHT, '2026-05-12 11:00 +01:00'],
    ['asked at night: from 08:00', LONDON, '2026-05-11T23:30', 4, NIGHT, '2026-05-12 12:00 +01:00'],
    ['asked just after midnight', LONDON, '2026-05-12T00:10', 4, NIGHT, '2026-05-12 12:00 +01:00'],
    [
      'ending exactly at 21:00: moves to 08:00',
      LONDON,
      '2026-05-11T17:00',
      4,
      NIGHT,
      '2026-05-12 08:00 +01:00',
    ],
    ['exactly 08:00 is awake', LONDON, '2026-05-12T08:00', 4, NIGHT, '2026-05-12 12:00 +01:00'],
    // 1 hour that evening, 13 the next day, 6 the day after.
    ['across two nights', LONDON, '2026-05-11T20:00', 20, NIGHT, '2026-05-13 14:00 +01:00'],
    ['half an hour', LONDON, '2026-05-11T20:45', 0.5, NIGHT, '2026-05-12 08:15 +01:00'],
    ['a daytime quiet hour', LONDON, '2026-05-11T11:00', 2, LUNCH, '2026-05-11 14:00 +01:00'],
    // London springs forward 2026-03-29 01:00 → 02:00: the night is an hour shorter, waking hours are not.
    ['over spring forward', LONDON, '2026-03-28T20:00', 4, NIGHT, '2026-03-29 11:00 +01:00'],
    // Berlin falls back 2026-10-25 03:00 → 02:00, in the night: still 08:00 local, then 3 real hours.
    ['over fall back', BERLIN, '2026-10-24T20:00', 4, NIGHT, '2026-10-25 11:00 +01:00'],
    // Without quiet hours real hours count through the change: 20:00 + 8 h on the fall-back night is 03:00.
    ['real hours through fall back', BERLIN, '2026-10-24T20:00', 8, null, '2026-10-25 03:00 +01:00'],
    ['real hours through spring forward', BERLIN, '2026-03-28T22:00', 6, null, '2026-03-29 05:00 +02:00'],
  ])('%s', (_, zone, asked, hours, quiet, expected) => {
    expect(local(afterWakingHours(at(asked, zone), hours, zone, quiet), zone)).toBe(expected);
  });

  it('is never in quiet hours, wherever it starts', () => {
    const start = at('2026-05-11T00:00', LONDON);
    for (let minutes = 0; minutes < 24 * 60; minutes += 37) {
      const up = afterWakingHours(start.plus({ minutes }), 3, LONDON, NIGHT).setZone(LONDON);
      expect(up.hour >= 8 && up.hour < 21, up.toISO() as string).toBe(true);
    }
  });
});

describe('questionDeadlines', () => {
  it('the owner at the time, the leaders as long again, giving up after 7 days', () => {
    const asked = at('2026-05-11T18:00', LONDON);
    const deadlines = questionDeadlines(asked, 4, LONDON, NIGHT);
    expect(local(deadlines.owner, LONDON)).toBe('2026-05-12 09:00 +01:00');
    expect(local(deadlines.leaders, LONDON)).toBe('2026-05-12 13:00 +01:00');
    expect(local(deadlines.giveUp, LONDON)).toBe('2026-05-18 18:00 +01:00');
  });
});
