/**
 * What Hearth says about proposed projects: the Propose a project modal, the reason modal behind a project
 * request's Decline, and the DMs to the proposer (waiting for room, declined with the leader's reason).
 */
import {
  type Block,
  type BlockMessage,
  context,
  message,
  modalInput,
  type PressedAt,
  plainText,
  pressedAtMetadata,
  section,
  sentence,
  userText,
} from '../outbox/blocks.js';

/** The global shortcut's callback_id (⚡ Propose a project); its modal has the same callback_id. */
export const PROPOSE_CALLBACK_ID = 'propose_project';
/** The reason modal behind Decline on a project request. */
export const PROJECT_DECLINE_CALLBACK_ID = 'project_decline';
/**
 * Decline on a project's approval request: its own action_id, so that the door opens the reason modal at once,
 * without reading the sheet to learn what the request is about. Its value is the Approval ID.
 */
export const PROJECT_DECLINE_ACTION = 'project:decline';

const MODAL = { title: 24, button: 24, label: 2000 } as const;

/** The modal's inputs, by block_id; each element's action_id is `value`, as the Slack door reads it. */
export const PROPOSE_BLOCKS = {
  title: 'title',
  whatAndWhy: 'what_and_why',
  forWhom: 'for_whom',
  partner: 'partner',
  champion: 'champion',
  rolesNeeded: 'roles_needed',
  timeNeeded: 'time_needed',
} as const;

/** A modal input; `optional` and a `hint` under it as Slack shows them. */
function input(
  blockId: string,
  label: string,
  element: Block,
  opts: { optional?: boolean; hint?: string } = {},
): Block {
  return modalInput(blockId, label, element, {
    ...(opts.optional ? { optional: true } : {}),
    ...(opts.hint ? { hint: plainText(opts.hint, MODAL.label) } : {}),
  });
}

const text = (max: number, multiline = false): Block => ({
  type: 'plain_text_input',
  max_length: max,
  ...(multiline ? { multiline: true } : {}),
});

/**
 * The Propose a project modal, opened at once by the door (it reads nothing): the form's questions, the
 * champion picked from the workspace's people, the proposer to begin with.
 */
export function proposeModal(proposer: string): Record<string, unknown> {
  return {
    type: 'modal',
    callback_id: PROPOSE_CALLBACK_ID,
    title: plainText('Propose a project', MODAL.title),
    submit: plainText('Propose', MODAL.button),
    close: plainText('Cancel', MODAL.button),
    blocks: [
      input(PROPOSE_BLOCKS.title, 'Project title', text(200)),
      input(PROPOSE_BLOCKS.whatAndWhy, 'What and why', text(3000, true)),
      input(PROPOSE_BLOCKS.forWhom, 'Who is it for?', text(1000), { optional: true }),
      input(PROPOSE_BLOCKS.partner, 'Partner', text(200), {
        optional: true,
        hint: 'A partner organisation, by name or Partner ID (PA-2).',
      }),
      input(
        PROPOSE_BLOCKS.champion,
        'Champion',
        { type: 'users_select', ...(proposer ? { initial_user: proposer } : {}) },
        { optional: true, hint: 'Who will lead it: you, unless you pick someone else.' },
      ),
      input(PROPOSE_BLOCKS.rolesNeeded, 'Roles needed', text(500), {
        optional: true,
        hint: 'Like: 2 developers, 1 designer',
      }),
      input(PROPOSE_BLOCKS.timeNeeded, 'Time it needs', text(500), {
        optional: true,
        hint: 'Like: 3 months, 2 hours a week',
      }),
      context('The leaders decide; I’ll tell you by DM.'),
    ],
  };
}

/** The reason modal behind Decline on a project request; its submission is the decline. */
export function declineModal(a: { approvalId: string } & PressedAt) {
  return {
    type: 'modal',
    callback_id: PROJECT_DECLINE_CALLBACK_ID,
    private_metadata: JSON.stringify({ approvalId: a.approvalId, ...pressedAtMetadata(a) }),
    title: plainText('Decline the project', MODAL.title),
    submit: plainText('Decline', MODAL.button),
    close: plainText('Go back', MODAL.button),
    blocks: [
      section('Declining closes the request for every leader. In a sentence or two, why?'),
      input('reason', 'Why not (now)?', text(1000, true)),
      context('The proposer gets this by DM.'),
    ],
  };
}

/** Why a proposal from Slack is not taken: said only to the person who made it. */
export function proposalRefusedText(reason: 'not-a-member' | 'not-active', groupName: string): string {
  const group = userText(groupName, 200) || 'the group';
  return reason === 'not-a-member'
    ? `I can’t find you among the members of ${group}, so your project was not proposed. Only Active members can propose one; the organizers can help.`
    : `Only Active members of ${group} can propose a project, so yours was not proposed. The organizers can tell you more.`;
}

/** To the proposer, once: too many projects are Active, so their proposal waits for room. */
export function waitingMessage(a: { title: string; atMost: number }): BlockMessage {
  const title = userText(a.title, 200);
  const body = `Thanks for proposing *${title}*! The group already runs ${a.atMost} project${a.atMost === 1 ? '' : 's'}, as many as it takes on at once, so your proposal waits: it goes to the leaders as soon as one ends.`;
  return message(body.replaceAll('*', ''), [section(`:seedling: ${body}`)]);
}

/** To the proposer: the leaders declined, with the leader's reason. */
export function declinedMessage(a: { title: string; reason: string }): BlockMessage {
  const title = userText(a.title, 200);
  const reason = sentence(userText(a.reason, 1000));
  const body = `The leaders looked at your project *${title}* and decided not to take it on.`;
  const blocks: Block[] = [section(body)];
  if (reason) blocks.push(section(`*Why:* ${reason}`));
  blocks.push(context('Questions? Ask the leaders; a changed idea can be proposed again.'));
  return message(`${body.replaceAll('*', '')}${reason ? ` Why: ${reason}` : ''}`, blocks);
}

/** To the proposer: their proposal is with the leaders. */
export function proposedMessage(a: { title: string }): BlockMessage {
  const title = userText(a.title, 200);
  const body = `Thanks for proposing *${title}*! It is with the leaders now; I’ll tell you what they decide.`;
  return message(body.replaceAll('*', ''), [section(`:seedling: ${body}`)]);
}

/** What the leaders are told when nobody decided on a project in time. */
export function projectExpiredRule(title: string): string {
  return `${title} stays Proposed and is not asked again: it may be proposed anew, or set to Declined in Projects`;
}
