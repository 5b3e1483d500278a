import { APPROVE_ACTION, DECLINE_ACTION } from './approvals/messages.js';
import { INTRO_ACTIONS, type IntroAction } from './connections/messages.js';
import { RSVP_NO_ACTION, RSVP_YES_ACTION } from './events/messages.js';
import { FEEDBACK_ACTIONS, FEEDBACK_CALLBACK_ID, RATING_OF } from './feedback/messages.js';
import type { Work } from './inputs.js';
import {
  LEADER_ACTIONS,
  LEADER_BLOCKS,
  CHECKIN_CALLBACK_ID as LEADER_CHECKIN_CALLBACK_ID,
  leaderCheckInModal,
  SUCCESSOR_CALLBACK_ID,
  successorModal,
} from './leaders/messages.js';
import { INCIDENT_ACTIONS, REASON_CALLBACK_ID, REPORT_CALLBACK_ID } from './moderation/messages.js';
import type { PressedAt } from './outbox/blocks.js';
import { stableDigest } from './plan.js';
import { NOT_INTERESTED_ACTION } from './presence/quiet-messages.js';
import {
  HELP_CALLBACK_ID,
  helpModal,
  LINK_CALLBACK_ID,
  linkModal,
  PROJECT_ACTIONS,
} from './projects/checkin-messages.js';
import { PROJECT_JOIN_ACTION } from './projects/kickoff-messages.js';
import {
  declineModal,
  PROJECT_DECLINE_ACTION,
  PROJECT_DECLINE_CALLBACK_ID,
  PROPOSE_BLOCKS,
  PROPOSE_CALLBACK_ID,
} from './projects/proposal-messages.js';
import { SHIFT_ACTIONS, type ShiftAction } from './volunteers/kinds.js';

/**
 * What Slack sends, as the inputs the writer decides: a button's click by its action_id, a modal's submission
 * by its callback_id. The Slack door builds them (and so does the reader of work handed over by an older
 * version, see legacy-inputs.ts); each kind is a record over every ID, so a new button or modal does not
 * compile until something here says what it is.
 */

/** Every button Hearth puts in a message, by its action_id. */
export type ActionId =
  | typeof APPROVE_ACTION
  | typeof DECLINE_ACTION
  | typeof RSVP_YES_ACTION
  | typeof RSVP_NO_ACTION
  | (typeof INCIDENT_ACTIONS)[keyof typeof INCIDENT_ACTIONS]
  | (typeof INTRO_ACTIONS)[IntroAction]
  | (typeof FEEDBACK_ACTIONS)[keyof typeof FEEDBACK_ACTIONS]
  | typeof NOT_INTERESTED_ACTION
  | (typeof PROJECT_ACTIONS)[keyof typeof PROJECT_ACTIONS]
  | typeof PROJECT_JOIN_ACTION
  | typeof PROJECT_DECLINE_ACTION
  | (typeof SHIFT_ACTIONS)[ShiftAction]
  | (typeof LEADER_ACTIONS)[keyof typeof LEADER_ACTIONS];

/** A button click as the Slack door reads it from `block_actions`. */
export interface ButtonClick {
  identity: string;
  receivedAt: string;
  actionId: string;
  value: string;
  user: string;
  channel: string;
  messageTs?: string | undefined;
  actionTs?: string | undefined;
  /** Pressed on the clicker's App Home. */
  home?: boolean;
}

/** A button that asks for a reason first: the door opens the reason modal; its submission is the input. */
export type NeedsReason = { asksReason: 'resolve' | 'dismiss' };
/** "Tell the organizers…": the door opens the feedback modal about `asksFeedback` (an RSVP or Member ID). */
export type NeedsFeedback = { asksFeedback: string };
/** A button whose modal the door opens at once (Need help, Add a link); its submission is the input. */
export type OpensModal = { opensModal: Record<string, unknown> };

/** What a click is: an input, or a modal the door opens first. */
export type ClickOutcome = Work | NeedsReason | NeedsFeedback | OpensModal;

const pressedOn = (c: ButtonClick) => ({
  identity: c.identity,
  receivedAt: c.receivedAt,
  user: c.user,
  channel: c.channel,
  ...(c.messageTs ? { messageTs: c.messageTs } : {}),
  ...(c.home ? { home: true as const } : {}),
});

/** What each button is: a record of every action_id, so a new button does not compile until it is here. */
const BUTTONS: Record<ActionId, (c: ButtonClick) => ClickOutcome> = {
  [APPROVE_ACTION]: (c) => ({
    kind: 'approval_click',
    ...pressedOn(c),
    decision: 'approve',
    approvalId: c.value,
  }),
  [DECLINE_ACTION]: (c) => ({
    kind: 'approval_click',
    ...pressedOn(c),
    decision: 'decline',
    approvalId: c.value,
  }),
  [RSVP_YES_ACTION]: (c) => rsvp(c, 'Yes'),
  [RSVP_NO_ACTION]: (c) => rsvp(c, 'No'),
  [INCIDENT_ACTIONS.acknowledge]: (c) => incident(c, 'acknowledge'),
  [INCIDENT_ACTIONS.warn]: (c) => incident(c, 'warn'),
  [INCIDENT_ACTIONS.remove]: (c) => incident(c, 'remove'),
  [INCIDENT_ACTIONS.suspend]: (c) => incident(c, 'suspend'),
  [INCIDENT_ACTIONS.ban]: (c) => incident(c, 'ban'),
  [INCIDENT_ACTIONS.resolve]: () => ({ asksReason: 'resolve' }),
  [INCIDENT_ACTIONS.dismiss]: () => ({ asksReason: 'dismiss' }),
  [INTRO_ACTIONS.met]: (c) => intro(c, 'met'),
  [INTRO_ACTIONS.notYet]: (c) => intro(c, 'notYet'),
  [INTRO_ACTIONS.skip]: (c) => intro(c, 'skip'),
  [INTRO_ACTIONS.pause]: (c) => intro(c, 'pause'),
  [INTRO_ACTIONS.stop]: (c) => intro(c, 'stop'),
  [INTRO_ACTIONS.resume]: (c) => intro(c, 'resume'),
  [FEEDBACK_ACTIONS.loved]: (c) => feedback(c, 'loved'),
  [FEEDBACK_ACTIONS.ok]: (c) => feedback(c, 'ok'),
  [FEEDBACK_ACTIONS.notForMe]: (c) => feedback(c, 'notForMe'),
  [FEEDBACK_ACTIONS.tell]: (c) => ({ asksFeedback: c.value }),
  [NOT_INTERESTED_ACTION]: (c) => ({ kind: 'quiet_click', ...pressedOn(c), memberId: c.value }),
  [PROJECT_ACTIONS.onTrack]: (c) => checkIn(c, 'on-track'),
  [PROJECT_ACTIONS.pause]: (c) => checkIn(c, 'pause'),
  [PROJECT_ACTIONS.done]: (c) => checkIn(c, 'done'),
  [PROJECT_ACTIONS.help]: (c) => ({ opensModal: helpModal(modalFrom(c)) }),
  [PROJECT_ACTIONS.addLink]: (c) => ({ opensModal: linkModal(modalFrom(c)) }),
  [PROJECT_JOIN_ACTION]: (c) => ({ kind: 'project_join', ...pressedOn(c), value: c.value }),
  [PROJECT_DECLINE_ACTION]: (c) => ({
    opensModal: declineModal({ approvalId: c.value, ...pressedAt(c) }),
  }),
  // Volunteers' shifts (README "Volunteers").
  [SHIFT_ACTIONS.help]: (c) => shift(c, 'help'),
  [SHIFT_ACTIONS.cant]: (c) => shift(c, 'cant'),
  [SHIFT_ACTIONS.swap]: (c) => shift(c, 'swap'),
  [SHIFT_ACTIONS.take]: (c) => shift(c, 'take'),
  // The leader team: Stay decides at once; Hand over and Check in open their modals.
  [LEADER_ACTIONS.stay]: (c) => ({ kind: 'leader_stay', ...pressedOn(c), leader: c.value }),
  [LEADER_ACTIONS.handOver]: (c) => ({ opensModal: successorModal(leaderModalFrom(c)) }),
  [LEADER_ACTIONS.checkIn]: (c) => ({ opensModal: leaderCheckInModal(leaderModalFrom(c)) }),
};

function shift(c: ButtonClick, action: ShiftAction): Work {
  return { kind: 'shift_click', ...pressedOn(c), action, value: c.value };
}

/** A leader's modal remembers whose DM it was and the message its button was on. */
const leaderModalFrom = (c: ButtonClick) => ({ leader: c.value, ...pressedAt(c) });

function checkIn(c: ButtonClick, answer: 'on-track' | 'pause' | 'done'): Work {
  return { kind: 'project_checkin_click', ...pressedOn(c), answer, projectId: c.value };
}

/** A project's modal remembers the Project ID and the message its button was on. */
const modalFrom = (c: ButtonClick) => ({ projectId: c.value, ...pressedAt(c) });

/** Where a button was, for the modal it opens (see pressedAtMetadata). */
const pressedAt = (c: ButtonClick): PressedAt => ({
  channel: c.channel,
  messageTs: c.messageTs,
  home: c.home,
});

/** Every button Hearth puts in a message. */
export const ACTION_IDS = Object.keys(BUTTONS) as ActionId[];

function intro(c: ButtonClick, action: IntroAction): Work {
  return { kind: 'intro_click', ...pressedOn(c), action, value: c.value };
}

function rsvp(c: ButtonClick, response: 'Yes' | 'No'): Work {
  return {
    kind: 'rsvp_click',
    ...pressedOn(c),
    response,
    eventId: c.value,
    ...(c.actionTs ? { actionTs: c.actionTs } : {}),
  };
}

function incident(c: ButtonClick, action: 'acknowledge' | 'warn' | 'remove' | 'suspend' | 'ban'): Work {
  return { kind: 'incident_click', ...pressedOn(c), action, incidentId: c.value };
}

/**
 * A rating. Its identity is a digest of the click's, which names the button and who pressed it: a rating of
 * joining is anonymous, and the identity reaches places (a log line, a held notice) the rating must not.
 */
function feedback(c: ButtonClick, rating: keyof typeof RATING_OF): Work {
  return {
    kind: 'feedback_click',
    ...pressedOn(c),
    identity: `slack:feedback:${stableDigest(c.identity)}`,
    rating: RATING_OF[rating],
    about: c.value,
  };
}

/** The input a click is (or the modal it opens first); a button Hearth does not know is put on record. */
export function clickInput(click: ButtonClick): ClickOutcome {
  const known = Object.hasOwn(BUTTONS, click.actionId) ? BUTTONS[click.actionId as ActionId] : undefined;
  if (known) return known(click);
  return {
    kind: 'unknown_click',
    identity: click.identity,
    receivedAt: click.receivedAt,
    user: click.user,
    actionId: click.actionId,
    value: click.value,
  };
}

/** The modals Hearth opens, by callback_id. */
export type CallbackId =
  | typeof REPORT_CALLBACK_ID
  | typeof REASON_CALLBACK_ID
  | typeof FEEDBACK_CALLBACK_ID
  | typeof HELP_CALLBACK_ID
  | typeof LINK_CALLBACK_ID
  | typeof PROPOSE_CALLBACK_ID
  | typeof PROJECT_DECLINE_CALLBACK_ID
  | typeof SUCCESSOR_CALLBACK_ID
  | typeof LEADER_CHECKIN_CALLBACK_ID;

/** A submitted modal as the Slack door reads it: its fields' values, and the metadata Hearth gave it. */
export interface Submission {
  identity: string;
  receivedAt: string;
  /** Who submitted it. */
  user: string;
  /** Each input block's value (its selected option's, or its ticked boxes' comma-separated), by block_id. */
  values: Readonly<Record<string, string>>;
  /** The modal's private_metadata, which Hearth wrote when it opened it: its text fields. */
  metadata: Readonly<Record<string, string>>;
}

/** Who submitted a modal opened from a button, and where the button was (the modal's metadata says). */
const submittedFrom = (s: Submission) => ({
  identity: s.identity,
  receivedAt: s.receivedAt,
  user: s.user,
  channel: s.metadata.channel ?? '',
  ...(s.metadata.messageTs ? { messageTs: s.metadata.messageTs } : {}),
  ...(s.metadata.home === 'yes' ? { home: true as const } : {}),
});

const SUBMISSIONS: Record<CallbackId, (s: Submission) => Work> = {
  // The reporter is who submitted it; the message it is about travelled in the modal's metadata.
  [REPORT_CALLBACK_ID]: (s) => ({
    kind: 'report_view',
    identity: s.identity,
    receivedAt: s.receivedAt,
    user: s.user,
    rule: s.values.rule ?? '',
    urgency: s.values.urgency ?? '',
    details: s.values.details ?? '',
    message: {
      channel: s.metadata.channel ?? '',
      ts: s.metadata.ts ?? '',
      author: s.metadata.author ?? '',
      excerpt: s.metadata.excerpt ?? '',
      link: s.metadata.link ?? '',
    },
  }),
  // Resolve or Dismiss with the leader's reason, on the incident (and message) the modal was opened from.
  [REASON_CALLBACK_ID]: (s) => ({
    kind: 'incident_reason',
    ...submittedFrom(s),
    action: s.metadata.action === 'resolve' ? 'resolve' : 'dismiss',
    incidentId: s.metadata.incidentId ?? '',
    reason: s.values.reason ?? '',
  }),
  // What the person wrote, about what the button carried; who they are goes in Contact only when ticked.
  [FEEDBACK_CALLBACK_ID]: (s) => ({
    kind: 'feedback_view',
    ...submittedFrom(s),
    about: s.metadata.about ?? '',
    feedback: s.values.feedback ?? '',
    contact: (s.values.contact ?? '') !== '',
  }),
  [HELP_CALLBACK_ID]: (s) => ({
    kind: 'project_help_view',
    ...submittedFrom(s),
    projectId: s.metadata.projectId ?? '',
    help: s.values.help ?? '',
  }),
  [LINK_CALLBACK_ID]: (s) => ({
    kind: 'project_link_view',
    ...submittedFrom(s),
    projectId: s.metadata.projectId ?? '',
    link: s.values.link ?? '',
  }),
  // The proposer is who submitted it; the champion is whom they picked (themselves to begin with).
  [PROPOSE_CALLBACK_ID]: (s) => ({
    kind: 'project_view',
    identity: s.identity,
    receivedAt: s.receivedAt,
    user: s.user,
    title: (s.values[PROPOSE_BLOCKS.title] ?? '').trim(),
    whatAndWhy: (s.values[PROPOSE_BLOCKS.whatAndWhy] ?? '').trim(),
    forWhom: (s.values[PROPOSE_BLOCKS.forWhom] ?? '').trim(),
    partner: (s.values[PROPOSE_BLOCKS.partner] ?? '').trim(),
    champion: s.values[PROPOSE_BLOCKS.champion] ?? '',
    rolesNeeded: (s.values[PROPOSE_BLOCKS.rolesNeeded] ?? '').trim(),
    timeNeeded: (s.values[PROPOSE_BLOCKS.timeNeeded] ?? '').trim(),
  }),
  // The decline, with the leader's reason, on the request (and message) the modal was opened from: the
  // approval engine decides it like any click (who may decide, once decided decided).
  [PROJECT_DECLINE_CALLBACK_ID]: (s) => ({
    kind: 'approval_click',
    ...submittedFrom(s),
    decision: 'decline',
    approvalId: s.metadata.approvalId ?? '',
    reason: s.values.reason ?? '',
  }),
  [SUCCESSOR_CALLBACK_ID]: (s) => ({
    kind: 'leader_successor_view',
    ...submittedFrom(s),
    leader: s.metadata.leader ?? '',
    successor: s.values[LEADER_BLOCKS.successor] ?? '',
    notes: s.values[LEADER_BLOCKS.notes] ?? '',
  }),
  [LEADER_CHECKIN_CALLBACK_ID]: (s) => ({
    kind: 'leader_checkin_view',
    ...submittedFrom(s),
    leader: s.metadata.leader ?? '',
    energy: s.values[LEADER_BLOCKS.energy] ?? '',
    how: s.values[LEADER_BLOCKS.how] ?? '',
    needs: s.values[LEADER_BLOCKS.needs] ?? '',
  }),
};

export const CALLBACK_IDS = Object.keys(SUBMISSIONS) as CallbackId[];

/** The input a submitted modal is. */
export function submissionInput(callbackId: CallbackId, submission: Submission): Work {
  return SUBMISSIONS[callbackId](submission);
}
