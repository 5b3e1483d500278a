import { z } from 'zod';
import { FORM_INPUT_SCHEMAS, type FormInput } from '../sheets-schema/forms/index.js';
import { RATINGS } from '../sheets-schema/tabs/rsvps.js';

export type { FormInput };

/**
 * Every input the writer decides, one tagged union, each member with its zod schema. A door builds one (and
 * checks it with `parseInput`), the writer's door checks it again with the same schemas, and `decideInput`
 * decides it in one exhaustive switch: an input kind nothing decides does not compile.
 *
 * Each carries its identity, so that a cause delivered twice (a relay retry, a Slack re-send, a task
 * re-delivered) is recognised and has one effect. Inputs are small and JSON-serialisable (never a token).
 */

const Identity = z.string().min(1).max(500);
/** ISO instant the door received it. */
const ReceivedAt = z.string().min(1);
/** A Slack user, channel or message timestamp as Slack sent it. */
const SlackRef = z.string().min(1).max(100);
const Id = z.string().max(200);
const Text = (max: number) => z.string().max(max);

const slack = { identity: Identity, receivedAt: ReceivedAt };
/**
 * Where a button was pressed: the channel, and the message's ts (absent in a modal or App Home); `home`: on the
 * clicker's App Home, which is published again once the click is applied.
 */
const pressedOn = {
  user: SlackRef,
  channel: z.string().max(100),
  messageTs: SlackRef.optional(),
  home: z.literal(true).optional(),
};

/** The message a report is about, as the shortcut saw it (the modal carries it back in its metadata). */
export const ReportedMessage = z.object({
  channel: Text(100),
  ts: Text(100),
  author: Text(100),
  excerpt: Text(3000),
  link: Text(500),
});

export const INPUT_SCHEMAS = {
  /** A join, RSVP or report form's submission (relayed, or swept from its responses tab), or one unusable. */
  ...FORM_INPUT_SCHEMAS,
  /** `team_join`: someone joined the workspace. */
  team_join: z.object({
    kind: z.literal('team_join'),
    ...slack,
    user: SlackRef,
    email: z.string().optional(),
    name: z.string().optional(),
  }),
  /** `user_change` with the account deactivated. */
  user_deactivated: z.object({
    kind: z.literal('user_deactivated'),
    ...slack,
    user: SlackRef,
    email: z.string().optional(),
  }),
  /** Going / Can't go under an announcement. `email`: the profile's, added by the writer when it must be. */
  rsvp_click: z.object({
    kind: z.literal('rsvp_click'),
    ...slack,
    ...pressedOn,
    response: z.enum(['Yes', 'No']),
    eventId: Id,
    /** The click's own time (Slack's `action_ts`): it orders the answer against others. */
    actionTs: z.string().optional(),
    email: z.string().optional(),
  }),
  /** Approve / Decline on an approval request. */
  approval_click: z.object({
    kind: z.literal('approval_click'),
    ...slack,
    ...pressedOn,
    decision: z.enum(['approve', 'decline']),
    approvalId: Id,
    /** A Decline's reason, from the reason modal behind a project request's Decline. */
    reason: Text(1000).optional(),
  }),
  /** A leader's step on an incident that needs no reason. */
  incident_click: z.object({
    kind: z.literal('incident_click'),
    ...slack,
    ...pressedOn,
    action: z.enum(['acknowledge', 'warn', 'remove', 'suspend', 'ban']),
    incidentId: Id,
  }),
  /** The reason modal behind Resolve and Dismiss, submitted. */
  incident_reason: z.object({
    kind: z.literal('incident_reason'),
    ...slack,
    ...pressedOn,
    action: z.enum(['resolve', 'dismiss']),
    incidentId: Id,
    reason: Text(3000),
  }),
  /** The `Report to moderators` modal, submitted: `user` is the reporter (kept in Incidents only). */
  report_view: z.object({
    kind: z.literal('report_view'),
    ...slack,
    user: SlackRef,
    rule: Text(500),
    urgency: Text(50),
    details: Text(3000),
    message: ReportedMessage,
  }),
  /** The shortcut that opened the report modal: the writer redraws it with the group's ground rules. */
  report_shortcut: z.object({
    kind: z.literal('report_shortcut'),
    ...slack,
    viewId: SlackRef,
    message: ReportedMessage,
  }),
  /**
   * A button of an intro: the check-in's We met / Not yet / Skip this one (value: the Intro ID), Pause and Stop
   * (value: the Intro ID they were pressed on), Resume (value: the Member ID the DM was for).
   */
  intro_click: z.object({
    kind: z.literal('intro_click'),
    ...slack,
    ...pressedOn,
    action: z.enum(['met', 'notYet', 'skip', 'pause', 'stop', 'resume']),
    value: Id,
  }),
  /** Loved it, It was OK or Not for me: `about` is the RSVP ID (after an event) or Member ID (after joining). */
  feedback_click: z.object({
    kind: z.literal('feedback_click'),
    ...slack,
    ...pressedOn,
    rating: z.enum(RATINGS),
    about: Id,
  }),
  /** The "Tell the organizers…" modal, submitted: `user` is kept (in Contact) only when `contact` is ticked. */
  feedback_view: z.object({
    kind: z.literal('feedback_view'),
    ...slack,
    ...pressedOn,
    about: Id,
    feedback: Text(3000),
    contact: z.boolean(),
  }),
  /** Not interested any more, confirmed, under a quiet check-in: `memberId` is whom the check-in was for. */
  quiet_click: z.object({
    kind: z.literal('quiet_click'),
    ...slack,
    ...pressedOn,
    memberId: Id,
  }),
  /** The global shortcut `Invite someone`: whoever used it gets their invite link by DM. `email`: as rsvp_click. */
  invite_shortcut: z.object({
    kind: z.literal('invite_shortcut'),
    ...slack,
    user: SlackRef,
    email: z.string().optional(),
  }),
  /**
   * The Propose a project modal (the global shortcut's), submitted: `user` proposes; `champion` is the Slack ID
   * picked (the proposer's own unless changed), '' when cleared.
   */
  project_view: z.object({
    kind: z.literal('project_view'),
    ...slack,
    user: SlackRef,
    title: Text(200).min(1),
    whatAndWhy: Text(3000).min(1),
    forWhom: Text(1000),
    partner: Text(200),
    champion: z.string().max(100),
    rolesNeeded: Text(500),
    timeNeeded: Text(500),
  }),
  /** Join as … under a project's announcement (value `P-1 developer`). */
  project_join: z.object({
    kind: z.literal('project_join'),
    ...slack,
    ...pressedOn,
    value: Text(200),
  }),
  /**
   * A volunteer's shift button (README "Volunteers"): Help as …, Can't make it, Swap (value: the Role ID), or
   * Take this shift under a swap offer (value `ER-1 M-7`: the role and the offerer).
   */
  shift_click: z.object({
    kind: z.literal('shift_click'),
    ...slack,
    ...pressedOn,
    action: z.enum(['help', 'cant', 'swap', 'take']),
    value: Text(200),
  }),
  /** `app_home_opened` on the Home tab: the person's home is published from the sheet. */
  home_opened: z.object({
    kind: z.literal('home_opened'),
    ...slack,
    user: SlackRef,
  }),
  /**
   * A top-level message with a question mark, from a person, in a channel Hearth is in (`message.channels`,
   * `message.groups`): where it is and when, never its text nor who asked. `channelName` and `permalink` are
   * added by the writer (its gather step asks Slack), as `email` is to a click.
   */
  question_asked: z.object({
    kind: z.literal('question_asked'),
    ...slack,
    channel: SlackRef,
    ts: SlackRef,
    /** The message's own time (from its ts). */
    askedAt: z.iso.datetime({ offset: true }),
    channelName: Text(100).optional(),
    permalink: Text(500).optional(),
  }),
  /** On track, Pause or Done on a project's check-in (value: the Project ID); only its champion's count. */
  project_checkin_click: z.object({
    kind: z.literal('project_checkin_click'),
    ...slack,
    ...pressedOn,
    answer: z.enum(['on-track', 'pause', 'done']),
    projectId: Id,
  }),
  /** Need help's modal, submitted: the words are posted, never kept. */
  project_help_view: z.object({
    kind: z.literal('project_help_view'),
    ...slack,
    ...pressedOn,
    projectId: Id,
    help: Text(3000),
  }),
  /** Add a link's modal, submitted: the link to what a Done project made. */
  project_link_view: z.object({
    kind: z.literal('project_link_view'),
    ...slack,
    ...pressedOn,
    projectId: Id,
    link: Text(2000),
  }),
  // The leader team (README "The leader team"): Stay another term, and the Hand over and check-in modals.
  /** Stay another term, on the term DM: `leader` is whose DM it is (only they may). */
  leader_stay: z.object({ kind: z.literal('leader_stay'), ...slack, ...pressedOn, leader: Id }),
  /** Hand over's modal, submitted: `successor` is the Slack ID picked. */
  leader_successor_view: z.object({
    kind: z.literal('leader_successor_view'),
    ...slack,
    ...pressedOn,
    leader: Id,
    successor: Id,
    notes: Text(3000),
  }),
  /** The leaders' check-in modal, submitted: its words go to the Leader check-ins tab only. */
  leader_checkin_view: z.object({
    kind: z.literal('leader_checkin_view'),
    ...slack,
    ...pressedOn,
    leader: Id,
    energy: Text(10),
    how: Text(3000),
    needs: Text(3000),
  }),
  /** A button Hearth has no decision for (an old message's, say): put on record and the leaders told. */
  unknown_click: z.object({
    kind: z.literal('unknown_click'),
    ...slack,
    user: SlackRef,
    actionId: Text(255),
    value: Text(2000),
  }),
  /** The scheduler's tick: organizers' edits picked up, what is due sent. `now`: time travel, locally only. */
  tick: z.object({
    kind: z.literal('tick'),
    ...slack,
    now: z.iso.datetime({ offset: true }).optional(),
  }),
} as const;

export type InputKind = keyof typeof INPUT_SCHEMAS;
export type InputOf<K extends InputKind> = z.infer<(typeof INPUT_SCHEMAS)[K]>;
export type Input = { [K in InputKind]: InputOf<K> }[InputKind];
/** What a door hands over to the writer: any input but the tick, which the scheduler sends itself. */
export type Work = Exclude<Input, { kind: 'tick' }>;
export type SlackWork = Exclude<Work, FormInput>;

export type ParsedWork = { ok: true; work: Work } | { ok: false; problem: string };

/** Checks what a door built, or what reached the writer's door: a piece of work, or why it is not one. */
export function parseWork(value: unknown): ParsedWork {
  const kind = (value as { kind?: unknown } | null)?.kind;
  if (typeof kind !== 'string' || kind === 'tick' || !Object.hasOwn(INPUT_SCHEMAS, kind)) {
    const kinds = Object.keys(INPUT_SCHEMAS).filter((k) => k !== 'tick');
    return { ok: false, problem: `kind: expected one of ${kinds.join(', ')}` };
  }
  const parsed = (INPUT_SCHEMAS[kind as Work['kind']] as z.ZodType).safeParse(value);
  if (parsed.success) return { ok: true, work: parsed.data as Work };
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  return { ok: false, problem: `${where}${issue?.message ?? 'not valid'}` };
}

/**
 * What a queue dedupes hand-overs by: the identity, and for a form response its own timestamp too, since an
 * edited response keeps its responseId and must still reach the writer (which applies it as an update).
 */
export function handOverKey(work: Work): string {
  return 'submittedAt' in work ? `${work.identity}@${work.submittedAt}` : work.identity;
}
