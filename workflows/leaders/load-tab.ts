/** The Leader load tab (README "The leader team", point 1): a daily part, only the cells that change written. */
import type { DateTime } from 'luxon';
import { append, type CellValues, update } from '../../sheets-schema/changes.js';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import { emptyPlan, type Plan } from '../plan.js';
import { type LeaderLoad, leaderLoads } from './load.js';

function rowOf(load: LeaderLoad, zone: string): CellValues<'Leader load'> {
  return {
    leader: load.name,
    slackId: load.slackId,
    hosted: load.hosted,
    greeted: load.greeted,
    incidents: load.incidents,
    approvals: load.approvals,
    projects: load.projects,
    total: load.total,
    lastActive: load.lastActive?.setZone(zone).toISODate() ?? null,
  };
}

/** The daily part: one row per Active leader; a leader no longer Active keeps their last row, as history. */
export function planLeaderLoad(snapshot: Snapshot, now: DateTime): Plan {
  const plan = emptyPlan();
  const table = snapshot.table('Leader load');
  // A sheet not provisioned again yet has no such tab: the rest of the daily step must not wait for it.
  if (!table.present || table.headers.missing.length > 0) return plan;
  const loads = leaderLoads(snapshot, now);
  for (const load of loads) {
    const wanted = rowOf(load, snapshot.timeZone);
    const existing = table.byId(load.slackId)?.values as Record<string, unknown> | undefined;
    if (!existing) {
      plan.changes.push(append('Leader load', { ...wanted, updated: now }));
      continue;
    }
    const changed = Object.fromEntries(
      Object.entries(wanted).filter(([key, value]) => (existing[key] ?? null) !== value && key !== 'slackId'),
    );
    if (Object.keys(changed).length > 0)
      plan.changes.push(update('Leader load', load.slackId, { ...changed, updated: now }));
  }
  if (loads.length > 0) plan.notes.push(`Leader load: ${loads.length} leader(s) worked out`);
  return plan;
}
