/**
 * The leader team's part of the weekly digest (README "The leader team"): each leader's load, roles without a
 * co-lead, a host suggested for events without one, and how many leaders checked in this month (never who,
 * never the words). Pure; the words are in messages.ts.
 */
import type { DateTime } from 'luxon';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import { LEADER_ROLES, type LeaderRole } from '../../sheets-schema/tabs/leaders.js';
import { activeLeaders, leaderLoads, leadersNamed, leastLoaded } from './load.js';

/** Events this far ahead with a blank Host get a suggestion. */
export const HOST_SUGGESTION_DAYS = 14;

export interface LeaderDigest {
  /** Lightest first, then their order in Leaders. */
  load: { name: string; slackId: string; total: number }[];
  /** Roles held by one Active leader whose Co-lead is no Active leader. */
  noCoLead: LeaderRole[];
  hostSuggestions: { title: string; starts: DateTime; host: { name: string; slackId: string } }[];
  /** Absent while monthly check-ins are off and nobody checked in this month. */
  checkIns?: { leaders: number; checkedIn: number; lowEnergy: number };
}

/** The part, or undefined when there are no Active leaders (the digest then reads as before). */
export function leaderDigest(snapshot: Snapshot, to: DateTime): LeaderDigest | undefined {
  const leaders = activeLeaders(snapshot);
  if (leaders.length === 0) return undefined;
  const loads = leaderLoads(snapshot, to);
  const order = new Map(leaders.map((l, i) => [l.slackId, i]));
  const load = [...loads]
    .sort((a, b) => a.total - b.total || (order.get(a.slackId) ?? 0) - (order.get(b.slackId) ?? 0))
    .map((l) => ({ name: l.name, slackId: l.slackId, total: l.total }));

  const noCoLead = LEADER_ROLES.filter((role) => {
    const holders = leaders.filter((l) => l.role === role);
    if (holders.length !== 1) return false;
    const coLeads = leadersNamed(holders[0]?.coLead, leaders).filter((id) => id !== holders[0]?.slackId);
    return coLeads.length === 0;
  });

  const hosts = leaders.filter((l) => l.role === 'Host').map((l) => l.slackId);
  const byId = new Map(leaders.map((l) => [l.slackId, l]));
  const suggested = hosts.length > 0 ? leastLoaded(loads, hosts) : undefined;
  const hostSuggestions = suggested
    ? snapshot
        .table('Events')
        .rows.map((r) => r.values)
        .filter(
          (e) =>
            e.eventId &&
            e.status === 'Announced' &&
            !e.host?.trim() &&
            e.starts >= to &&
            e.starts < to.plus({ days: HOST_SUGGESTION_DAYS }),
        )
        .sort((a, b) => a.starts.toMillis() - b.starts.toMillis())
        .map((e) => ({
          title: e.title,
          starts: e.starts,
          host: { name: byId.get(suggested)?.name || suggested, slackId: suggested },
        }))
    : [];

  // This month's check-ins, in the group's calendar: each leader's latest says their energy.
  const month = to.setZone(snapshot.timeZone).startOf('month');
  const latest = new Map<string, number | undefined>();
  for (const { values: c } of snapshot.table('Leader check-ins').rows) {
    if (!c.leader || !c.when || c.when < month || c.when >= to || !order.has(c.leader)) continue;
    latest.set(c.leader, c.energy);
  }
  const lowEnergy = [...latest.values()].filter((e) => e !== undefined && e <= 2).length;
  return {
    load,
    noCoLead,
    hostSuggestions,
    ...(snapshot.settings.leaderCheckIns || latest.size > 0
      ? { checkIns: { leaders: leaders.length, checkedIn: latest.size, lowEnergy } }
      : {}),
  };
}
