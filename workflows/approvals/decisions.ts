import type { DateTime } from 'luxon';
import { append, update } from '../../sheets-schema/changes.js';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import { emptyPlan, mergePlans, type Plan } from '../plan.js';
import {
  type Approval,
  audit,
  hasOutbox,
  idList,
  leaderBySlackId,
  planMessage,
  replyOnRecord,
} from '../records.js';
import { refusalText } from './messages.js';
import { APPROVAL_MESSAGES } from './renderers.js';

/** What a kind of approval does to its subject. Kinds register here; the engine is the same for all. */
export interface ApprovalKind {
  /** Distinct leaders who must approve. */
  needed: number;
  /** Why this leader may not decide this request (they are its subject, say), or undefined when they may. */
  mayDecide?(approval: Approval, user: string, snapshot: Snapshot): string | undefined;
  /**
   * The subject's ID when its row is gone (an organizer deleted the member): approving would act on nobody,
   * so the click is refused and put on record instead of pretending.
   */
  missingSubject?(approval: Approval, snapshot: Snapshot): MissingSubject | undefined;
  approved(approval: Approval, snapshot: Snapshot, now: DateTime, deciders: string[]): Plan;
  /** `reason`: what the leader typed, for kinds whose Decline asks for one (a project's). */
  declined(approval: Approval, snapshot: Snapshot, now: DateTime, deciders: string[], reason?: string): Plan;
  /** What happens to the subject when nobody decides in time; `rule` says it to the leaders. */
  expired(approval: Approval, snapshot: Snapshot, now: DateTime): { plan: Plan; rule: string };
}

/** A subject there is nothing to act on: its ID, and the problem of its row when it is there but typed wrong. */
export interface MissingSubject {
  subject: string;
  /** `Members!C5: Email "x" is not an email address…` */
  problem?: string;
}

export type ApprovalKinds = Readonly<Record<string, ApprovalKind>>;

/** A request in the leaders channel with Approve / Decline buttons, and its Approvals row. */
export function requestApproval(
  snapshot: Snapshot,
  now: DateTime,
  request: { kind: string; subject: string; summary: string; needed: number },
): { plan: Plan; approvalId: string } {
  const plan = emptyPlan();
  const approvalId = snapshot.nextId('Approvals');
  const expires = now.plus({ hours: snapshot.settings.approvalExpiresAfterHours });
  plan.changes.push(
    append('Approvals', {
      approvalId,
      kind: request.kind,
      subject: request.subject,
      summary: request.summary,
      requested: now,
      status: 'Pending',
      needed: request.needed,
      expires,
    }),
  );
  const message = planMessage(`approval:${approvalId}`, {
    kind: APPROVAL_MESSAGES.request,
    to: snapshot.settings.leadersChannel,
    about: approvalId,
    due: now,
  });
  plan.changes.push(message.change);
  plan.send.push(message.id);
  plan.notes.push(`${approvalId}: ${request.kind} approval requested for ${request.subject}`);
  return { plan, approvalId };
}

export interface ApprovalClick {
  identity: string;
  decision: 'approve' | 'decline';
  approvalId: string;
  /** Who clicked, from Slack; checked against the Leaders tab now, never trusted further. */
  user: string;
  channel: string;
  /** A Decline's reason, when the request asked for one (the reason modal). */
  reason?: string | undefined;
}

/**
 * A leader's click. Who may decide is read from Leaders (Active and Can approve) at this moment; anyone else
 * gets an ephemeral refusal and nothing changes. A decided approval stays decided: a double click, a second
 * leader a moment late, or the same click delivered twice changes nothing.
 */
export function decideApproval(
  click: ApprovalClick,
  snapshot: Snapshot,
  now: DateTime,
  kinds: ApprovalKinds,
): Plan {
  const refuse = (text: string) => {
    const plan = emptyPlan();
    plan.ephemerals.push({ channel: click.channel, user: click.user, text });
    plan.notes.push(`${click.approvalId}: ${click.decision} by ${click.user} refused`);
    return plan;
  };
  const leader = leaderBySlackId(snapshot, click.user);
  if (leader?.active !== true) return refuse(refusalText('not-a-leader'));
  if (leader.canApprove !== true) return refuse(refusalText('cannot-approve'));
  const approval = snapshot.table('Approvals').byId(click.approvalId)?.values;
  const kind = approval && kinds[approval.kind];
  if (!approval || !kind) return refuse(refusalText('unknown-approval'));
  const barred = kind.mayDecide?.(approval, click.user, snapshot);
  if (barred) return refuse(barred);
  // Past its expiry a request is closed, even before the tick marks it Expired.
  if (approval.status === 'Pending' && approval.expires && approval.expires <= now) {
    return refuse(
      refusalText('already-decided', {
        status: 'Expired',
        by: [],
        at: approval.expires,
        timeZone: snapshot.timeZone,
      }),
    );
  }
  if (approval.status !== 'Pending') {
    const by = approval.status === 'Declined' ? idList(approval.declinedBy) : idList(approval.approvedBy);
    return refuse(
      refusalText('already-decided', {
        status: approval.status,
        by,
        ...(approval.decided ? { at: approval.decided } : {}),
        timeZone: snapshot.timeZone,
      }),
    );
  }
  const id = approval.approvalId as string;
  const approvedBy = idList(approval.approvedBy);
  const entry = {
    actor: click.user,
    target: id,
    details: `${approval.kind} ${approval.subject ?? ''}`.trim(),
    key: click.identity,
  };
  const updateMessage = (key: string) =>
    planMessage(key, {
      kind: APPROVAL_MESSAGES.update,
      to: snapshot.settings.leadersChannel,
      about: id,
      due: now,
    });

  if (click.decision === 'decline') {
    const plan = emptyPlan();
    plan.changes.push(update('Approvals', id, { status: 'Declined', declinedBy: click.user, decided: now }));
    plan.changes.push(audit(now, { ...entry, action: 'approval.declined' }));
    const message = updateMessage(`approval-outcome:${id}`);
    plan.changes.push(message.change);
    plan.send.push(message.id);
    plan.notes.push(`${id}: declined by ${click.user}`);
    const decided = { ...approval, status: 'Declined' as const, declinedBy: click.user, decided: now };
    return mergePlans([plan, kind.declined(decided, snapshot, now, [click.user], click.reason)]);
  }
  if (approvedBy.includes(click.user)) return refuse(refusalText('already-approved'));
  const missing = kind.missingSubject?.(approval, snapshot);
  if (missing) return refuseMissing(click, id, missing, snapshot, now);
  const deciders = [...approvedBy, click.user];
  const needed = approval.needed ?? kind.needed;
  const plan = emptyPlan();
  if (deciders.length < needed) {
    plan.changes.push(update('Approvals', id, { approvedBy: deciders.join(', ') }));
    plan.changes.push(
      audit(now, {
        ...entry,
        action: 'approval.approve',
        details: `${entry.details}: ${deciders.length} of ${needed}`,
      }),
    );
    const message = updateMessage(`approval-progress:${id}:${deciders.length}`);
    plan.changes.push(message.change);
    plan.send.push(message.id);
    plan.notes.push(`${id}: approved by ${click.user}, ${deciders.length} of ${needed}`);
    return plan;
  }
  plan.changes.push(
    update('Approvals', id, { status: 'Approved', approvedBy: deciders.join(', '), decided: now }),
  );
  plan.changes.push(audit(now, { ...entry, action: 'approval.approved' }));
  const message = updateMessage(`approval-outcome:${id}`);
  plan.changes.push(message.change);
  plan.send.push(message.id);
  plan.notes.push(`${id}: approved by ${deciders.join(', ')}`);
  const decided = { ...approval, status: 'Approved' as const, approvedBy: deciders.join(', '), decided: now };
  return mergePlans([plan, kind.approved(decided, snapshot, now, deciders)]);
}

/** Approve on a request whose subject's row is gone: the leader told, Audit told once, nothing decided. */
function refuseMissing(
  click: ApprovalClick,
  approvalId: string,
  missing: MissingSubject,
  snapshot: Snapshot,
  now: DateTime,
): Plan {
  const { subject, problem } = missing;
  const plan = emptyPlan();
  const key = `approval-refused:${click.identity}`;
  if (hasOutbox(snapshot, key)) {
    plan.notes.push(`${approvalId}: ${click.decision} by ${click.user} already refused`);
    return plan;
  }
  plan.changes.push(
    audit(now, {
      actor: click.user,
      action: 'approval.refused',
      target: approvalId,
      details: problem
        ? `${click.decision} not done: ${subject}’s row in Members needs a fix first: ${problem}`
        : `${click.decision} not done: ${subject} is not in the Members tab (its row was deleted?): put the row back with its Member ID, or decline ${approvalId}`,
      key: click.identity,
    }),
    replyOnRecord(key, { kind: APPROVAL_MESSAGES.refused, to: click.user, about: approvalId }, now),
  );
  plan.ephemerals.push({
    channel: click.channel,
    user: click.user,
    text: refusalText(problem ? 'subject-needs-fix' : 'subject-missing', { subject }),
  });
  plan.notes.push(`${approvalId}: ${click.decision} by ${click.user} refused: ${subject} is gone`);
  return plan;
}

/**
 * Each tick: a Pending request is reminded once in the leaders channel halfway to its expiry, and Expired when
 * its time is up, with its subject handled by its kind's rule and the leaders told.
 */
export function planApprovalTimers(snapshot: Snapshot, now: DateTime, kinds: ApprovalKinds): Plan {
  const plans: Plan[] = [];
  for (const { values: approval } of snapshot.table('Approvals').rows) {
    const id = approval.approvalId;
    const kind = kinds[approval.kind];
    if (!id || approval.status !== 'Pending' || !approval.expires || !kind) continue;
    const plan = emptyPlan();
    const to = snapshot.settings.leadersChannel;
    if (approval.expires <= now) {
      const { plan: subject, rule } = kind.expired(approval, snapshot, now);
      plan.changes.push(update('Approvals', id, { status: 'Expired', decided: now }));
      plan.changes.push(
        audit(now, { actor: 'Hearth', action: 'approval.expired', target: id, details: rule }),
      );
      for (const key of [`approval-outcome:${id}`, `approval-expired:${id}`]) {
        const message = planMessage(key, {
          kind: key.startsWith('approval-outcome') ? APPROVAL_MESSAGES.update : APPROVAL_MESSAGES.expired,
          to,
          about: id,
          due: now,
        });
        plan.changes.push(message.change);
        plan.send.push(message.id);
      }
      plan.notes.push(`${id}: expired (${rule})`);
      plans.push(plan, subject);
      continue;
    }
    const requested = approval.requested ?? now;
    const halfway = requested.plus({ milliseconds: approval.expires.diff(requested).as('milliseconds') / 2 });
    if (now >= halfway && !hasOutbox(snapshot, `approval-reminder:${id}`)) {
      const message = planMessage(`approval-reminder:${id}`, {
        kind: APPROVAL_MESSAGES.reminder,
        to,
        about: id,
        due: now,
      });
      plan.changes.push(message.change);
      plan.send.push(message.id);
      plan.notes.push(`${id}: reminded halfway to expiry`);
      plans.push(plan);
    }
  }
  return mergePlans(plans);
}
