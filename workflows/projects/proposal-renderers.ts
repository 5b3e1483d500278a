import type { Snapshot } from '../../sheets-schema/snapshot.js';
import { mention } from '../outbox/blocks.js';
import { type Delivery, post, type Renderer, recipient, skip } from '../outbox/delivery.js';
import { type OutboxRow, outboxIdFor } from '../records.js';
import { channelNameCandidates, channelNameFrom } from './channel-names.js';
import { announceMessage, joinedMessage, kickoffMessage } from './kickoff-messages.js';
import { declinedMessage, proposedMessage, waitingMessage } from './proposal-messages.js';
import { projectChampion } from './proposals.js';
import {
  announceKey,
  PROPOSAL_KINDS,
  type Project,
  type ProposalKind,
  projectById,
  roleOpenings,
  splitProjectRef,
} from './records.js';

/** The project an Outbox row is about (its About starts with the Project ID). */
function projectOf(row: OutboxRow, snapshot: Snapshot): Project | undefined {
  return projectById(snapshot, splitProjectRef(row.about).projectId);
}

/** The person an Outbox row is for (`member:M-1`), as a recipient. */
function memberTo(row: OutboxRow, snapshot: Snapshot) {
  const id = (row.to ?? '').startsWith('member:') ? (row.to ?? '').slice('member:'.length) : '';
  const member = id ? snapshot.table('Members').byId(id)?.values : undefined;
  return member?.memberId ? recipient(member) : undefined;
}

/** The champion as the announcement names them: a mention when their Slack ID is known. */
function championText(snapshot: Snapshot, project: Project): string {
  const champion = projectChampion(snapshot, project);
  if (champion?.slackId) return mention(champion.slackId);
  return champion?.name || '—';
}

const NO_CHANNEL_YET: Delivery = { kind: 'wait', reason: 'the project’s channel is not made yet' };

function announcement(snapshot: Snapshot, project: Project) {
  return announceMessage({
    projectId: project.projectId as string,
    title: project.title,
    summary: project.summary ?? '',
    champion: championText(snapshot, project),
    partner: project.partner,
    channel: project.channel,
    roles: roleOpenings(snapshot, project),
  });
}

export const PROPOSAL_RENDERERS: Record<ProposalKind, Renderer> = {
  [PROPOSAL_KINDS.proposed]: (row, snapshot) => {
    const project = projectOf(row, snapshot);
    const to = memberTo(row, snapshot);
    if (!project || !to) return skip(`no project or proposer for ${row.about ?? ''}`);
    return post(to, proposedMessage({ title: project.title }));
  },
  [PROPOSAL_KINDS.waiting]: (row, snapshot) => {
    const project = projectOf(row, snapshot);
    const to = memberTo(row, snapshot);
    if (!project || !to) return skip(`no project or proposer for ${row.about ?? ''}`);
    const atMost = snapshot.settings.activeProjectsAtMost;
    return post(to, waitingMessage({ title: project.title, atMost }));
  },
  [PROPOSAL_KINDS.refused]: () => skip('a proposal put on record in Audit; nothing is said to anyone'),
  [PROPOSAL_KINDS.declined]: (row, snapshot) => {
    const { rest: reason } = splitProjectRef(row.about);
    const project = projectOf(row, snapshot);
    const to = memberTo(row, snapshot);
    if (!project || !to) return skip(`no project or proposer for ${row.about ?? ''}`);
    return post(to, declinedMessage({ title: project.title, reason }));
  },
  // The channel typed by an organizer before approving is used as it is; else a new one is made.
  [PROPOSAL_KINDS.channel]: (row, snapshot) => {
    const project = projectOf(row, snapshot);
    if (!project?.projectId) return skip(`no project ${row.about ?? ''}`);
    if (project.channel) return skip(`the project uses ${project.channel}`);
    const names = channelNameCandidates(channelNameFrom(project.title, project.projectId));
    return { kind: 'channel', project: project.projectId, names };
  },
  [PROPOSAL_KINDS.kickoff]: (row, snapshot) => {
    const project = projectOf(row, snapshot);
    const to = memberTo(row, snapshot);
    if (!project || !to) return skip(`no project or champion for ${row.about ?? ''}`);
    if (!project.channel) return NO_CHANNEL_YET;
    const built = kickoffMessage({
      title: project.title,
      channel: project.channel,
      roles: roleOpenings(snapshot, project),
    });
    return { ...post(to, built), inviteTo: project.channel } as Delivery;
  },
  [PROPOSAL_KINDS.announce]: (row, snapshot) => {
    const project = projectOf(row, snapshot);
    if (!project || !row.to) return skip(`no project ${row.about ?? ''}`);
    if (project.status !== 'Active') return skip(`${project.projectId} is ${project.status} now`);
    return post(row.to, announcement(snapshot, project));
  },
  // The announcement edited in place, drawn from the team as it is now.
  [PROPOSAL_KINDS.announceUpdate]: (row, snapshot) => {
    const project = projectOf(row, snapshot);
    if (!project) return skip(`no project ${row.about ?? ''}`);
    const posted = snapshot.table('Outbox').byId(outboxIdFor(announceKey(project.projectId as string)));
    const link = posted?.values.slackMessage;
    if (!link) return skip('the announcement is not out yet; it shows the team as it is when it goes');
    return { kind: 'update', permalink: link, message: announcement(snapshot, project) };
  },
  [PROPOSAL_KINDS.joined]: (row, snapshot) => {
    const project = projectOf(row, snapshot);
    const to = memberTo(row, snapshot);
    if (!project || !to) return skip(`no project or member for ${row.about ?? ''}`);
    if (!project.channel) return NO_CHANNEL_YET;
    const built = joinedMessage({
      title: project.title,
      role: splitProjectRef(row.about).rest,
      channel: project.channel,
      champion: championText(snapshot, project),
    });
    return { ...post(to, built), inviteTo: project.channel } as Delivery;
  },
};
