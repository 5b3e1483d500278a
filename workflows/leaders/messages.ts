/**
 * The leader team's messages (README "The leader team"): the kind nudge and the organizers' note, the term DM
 * with Stay another term and Hand over, the successor modal, the walk-through, the call for volunteers, the
 * monthly check-in and its modal, the leaders' intro, and the digest's part. A check-in's words are never in
 * any of them.
 */
import type { DateTime } from 'luxon';
import type { LeaderRole } from '../../sheets-schema/tabs/leaders.js';
import {
  actions,
  type Block,
  type BlockMessage,
  button,
  context,
  count,
  formatDateTime,
  listOf,
  mention,
  message,
  plainText,
  section,
  userText,
} from '../outbox/blocks.js';
import type { LeaderDigest } from './digest.js';

export const LEADER_ACTIONS = {
  stay: 'leader:stay',
  handOver: 'leader:hand-over',
  checkIn: 'leader:check-in',
} as const;

export const SUCCESSOR_CALLBACK_ID = 'leader_successor';
export const CHECKIN_CALLBACK_ID = 'leader_checkin';
/** The modals' block IDs, which the Slack door reads the answers by. */
export const LEADER_BLOCKS = {
  successor: 'successor',
  notes: 'notes',
  how: 'how',
  needs: 'needs',
  energy: 'energy',
} as const;
export const CHECKIN_TEXT_MAX = 1500;

/** What each role does, for the walk-through and the call for volunteers. */
export const ROLE_WORDS: Record<LeaderRole, string> = {
  Organizer:
    'Organizers keep the group running: they decide approvals, plan the year with the others, and are told when something needs a leader.',
  Moderator:
    'Moderators look after the ground rules: reports come to the leaders channel, and you acknowledge, resolve or dismiss them with the buttons.',
  Greeter:
    'Greeters welcome newcomers: Hearth DMs you when someone joins and you are their greeter; say hello and show them around.',
  Host: 'Hosts run events: put your name in an event’s Host cell and Hearth counts it; the digest suggests you for events without a host.',
};

/** `Sun 20 Jun 2027`: a term's day, months or a year ahead, so with its year. */
const day = (when: DateTime, zone: string) =>
  `${formatDateTime(when, zone).split(',')[0]} ${when.setZone(zone).year}`;

/** To a leader who has done nothing for 60 days: kind, and no pressure. */
export function quietLeaderMessage(a: { name: string; groupName: string }): BlockMessage {
  const group = userText(a.groupName, 200) || 'the group';
  const name = userText(a.name, 100);
  return message(`Hi ${name || 'there'}, just checking in: how are you doing?`, [
    section(
      `:seedling: Hi ${name || 'there'}, Hearth has not seen you host, greet, moderate or approve anything in ${group} for two months. That is completely fine: life happens.`,
    ),
    context(
      'If you would like a lighter role, a break, or someone to share it with, tell one of the organizers. Nobody else gets this message.',
    ),
  ]);
}

/** To an organizer: a leader has done nothing for 90 days. */
export function inactiveLeaderMessage(a: {
  leader: { name: string; slackId: string };
  days: number;
}): BlockMessage {
  const who = mention(a.leader.slackId, a.leader.name);
  return message(
    `${userText(a.leader.name, 100) || 'A leader'} has done nothing Hearth counts for ${a.days} days.`,
    [
      section(
        `:hourglass_flowing_sand: ${who} has not hosted, greeted, moderated, approved or championed anything for ${a.days} days.`,
      ),
      context('A friendly word may help: a break, a co-lead or a hand-over. Their Leaders row is unchanged.'),
    ],
  );
}

/** To a leader 30 days before their term ends: Stay another term or Hand over. */
export function termMessage(a: {
  slackId: string;
  role: LeaderRole;
  termEnds: DateTime;
  months: number;
  timeZone: string;
}): BlockMessage {
  const when = day(a.termEnds, a.timeZone);
  return message(`Your term as ${a.role} ends on ${when}. Stay another term, or hand over?`, [
    section(
      `:hourglass: Your term as *${a.role}* ends on *${when}*. Thank you for all you have done! Would you like to stay another term (${count(a.months, 'month')}), or hand over to someone?`,
    ),
    actions(
      [
        button({
          text: 'Stay another term',
          actionId: LEADER_ACTIONS.stay,
          value: a.slackId,
          style: 'primary',
        }),
        button({ text: 'Hand over', actionId: LEADER_ACTIONS.handOver, value: a.slackId }),
      ],
      `leader-term:${a.slackId}`,
    ),
    context(
      'Hand over asks you to name a successor; the leaders approve. Without an answer in 14 days, Hearth asks the group for volunteers.',
    ),
  ]);
}

/** What a button or modal of the leader team says back. */
export const LEADER_REPLIES = {
  notYours: 'This is for another leader, so nothing changed.',
  notLeader: 'You are not an Active leader in the Leaders tab, so nothing changed.',
  noTerm: 'Your row in Leaders has no Term ends, so there is no term to extend.',
  handOverSent: 'Thank you! The leaders have your successor to approve; you will hear when they do.',
  handOverPending: 'A hand-over is already waiting for the leaders to approve, so nothing changed.',
  notSelf: 'Name someone else as your successor, so nothing changed. Press Hand over to try again.',
  noSuccessor: 'Pick a successor from the list, so nothing changed. Press Hand over to try again.',
  checkedIn: 'Thank you for checking in! Only the organizers see your answers, in the sheet.',
  alreadyCheckedIn: 'You already checked in this month: thank you! Nothing more was recorded.',
  badEnergy: 'Pick an energy from 1 to 5, so nothing was recorded. Press Check in to try again.',
} as const;

export function stayedReply(termEnds: DateTime, zone: string): string {
  return `Thank you for staying! Your term now ends on ${day(termEnds, zone)}.`;
}

/** A modal opened from a button of a DM: whose it is and where the button was ride in its metadata. */
function leaderModal(a: {
  callbackId: string;
  leader: string;
  channel: string;
  messageTs?: string;
  title: string;
  submit: string;
  blocks: Block[];
}): Record<string, unknown> {
  return {
    type: 'modal',
    callback_id: a.callbackId,
    private_metadata: JSON.stringify({
      leader: a.leader,
      channel: a.channel,
      ...(a.messageTs ? { messageTs: a.messageTs } : {}),
    }),
    title: plainText(a.title, 24),
    submit: plainText(a.submit, 24),
    close: plainText('Cancel', 24),
    blocks: a.blocks,
  };
}

const input = (blockId: string, label: string, element: Block, optional = false): Block => ({
  type: 'input',
  block_id: blockId,
  label: plainText(label, 2000),
  ...(optional ? { optional: true } : {}),
  element: { ...element, action_id: 'value' },
});

/** Hand over: who takes the role on, and notes for the leaders. Opened at once by the door. */
export function successorModal(a: {
  leader: string;
  channel: string;
  messageTs?: string;
}): Record<string, unknown> {
  return leaderModal({
    ...a,
    callbackId: SUCCESSOR_CALLBACK_ID,
    title: 'Hand over',
    submit: 'Ask the leaders',
    blocks: [
      section(
        'Who would you like to take your role on? The leaders approve, then Hearth walks them through it.',
      ),
      input(LEADER_BLOCKS.successor, 'Successor', { type: 'users_select' }),
      input(
        LEADER_BLOCKS.notes,
        'Notes for the leaders',
        { type: 'plain_text_input', multiline: true, max_length: 500 },
        true,
      ),
    ],
  });
}

/** The walk-through, to a successor once approved: their role, their co-lead, the sheet's tabs. */
export function welcomeLeaderMessage(a: {
  role: LeaderRole;
  groupName: string;
  from: { name: string; slackId: string };
  coLead?: { name: string; slackId?: string };
  termEnds?: DateTime;
  timeZone: string;
}): BlockMessage {
  const group = userText(a.groupName, 200) || 'the group';
  return message(`Welcome to the leader team of ${group}: you are now a ${a.role}.`, [
    section(
      `:sparkles: Welcome to the leader team of ${group}! You take over as *${a.role}* from ${mention(a.from.slackId, a.from.name)}.`,
    ),
    section(`*Your role.* ${ROLE_WORDS[a.role]}`),
    section(
      a.coLead
        ? `*Your co-lead* is ${mention(a.coLead.slackId, a.coLead.name)}: you share the role, so say hello.`
        : '*No co-lead yet*: ask the organizers if you would like someone to share the role with.',
    ),
    section(
      '*The sheet.* Leaders (your row, your term), Members, Events, Incidents and Approvals are the tabs you will use most; Leader load shows what each leader did in 90 days.',
    ),
    ...(a.termEnds
      ? [context(`Your term ends on ${day(a.termEnds, a.timeZone)}; Hearth asks you 30 days before.`)]
      : []),
  ]);
}

/** To the outgoing leader once their successor is approved. */
export function handedOverMessage(a: {
  successor: { name: string; slackId: string };
  role: LeaderRole;
}): BlockMessage {
  return message(`Your hand-over is approved: ${userText(a.successor.name, 100)} takes on ${a.role}.`, [
    section(
      `:handshake: The leaders approved your hand-over: ${mention(a.successor.slackId, a.successor.name)} takes on *${a.role}*. Thank you for everything you did!`,
    ),
    context('You stay a leader until your term ends; Hearth has walked them through the role.'),
  ]);
}

/**
 * To the outgoing leader once the leaders declined their hand-over: nothing changed, and their term DM's
 * buttons still work, so they may name someone else or stay.
 */
export function handOverDeclinedMessage(a: {
  successor: { name: string; slackId: string };
  role: LeaderRole;
}): BlockMessage {
  return message(
    `The leaders declined your hand-over to ${userText(a.successor.name, 100) || 'your successor'}. You may name someone else.`,
    [
      section(
        `:leaves: The leaders declined your hand-over of *${a.role}* to ${mention(a.successor.slackId, a.successor.name)}. Nothing changed: the role is still yours.`,
      ),
      context(
        'The buttons of your term message still work: press Hand over to name someone else, or Stay another term. One of the organizers can tell you more.',
      ),
    ],
  );
}

/** In the announcements channel: a role needs someone. */
export function volunteersMessage(a: {
  role: LeaderRole;
  groupName: string;
  termEnds: DateTime;
  timeZone: string;
}): BlockMessage {
  const group = userText(a.groupName, 200) || 'the group';
  return message(`${group} is looking for a new ${a.role}. Could it be you?`, [
    section(`:raised_hand: *${group} is looking for a new ${a.role}* from ${day(a.termEnds, a.timeZone)}.`),
    section(ROLE_WORDS[a.role]),
    context('Interested, or want to know more? Reply in the thread or message one of the organizers.'),
  ]);
}

/** The monthly check-in DM. */
export function leaderCheckInMessage(a: { slackId: string; month: string }): BlockMessage {
  return message('How are you doing? A one-minute check-in for leaders.', [
    section(
      ':hearts: How are you doing this month? A one-minute check-in: how you are, what you need, your energy.',
    ),
    actions(
      [button({ text: 'Check in', actionId: LEADER_ACTIONS.checkIn, value: a.slackId, style: 'primary' })],
      `leader-checkin:${a.slackId}:${a.month}`,
    ),
    context('Only the organizers see your answers, in the sheet. Nothing is posted in Slack.'),
  ]);
}

/** The check-in modal: how, what you need, energy 1–5. */
export function leaderCheckInModal(a: {
  leader: string;
  channel: string;
  messageTs?: string;
}): Record<string, unknown> {
  const option = (n: number, words: string) => ({ text: plainText(`${n} · ${words}`, 75), value: String(n) });
  return leaderModal({
    ...a,
    callbackId: CHECKIN_CALLBACK_ID,
    title: 'Leader check-in',
    submit: 'Send',
    blocks: [
      input(LEADER_BLOCKS.how, 'How are you doing?', {
        type: 'plain_text_input',
        multiline: true,
        max_length: CHECKIN_TEXT_MAX,
      }),
      input(
        LEADER_BLOCKS.needs,
        'What do you need?',
        { type: 'plain_text_input', multiline: true, max_length: CHECKIN_TEXT_MAX },
        true,
      ),
      input(LEADER_BLOCKS.energy, 'Your energy', {
        type: 'static_select',
        options: [
          option(1, 'running on empty'),
          option(2, 'low'),
          option(3, 'okay'),
          option(4, 'good'),
          option(5, 'full of it'),
        ],
      }),
      context('Only the organizers see this, in the Leader check-ins tab.'),
    ],
  });
}

/** Leaders introduced to each other (Settings → Leader intros). */
export function leaderIntroMessage(a: {
  people: readonly { name: string; slackId: string }[];
  groupName: string;
}): BlockMessage {
  const group = userText(a.groupName, 200) || 'the group';
  const mentions = listOf(a.people.map((p) => mention(p.slackId, p.name)));
  return message(`Leaders of ${group}: meet each other this month.`, [
    section(
      `:coffee: ${mentions}: this month’s leaders’ intro in ${group}. Find half an hour for a coffee or a call.`,
    ),
    context(
      'Ask each other what is going well, and what is heavy. Settings → Leader intros switches these off.',
    ),
  ]);
}

/** The digest's leader team part: compact, and only what there is to say. */
export function leaderTeamBlocks(f: LeaderDigest, timeZone: string): Block[] {
  const lines: string[] = [
    `*Leader load* (90 days): ${f.load.map((l) => `${mention(l.slackId, l.name)} ${l.total}`).join(' · ')}`,
    ...f.noCoLead.map((role) => `:warning: ${role} has no co-lead`),
    ...f.hostSuggestions.map(
      (s) =>
        `:bulb: *${userText(s.title, 200) || 'An event'}* (${day(s.starts, timeZone)}) has no host: ${mention(s.host.slackId, s.host.name)} is the least loaded Host`,
    ),
    ...(f.checkIns
      ? [
          `:hearts: ${f.checkIns.checkedIn} of ${count(f.checkIns.leaders, 'leader')} checked in this month${f.checkIns.lowEnergy > 0 ? `; ${f.checkIns.lowEnergy} with low energy (1 or 2): the Leader check-ins tab says more` : ''}`,
        ]
      : []),
  ];
  return [section(`:busts_in_silhouette: *The leader team*\n${lines.join('\n')}`)];
}

/** The same, in the digest's notification text. */
export function leaderTeamText(f: LeaderDigest): string {
  const roles = f.noCoLead.length > 0 ? ` ${listOf(f.noCoLead)} without a co-lead.` : '';
  const checkIns = f.checkIns
    ? ` ${f.checkIns.checkedIn} of ${count(f.checkIns.leaders, 'leader')} checked in this month.`
    : '';
  return `${checkIns}${roles}`.trim();
}
