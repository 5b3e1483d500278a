/**
 * The Dashboard tab: the last 12 weeks' figures, one row a week, worked out again once a day. Its `Updated`
 * cells are also the daily step's memory (see daily.ts), so this part always writes this week's row.
 */
import type { DateTime } from 'luxon';
import { append, type CellValues, update } from '../../sheets-schema/changes.js';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import { emptyPlan, type Plan } from '../plan.js';
import { type WeekFigures, weekFigures, weekStart } from './figures.js';

export const DASHBOARD_WEEKS = 12;

type DashboardValues = CellValues<'Dashboard'>;

/** A week's row: every figure, blank where it is not known (yet). */
function rowOf(f: WeekFigures): DashboardValues {
  return {
    week: f.week,
    newMembers: f.newMembers,
    cameWithin30Days: f.cameWithin30Days ?? null,
    newcomerRetention: f.newcomerRetention ?? null,
    core: f.core,
    regular: f.regular,
    drifting: f.drifting,
    quiet: f.quiet,
    events: f.events,
    attended: f.attended,
    introGroups: f.introGroups,
    introsMet: f.introsMet ?? null,
    questions: f.questions,
    medianFirstReply: f.medianFirstReply ?? null,
    incidents: f.incidents,
    openIncidents: f.openIncidents,
    invitedJoins: f.invitedJoins,
  };
}

/** The daily part: each of the last 12 weeks' rows written where a figure changed, each marked Updated. */
export function planDashboard(snapshot: Snapshot, now: DateTime): Plan {
  const plan = emptyPlan();
  const table = snapshot.table('Dashboard');
  const thisWeek = weekStart(now, snapshot.timeZone);
  for (let ago = DASHBOARD_WEEKS - 1; ago >= 0; ago--) {
    const figures = weekFigures(snapshot, thisWeek.minus({ weeks: ago }), now);
    const wanted = rowOf(figures);
    const existing = table.byId(figures.week)?.values as Record<string, unknown> | undefined;
    if (!existing) {
      plan.changes.push(append('Dashboard', { ...wanted, updated: now }));
      continue;
    }
    const changed = Object.fromEntries(
      Object.entries(wanted).filter(([key, value]) => (existing[key] ?? null) !== value && key !== 'week'),
    );
    plan.changes.push(update('Dashboard', figures.week, { ...changed, updated: now }));
  }
  plan.notes.push(`Dashboard: the ${DASHBOARD_WEEKS} weeks to ${thisWeek.toISODate()} worked out`);
  return plan;
}
