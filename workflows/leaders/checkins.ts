/**
 * Leaders' check-ins (README "The leader team", point 4): on the first Monday of each month each Active leader
 * is asked how they are doing; their answers are a row in the Leader check-ins tab, and nowhere else (no
 * Outbox row, Audit row or log line carries the words).
 */
import type { DateTime } from 'luxon';
import { append } from '../../sheets-schema/changes.js';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import { afterQuietHours } from '../events/reminder-times.js';
import type { InputOf } from '../inputs.js';
import { emptyPlan, type Plan } from '../plan.js';
import { hasOutbox, planMessage } from '../records.js';
import { LEADER_KINDS } from './kinds.js';
import { activeLeaders } from './load.js';
import { CHECKIN_TEXT_MAX, LEADER_REPLIES } from './messages.js';
import { LEADER_DM_HOUR, leaderAnswer } from './terms.js';

/** The first Monday of `local`'s month, at `hour`. */
export function firstMonday(local: DateTime, hour: number, minute = 0): DateTime {
  const first = local.startOf('month').set({ hour, minute });
  return first.plus({ days: (8 - first.weekday) % 7 });
}

/** The daily part: in the first Monday's week (from 10:00), each Active leader's check-in, once a month. */
export function planLeaderCheckIns(snapshot: Snapshot, now: DateTime): Plan {
  const plan = emptyPlan();
  if (!snapshot.settings.leaderCheckIns) return plan;
  const zone = snapshot.timeZone;
  const local = now.setZone(zone);
  const monday = firstMonday(local, LEADER_DM_HOUR);
  // That week only: a Monday Hearth missed is made up within the week, but a check-in switched on (or a
  // group installed) mid-month waits for the next first Monday rather than arriving out of the blue.
  const days = local.startOf('day').diff(monday.startOf('day'), 'days').days;
  if (days < 0 || days >= 7) return plan;
  const due = afterQuietHours(monday > now ? monday : now, zone, snapshot.settings.quietHours);
  const month = local.toFormat('yyyy-MM');
  for (const leader of activeLeaders(snapshot)) {
    const key = `leader-checkin:${leader.slackId}:${month}`;
    if (hasOutbox(snapshot, key)) continue;
    const message = planMessage(key, {
      kind: LEADER_KINDS.checkin,
      to: leader.slackId,
      about: `${leader.slackId} ${month}`,
      due,
    });
    plan.changes.push(message.change);
    if (due <= now) plan.send.push(message.id);
  }
  return plan;
}

/** The check-in modal, submitted: one row a leader a month in the Leader check-ins tab; a thank-you. */
export function planLeaderCheckInView(
  view: InputOf<'leader_checkin_view'>,
  snapshot: Snapshot,
  now: DateTime,
): Plan {
  return leaderAnswer(view, snapshot, now, (plan) => {
    const energy = Number(view.energy);
    if (!Number.isInteger(energy) || energy < 1 || energy > 5) return LEADER_REPLIES.badEnergy;
    const month = now.setZone(snapshot.timeZone).startOf('month');
    const already = snapshot
      .table('Leader check-ins')
      .rows.some(({ values: c }) => c.leader === view.user && c.when && c.when >= month);
    if (already) return LEADER_REPLIES.alreadyCheckedIn;
    plan.changes.push(
      append('Leader check-ins', {
        when: now,
        leader: view.user,
        energy,
        how: view.how.trim().slice(0, CHECKIN_TEXT_MAX),
        needs: view.needs.trim().slice(0, CHECKIN_TEXT_MAX),
      }),
    );
    // Never the words: the note (a log line) says only that it happened.
    plan.notes.push(`${view.user}: leader check-in recorded`);
    return LEADER_REPLIES.checkedIn;
  });
}
