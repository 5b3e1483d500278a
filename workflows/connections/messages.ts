/**
 * The intro rounds' messages: the group DM that introduces a few members to each other, the check-in halfway
 * to the next round, the DM that says intros were paused, and the one-line replies to each button. Warm and
 * short; leaving is always one click and never needs explaining.
 */
import type { DateTime } from 'luxon';
import {
  actions,
  type Block,
  type BlockMessage,
  button,
  context,
  listOf,
  mention,
  message,
  section,
  userText,
} from '../outbox/blocks.js';
import { stableDigest } from '../plan.js';

export const INTRO_ACTIONS = {
  met: 'intro:met',
  notYet: 'intro:not-yet',
  skip: 'intro:skip',
  pause: 'intro:pause',
  stop: 'intro:stop',
  resume: 'intro:resume',
} as const;
export type IntroAction = keyof typeof INTRO_ACTIONS;

/** How long Pause intros pauses a member for. */
export const PAUSE_WEEKS = 4;

/** Questions to start with; one is picked per intro, from its ID, so a group gets the same one every time. */
export const CONVERSATION_STARTERS = [
  'What got you into the things this group is about?',
  'What is something you learned recently that surprised you?',
  'What would you love to get better at this year?',
  'What is the best event or meetup you have ever been to, and why?',
  'Which project are you working on (or dreaming about) right now?',
  'What is a book, talk or podcast you keep recommending?',
  'What does a good weekend look like for you?',
  'What is one thing you could help someone else with?',
  'Where did you grow up, and what do you miss about it?',
  'What is a small thing that made you happy this week?',
] as const;

export function starterFor(introId: string): string {
  const index = Number.parseInt(stableDigest(introId).slice(-6), 36) % CONVERSATION_STARTERS.length;
  return CONVERSATION_STARTERS[index] as string;
}

/** Someone in an intro: their Slack ID (mentioned) and name (for the notification text). */
export interface IntroPerson {
  slackId: string;
  name: string;
}

/** Pause and Stop, on every intro message: each one click, answered with a reply only the clicker sees. */
export function leaveButtons(introId: string): Block[] {
  return [
    button({ text: `Pause intros ${PAUSE_WEEKS} weeks`, actionId: INTRO_ACTIONS.pause, value: introId }),
    button({ text: 'Stop intros', actionId: INTRO_ACTIONS.stop, value: introId }),
  ];
}

/** The group DM of a round: who meets, what they share, a question to start, and how to leave. */
export function introMessage(a: {
  introId: string;
  people: readonly IntroPerson[];
  sharedInterests: readonly string[];
  groupName: string;
  /** Days until the next round: how long they have to meet. */
  everyDays: number;
}): BlockMessage {
  const group = userText(a.groupName, 200) || 'the group';
  const names = listOf(a.people.map((p) => userText(p.name, 100) || 'a member'));
  const mentions = listOf(a.people.map((p) => mention(p.slackId, p.name)));
  const shared = a.sharedInterests.map((i) => `*${userText(i, 100)}*`);
  const starter = starterFor(a.introId);
  const weeks = Math.round(a.everyDays / 7);
  const when = weeks <= 1 ? 'this week' : `in the next ${weeks} weeks`;
  const blocks: Block[] = [
    section(`:wave: ${mentions}: meet each other! You’re this round’s intro in ${group}.`),
    ...(shared.length > 0
      ? [section(`You ${a.people.length === 2 ? 'both' : 'all'} like ${listOf(shared)}.`)]
      : []),
    section(`*A question to start:* ${starter}`),
    section(`Find a time for a coffee, a walk or a call ${when}.`),
    actions(leaveButtons(a.introId), `intro:${a.introId}`),
    context(`Intro ${a.introId} · pausing or stopping changes only yours, and nobody is told`),
  ];
  return message(`Meet each other: ${names}. You’re this round’s intro in ${group}.`, blocks);
}

/** Halfway to the next round: did they meet? */
export function checkInMessage(a: { introId: string }): BlockMessage {
  return message('Did you manage to meet? Let us know how it went.', [
    section(':seedling: *Did you manage to meet?* One click tells us how intros are going.'),
    actions(
      [
        button({ text: 'We met', actionId: INTRO_ACTIONS.met, value: a.introId, style: 'primary' }),
        button({ text: 'Not yet', actionId: INTRO_ACTIONS.notYet, value: a.introId }),
        button({ text: 'Skip this one', actionId: INTRO_ACTIONS.skip, value: a.introId }),
      ],
      `intro-checkin:${a.introId}`,
    ),
    actions(leaveButtons(a.introId), `intro-leave:${a.introId}`),
  ]);
}

/** To a member paused after three check-ins in a row went unanswered. */
export function pausedMessage(a: { memberId: string; groupName: string }): BlockMessage {
  const group = userText(a.groupName, 200) || 'the group';
  return message(
    `We’ve paused your intros in ${group}, since the last three went unanswered. Resume them whenever you like.`,
    [
      section(
        `:pause_button: We’ve paused your intros in ${group}, since the last three went unanswered. No hard feelings! Whenever you’d like to meet people again, press Resume.`,
      ),
      actions(
        [
          button({
            text: 'Resume intros',
            actionId: INTRO_ACTIONS.resume,
            value: a.memberId,
            style: 'primary',
          }),
        ],
        `intro-resume:${a.memberId}`,
      ),
    ],
  );
}

/** The reply only the clicker sees, for each button. */
export function introReply(action: IntroAction, a: { pausedUntil?: DateTime; timeZone: string }): string {
  switch (action) {
    case 'met':
      return 'Wonderful, thanks for letting us know!';
    case 'notYet':
      return 'Thanks! There is still time before the next round.';
    case 'skip':
      return 'No problem: this one is skipped. You’ll be in the next round.';
    case 'pause':
      return `Intros paused until ${a.pausedUntil?.setZone(a.timeZone).toFormat('ccc d LLL') ?? 'further notice'}: you’ll be in the first round after that.`;
    case 'stop':
      return 'Intros stopped: you won’t be put in a group again. If you change your mind, tell an organizer.';
    case 'resume':
      return 'Intros resumed: you’ll be in the next round.';
  }
}

/** A click Hearth cannot take, in words for the clicker. */
export const INTRO_REFUSALS = {
  notMember: 'Only members of the group can use these buttons: ask an organizer to add you.',
  gone: 'This intro is no longer in the sheet, so there is nothing to answer.',
  notInIntro: 'Only the people in this intro can answer it.',
  notYours: 'This button is for someone else.',
} as const;
