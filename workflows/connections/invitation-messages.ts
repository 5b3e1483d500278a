/**
 * Messages about invitations: a member's personal invite link (or, kindly, why there is none and what to do),
 * and the thank-you to whoever invited someone who has just joined.
 */
import {
  type Block,
  type BlockMessage,
  context,
  isSlackUserId,
  link,
  mention,
  message,
  section,
  userText,
} from '../outbox/blocks.js';
import type { InviteAnswer } from './invitations.js';

/** The global shortcut's callback_id, in the ⚡ menu as `Invite someone`. */
export const INVITE_CALLBACK_ID = 'invite_someone';

const groupOf = (name: string) => userText(name, 200) || 'the group';

const ASK_AGAIN = 'Ask for it again any time: ⚡ *Invite someone* in Slack’s shortcuts menu.';

/** A member's personal invite link, to share with someone who would enjoy the group. */
export function inviteLinkMessage(a: { name: string; groupName: string; link: string }): BlockMessage {
  const name = userText(a.name, 200) || 'there';
  const group = groupOf(a.groupName);
  const url = link(a.link, a.link);
  const intro = `Hi ${name}, here’s your personal invite link for ${group}. Share it with someone who’d enjoy it: the join form opens with your Member ID filled in, so we know you brought them, and I’ll let you know when they join.`;
  const blocks: Block[] = [section(`:love_letter: ${intro}`), section(url), context(ASK_AGAIN)];
  return message(`${intro} ${url}`, blocks);
}

/** Why someone who asked for an invite link gets none, and what they can do. */
export function inviteRefusalMessage(a: {
  reason: Exclude<InviteAnswer, 'link'>;
  groupName: string;
  /** Settings → Join form link, for someone who is not a member yet. */
  joinFormLink: string;
}): BlockMessage {
  const group = groupOf(a.groupName);
  const text = {
    'not-a-member': `I can’t find you among the members of ${group}, so I have no invite link for you yet. ${
      a.joinFormLink
        ? `Join with ${link(a.joinFormLink, 'the join form')} first, then ask again.`
        : 'Please ask an organizer how to join, then ask again.'
    } If you’re a member already, an organizer can put your Slack ID in the Members tab.`,
    pending: `Your membership of ${group} is still waiting for a leader’s approval. Once you’re in, ask again and I’ll send you your invite link.`,
    'not-active': `Invite links are for active members of ${group}, and your membership isn’t active at the moment. If that’s a mistake, please ask an organizer.`,
    'no-link': `${group} hasn’t set up invite links yet, so I have no link to give you. An organizer turns them on once: in the group’s spreadsheet, Extensions → Apps Script → run setup(), which fills in Settings → Invite link. Please ask one of them, then try again.`,
  }[a.reason];
  return message(text, [section(`:envelope: ${text}`)]);
}

/** The thank-you to a member whose invitation brought someone in, once that person is welcomed. */
export function inviteThanksMessage(a: {
  invitee: { name: string; slackId?: string };
  groupName: string;
}): BlockMessage {
  const group = groupOf(a.groupName);
  const name = userText(a.invitee.name, 200) || 'someone';
  const onSlack = isSlackUserId(a.invitee.slackId);
  const who = onSlack ? `${mention(a.invitee.slackId)} (${name})` : `*${name}*`;
  const hello = onSlack
    ? `Why not say hello to ${mention(a.invitee.slackId)}? A familiar face makes the first weeks easier.`
    : 'They’re not on Slack yet; a familiar face at their first event makes all the difference.';
  const thanks = (invited: string) =>
    `Thank you for inviting ${invited} to ${group}! They’ve just joined, and we’ve welcomed them.`;
  const plain = onSlack ? mention(a.invitee.slackId) : name;
  return message(`${thanks(plain)} ${hello}`, [section(`:sparkles: ${thanks(who)}`), section(hello)]);
}
