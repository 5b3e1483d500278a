import type { DateTime } from 'luxon';
import { append, update } from '../../sheets-schema/changes.js';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import type { ApprovalKind } from '../approvals/decisions.js';
import { memberAddress } from '../onboarding/decisions.js';
import { emptyPlan, type Plan } from '../plan.js';
import { type Approval, audit, planMessage } from '../records.js';
import { projectExpiredRule } from './proposal-messages.js';
import { announceKey, PROPOSAL_KINDS, type Project, projectById } from './records.js';

/** Where the proposer of a project is told: the address of its receipt, else its champion's. */
function proposerAddress(snapshot: Snapshot, project: Project): string | undefined {
  const receipt = snapshot
    .table('Outbox')
    .rows.map((row) => row.values)
    .find(
      (row) =>
        (row.kind === PROPOSAL_KINDS.proposed || row.kind === PROPOSAL_KINDS.waiting) &&
        row.about === project.projectId,
    );
  return receipt?.to || (project.champion ? memberAddress(project.champion) : undefined);
}

/**
 * Approved: the project is Active from now, with its first check-in due after Settings → Project check-in
 * days, and its kick-off planned in the Outbox, in order: the channel (made unless one is typed in Channel), the
 * champion invited there and told, and the announcement with its Join buttons. Slack is only called after the
 * write, by the deliver step, each step tried again on the next ticks until it is done.
 */
export function planKickoff(project: Project, snapshot: Snapshot, now: DateTime, deciders: string[]): Plan {
  const plan = emptyPlan();
  const id = project.projectId as string;
  const days = snapshot.settings.projectCheckInDays;
  const champion = project.champion;
  plan.changes.push(
    update('Projects', id, {
      status: 'Active',
      started: now,
      lastUpdate: now,
      ...(days > 0 ? { nextCheckIn: now.plus({ days }) } : {}),
      ...(champion ? { members: champion } : {}),
      problems: null,
    }),
    audit(now, { actor: deciders.join(', '), action: 'project.started', target: id, details: project.title }),
  );
  // The champion is on the team from the start, in no role of those to fill.
  if (champion) {
    plan.changes.push(
      append('Project members', { projectId: id, memberId: champion, role: 'champion', joined: now }),
    );
  }
  const steps = [
    { key: `project-channel:${id}`, kind: PROPOSAL_KINDS.channel, to: project.channel ?? '' },
    ...(champion
      ? [{ key: `project-kickoff:${id}`, kind: PROPOSAL_KINDS.kickoff, to: memberAddress(champion) }]
      : []),
    { key: announceKey(id), kind: PROPOSAL_KINDS.announce, to: snapshot.settings.announcementsChannel },
  ];
  for (const step of steps) {
    const message = planMessage(step.key, { kind: step.kind, to: step.to, about: id, due: now });
    plan.changes.push(message.change);
    plan.send.push(message.id);
  }
  plan.notes.push(`${id}: approved, Active; kick-off planned`);
  return plan;
}

/** Declined: the project is Declined and its proposer gets the leader's reason by DM. */
export function planDeclined(project: Project, snapshot: Snapshot, now: DateTime, reason: string): Plan {
  const plan = emptyPlan();
  const id = project.projectId as string;
  // An organizer may have moved it on by hand meanwhile: their word stands.
  if (project.status !== 'Proposed') return plan;
  plan.changes.push(update('Projects', id, { status: 'Declined', problems: null }));
  const to = proposerAddress(snapshot, project);
  if (to) {
    // The reason rides in About, after the Project ID: the DM is rendered from it and nowhere else keeps it.
    const message = planMessage(`project-declined:${id}`, {
      kind: PROPOSAL_KINDS.declined,
      to,
      about: `${id} ${reason.replace(/\s+/g, ' ').trim()}`.trim(),
      due: now,
    });
    plan.changes.push(message.change);
    plan.send.push(message.id);
  }
  plan.notes.push(`${id}: declined${reason ? ' with a reason' : ''}`);
  return plan;
}

const subjectOf = (approval: Approval, snapshot: Snapshot) => projectById(snapshot, approval.subject);

/** Project proposals: Settings → Project approvals needed leaders approve; Decline asks for a reason. */
export const PROJECT: ApprovalKind = {
  needed: 1,
  approved(approval, snapshot, now, deciders) {
    const project = subjectOf(approval, snapshot);
    // Started by hand meanwhile, or declined: nothing to kick off twice.
    if (!project?.projectId || project.status !== 'Proposed') return emptyPlan();
    return planKickoff(project, snapshot, now, deciders);
  },
  declined(approval, snapshot, now, _deciders, reason) {
    const project = subjectOf(approval, snapshot);
    return project?.projectId ? planDeclined(project, snapshot, now, reason ?? '') : emptyPlan();
  },
  expired(approval, snapshot) {
    const project = subjectOf(approval, snapshot);
    const title = project?.title || approval.subject || 'the project';
    return {
      plan: emptyPlan(),
      rule: projectExpiredRule(title),
    };
  },
};
