/**
 * The shout-out for a member's milestone in the introductions channel: their first, 5th or 10th event, or a
 * year in the group. Short and warm; the member is mentioned when Hearth knows their Slack ID.
 */
import {
  type BlockMessage,
  context,
  isSlackUserId,
  mention,
  message,
  section,
  userText,
} from '../outbox/blocks.js';

export function milestonePost(a: {
  member: { name: string; slackId?: string };
  groupName: string;
  /** The Nth event attended (and its title, when the Events tab still has it), or the first anniversary. */
  milestone: { events: number; eventTitle?: string } | { years: 1 };
}): BlockMessage {
  const group = userText(a.groupName, 200) || 'the group';
  const name = userText(a.member.name, 200) || 'one of our members';
  const onSlack = isSlackUserId(a.member.slackId);
  const who = (bold: boolean) => (onSlack ? mention(a.member.slackId) : bold ? `*${name}*` : name);
  const title = 'eventTitle' in a.milestone && a.milestone.eventTitle?.trim();
  const event = (bold: boolean) => (title ? (bold ? `*${userText(title, 200)}*` : userText(title, 200)) : '');
  const says = (bold: boolean): string => {
    const m = a.milestone;
    if ('years' in m)
      return `:birthday: It’s a year since ${who(bold)} joined ${group}! Thank you for being part of it.`;
    if (m.events === 1)
      return `:tada: ${who(bold)} came to their first ${group} event${title ? `, ${event(bold)}` : ''}! Great to have you with us.`;
    const latest = title ? `, most recently ${event(bold)}` : '';
    const emoji = m.events >= 10 ? ':trophy:' : ':star2:';
    return `${emoji} ${who(bold)} has now been to ${m.events} ${group} events${latest}. Thank you for being such a regular!`;
  };
  const cheer = 'Say congratulations in the thread :raised_hands:';
  return message(`${says(false).replace(/^:\w+: /, '')} ${cheer}`, [section(says(true)), context(cheer)]);
}
