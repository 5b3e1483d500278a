import type { DateTime } from 'luxon';
import { append, update } from '../../sheets-schema/changes.js';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import { emptyPlan, mergePlans, type Plan } from '../plan.js';

/**
 * The daily step: the work that is worked out once a day (README "Presence"). Its memory is the Dashboard:
 * `Updated` of this week's row says when it last ran, so it runs at the first tick of each local day and a
 * missed day is made up at the next tick.
 */

/** One part of the daily step: pure, as of `now`. */
export type DailyPart = (snapshot: Snapshot, now: DateTime) => Plan;

/** The Monday of `now`'s week in the group's time zone, as the Dashboard's `Week` spells it (2026-11-30). */
export function weekOf(now: DateTime, timeZone: string): string {
  return now.setZone(timeZone).startOf('week').toISODate() as string;
}

/** Whether the daily step has not yet run today (the group's time zone). */
export function dailyDue(snapshot: Snapshot, now: DateTime): boolean {
  const today = now.setZone(snapshot.timeZone).startOf('day');
  return !snapshot.table('Dashboard').rows.some(({ values }) => values.updated && values.updated >= today);
}

/** The tick's daily step: each part once a day, then this week's Dashboard row marked Updated. */
export function planDaily(parts: readonly DailyPart[]) {
  return (snapshot: Snapshot, now: DateTime): Plan => {
    if (!dailyDue(snapshot, now)) return emptyPlan();
    const week = weekOf(now, snapshot.timeZone);
    const marked = emptyPlan();
    const row = snapshot.table('Dashboard').rows.find(({ values }) => values.week === week);
    marked.changes.push(
      row ? update('Dashboard', week, { updated: now }) : append('Dashboard', { week, updated: now }),
    );
    marked.notes.push(`daily step for ${now.setZone(snapshot.timeZone).toISODate()}`);
    return mergePlans([...parts.map((part) => part(snapshot, now)), marked]);
  };
}
