/**
 * Succession (README "The leader team", point 3): Hand over's modal names a successor, which is an approval of
 * kind `succession` (the engine in approvals/); approved, the successor is in Leaders and walked through the
 * role, and the outgoing leader is told. Their own row steps down on their Term ends day (terms.ts).
 */
import type { DateTime } from 'luxon';
import { append, update } from '../../sheets-schema/changes.js';
import { isUserId } from '../../sheets-schema/slack-ids.js';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import type { ApprovalKind } from '../approvals/decisions.js';
import { requestApproval } from '../approvals/decisions.js';
import type { InputOf } from '../inputs.js';
import { emptyPlan, type Plan } from '../plan.js';
import { audit, leaderBySlackId, memberBySlackId, planMessage } from '../records.js';
import { LEADER_KINDS, parseSuccession, SUCCESSION, successionSubject } from './kinds.js';
import { LEADER_REPLIES } from './messages.js';
import { leaderAnswer, termDay } from './terms.js';

/** The name Hearth knows someone by: their Leaders row, their Members row, else their Slack ID. */
export function nameOf(snapshot: Snapshot, slackId: string): string {
  return leaderBySlackId(snapshot, slackId)?.name || memberBySlackId(snapshot, slackId)?.name || slackId;
}

/** The modal, submitted: a succession approval in the leaders channel. */
export function planSuccessorView(
  view: InputOf<'leader_successor_view'>,
  snapshot: Snapshot,
  now: DateTime,
): Plan {
  return leaderAnswer(view, snapshot, now, (plan) => {
    const successor = view.successor.trim();
    if (!isUserId(successor)) return LEADER_REPLIES.noSuccessor;
    if (successor === view.user) return LEADER_REPLIES.notSelf;
    const pending = snapshot
      .table('Approvals')
      .rows.some(
        ({ values: a }) =>
          a.kind === SUCCESSION &&
          a.status === 'Pending' &&
          parseSuccession(a.subject).outgoing === view.user,
      );
    if (pending) return LEADER_REPLIES.handOverPending;
    const leader = leaderBySlackId(snapshot, view.user);
    const day = leader?.termEnds ? termDay(leader.termEnds, snapshot.timeZone) : '';
    const notes = view.notes.replace(/\s+/g, ' ').trim();
    const request = requestApproval(snapshot, now, {
      kind: SUCCESSION,
      subject: successionSubject(view.user, successor, day),
      summary: [
        `${nameOf(snapshot, view.user)} hands over ${leader?.role ?? 'their role'} to ${nameOf(snapshot, successor)}`,
        // Names, not mentions: the request's text is shown as typed (escaped), never as markup.
        ...(day ? [`Term ends: ${day}`] : []),
        ...(notes ? [`Notes: ${notes}`] : []),
      ].join('\n'),
      needed: 1,
    });
    plan.changes.push(
      ...request.plan.changes,
      audit(now, {
        actor: view.user,
        action: 'leader.hand-over',
        target: request.approvalId,
        details: `successor ${successor}`,
        key: view.identity,
      }),
    );
    plan.send.push(...request.plan.send);
    plan.notes.push(...request.plan.notes);
    return LEADER_REPLIES.handOverSent;
  });
}

/** A hand-over: the outgoing leader and the successor may not decide it; approved, the successor leads. */
export const SUCCESSION_KIND: ApprovalKind = {
  needed: 1,
  mayDecide(approval, user) {
    const { outgoing, successor } = parseSuccession(approval.subject);
    return user === outgoing || user === successor
      ? 'You are part of this hand-over, so another leader decides it.'
      : undefined;
  },
  approved(approval, snapshot, now, deciders) {
    const plan = emptyPlan();
    const { outgoing, successor } = parseSuccession(approval.subject);
    const from = leaderBySlackId(snapshot, outgoing);
    const id = approval.approvalId as string;
    if (!from || !isUserId(successor)) {
      plan.notes.push(`${id}: approved, but ${outgoing} is not in Leaders any more`);
      return plan;
    }
    const months = snapshot.settings.leaderTermMonths;
    const values = {
      role: from.role,
      canApprove: from.canApprove,
      active: true,
      // Their co-lead is the outgoing leader's (never themselves).
      coLead: from.coLead && from.coLead !== successor ? from.coLead : null,
      termEnds: from.termEnds ? from.termEnds.plus({ months }) : null,
    };
    plan.changes.push(
      leaderBySlackId(snapshot, successor)
        ? update('Leaders', successor, values)
        : append('Leaders', { slackId: successor, name: nameOf(snapshot, successor), ...values }),
      audit(now, {
        actor: deciders.join(', '),
        action: 'leader.succession',
        target: successor,
        details: `${successor} takes on ${from.role} from ${outgoing}`,
      }),
    );
    for (const [key, kind, to] of [
      [`leader-welcome:${id}`, LEADER_KINDS.welcome, successor],
      [`leader-handed-over:${id}`, LEADER_KINDS.handedOver, outgoing],
    ] as const) {
      const message = planMessage(key, { kind, to, about: id, due: now });
      plan.changes.push(message.change);
      plan.send.push(message.id);
    }
    plan.notes.push(`${id}: ${successor} takes on ${from.role} from ${outgoing}`);
    return plan;
  },
  // Declined: the outgoing leader is told (before, only a note said so, and they heard nothing), and that
  // their term DM's buttons still work: Hand over again with someone else, or Stay.
  declined(approval, _snapshot, now) {
    const plan = emptyPlan();
    const id = approval.approvalId ?? '';
    const { outgoing } = parseSuccession(approval.subject);
    if (id && isUserId(outgoing)) {
      const message = planMessage(`leader-handover-declined:${id}`, {
        kind: LEADER_KINDS.handOverDeclined,
        to: outgoing,
        about: id,
        due: now,
      });
      plan.changes.push(message.change);
      plan.send.push(message.id);
    }
    plan.notes.push(`${id}: hand-over declined`);
    return plan;
  },
  expired() {
    return {
      plan: emptyPlan(),
      rule: 'nobody decided the hand-over in time: the leader may press Hand over again to name a successor',
    };
  },
};
