import { a1 } from '../../sheets-schema/cells.js';
import type { RecordOf } from '../../sheets-schema/changes.js';
import type { Problem } from '../../sheets-schema/problems.js';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import { openings, parseRoles, type RoleOpening } from './roles.js';

export type Project = RecordOf<'Projects'>;
export type ProjectMember = RecordOf<'Project members'>;

/** The Outbox kinds of proposals and kick-offs (README "Projects and partnerships", points 1 and 2). */
export const PROPOSAL_KINDS = {
  /** To the proposer: the proposal is with the leaders. Keyed by the submission: how a repeat is recognised. */
  proposed: 'project.proposed',
  /** To the proposer, once, in place of `proposed`: too many projects are Active, the proposal waits. */
  waiting: 'project.waiting',
  /** A form from someone who is not an Active member, on record as Sent (nothing is said to anyone). */
  refused: 'project.refused',
  /** To the proposer: declined, with the leader's reason (About: `P-1 <reason>`). */
  declined: 'project.declined',
  /** Not a message: the project's new channel made, and its ID written to Channel. */
  channel: 'project.channel',
  /** To the champion: invited to the channel, and told. */
  kickoff: 'project.kickoff',
  /** In the announcements channel, with a Join as … button per open role. */
  announce: 'project.announce',
  /** The announcement redrawn after someone joined. */
  announceUpdate: 'project.announce-update',
  /** To who joined: invited to the channel, and told (About: `P-1 <role>`). */
  joined: 'project.joined',
} as const;
export type ProposalKind = (typeof PROPOSAL_KINDS)[keyof typeof PROPOSAL_KINDS];

/** The Outbox key of a project's announcement: its row keeps the message's link for the redraws. */
export const announceKey = (projectId: string) => `project-announce:${projectId}`;

export function projectById(snapshot: Snapshot, id: string | undefined): Project | undefined {
  return id ? snapshot.table('Projects').byId(id)?.values : undefined;
}

/** The team of a project: its Project members rows without a `Left` date. */
export function teamOf(snapshot: Snapshot, projectId: string): ProjectMember[] {
  return snapshot
    .table('Project members')
    .rows.map((row) => row.values)
    .filter((row) => row.projectId === projectId && !row.left);
}

/** Each role of the project with its places taken and left. */
export function roleOpenings(snapshot: Snapshot, project: Project): RoleOpening[] {
  const holders = teamOf(snapshot, project.projectId as string).map((row) => row.role);
  return openings(parseRoles(project.rolesNeeded), holders);
}

/** `P-1 developer` (a Join button's value, a joined DM's About) → the project and the role. */
export function splitProjectRef(text: string | undefined): { projectId: string; rest: string } {
  const [projectId = '', rest = ''] = (text ?? '').trim().split(/\s(.*)/s);
  return { projectId, rest: rest.trim() };
}

export function activeProjects(snapshot: Snapshot): Project[] {
  return snapshot
    .table('Projects')
    .rows.map((row) => row.values)
    .filter((project) => project.status === 'Active');
}

/** Projects with an approval request of their own (any status): they are not waiting for room any more. */
function requested(snapshot: Snapshot): Set<string> {
  return new Set(
    snapshot
      .table('Approvals')
      .rows.filter((row) => row.values.kind === 'project' && row.values.subject)
      .map((row) => row.values.subject as string),
  );
}

/** Proposed projects that never went to the leaders: they wait for room, oldest (first in the sheet) first. */
export function waitingProjects(snapshot: Snapshot): { project: Project; sheetRow: number }[] {
  const asked = requested(snapshot);
  return snapshot
    .table('Projects')
    .rows.filter(
      (row) => row.values.projectId && row.values.status === 'Proposed' && !asked.has(row.values.projectId),
    )
    .sort((a, b) => a.sheetRow - b.sheetRow)
    .map((row) => ({ project: row.values, sheetRow: row.sheetRow }));
}

/** Project requests still open: they will make projects Active, so they take room too. */
export function pendingProjectRequests(snapshot: Snapshot): number {
  return snapshot
    .table('Approvals')
    .rows.filter((row) => row.values.kind === 'project' && row.values.status === 'Pending').length;
}

/** How many more projects may go to the leaders now (Infinity when Settings set no limit). */
export function roomForProjects(snapshot: Snapshot): number {
  const atMost = snapshot.settings.activeProjectsAtMost;
  if (atMost <= 0) return Number.POSITIVE_INFINITY;
  return Math.max(atMost - activeProjects(snapshot).length - pendingProjectRequests(snapshot), 0);
}

/**
 * Why each waiting proposal waits, for its Problems cell (the tick's housekeeping writes it, and clears it once
 * the proposal goes to the leaders).
 */
export function waitingProjectProblems(snapshot: Snapshot): Problem[] {
  const atMost = snapshot.settings.activeProjectsAtMost;
  const projects = snapshot.table('Projects');
  const column = projects.headers.index.status;
  if (atMost <= 0 || column === undefined) return [];
  return waitingProjects(snapshot).map(({ sheetRow }) => ({
    tab: projects.spec.name,
    row: sheetRow,
    a1: a1(projects.spec.name, sheetRow, column),
    header: 'Status',
    message: `Proposed waits for room: at most ${atMost} project${atMost === 1 ? '' : 's'} may be Active at once (Settings → Active projects at most); it goes to the leaders, oldest first, at the first tick after one is no longer Active`,
  }));
}
