import type { DateTime } from 'luxon';
import { append, update } from '../../sheets-schema/changes.js';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import type { InputOf } from '../inputs.js';
import { memberAddress } from '../onboarding/decisions.js';
import { emptyPlan, type Plan } from '../plan.js';
import { audit, hasOutbox, memberBySlackId, planMessage } from '../records.js';
import { type JoinRefusal, joinRefusalText } from './kickoff-messages.js';
import { PROPOSAL_KINDS, projectById, roleOpenings, splitProjectRef, teamOf } from './records.js';
import { sameRole } from './roles.js';

/**
 * A Join as … press under a project's announcement. An Active member takes one place in that role: a Project
 * members row, the project's Members, an invitation to its channel with a DM, and the announcement redrawn (a
 * role that is full loses its button). One person takes one place per role. The same click delivered again is
 * recognised by the DM it planned; any refusal is said only to who pressed.
 */
export function planProjectJoin(click: InputOf<'project_join'>, snapshot: Snapshot, now: DateTime): Plan {
  const plan = emptyPlan();
  const key = `project-joined:${click.identity}`;
  if (hasOutbox(snapshot, key)) {
    plan.notes.push(`${click.identity}: join already taken into account`);
    return plan;
  }
  const { projectId, rest: role } = splitProjectRef(click.value);
  const refuse = (reason: JoinRefusal) => {
    plan.ephemerals.push({ channel: click.channel, user: click.user, text: joinRefusalText(reason, role) });
    plan.notes.push(`${click.identity}: ${click.user} not added to ${projectId} as ${role} (${reason})`);
    return plan;
  };
  const member = memberBySlackId(snapshot, click.user);
  if (!member?.memberId) return refuse('not-a-member');
  if (member.status !== 'Active') return refuse('not-active');
  const project = projectById(snapshot, projectId);
  if (!project?.projectId || project.status !== 'Active') return refuse('not-open');
  const opening = roleOpenings(snapshot, project).find((r) => sameRole(r.name, role));
  if (!opening) return refuse('no-such-role');
  const team = teamOf(snapshot, projectId);
  if (team.some((row) => row.memberId === member.memberId && sameRole(row.role, opening.name)))
    return refuse('already');
  if (opening.left < 1) return refuse('full');

  const memberIds = [...new Set([...team.map((row) => row.memberId), member.memberId])];
  plan.changes.push(
    append('Project members', {
      projectId,
      memberId: member.memberId,
      role: opening.name,
      joined: now,
    }),
    update('Projects', projectId, { members: memberIds.join(', ') }),
    audit(now, {
      actor: click.user,
      action: 'project.joined',
      target: projectId,
      details: `${member.memberId} as ${opening.name}`,
      key: click.identity,
    }),
  );
  const messages = [
    planMessage(key, {
      kind: PROPOSAL_KINDS.joined,
      to: memberAddress(member.memberId),
      about: `${projectId} ${opening.name}`,
      due: now,
    }),
    planMessage(`project-announce-update:${click.identity}`, {
      kind: PROPOSAL_KINDS.announceUpdate,
      to: snapshot.settings.announcementsChannel,
      about: projectId,
      due: now,
    }),
  ];
  for (const message of messages) {
    plan.changes.push(message.change);
    plan.send.push(message.id);
  }
  plan.notes.push(`${click.identity}: ${member.memberId} joined ${projectId} as ${opening.name}`);
  return plan;
}
