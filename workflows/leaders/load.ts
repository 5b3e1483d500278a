/**
 * Leader load (README "The leader team", point 1): what each Active leader did in the days before `now`, from
 * the sheet as it is. Pure; the daily step writes it to the Leader load tab, the digest shows it, and the
 * greeter and host choices prefer the least loaded.
 */
import type { DateTime } from 'luxon';
import { userIdsIn } from '../../sheets-schema/slack-ids.js';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import type { LeaderRole } from '../../sheets-schema/tabs/leaders.js';
import { idList, type Leader } from '../records.js';

/** The window of the load figures. */
export const LOAD_DAYS = 90;

export const LOAD_FIGURES = ['hosted', 'greeted', 'incidents', 'approvals', 'projects'] as const;
export type LoadFigure = (typeof LOAD_FIGURES)[number];
export type LoadCounts = Record<LoadFigure, number>;

export interface LeaderLoad extends LoadCounts {
  slackId: string;
  name: string;
  role: LeaderRole;
  total: number;
  /** The latest thing counted, ever (not only in the window); undefined when nothing was. */
  lastActive?: DateTime;
}

export type ActiveLeader = Leader & { slackId: string; active: true };

/** Active leaders with a Slack ID, in their order in Leaders, each once. */
export function activeLeaders(snapshot: Snapshot): ActiveLeader[] {
  const seen = new Set<string>();
  return snapshot
    .table('Leaders')
    .rows.map((r) => r.values)
    .filter((l): l is ActiveLeader => {
      if (l.active !== true || !l.slackId || seen.has(l.slackId)) return false;
      seen.add(l.slackId);
      return true;
    });
}

/**
 * The leaders a cell names: `U0…`, `<@U0…>`, a leader's name, or several of those separated by commas, `&` or
 * `and`. A name two leaders share names nobody.
 */
export function leadersNamed(text: string | undefined, leaders: readonly Leader[]): string[] {
  const byName = new Map<string, string | null>();
  for (const l of leaders) {
    const name = l.name?.trim().toLowerCase();
    if (name && l.slackId)
      byName.set(name, byName.has(name) && byName.get(name) !== l.slackId ? null : l.slackId);
  }
  const known = new Set(leaders.map((l) => l.slackId));
  const found = new Set<string>();
  for (const part of (text ?? '').split(/\s*(?:[,;&]|\band\b)\s*/i)) {
    const ids = userIdsIn(part);
    const named = ids.length > 0 ? ids : [byName.get(part.trim().toLowerCase()) ?? undefined];
    for (const id of named) if (id && known.has(id)) found.add(id);
  }
  return [...found];
}

const zero = (): LoadCounts => ({ hosted: 0, greeted: 0, incidents: 0, approvals: 0, projects: 0 });

/** Each leader's counts in [from, to) and the latest moment counted. Leaders absent did nothing. */
export function leaderActivity(
  snapshot: Snapshot,
  leaders: readonly Leader[],
  from: DateTime | undefined,
  to: DateTime,
): Map<string, { counts: LoadCounts; last?: DateTime }> {
  const tally = new Map<string, { counts: LoadCounts; last?: DateTime }>();
  const inWindow = (at: DateTime | undefined): at is DateTime => !!at && at < to && (!from || at >= from);
  const count = (slackId: string, figure: LoadFigure, at: DateTime) => {
    const t = tally.get(slackId) ?? { counts: zero() };
    t.counts[figure] += 1;
    if (!t.last || at > t.last) t.last = at;
    tally.set(slackId, t);
  };

  for (const { values: e } of snapshot.table('Events').rows) {
    if (!e.eventId || (e.status !== 'Announced' && e.status !== 'Done') || !inWindow(e.starts)) continue;
    for (const id of leadersNamed(e.host, leaders)) count(id, 'hosted', e.starts);
  }
  for (const { values: m } of snapshot.table('Members').rows) {
    if (!m.memberId || !inWindow(m.joined)) continue;
    for (const id of leadersNamed(m.greeter, leaders)) count(id, 'greeted', m.joined);
  }
  for (const { values: i } of snapshot.table('Incidents').rows) {
    if (!i.incidentId) continue;
    // Acknowledged (Assignee) or decided (Decided by: names or Slack IDs), each incident once per leader.
    const handled = new Map<string, DateTime>();
    const mark = (ids: string[], at: DateTime | undefined) => {
      if (!inWindow(at)) return;
      for (const id of ids) if (!handled.has(id) || at > (handled.get(id) as DateTime)) handled.set(id, at);
    };
    mark(leadersNamed(i.assignee, leaders), i.acknowledgedAt ?? i.decidedAt);
    mark(leadersNamed(i.decidedBy, leaders), i.decidedAt);
    for (const [id, at] of handled) count(id, 'incidents', at);
  }
  for (const { values: a } of snapshot.table('Approvals').rows) {
    if (!a.approvalId || !inWindow(a.decided)) continue;
    const by = new Set([...idList(a.approvedBy), ...idList(a.declinedBy)]);
    for (const l of leaders) if (l.slackId && by.has(l.slackId)) count(l.slackId, 'approvals', a.decided);
  }
  // A project is championed by a member row; the leader's is found by their Slack ID.
  const memberOf = new Map<string, string>();
  for (const { values: m } of snapshot.table('Members').rows)
    if (m.memberId && m.slackId) memberOf.set(m.memberId, m.slackId);
  const isLeader = new Set(leaders.map((l) => l.slackId));
  for (const { values: p } of snapshot.table('Projects').rows) {
    const slackId = p.champion ? memberOf.get(p.champion) : undefined;
    if (!p.projectId || !slackId || !isLeader.has(slackId)) continue;
    const open = p.status === 'Active' || p.status === 'Paused';
    const at = p.lastUpdate ?? p.started;
    // Running now (started before the day), or Done with its last update in the window.
    if (open && p.started && p.started < to) count(slackId, 'projects', at && at < to ? at : p.started);
    else if (p.status === 'Done' && inWindow(at)) count(slackId, 'projects', at);
  }
  return tally;
}

const totalOf = (c: LoadCounts) => LOAD_FIGURES.reduce((sum, f) => sum + c[f], 0);

/** Every Active leader's load over the `days` before `now`, in their order in Leaders. */
export function leaderLoads(snapshot: Snapshot, now: DateTime, days = LOAD_DAYS): LeaderLoad[] {
  const leaders = activeLeaders(snapshot);
  const all = snapshot.table('Leaders').rows.map((r) => r.values);
  const window = leaderActivity(snapshot, all, now.minus({ days }), now);
  const ever = leaderActivity(snapshot, all, undefined, now);
  return leaders.map((l) => {
    const counts = window.get(l.slackId)?.counts ?? zero();
    const last = ever.get(l.slackId)?.last;
    return {
      slackId: l.slackId,
      name: l.name || l.slackId,
      role: l.role,
      ...counts,
      total: totalOf(counts),
      ...(last ? { lastActive: last } : {}),
    };
  });
}

/**
 * The least loaded of `candidates` (Slack IDs): lowest Total, then `tieBreak` (lower first), then their order
 * in Leaders. Undefined when there is none.
 */
export function leastLoaded(
  loads: readonly LeaderLoad[],
  candidates: readonly string[],
  tieBreak: (slackId: string) => number = () => 0,
): string | undefined {
  const order = new Map(candidates.map((id, i) => [id, i]));
  const totals = new Map(loads.map((l) => [l.slackId, l.total]));
  return [...candidates].sort(
    (a, b) =>
      (totals.get(a) ?? 0) - (totals.get(b) ?? 0) ||
      tieBreak(a) - tieBreak(b) ||
      (order.get(a) ?? 0) - (order.get(b) ?? 0),
  )[0];
}
