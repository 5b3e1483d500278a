/**
 * What Hearth says about volunteers' shifts: the Help as … buttons (an announcement's, the App Home's, an ask's),
 * the DMs to volunteers and backups, the swap offer, and the replies to a click that changed nothing.
 */
import type { DateTime } from 'luxon';
import {
  actions,
  type Block,
  type BlockMessage,
  button,
  context,
  formatDateTime,
  link,
  message,
  section,
  userText,
} from '../outbox/blocks.js';
import { SHIFT_ACTIONS } from './kinds.js';
import type { RoleView } from './roles-read.js';

/** `Help as door (1 of 2 left)`; a full role takes backups: `Back up door`. */
export function helpButtonText(role: Pick<RoleView, 'name' | 'left' | 'needed'>): string {
  const name = userText(role.name, 30);
  return role.left > 0 ? `Help as ${name} (${role.left} of ${role.needed} left)` : `Back up ${name}`;
}

/** One Help as … button per role (Slack allows 25 elements an actions block). */
export function helpButtons(eventId: string, roles: readonly RoleView[]): Block[] {
  if (roles.length === 0) return [];
  return [
    actions(
      roles
        .slice(0, 25)
        .map((role) =>
          button({ text: helpButtonText(role), actionId: SHIFT_ACTIONS.help, value: role.roleId }),
        ),
      `shifts:${eventId}`,
    ),
  ];
}

export interface ShiftWords {
  title: string;
  role: string;
  starts: DateTime;
  ends: DateTime;
  timeZone: string;
  /** The announcement's permalink. */
  link?: string | undefined;
}

const titleOf = (w: ShiftWords) => link(w.link, userText(w.title, 150));
const when = (w: ShiftWords) =>
  `${formatDateTime(w.starts, w.timeZone)}–${w.ends.setZone(w.timeZone).toFormat('HH:mm')}`;
const roleOf = (w: ShiftWords) => userText(w.role, 40);

/** Can't make it and Swap, for a volunteer's own shift. */
export function shiftButtons(roleId: string): Block {
  return actions(
    [
      button({ text: 'Can’t make it', actionId: SHIFT_ACTIONS.cant, value: roleId }),
      button({ text: 'Swap', actionId: SHIFT_ACTIONS.swap, value: roleId }),
    ],
    `shift:${roleId}`,
  );
}

function volunteerDm(roleId: string, w: ShiftWords, headline: string): BlockMessage {
  const plain = `${headline.replaceAll('*', '')} ${roleOf(w)}, ${when(w)}.`;
  return message(plain, [
    section(`${headline} *${roleOf(w)}* for ${titleOf(w)}, ${when(w)}.`),
    context(
      'I’ll remind you before the event and 1 hour before your shift. Plans change? Tap *Can’t make it* and the next backup steps in, or *Swap* to offer it to someone else.',
    ),
    shiftButtons(roleId),
  ]);
}

export const confirmedMessage = (roleId: string, w: ShiftWords) =>
  volunteerDm(roleId, w, ':raised_hands: Thank you! You’re helping as');
export const promotedMessage = (roleId: string, w: ShiftWords) =>
  volunteerDm(roleId, w, ':tada: A place opened up, so you’re on the shift now as');
export const takenMessage = (roleId: string, w: ShiftWords) =>
  volunteerDm(roleId, w, ':handshake: The shift is yours: you’re helping as');

export function backupMessage(roleId: string, w: ShiftWords, place: number): BlockMessage {
  const body = `Every ${roleOf(w)} place for ${titleOf(w)} is taken, so you’re backup #${place}. If someone drops out, I’ll move you up and tell you.`;
  return message(`You’re backup #${place} for ${roleOf(w)} at ${userText(w.title, 150)}.`, [
    section(`:hourglass_flowing_sand: ${body}`),
    actions(
      [button({ text: 'Can’t make it', actionId: SHIFT_ACTIONS.cant, value: roleId })],
      `shift:${roleId}`,
    ),
  ]);
}

export function droppedMessage(w: ShiftWords, wasBackup: boolean): BlockMessage {
  const body = wasBackup
    ? `You’re no longer a backup for ${roleOf(w)} at ${titleOf(w)}. Thanks for letting us know.`
    : `You’re off the ${roleOf(w)} shift for ${titleOf(w)}. Thanks for letting us know; the next backup steps in if there is one.`;
  return message(body.replace(titleOf(w), userText(w.title, 150)), [section(body)]);
}

export function releasedMessage(w: ShiftWords, taker: string): BlockMessage {
  const body = `${taker} took your ${roleOf(w)} shift for ${titleOf(w)}, so you’re off it. Thanks for finding someone!`;
  return message(body.replace(titleOf(w), userText(w.title, 150)), [section(`:wave: ${body}`)]);
}

export function askMessage(
  roleId: string,
  w: ShiftWords,
  role: Pick<RoleView, 'name' | 'left' | 'needed'>,
): BlockMessage {
  const body = `${titleOf(w)} still needs help as *${roleOf(w)}* (${role.left} of ${role.needed} places left), ${when(w)}. Could you help?`;
  return message(`${userText(w.title, 150)} still needs help as ${roleOf(w)}, ${when(w)}. Could you help?`, [
    section(`:wave: ${body}`),
    actions(
      [button({ text: helpButtonText(role), actionId: SHIFT_ACTIONS.help, value: roleId, style: 'primary' })],
      `shift:${roleId}`,
    ),
  ]);
}

/** The swap offer, posted where the event is announced; taken, it is redrawn without its button. */
export function offerMessage(a: {
  roleId: string;
  offerer: string;
  offererMention: string;
  w: ShiftWords;
  takenBy?: string;
}): BlockMessage {
  const { w } = a;
  if (a.takenBy) {
    const body = `~${a.offererMention}’s ${roleOf(w)} shift for ${userText(w.title, 150)}~: taken by ${a.takenBy}. Thank you!`;
    return message(`The ${roleOf(w)} shift for ${userText(w.title, 150)} is taken.`, [
      section(`:white_check_mark: ${body}`),
    ]);
  }
  const body = `${a.offererMention} can’t do their *${roleOf(w)}* shift for ${titleOf(w)}, ${when(w)}. Can you take it?`;
  return message(`A ${roleOf(w)} shift for ${userText(w.title, 150)} is up for grabs, ${when(w)}.`, [
    section(`:arrows_counterclockwise: ${body}`),
    actions(
      [
        button({
          text: 'Take this shift',
          actionId: SHIFT_ACTIONS.take,
          value: `${a.roleId} ${a.offerer}`,
          style: 'primary',
        }),
      ],
      `shift-offer:${a.roleId}:${a.offerer}`,
    ),
  ]);
}

export function shiftReminder(w: ShiftWords, offsetLabel: string): BlockMessage {
  const body = `Reminder: ${titleOf(w)} is in ${userText(offsetLabel, 40)}. You’re helping as *${roleOf(w)}*, ${when(w)}.`;
  return message(body.replace(titleOf(w), userText(w.title, 150)).replaceAll('*', ''), [
    section(`:bell: ${body}`),
  ]);
}

export function shiftStartMessage(w: ShiftWords): BlockMessage {
  const body = `Your *${roleOf(w)}* shift for ${titleOf(w)} starts at ${w.starts.setZone(w.timeZone).toFormat('HH:mm')}. Thank you for helping!`;
  return message(body.replace(titleOf(w), userText(w.title, 150)).replaceAll('*', ''), [
    section(`:alarm_clock: ${body}`),
  ]);
}

/** Why a shift button changed nothing: said only to who pressed it. */
export type ShiftRefusal =
  | 'not-a-member'
  | 'not-active'
  | 'no-such-role'
  | 'closed'
  | 'already-volunteer'
  | 'already-backup'
  | 'not-on-shift'
  | 'offered-already'
  | 'taken'
  | 'own-offer';

export function shiftRefusalText(reason: ShiftRefusal, role: string, place?: number): string {
  const name = userText(role, 40) || 'that role';
  switch (reason) {
    case 'not-a-member':
      return 'I can’t find you among the members, so nothing changed. The organizers can help.';
    case 'not-active':
      return 'Only Active members can take a shift, so nothing changed.';
    case 'no-such-role':
      return 'That role is no longer in the sheet, so nothing changed.';
    case 'closed':
      return 'That shift has started or its event is no longer on, so nothing changed.';
    case 'already-volunteer':
      return `You’re already helping as ${name}.`;
    case 'already-backup':
      return `You’re already backup #${place ?? 1} for ${name}.`;
    case 'not-on-shift':
      return `You’re not on the ${name} shift, so nothing changed.`;
    case 'offered-already':
      return `Your ${name} shift is offered already: the first to take it gets it, and I’ll tell you.`;
    case 'taken':
      return 'Someone took this shift already. Thank you for offering!';
    case 'own-offer':
      return 'This is your own shift: tap Can’t make it to drop it instead.';
  }
}
