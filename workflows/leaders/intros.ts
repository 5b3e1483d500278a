/**
 * Leaders introduced to each other (README "The leader team", point 4): with Settings → Leader intros = Yes,
 * on the first Monday of each month at Intro day's time, the intro-round engine (connections/pairing.ts) pairs
 * Active leaders on Slack. Their Intros rows have Round `leaders 2027-01-04` and Members their Slack IDs, so the
 * members' rounds and figures (which read a Round that is a date) leave them out.
 */
import type { DateTime } from 'luxon';
import { append } from '../../sheets-schema/changes.js';
import { isUserId } from '../../sheets-schema/slack-ids.js';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import { pairMembers } from '../connections/pairing.js';
import { afterQuietHours } from '../events/reminder-times.js';
import { emptyPlan, type Plan } from '../plan.js';
import { idList, planMessage } from '../records.js';
import { firstMonday } from './checkins.js';
import { LEADER_KINDS } from './kinds.js';
import { activeLeaders } from './load.js';

export const LEADER_ROUND_PREFIX = 'leaders ';
/** The Outbox address of a leaders' group DM: `leaders:U…,U…` (Slack IDs). */
export const leadersAddress = (ids: readonly string[]) => `leaders:${ids.join(',')}`;

/** The daily part: this month's leaders' round, once, in the first Monday's week, due at Intro day's time. */
export function planLeaderIntros(snapshot: Snapshot, now: DateTime): Plan {
  const plan = emptyPlan();
  const { settings } = snapshot;
  if (!settings.leaderIntros) return plan;
  const zone = snapshot.timeZone;
  const local = now.setZone(zone);
  const monday = firstMonday(local, settings.introDay?.hour ?? 10, settings.introDay?.minute ?? 0);
  // That week only, as the check-ins: Leader intros switched on (or a group installed) mid-month waited for the
  // next first Monday in the README but paired everyone at once for a round weeks old; a missed Monday is still
  // made up within its week.
  const days = local.startOf('day').diff(monday.startOf('day'), 'days').days;
  if (days < 0 || days >= 7) return plan;
  const round = `${LEADER_ROUND_PREFIX}${monday.toISODate()}`;
  const history = snapshot.table('Intros').rows.flatMap(({ values: i }) => {
    if (!i.round?.startsWith(LEADER_ROUND_PREFIX)) return [];
    const at = i.sent ?? undefined;
    return at ? [{ members: idList(i.members), at, round: i.round }] : [];
  });
  if (history.some((h) => h.round === round)) return plan;
  const leaders = activeLeaders(snapshot).filter((l) => isUserId(l.slackId));
  const pairing = pairMembers(
    leaders.map((l) => ({ memberId: l.slackId, interests: [] })),
    history,
    { now, groupSize: 2, noRepeatDays: settings.noRepeatIntrosForDays, seed: round },
  );
  const due = afterQuietHours(monday > now ? monday : now, zone, settings.quietHours);
  for (const group of pairing.groups) {
    const introId = snapshot.nextId('Intros');
    plan.changes.push(append('Intros', { introId, round, members: group.members.join(', '), sent: due }));
    const message = planMessage(`leader-intro:${introId}`, {
      kind: LEADER_KINDS.intro,
      to: leadersAddress(group.members),
      about: introId,
      due,
    });
    plan.changes.push(message.change);
    if (due <= now) plan.send.push(message.id);
  }
  if (pairing.groups.length > 0) plan.notes.push(`leader intros: ${round}, ${pairing.groups.length} pair(s)`);
  return plan;
}
