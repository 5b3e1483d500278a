/**
 * When an event reminder goes out: its offset before the event, moved out of the group's quiet hours, and how
 * late one missed while the system was down is still worth sending. Pure: times in, times out.
 */
import { DateTime } from 'luxon';
import { hourlyZone } from '../../sheets-schema/cells.js';
import type { ClockTime, QuietHours, ReminderOffset } from '../../sheets-schema/settings.js';
import { keptByValue } from '../derived.js';
import { formatDateTime } from '../outbox/blocks.js';

export interface ReminderTime {
  /** The offset before the event, ignoring quiet hours. */
  nominal: DateTime;
  /** When to send it. */
  due: DateTime;
  shifted?: 'to-quiet-end' | 'to-quiet-start';
}

/**
 * When the reminder `offset` before `starts` is due, in the group's zone `zone`.
 *
 * nominal: days are wall-clock in `zone` (`1 day` before is the same local time the day before: 23 or 25
 * real hours across DST); hours and minutes are real elapsed time, counted after the days. A local time in a
 * spring-forward gap moves forward as luxon does (02:30 → 03:30). A local time in the fall-back hour, which
 * happens twice, keeps the offset `starts` has if that offset exists there, which for any event after the
 * change means the second (standard-time) occurrence: `1 day` before 26 Oct 02:30 Berlin is 25 Oct 02:30
 * +01:00, 24 real hours. Hours and minutes land on whichever occurrence is that much real time earlier.
 *
 * due: nominal, unless its local time is in quiet hours [start, end) (overnight when end < start, none when
 * start == end): then the end of that quiet period if that is still strictly before `starts`, else its start.
 */
export function reminderTime(
  starts: DateTime,
  offset: ReminderOffset,
  zone: string,
  quiet: QuietHours | null,
): ReminderTime {
  const q = quiet
    ? [quiet.start.hour, quiet.start.minute, quiet.end.hour, quiet.end.minute]
    : [-1, -1, -1, -1];
  return timeKept(starts.toMillis(), offset.days, offset.hours, offset.minutes, zone, ...(q as Four));
}

type Four = [number, number, number, number];

// Every tick asks again for each event's reminder times: worked out once per start, offset, zone and quiet hours.
const timeKept = keptByValue(
  (millis: number, days: number, hours: number, minutes: number, zone: string, ...q: Four) => {
    const [startHour, startMinute, endHour, endMinute] = q;
    const quiet =
      startHour < 0
        ? null
        : { start: { hour: startHour, minute: startMinute }, end: { hour: endHour, minute: endMinute } };
    return workOut(DateTime.fromMillis(millis), { days, hours, minutes, label: '' }, zone, quiet);
  },
);

function workOut(
  starts: DateTime,
  offset: ReminderOffset,
  zone: string,
  quiet: QuietHours | null,
): ReminderTime {
  const local = starts.setZone(hourlyZone(zone));
  if (!local.isValid) throw new Error(`Unknown time zone "${zone}"`);
  // Two steps: the days move the wall clock, then hours and minutes count real time from there.
  const nominal = local.minus({ days: offset.days }).minus({ hours: offset.hours, minutes: offset.minutes });
  const period = quiet ? quietPeriod(nominal, quiet) : undefined;
  if (!period) return { nominal, due: nominal };
  if (period.end.toMillis() < starts.toMillis()) return { nominal, due: period.end, shifted: 'to-quiet-end' };
  // Quiet from the nominal minute itself: sending at the start of quiet hours moves nothing.
  if (period.start.toMillis() === nominal.toMillis()) return { nominal, due: nominal };
  return { nominal, due: period.start, shifted: 'to-quiet-start' };
}

const minuteOfDay = (t: ClockTime) => t.hour * 60 + t.minute;

/** True when `when`, on the wall clock of `zone`, is in quiet hours. */
export function isQuiet(when: DateTime, zone: string, quiet: QuietHours | null): boolean {
  return quiet !== null && quietPeriod(when.setZone(zone), quiet) !== undefined;
}

/** `when`, or the end of the quiet hours it falls in (on the wall clock of `zone`): never in quiet hours. */
export function afterQuietHours(when: DateTime, zone: string, quiet: QuietHours | null): DateTime {
  return (quiet && quietPeriod(when.setZone(zone), quiet)?.end) || when;
}

/** The quiet period `when` is in, by its wall clock; undefined when it is not quiet. */
function quietPeriod(when: DateTime, quiet: QuietHours): { start: DateTime; end: DateTime } | undefined {
  const [t, start, end] = [minuteOfDay(when), minuteOfDay(quiet.start), minuteOfDay(quiet.end)];
  let startDay: number; // relative to `when`'s day
  if (start < end && t >= start && t < end) startDay = 0;
  else if (start > end && t >= start) startDay = 0;
  else if (start > end && t < end) startDay = -1;
  else return undefined;
  // Wall-clock days, so the period keeps its local times across a DST night (one hour shorter or longer).
  const on = (days: number, c: ClockTime) =>
    when.plus({ days }).set({ hour: c.hour, minute: c.minute, second: 0, millisecond: 0 });
  return { start: on(startDay, quiet.start), end: on(start < end ? startDay : startDay + 1, quiet.end) };
}

/**
 * The latest moment a reminder missed while the system was down is still worth sending: at most half its
 * offset (real time, starts - nominal) after `due`, and never past the start. In `due`'s zone.
 */
export function reminderDeadline(r: { nominal: DateTime; due: DateTime }, starts: DateTime): DateTime {
  const late = r.due.plus({ milliseconds: (starts.toMillis() - r.nominal.toMillis()) / 2 });
  return late.toMillis() < starts.toMillis() ? late : starts.setZone(r.due.zone);
}

/** Whether a late reminder should still go out at `now`, or why not, in words for organizers. */
export function lateReminder(
  r: { nominal: DateTime; due: DateTime },
  starts: DateTime,
  now: DateTime,
  zone: string,
): { send: true } | { send: false; reason: string } {
  if (now.toMillis() >= starts.toMillis()) return { send: false, reason: 'the event has started' };
  if (now.toMillis() > reminderDeadline(r, starts).toMillis()) {
    const when = `due ${formatDateTime(r.due, zone)}, the event starts ${formatDateTime(starts, zone)}`;
    return { send: false, reason: `too late to be useful: ${when}` };
  }
  return { send: true };
}
