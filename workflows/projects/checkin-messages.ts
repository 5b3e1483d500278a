/**
 * The projects' check-in messages: the champion's check-in with its four buttons (and the same message once
 * answered), the Need help modal and its post, the note when a long pause closes a project, the showcase in
 * the announcements channel, the ask for a link and its modal, and the one-line replies to each button.
 */
import {
  actions,
  type Block,
  type BlockMessage,
  button,
  context,
  escapeText,
  link,
  listOf,
  mention,
  message,
  modalInput,
  type PressedAt,
  plainText,
  pressedAtMetadata,
  section,
  userText,
} from '../outbox/blocks.js';

export const PROJECT_ACTIONS = {
  onTrack: 'project:on-track',
  help: 'project:help',
  pause: 'project:pause',
  done: 'project:done',
  addLink: 'project:add-link',
} as const;
/** The check-in's answers that change the project at once (Need help goes through its modal). */
export type CheckInAnswer = 'on-track' | 'pause' | 'done';

export const HELP_CALLBACK_ID = 'project_help';
export const LINK_CALLBACK_ID = 'project_link';
/** How much of a Need help answer, or of a summary in the showcase, is shown. */
export const HELP_MAX = 1500;
export const SUMMARY_SHOWN = 280;

const titleOf = (title: string | undefined) => userText(title ?? '', 200) || 'your project';
/** The same, for a message's notification text (Slack reads mrkdwn there too). */
const plainTitle = (title: string | undefined, otherwise = 'your project') =>
  userText(title ?? '', 200) || otherwise;

/** The champion's check-in: four buttons, each carrying the Project ID. */
export function checkInMessage(a: {
  projectId: string;
  title: string;
  everyDays: number;
  /** Check-ins in a row that nobody answered. */
  missed: number;
}): BlockMessage {
  const title = titleOf(a.title);
  const missed =
    a.missed > 0
      ? ` The last ${a.missed === 1 ? 'check-in was' : `${a.missed} check-ins were`} not answered: one tap is enough.`
      : '';
  return message(`How is ${plainTitle(a.title)} going? On track, Need help, Pause or Done.`, [
    section(`:seedling: How is *${title}* going?${missed}`),
    actions(
      [
        button({ text: 'On track', actionId: PROJECT_ACTIONS.onTrack, value: a.projectId, style: 'primary' }),
        button({ text: 'Need help', actionId: PROJECT_ACTIONS.help, value: a.projectId }),
        button({ text: 'Pause', actionId: PROJECT_ACTIONS.pause, value: a.projectId }),
        button({ text: 'Done', actionId: PROJECT_ACTIONS.done, value: a.projectId }),
      ],
      `project-checkin:${a.projectId}`,
    ),
    context(
      `You are its champion, so Hearth asks you every ${a.everyDays} days. Need help reaches the project’s channel and the leaders; a project paused for 60 days is closed.`,
    ),
  ]);
}

export const ANSWER_WORDS: Record<CheckInAnswer | 'help', string> = {
  'on-track': 'On track',
  help: 'Need help',
  pause: 'Pause',
  done: 'Done',
};

/** The check-in once answered: what they chose, and no buttons. */
export function checkInAnswered(a: { title: string; answer: CheckInAnswer | 'help' }): BlockMessage {
  const title = titleOf(a.title);
  const said = ANSWER_WORDS[a.answer];
  return message(`How is ${plainTitle(a.title)} going? You answered: ${said}.`, [
    section(`:seedling: How is *${title}* going?`),
    context(`:white_check_mark: You answered *${said}*. Thank you!`),
  ]);
}

/** What a button or modal says back, to the champion or to someone who is not. */
export const CHECKIN_REPLIES = {
  'on-track': 'Great, noted as on track. Keep it up!',
  pause:
    'Paused. Press On track on the next check-in when it moves again; after 60 days paused it is closed.',
  done: 'Congratulations! The showcase goes to the announcements channel, and Hearth asks you for a link.',
  notChampion: 'Only the project’s champion can answer its check-in, so nothing changed.',
  gone: 'This project is not in the Projects tab any more, so nothing changed.',
  answered: 'This check-in was already answered, so nothing changed.',
  badLink: 'That does not look like a link (https://…), so nothing changed. Press Add a link to try again.',
  linkAdded: 'Thanks! The link is in the showcase now.',
} as const;

export function notOpenReply(status: string): string {
  return `This project is ${status} now, so nothing changed.`;
}

export function helpPostedReply(channel: string | undefined): string {
  return channel
    ? `Posted in ${channel.startsWith('#') ? escapeText(channel) : `<#${channel}>`} and to the leaders. Help is on its way.`
    : 'Posted to the leaders (the project has no channel). Help is on its way.';
}

/** A modal opened from a button of a message: the Project ID and where the button was ride in its metadata. */
function projectModal(
  a: { callbackId: string; projectId: string; title: string; submit: string; blocks: Block[] } & PressedAt,
): Record<string, unknown> {
  return {
    type: 'modal',
    callback_id: a.callbackId,
    private_metadata: JSON.stringify({ projectId: a.projectId, ...pressedAtMetadata(a) }),
    title: plainText(a.title, 24),
    submit: plainText(a.submit, 24),
    close: plainText('Cancel', 24),
    blocks: a.blocks,
  };
}

/** Need help: what would help? Opened by the door at once, from the check-in. */
export function helpModal(a: { projectId: string } & PressedAt): Record<string, unknown> {
  return projectModal({
    ...a,
    callbackId: HELP_CALLBACK_ID,
    title: 'Ask for help',
    submit: 'Post',
    blocks: [
      section('What would help the project move? People, skills, a decision, a contact…'),
      modalInput('help', 'What would help?', {
        type: 'plain_text_input',
        multiline: true,
        max_length: HELP_MAX,
      }),
      context(
        ':loudspeaker: Posted in the project’s channel and to the leaders, with your name. Hearth keeps it only until it is posted.',
      ),
    ],
  });
}

/** The champion's ask, posted in the project's channel and the leaders channel. */
export function helpPost(a: {
  title: string;
  champion: { name: string; slackId?: string };
  words: string;
}): BlockMessage {
  const title = titleOf(a.title);
  const who = mention(a.champion.slackId, a.champion.name);
  const words = userText(a.words, HELP_MAX).replace(/\n/g, '\n>');
  return message(
    `${userText(a.champion.name, 200) || 'The champion'} asks for help with ${plainTitle(a.title, 'a project')}: ${userText(a.words, 300)}`,
    [
      section(`:sos: ${who} asks for help with *${title}*:\n>${words}`),
      context('Can you help? Reply in the thread or reach out to them.'),
    ],
  );
}

/** To the champion: a project paused this long was closed by Hearth. */
export function closedMessage(a: { title: string; days: number }): BlockMessage {
  const title = titleOf(a.title);
  return message(
    `${plainTitle(a.title, 'Your project')} was paused for ${a.days} days, so Hearth marked it Done.`,
    [
      section(`:file_cabinet: *${title}* was paused for ${a.days} days, so Hearth marked it *Done*.`),
      context('Still going? Ask an organizer to set its Status back to Active in the Projects tab.'),
    ],
  );
}

/** The showcase in the announcements channel: what was made, by whom, with whom, and the link once given. */
export function showcasePost(a: {
  title: string;
  summary: string;
  champion?: { name: string; slackId?: string };
  team: readonly { name: string; slackId?: string }[];
  partner?: string;
  link?: string;
}): BlockMessage {
  const title = titleOf(a.title);
  const summary = userText(a.summary.split(/\n/)[0] ?? '', SUMMARY_SHOWN);
  const people = [
    ...(a.champion ? [a.champion] : []),
    ...a.team.filter((t) => t.slackId !== a.champion?.slackId || !t.slackId),
  ];
  const names = [...new Map(people.map((p) => [p.slackId || p.name, mention(p.slackId, p.name)])).values()];
  const lines = [
    ...(summary ? [summary] : []),
    ...(names.length > 0 ? [`*Team:* ${listOf(names)}`] : []),
    ...(a.partner?.trim() ? [`*With:* ${userText(a.partner, 200)}`] : []),
    ...(a.link?.trim() ? [`:link: ${link(a.link, 'See what they made', userText(a.link, 300))}`] : []),
  ];
  return message(`Project done: ${plainTitle(a.title, 'a project')}. Congratulations to the team!`, [
    section(`:tada: *Project done: ${title}*${lines.length > 0 ? `\n${lines.join('\n')}` : ''}`),
    context('Congratulations to the team! Say well done in the thread :raised_hands:'),
  ]);
}

/** To the champion once Done: a link to what they made, for the showcase. */
export function linkAskMessage(a: { projectId: string; title: string }): BlockMessage {
  const title = titleOf(a.title);
  return message(`Congratulations on finishing ${plainTitle(a.title)}! Add a link to what you made?`, [
    section(
      `:tada: Congratulations on finishing *${title}*! Is there a link to what you made (a repo, a site, photos)? It goes in the showcase.`,
    ),
    actions(
      [button({ text: 'Add a link', actionId: PROJECT_ACTIONS.addLink, value: a.projectId })],
      `project-link:${a.projectId}`,
    ),
  ]);
}

export function linkModal(a: { projectId: string } & PressedAt): Record<string, unknown> {
  return projectModal({
    ...a,
    callbackId: LINK_CALLBACK_ID,
    title: 'Add a link',
    submit: 'Add',
    blocks: [
      modalInput('link', 'Link to what you made', {
        type: 'url_text_input',
        placeholder: plainText('https://…', 150),
      }),
      context('It is shown in the showcase and kept in the Projects tab.'),
    ],
  });
}
