/**
 * Inactivity, kindly (README "The leader team", point 2): a leader with nothing in 60 days gets one kind DM; at
 * 90 days the other Active Organizers are told. Once per stretch of quiet, known by the leader's last activity.
 */
import type { DateTime } from 'luxon';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import { emptyPlan, type Plan } from '../plan.js';
import { hasOutbox, memberBySlackId, planMessage } from '../records.js';
import { LEADER_KINDS, parseSuccession, SUCCESSION } from './kinds.js';
import { activeLeaders, type LeaderLoad, leaderLoads } from './load.js';
import { dueToday } from './terms.js';

export const QUIET_LEADER_DAYS = 60;
export const INACTIVE_LEADER_DAYS = 90;

/** Since when a leader is on the team: their approved succession, else their joining as a member. */
function onTeamSince(snapshot: Snapshot, slackId: string): DateTime | undefined {
  let since: DateTime | undefined;
  for (const { values: a } of snapshot.table('Approvals').rows)
    if (
      a.kind === SUCCESSION &&
      a.status === 'Approved' &&
      a.decided &&
      parseSuccession(a.subject).successor === slackId
    )
      if (!since || a.decided > since) since = a.decided;
  return since ?? memberBySlackId(snapshot, slackId)?.joined;
}

/** The daily part: the kind DM at 60 days, the organizers told at 90. */
export function planQuietLeaders(snapshot: Snapshot, now: DateTime): Plan {
  const plan = emptyPlan();
  const zone = snapshot.timeZone;
  const due = dueToday(snapshot, now);
  const loads = new Map<string, LeaderLoad>(
    leaderLoads(snapshot, now, QUIET_LEADER_DAYS).map((l) => [l.slackId, l]),
  );
  const leaders = activeLeaders(snapshot);
  for (const leader of leaders) {
    const load = loads.get(leader.slackId);
    if (!load || load.total > 0) continue;
    // A leader Hearth cannot date is not nudged: a new install must not greet every leader with "two months".
    const since = onTeamSince(snapshot, leader.slackId);
    if (!since) continue;
    const quietFor = (days: number) =>
      now.diff(since, 'days').days >= days &&
      (!load.lastActive || now.diff(load.lastActive, 'days').days >= days);
    const stretch = `${leader.slackId} ${load.lastActive?.setZone(zone).toISODate() ?? 'none'}`;
    const plans: {
      key: string;
      kind: typeof LEADER_KINDS.quiet | typeof LEADER_KINDS.inactive;
      to: string;
    }[] = [];
    if (quietFor(QUIET_LEADER_DAYS))
      plans.push({ key: `leader-quiet:${stretch}`, kind: LEADER_KINDS.quiet, to: leader.slackId });
    if (quietFor(INACTIVE_LEADER_DAYS))
      for (const organizer of leaders)
        if (organizer.role === 'Organizer' && organizer.slackId !== leader.slackId)
          plans.push({
            key: `leader-inactive:${stretch}:${organizer.slackId}`,
            kind: LEADER_KINDS.inactive,
            to: organizer.slackId,
          });
    for (const { key, kind, to } of plans) {
      if (hasOutbox(snapshot, key)) continue;
      const message = planMessage(key, { kind, to, about: stretch, due });
      plan.changes.push(message.change);
      if (due <= now) plan.send.push(message.id);
      plan.notes.push(`${leader.slackId}: ${kind}`);
    }
  }
  return plan;
}
