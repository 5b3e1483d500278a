/**
 * When a question's time is up: Settings → `Answer within hours` of waking time after it was asked, the group's
 * quiet hours not counted. Asked at 20:00 with quiet hours 21:00-08:00 and 4 hours to answer, its first hour
 * runs until 21:00 and the other three from 08:00: time is up at 11:00. Pure: times in, times out.
 */
import type { DateTime } from 'luxon';
import type { ClockTime, QuietHours } from '../../sheets-schema/settings.js';
import { afterQuietHours } from '../events/reminder-times.js';

/** A question nobody answered this long after it was asked is Unanswered, and Hearth stops asking. */
export const GIVE_UP_AFTER_DAYS = 7;

/**
 * `hours` of time outside quiet hours after `start`, in real time (an hour across a DST change is still an
 * hour). A start in quiet hours counts from their end; a deadline that would land on the very start of quiet
 * hours lands on their end instead, so nobody is told anything at night.
 */
export function afterWakingHours(
  start: DateTime,
  hours: number,
  zone: string,
  quiet: QuietHours | null,
): DateTime {
  let at = afterQuietHours(start, zone, quiet);
  let left = Math.max(0, hours) * 3_600_000;
  if (!quiet) return at.plus({ milliseconds: left });
  for (;;) {
    const quietFrom = nextQuietStart(at, zone, quiet.start);
    const room = quietFrom.toMillis() - at.toMillis();
    if (left < room) return at.plus({ milliseconds: left });
    left -= room;
    // Strictly later each time round (the next start is after `at`), so this ends.
    at = afterQuietHours(quietFrom, zone, quiet);
  }
}

/** The next moment after `at` when the wall clock of `zone` reads `start` (a time in a DST gap moves on). */
function nextQuietStart(at: DateTime, zone: string, start: ClockTime): DateTime {
  const local = at.setZone(zone);
  const on = (day: DateTime) =>
    day.set({ hour: start.hour, minute: start.minute, second: 0, millisecond: 0 });
  const today = on(local);
  return today.toMillis() > local.toMillis() ? today : on(local.plus({ days: 1 }));
}

/** The three moments of a question's ladder. */
export interface QuestionDeadlines {
  /** The channel's owners are told (or the leaders channel, when the channel has none). */
  owner: DateTime;
  /** As long again: the leaders channel. */
  leaders: DateTime;
  /** Still nobody: Unanswered. */
  giveUp: DateTime;
}

export function questionDeadlines(
  asked: DateTime,
  hours: number,
  zone: string,
  quiet: QuietHours | null,
): QuestionDeadlines {
  const owner = afterWakingHours(asked, hours, zone, quiet);
  return {
    owner,
    leaders: afterWakingHours(owner, hours, zone, quiet),
    giveUp: asked.plus({ days: GIVE_UP_AFTER_DAYS }),
  };
}
