/**
 * Terms (README "The leader team", point 3): 30 days before a leader's Term ends they are asked to stay or
 * hand over; with neither a Stay nor an approved successor 14 days later, the group is asked for volunteers;
 * an approved hand-over makes the outgoing leader's row Active No on their Term ends day.
 */
import type { DateTime } from 'luxon';
import { update } from '../../sheets-schema/changes.js';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import { afterQuietHours } from '../events/reminder-times.js';
import type { InputOf } from '../inputs.js';
import { emptyPlan, type Plan } from '../plan.js';
import { answerOnce, audit, hasOutbox, leaderBySlackId, outboxIdFor, planMessage } from '../records.js';
import { LEADER_KINDS, parseSuccession, SUCCESSION } from './kinds.js';
import { activeLeaders } from './load.js';
import { LEADER_REPLIES, stayedReply } from './messages.js';

/** The term DM goes this many days before Term ends. */
export const TERM_NOTICE_DAYS = 30;
/** With no successor named this long after the term DM, the group is asked for volunteers. */
export const CALL_AFTER_DAYS = 14;
/** When the leaders' DMs of a day go out (group time), moved out of quiet hours. */
export const LEADER_DM_HOUR = 10;

/** Today's 10:00 (or now, when later), out of quiet hours: when a daily DM is due. */
export function dueToday(snapshot: Snapshot, now: DateTime): DateTime {
  const ten = now.setZone(snapshot.timeZone).startOf('day').set({ hour: LEADER_DM_HOUR });
  return afterQuietHours(ten > now ? ten : now, snapshot.timeZone, snapshot.settings.quietHours);
}

export const termDay = (termEnds: DateTime, zone: string) => termEnds.setZone(zone).toISODate() ?? '';
export const termKey = (slackId: string, day: string) => `leader-term:${slackId}:${day}`;

/** Whether a successor was approved for this leader's term. */
export function successorApproved(snapshot: Snapshot, slackId: string, day: string): boolean {
  return snapshot.table('Approvals').rows.some(({ values: a }) => {
    if (a.kind !== SUCCESSION || a.status !== 'Approved') return false;
    const s = parseSuccession(a.subject);
    return s.outgoing === slackId && s.termDay === day;
  });
}

/** The daily part: term DMs, calls for volunteers, and the outgoing leaders stepping down. */
export function planTerms(snapshot: Snapshot, now: DateTime): Plan {
  const plan = emptyPlan();
  const zone = snapshot.timeZone;
  const today = now.setZone(zone).startOf('day');
  const due = dueToday(snapshot, now);
  const outbox = snapshot.table('Outbox');
  for (const leader of activeLeaders(snapshot)) {
    if (!leader.termEnds) continue;
    const id = leader.slackId;
    const day = termDay(leader.termEnds, zone);
    const last = leader.termEnds.setZone(zone).startOf('day');
    // Their term is over and their successor approved: they step down (their row stays, Active No).
    if (today >= last && successorApproved(snapshot, id, day)) {
      plan.changes.push(
        update('Leaders', id, { active: false }),
        audit(now, {
          actor: 'Hearth',
          action: 'leader.stepped-down',
          target: id,
          details: `term ended ${day}`,
        }),
      );
      plan.notes.push(`${id}: stepped down, term ended ${day}`);
      continue;
    }
    const key = termKey(id, day);
    const asked = outbox.byId(outboxIdFor(key))?.values;
    if (!asked) {
      if (today < last.minus({ days: TERM_NOTICE_DAYS }) || today > last) continue;
      const message = planMessage(key, { kind: LEADER_KINDS.term, to: id, about: `${id} ${day}`, due });
      plan.changes.push(message.change);
      if (due <= now) plan.send.push(message.id);
      plan.notes.push(`${id}: term ends ${day}, asked to stay or hand over`);
      continue;
    }
    // Asked 14 days ago or more, neither stayed (Term ends would have moved) nor handed over: volunteers.
    const callKey = `leader-call:${id}:${day}`;
    if (today < asked.due.setZone(zone).startOf('day').plus({ days: CALL_AFTER_DAYS })) continue;
    if (hasOutbox(snapshot, callKey) || successorApproved(snapshot, id, day)) continue;
    const call = planMessage(callKey, {
      kind: LEADER_KINDS.call,
      to: snapshot.settings.announcementsChannel,
      about: `${id} ${day}`,
      due,
    });
    plan.changes.push(
      call.change,
      audit(now, {
        actor: 'Hearth',
        action: 'leader.call',
        target: id,
        details: `no successor named for ${day}`,
      }),
    );
    if (due <= now) plan.send.push(call.id);
    plan.notes.push(`${id}: no successor named, volunteers called for`);
  }
  return plan;
}

type Pressed = { identity: string; user: string; channel: string };

/** What every leader click has in common: once per click (its reply is on record), only from the leader. */
export function leaderAnswer(
  input: Pressed & { leader: string },
  snapshot: Snapshot,
  now: DateTime,
  apply: (plan: Plan) => string,
): Plan {
  const plan = emptyPlan();
  const reply = answerOnce(plan, snapshot, now, `leader-click:${input.identity}`, input, {
    kind: LEADER_KINDS.reply,
    about: input.user,
  });
  if (!reply) return plan;
  if (input.user !== input.leader) return reply(LEADER_REPLIES.notYours);
  if (leaderBySlackId(snapshot, input.user)?.active !== true) return reply(LEADER_REPLIES.notLeader);
  return reply(apply(plan));
}

/** Stay another term: Term ends moves on by Settings → Leader term months. */
export function planStay(click: InputOf<'leader_stay'>, snapshot: Snapshot, now: DateTime): Plan {
  return leaderAnswer(click, snapshot, now, (plan) => {
    const leader = leaderBySlackId(snapshot, click.user);
    if (!leader?.termEnds) return LEADER_REPLIES.noTerm;
    const termEnds = leader.termEnds.plus({ months: snapshot.settings.leaderTermMonths });
    plan.changes.push(
      update('Leaders', click.user, { termEnds }),
      audit(now, {
        actor: click.user,
        action: 'leader.stayed',
        target: click.user,
        details: `term ends ${termDay(termEnds, snapshot.timeZone)}`,
        key: click.identity,
      }),
    );
    plan.notes.push(`${click.user}: stays another term`);
    return stayedReply(termEnds, snapshot.timeZone);
  });
}
