/**
 * Messages about invitations: the thank-you to whoever invited someone who has just joined.
 */
import { type BlockMessage, isSlackUserId, mention, message, section, userText } from '../outbox/blocks.js';

const groupOf = (name: string) => userText(name, 200) || 'the group';

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
