import type { DateTime } from 'luxon';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import { emptyPlan, mergePlans, type Plan } from '../plan.js';

/**
 * The daily step: the work that is worked out once a day (README "Presence"). Its memory is the Dashboard: the
 * Dashboard part, last of the parts, marks this week's row `Updated`, so the step runs at the first tick of each
 * local day and a missed day is made up at the next tick.
 */

/** One part of the daily step: pure, as of `now`. */
export type DailyPart = (snapshot: Snapshot, now: DateTime) => Plan;

/** Whether the daily step has not yet run today (the group's time zone). */
export function dailyDue(snapshot: Snapshot, now: DateTime): boolean {
  const today = now.setZone(snapshot.timeZone).startOf('day');
  return !snapshot.table('Dashboard').rows.some(({ values }) => values.updated && values.updated >= today);
}

/** The tick's daily step: each part once a day. */
export function planDaily(parts: readonly DailyPart[]) {
  return (snapshot: Snapshot, now: DateTime): Plan => {
    if (!dailyDue(snapshot, now)) return emptyPlan();
    const plan = mergePlans(parts.map((part) => part(snapshot, now)));
    plan.notes.push(`daily step for ${now.setZone(snapshot.timeZone).toISODate()}`);
    return plan;
  };
}
