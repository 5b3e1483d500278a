/**
 * What Hearth says when a project starts: the champion's DM, the announcement with a Join as … button per role
 * still open, and the DM to whoever joins.
 */
import {
  actions,
  type Block,
  type BlockMessage,
  button,
  context,
  fieldsSection,
  message,
  section,
  userText,
} from '../outbox/blocks.js';
import type { RoleOpening } from './roles.js';

/** A Join as … button's action_id; its value is `P-1 developer` (the Project ID, a space, the role). */
export const PROJECT_JOIN_ACTION = 'project:join';

/** `<#C07ABCDEFGH>` for a channel ID, `#name` as typed otherwise. */
export function channelRef(channel: string): string {
  const trimmed = channel.trim();
  if (/^[CG][A-Z0-9]{8,}$/.test(trimmed)) return `<#${trimmed}>`;
  return `#${userText(trimmed.replace(/^#/, ''), 80)}`;
}

const rolesLine = (roles: readonly RoleOpening[]) =>
  roles.map((r) => `${r.count} × ${userText(r.name, 40)}`).join(', ');

/** To the champion: the project is on, and they are in its channel. */
export function kickoffMessage(a: { title: string; channel: string; roles: readonly RoleOpening[] }) {
  const title = userText(a.title, 200);
  const where = channelRef(a.channel);
  const body = `:tada: *${title}* is approved, and you champion it! I’ve added you to ${where}. It is announced to the group now, with a Join button for each role.`;
  const blocks: Block[] = [section(body)];
  if (a.roles.length > 0) blocks.push(context(`Roles to fill: ${rolesLine(a.roles)}`));
  return message(
    `${title} is approved, and you champion it! I’ve added you to ${where}.`,
    blocks,
  ) satisfies BlockMessage;
}

export interface Announcement {
  projectId: string;
  title: string;
  summary: string;
  /** `<@U…>` or a name. */
  champion: string;
  partner?: string | undefined;
  channel?: string | undefined;
  roles: readonly RoleOpening[];
}

/** `Join as developer (1 of 2 left)`; a role that is full has no button. */
export function joinButtonText(role: RoleOpening): string {
  return `Join as ${role.name} (${role.left} of ${role.count} left)`;
}

/** In the announcements channel: what and why, the champion, the partner, and the roles still open. */
export function announceMessage(a: Announcement): BlockMessage {
  const title = userText(a.title, 200);
  const fields = [`*Champion*\n${a.champion}`];
  if (a.partner) fields.push(`*Partner*\n${userText(a.partner, 200)}`);
  if (a.channel) fields.push(`*Channel*\n${channelRef(a.channel)}`);
  const blocks: Block[] = [
    section(`:rocket: *New project: ${title}*`),
    section(userText(a.summary, 2500) || '—'),
    fieldsSection(fields),
  ];
  const open = a.roles.filter((role) => role.left > 0);
  if (open.length > 0) {
    blocks.push(
      actions(
        open.map((role) =>
          button({
            text: joinButtonText(role),
            actionId: PROJECT_JOIN_ACTION,
            value: `${a.projectId} ${role.name}`,
          }),
        ),
        `project:${a.projectId}`,
      ),
    );
  }
  const full = a.roles.filter((role) => role.left === 0);
  if (a.roles.length > 0 && open.length === 0)
    blocks.push(context(':white_check_mark: The team is complete.'));
  else if (full.length > 0)
    blocks.push(context(`Full: ${full.map((role) => userText(role.name, 40)).join(', ')}`));
  const roles = open.length > 0 ? ` Open roles: ${open.map(joinButtonText).join('; ')}.` : '';
  return message(`New project: ${title}.${roles}`, blocks);
}

/** To a member who pressed Join as …: on the team, and in the channel. */
export function joinedMessage(a: { title: string; role: string; channel: string; champion: string }) {
  const title = userText(a.title, 200);
  const role = userText(a.role, 40);
  const where = channelRef(a.channel);
  const body = `Welcome to *${title}* as ${role}! I’ve added you to ${where}; ${a.champion} champions it.`;
  return message(body.replaceAll('*', ''), [section(`:handshake: ${body}`)]) satisfies BlockMessage;
}

/** Why a Join as … press changed nothing: said only to who pressed it. */
export type JoinRefusal = 'not-a-member' | 'not-active' | 'not-open' | 'no-such-role' | 'already' | 'full';

export function joinRefusalText(reason: JoinRefusal, role: string): string {
  const name = userText(role, 40) || 'that role';
  switch (reason) {
    case 'not-a-member':
      return 'I can’t find you among the members, so you were not added to the team. The organizers can help.';
    case 'not-active':
      return 'Only Active members can join a project team, so nothing changed.';
    case 'not-open':
      return 'This project is not taking people now, so nothing changed.';
    case 'no-such-role':
      return `This project has no ${name} role any more, so nothing changed.`;
    case 'already':
      return `You are already on this team as ${name}.`;
    case 'full':
      return `Every ${name} place is taken already, so nothing changed.`;
  }
}
