import type { DateTime } from 'luxon';
import { append } from '../../sheets-schema/changes.js';
import { normalizeEmail } from '../../sheets-schema/emails.js';
import { withChanges } from '../../sheets-schema/overlay.js';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import { requestApproval } from '../approvals/decisions.js';
import type { InputOf } from '../inputs.js';
import { memberAddress } from '../onboarding/decisions.js';
import { emptyPlan, mergePlans, type Plan } from '../plan.js';
import {
  audit,
  hasOutbox,
  type Member,
  memberByEmail,
  memberBySlackId,
  planMessage,
  replyOnRecord,
} from '../records.js';
import { proposalRefusedText } from './proposal-messages.js';
import { PROPOSAL_KINDS, type Project, projectById, roomForProjects, waitingProjects } from './records.js';

/** A proposal as both doors give it: who proposes (a member), who champions it, and the answers. */
export interface Proposal {
  identity: string;
  proposer: Member;
  /** The champion's member, when named and an Active member; else the proposer champions it. */
  champion: Member | undefined;
  title: string;
  whatAndWhy: string;
  forWhom?: string | undefined;
  partner?: string | undefined;
  rolesNeeded?: string | undefined;
  timeNeeded?: string | undefined;
}

/** The Outbox key of a proposal's receipt to its proposer: finding it is how the same submission is recognised. */
const proposedKey = (identity: string) => `project-proposed:${identity}`;

/** `Summary`: what and why, who it is for, the time it needs, one per line. */
export function summaryOf(p: Pick<Proposal, 'whatAndWhy' | 'forWhom' | 'timeNeeded'>): string {
  return [
    p.whatAndWhy.trim(),
    p.forWhom?.trim() ? `For: ${p.forWhom.trim()}` : '',
    p.timeNeeded?.trim() ? `Time: ${p.timeNeeded.trim()}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

const isActive = (member: Member | undefined): member is Member =>
  !!member?.memberId && member.status === 'Active';

/** The "Propose a project" form: the proposer is whoever the (verified, else typed) email is. */
export function planProjectForm(work: InputOf<'project_form'>, snapshot: Snapshot, now: DateTime): Plan {
  const { answers } = work;
  const proposer = memberByEmail(snapshot, answers.email);
  if (!isActive(proposer)) return refuseForm(work, snapshot, now, proposer ? 'not-active' : 'not-a-member');
  const named = answers.champion ? memberByEmail(snapshot, normalizeEmail(answers.champion)) : undefined;
  return planProposal(
    {
      identity: work.identity,
      proposer,
      champion: isActive(named) ? named : undefined,
      title: answers.title,
      whatAndWhy: answers.whatAndWhy,
      forWhom: answers.forWhom,
      partner: answers.partner,
      rolesNeeded: answers.rolesNeeded,
      timeNeeded: answers.timeNeeded,
    },
    snapshot,
    now,
  );
}

/**
 * A form from someone who is not an Active member: on record in Audit (`project.refused`), once. Its Outbox
 * row, marked Sent and addressed to nobody, is how the relay's retry and the tick's sweep find it handled.
 */
function refuseForm(
  work: InputOf<'project_form'>,
  snapshot: Snapshot,
  now: DateTime,
  reason: 'not-a-member' | 'not-active',
): Plan {
  const plan = emptyPlan();
  const key = `project-refused:${work.identity}`;
  if (hasOutbox(snapshot, key)) {
    plan.notes.push(`${work.identity}: project proposal already refused`);
    return plan;
  }
  plan.changes.push(
    audit(now, {
      actor: work.answers.email,
      action: 'project.refused',
      target: 'project form',
      details:
        reason === 'not-a-member'
          ? `“${work.answers.title}” not proposed: no member has this email`
          : `“${work.answers.title}” not proposed: the member is not Active`,
      key: work.identity,
    }),
    replyOnRecord(key, { kind: PROPOSAL_KINDS.refused, to: '', about: '' }, now),
  );
  plan.notes.push(`${work.identity}: project proposal refused (${reason})`);
  return plan;
}

/** The Propose a project modal, submitted: the proposer is who submitted it, told at once if they may not. */
export function planProjectView(work: InputOf<'project_view'>, snapshot: Snapshot, now: DateTime): Plan {
  const proposer = memberBySlackId(snapshot, work.user);
  if (!isActive(proposer)) {
    const plan = emptyPlan();
    // A reply only they see; nothing is written, so a repeat is told again (the modal is closed by then).
    plan.ephemerals.push({
      channel: '',
      user: work.user,
      text: proposalRefusedText(proposer ? 'not-active' : 'not-a-member', snapshot.settings.groupName),
    });
    plan.notes.push(`${work.identity}: ${work.user} may not propose a project`);
    return plan;
  }
  const named = work.champion ? memberBySlackId(snapshot, work.champion) : undefined;
  return planProposal(
    {
      identity: work.identity,
      proposer,
      champion: isActive(named) ? named : undefined,
      title: work.title,
      whatAndWhy: work.whatAndWhy,
      forWhom: work.forWhom || undefined,
      partner: work.partner || undefined,
      rolesNeeded: work.rolesNeeded || undefined,
      timeNeeded: work.timeNeeded || undefined,
    },
    snapshot,
    now,
  );
}

/**
 * A proposal from an Active member: a Projects row (Proposed), then an approval request, or, when as many
 * projects are Active as Settings allow (or others wait already: oldest first), it waits and its proposer is
 * told so. The same submission twice is recognised by the receipt it made.
 */
export function planProposal(proposal: Proposal, snapshot: Snapshot, now: DateTime): Plan {
  const plan = emptyPlan();
  const key = proposedKey(proposal.identity);
  if (hasOutbox(snapshot, key)) {
    plan.notes.push(`${proposal.identity}: project already proposed`);
    return plan;
  }
  const projectId = snapshot.nextId('Projects');
  const champion = proposal.champion ?? proposal.proposer;
  const project: Project = {
    projectId,
    title: proposal.title.trim(),
    summary: summaryOf(proposal),
    champion: champion.memberId,
    partner: proposal.partner?.trim() || undefined,
    rolesNeeded: proposal.rolesNeeded?.trim() || undefined,
    status: 'Proposed',
    channel: undefined,
    members: undefined,
    started: undefined,
    lastUpdate: undefined,
    nextCheckIn: undefined,
    missedCheckIns: undefined,
    link: undefined,
    problems: undefined,
  };
  plan.changes.push(
    append('Projects', project),
    audit(now, {
      actor: proposal.proposer.memberId as string,
      action: 'project.proposed',
      target: projectId,
      details: project.title,
      key: proposal.identity,
    }),
  );
  const waits = roomForProjects(snapshot) < 1 || waitingProjects(snapshot).length > 0;
  const receipt = planMessage(key, {
    kind: waits ? PROPOSAL_KINDS.waiting : PROPOSAL_KINDS.proposed,
    to: memberAddress(proposal.proposer.memberId as string),
    about: projectId,
    due: now,
  });
  plan.changes.push(receipt.change);
  plan.send.push(receipt.id);
  plan.notes.push(`${proposal.identity}: ${projectId} proposed${waits ? ', waits for room' : ''}`);
  if (waits) return plan;
  return mergePlans([plan, requestProject(project, proposal.proposer, snapshot, now)]);
}

/** The project's approval request in the leaders channel, needing Settings → Project approvals needed. */
function requestProject(project: Project, proposer: Member | undefined, snapshot: Snapshot, now: DateTime) {
  const champion = projectChampion(snapshot, project);
  const lines = [
    proposer?.name ? `${proposer.name} proposes a project: ${project.title}` : `Project: ${project.title}`,
    project.summary ?? '',
    champion?.name ? `Champion: ${champion.name}` : '',
    project.rolesNeeded ? `Roles needed: ${project.rolesNeeded}` : '',
    project.partner ? `Partner: ${project.partner}` : '',
  ];
  return requestApproval(snapshot, now, {
    kind: 'project',
    subject: project.projectId as string,
    summary: lines.filter(Boolean).join('\n'),
    needed: snapshot.settings.projectApprovalsNeeded,
  }).plan;
}

export function projectChampion(snapshot: Snapshot, project: Project): Member | undefined {
  return project.champion ? snapshot.table('Members').byId(project.champion)?.values : undefined;
}

/**
 * Each tick: proposals that wait go to the leaders while there is room, oldest first. The proposer was told
 * when it began to wait; the request itself is the news now.
 */
export function planWaitingProposals(snapshot: Snapshot, now: DateTime): Plan {
  let room = roomForProjects(snapshot);
  const plans: Plan[] = [];
  let view = snapshot;
  for (const { project } of waitingProjects(snapshot)) {
    if (room < 1) break;
    const fresh = projectById(view, project.projectId);
    if (!fresh?.projectId) continue;
    const plan = requestProject(fresh, undefined, view, now);
    plan.notes.push(`${fresh.projectId}: there is room now; sent to the leaders`);
    plans.push(plan);
    room -= 1;
    // The next request takes the next Approval ID.
    view = withChanges(view, plan.changes);
  }
  return mergePlans(plans);
}
