/**
 * The Dashboard tab: the last 12 weeks' figures, one row a week, worked out again once a day. Its `Updated`
 * cells are also the daily step's memory (see daily.ts), so this part always writes this week's row.
 */
import type { DateTime } from 'luxon';
import { append, type CellValues, type RecordOf, update } from '../../sheets-schema/changes.js';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import { emptyPlan, type Plan } from '../plan.js';
import { type LevelFigures, type WeekFigures, weekFigures, weekStart } from './figures.js';

export const DASHBOARD_WEEKS = 12;

type DashboardValues = CellValues<'Dashboard'>;
type DashboardRow = RecordOf<'Dashboard'>;

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

/**
 * A past week's levels as its row has them, when they were worked out after the week ended: they are the levels
 * at its end, and working them out again (90 days of activity for every member) is the step's costliest part.
 */
function finalLevels(row: DashboardRow | undefined, from: DateTime): LevelFigures | undefined {
  if (!row?.updated || row.updated < from.plus({ weeks: 1 })) return undefined;
  const { core, regular, drifting, quiet } = row;
  if (core === undefined || regular === undefined || drifting === undefined || quiet === undefined)
    return undefined;
  return { core, regular, drifting, quiet };
}

/** The daily part: each of the last 12 weeks' rows written where a figure changed, each marked Updated. */
export function planDashboard(snapshot: Snapshot, now: DateTime): Plan {
  const plan = emptyPlan();
  const table = snapshot.table('Dashboard');
  const thisWeek = weekStart(now, snapshot.timeZone);
  for (let ago = DASHBOARD_WEEKS - 1; ago >= 0; ago--) {
    const from = thisWeek.minus({ weeks: ago });
    const row = table.byId(from.toISODate() as string)?.values;
    const figures = weekFigures(snapshot, from, now, finalLevels(row, from));
    const wanted = rowOf(figures);
    const existing = row as Record<string, unknown> | undefined;
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
