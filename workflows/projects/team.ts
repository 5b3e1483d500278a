/** A project as the check-ins and the showcase read it: its champion, its team, its partner. */
import type { RecordOf } from '../../sheets-schema/changes.js';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import { partnerNames } from '../partners/sponsors.js';
import { type Member, memberByEmail } from '../records.js';

export type Project = RecordOf<'Projects'>;

export function projectById(snapshot: Snapshot, id: string | undefined): Project | undefined {
  return id ? snapshot.table('Projects').byId(id)?.values : undefined;
}

/** The champion: a Member ID, or (typed by hand) the email of a member. */
export function championOf(snapshot: Snapshot, project: Project): Member | undefined {
  const champion = project.champion?.trim() ?? '';
  if (!champion) return undefined;
  return snapshot.table('Members').byId(champion)?.values ?? memberByEmail(snapshot, champion);
}

/** True when `slackId` is the project's champion: only they answer its check-ins. */
export function isChampion(snapshot: Snapshot, project: Project, slackId: string): boolean {
  const champion = championOf(snapshot, project);
  return !!champion?.slackId && champion.slackId === slackId;
}

export interface Teammate {
  memberId: string;
  name: string;
  slackId?: string;
  roles: string[];
}

/** The team from Project members: those who have not Left, once each with their roles, in joining order. */
export function teamOf(snapshot: Snapshot, projectId: string): Teammate[] {
  const members = snapshot.table('Members');
  const team = new Map<string, Teammate>();
  for (const { values: row } of snapshot.table('Project members').rows) {
    if (row.projectId !== projectId || row.left || !row.memberId) continue;
    const known = team.get(row.memberId);
    if (known) {
      if (row.role && !known.roles.includes(row.role)) known.roles.push(row.role);
      continue;
    }
    const member = members.byId(row.memberId)?.values;
    team.set(row.memberId, {
      memberId: row.memberId,
      name: member?.name || row.memberId,
      ...(member?.slackId ? { slackId: member.slackId } : {}),
      roles: row.role ? [row.role] : [],
    });
  }
  return [...team.values()];
}

/** The partner's name as the Partners tab spells it (or as typed), or undefined. */
export function partnerOf(snapshot: Snapshot, project: Project): string | undefined {
  return partnerNames(snapshot, project.partner)[0];
}
