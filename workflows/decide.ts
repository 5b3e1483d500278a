import type { DateTime } from 'luxon';
import { FORM_NAMES, RESPONSE_TABS, responseWorks } from '../sheets-schema/forms/index.js';
import { withChanges } from '../sheets-schema/overlay.js';
import type { Snapshot } from '../sheets-schema/snapshot.js';
import { TAB_NAMES, type TabName } from '../sheets-schema/tabs/index.js';
import { type ApprovalKinds, decideApproval, planApprovalTimers } from './approvals/decisions.js';
import { planIntroClick } from './connections/decisions.js';
import { planInviteLink } from './connections/invitations.js';
import { planMilestones } from './connections/milestones.js';
import { planIntroRound } from './connections/rounds.js';
import { EVENT_STEPS, eventProblems, planEventChanges, planEventRefresh } from './events/decisions.js';
import { rsvpFromClick, rsvpFromForm } from './events/inputs.js';
import { planRsvp } from './events/rsvps.js';
import { planEventRatings, planFeedbackClick, planFeedbackView } from './feedback/decisions.js';
import { tabsTouched } from './held.js';
import { planSheetHousekeeping } from './housekeeping.js';
import type { InputOf, Work } from './inputs.js';
import { LEADER_APPROVAL_KINDS, LEADER_DAILY_PARTS, LEADER_WORK } from './leaders/index.js';
import {
  BAN,
  planEscalations,
  planIncidentAction,
  planLeadersSummary,
  planReport,
  SUSPEND,
} from './moderation/decisions.js';
import { incidentClickFrom, reportFromForm, reportFromView } from './moderation/inputs.js';
import { reportModal } from './moderation/messages.js';
import {
  JOIN,
  planJoin,
  planLeavers,
  planManualActivations,
  planSlackJoin,
  planSlackLeft,
} from './onboarding/decisions.js';
import { outdatedClick } from './outbox/outdated.js';
import { planPartnerNextSteps } from './partners/next-steps.js';
import { planEventSponsors } from './partners/sponsors.js';
import { emptyPlan, mergePlans, type Plan } from './plan.js';
import { type DailyPart, planDaily } from './presence/daily.js';
import { planDashboard } from './presence/dashboard.js';
import { planEngagementLevels } from './presence/levels.js';
import { planQuestionAsked, planQuestionLadder, type ThreadCheck } from './presence/questions.js';
import { planQuietCheckIns, planQuietClick } from './presence/quiet.js';
import {
  closedProjectProblems,
  planCheckInClick,
  planCheckIns,
  planHelpView,
  planLongPauses,
} from './projects/checkins.js';
import { planProjectJoin } from './projects/joins.js';
import { PROJECT } from './projects/kickoff.js';
import { planProjectForm, planProjectView, planWaitingProposals } from './projects/proposals.js';
import { waitingProjectProblems } from './projects/records.js';
import { planLinkView, planShowcases } from './projects/showcase.js';
import { recordReceived } from './received.js';
import { planShiftClick, withShiftsOfDecliner } from './volunteers/clicks.js';
import { planVolunteerHours } from './volunteers/hours.js';
import { planShiftAsks, planShiftReminders } from './volunteers/reminders.js';
import { shiftProblems } from './volunteers/roles-read.js';

/** The tabs the writer reads for every batch: all but Audit, which only grows and is only appended to. */
export const WRITER_TABS: readonly TabName[] = TAB_NAMES.filter((tab) => tab !== 'Audit');

/** What the daily step works out (README "Presence"), in order. */
// The Dashboard last: it marks the day done.
const DAILY_PARTS: readonly DailyPart[] = [
  planEngagementLevels,
  planQuietCheckIns,
  (view) => planVolunteerHours(view),
  // The leader team (README "The leader team"): load, kind nudges, terms, check-ins, leader intros.
  ...LEADER_DAILY_PARTS,
  planDashboard,
];

/** How far back the tick sweeps the forms' response tabs; the relay's own retries cover the minutes. */
export const SWEEP_DAYS = 3;

/** Rows of the response tabs from the last days, as the work the relay pushes for them (same identities). */
function sweptResponses(snapshot: Snapshot, now: DateTime): Work[] {
  const since = now.minus({ days: SWEEP_DAYS });
  return FORM_NAMES.flatMap((form) => {
    const grid = snapshot.raw(RESPONSE_TABS[form]);
    return grid ? responseWorks(form, grid, snapshot.timeZone, since) : [];
  });
}

/** Every kind of approval and what it does to its subject. */
export const APPROVAL_KINDS: ApprovalKinds = {
  join: JOIN,
  suspend: SUSPEND,
  ban: BAN,
  project: PROJECT,
  ...LEADER_APPROVAL_KINDS,
};

/**
 * Which workflow decides a piece of work: one case per input kind, so a kind nothing decides does not compile.
 * A click on a message that is not its record's is refused first (see outbox/outdated.ts).
 */
export function decideWork(work: Work, snapshot: Snapshot, now: DateTime): Plan {
  const plan = decideOne(work, snapshot, now);
  // A click on someone's App Home shows its effect there at once: their home is published again.
  if ('home' in work && work.home) plan.homes.push(work.user);
  return plan;
}

function decideOne(work: Work, snapshot: Snapshot, now: DateTime): Plan {
  const outdated = outdatedClick(work, snapshot, now);
  if (outdated) return outdated;
  switch (work.kind) {
    case 'join_form':
      return planJoin(work, snapshot, now);
    case 'rsvp_form': {
      const rsvp = rsvpFromForm(work, now);
      return withShiftsOfDecliner(planRsvp(rsvp, snapshot, now), rsvp, snapshot, now);
    }
    case 'report_form':
      return planReport(reportFromForm(work), snapshot, now);
    case 'project_form':
      return planProjectForm(work, snapshot, now);
    case 'project_view':
      return planProjectView(work, snapshot, now);
    case 'project_join':
      return planProjectJoin(work, snapshot, now);
    case 'team_join':
      return planSlackJoin(work, snapshot, now);
    case 'user_deactivated':
      return planSlackLeft(work, snapshot, now);
    case 'rsvp_click': {
      const rsvp = rsvpFromClick(work);
      return withShiftsOfDecliner(planRsvp(rsvp, snapshot, now), rsvp, snapshot, now);
    }
    case 'shift_click':
      return planShiftClick(work, snapshot, now);
    case 'approval_click':
      return decideApproval(work, snapshot, now, APPROVAL_KINDS);
    case 'incident_click':
    case 'incident_reason':
      return planIncidentAction(incidentClickFrom(work), snapshot, now);
    case 'report_view':
      return planReport(reportFromView(work), snapshot, now);
    case 'report_shortcut':
      return redrawReportModal(work, snapshot);
    case 'intro_click':
      return planIntroClick(work, snapshot, now);
    case 'feedback_click':
      return planFeedbackClick(work, snapshot, now);
    case 'feedback_view':
      return planFeedbackView(work, snapshot, now);
    case 'invite_shortcut':
      return planInviteLink(work, snapshot, now);
    case 'home_opened':
      return homeOpened(work);
    case 'quiet_click':
      return planQuietClick(work, snapshot, now);
    case 'question_asked':
      return planQuestionAsked(work, snapshot);
    case 'project_checkin_click':
      return planCheckInClick(work, snapshot, now);
    case 'project_help_view':
      return planHelpView(work, snapshot, now);
    case 'project_link_view':
      return planLinkView(work, snapshot, now);
    case 'leader_stay':
    case 'leader_successor_view':
    case 'leader_checkin_view':
      return LEADER_WORK[work.kind](work as never, snapshot, now);
    case 'unusable_form':
    case 'unknown_click':
      return recordReceived(work, snapshot, now);
    default:
      return unreachable(work);
  }
}

/** Nothing to write: the writer publishes the home from the sheet as this batch leaves it. */
function homeOpened(work: InputOf<'home_opened'>): Plan {
  const plan = emptyPlan();
  plan.homes.push(work.user);
  plan.notes.push(`${work.identity}: ${work.user} opened their home`);
  return plan;
}

function unreachable(value: never): never {
  throw new Error(`no decision for ${JSON.stringify(value)}`);
}

/**
 * What each tick decides, each step seeing the ones before it. A step that would write a `paused` tab is left
 * out whole (the next tick decides it again), and the steps after it do not see it. `threads`: the questions'
 * threads the writer read for their due steps.
 */
export function decideTick(
  snapshot: Snapshot,
  tabs: readonly TabName[],
  now: DateTime,
  paused: ReadonlySet<TabName> = new Set(),
  threads: ReadonlyMap<string, ThreadCheck> = new Map(),
): Plan {
  return runSteps(snapshot, now, paused, [
    // Form answers the relay missed, from the responses tabs read along: handled already (by the push or an
    // earlier sweep) they change nothing and say nothing; waiting for a paused tab, the next tick sweeps again.
    ...sweptResponses(snapshot, now).map((work) => (view: Snapshot) => {
      const plan = decideWork(work, view, now);
      return plan.changes.length > 0 ? plan : emptyPlan();
    }),
    // Proposals that waited go to the leaders while there is room, before Problems says which still wait.
    planWaitingProposals,
    // Per cell, not per cause: what can be written is (the report of the missing header above all).
    (view) =>
      writableOnly(
        planSheetHousekeeping(view, tabs, now, [
          ...eventProblems(view),
          ...closedProjectProblems(view),
          ...waitingProjectProblems(view),
          ...shiftProblems(view),
        ]),
        paused,
      ),
    (view) => planApprovalTimers(view, now, APPROVAL_KINDS),
    (view) => planManualActivations(view, now),
    (view) => planLeavers(view),
    ...EVENT_STEPS,
    // Volunteers: their reminders, and the asks for roles still short of people.
    planShiftReminders,
    planShiftAsks,
    planIntroRound,
    planEventRatings,
    planMilestones,
    planEscalations,
    (view) => planQuestionLadder(view, now, threads),
    // Projects and partners: check-ins, long pauses closed, Done projects' showcases, next steps, sponsors.
    planLongPauses,
    planCheckIns,
    planShowcases,
    planPartnerNextSteps,
    planEventSponsors,
    planLeadersSummary,
    planDaily(DAILY_PARTS),
  ]);
}

/**
 * What follows from a batch of work once it is decided: the announcements of events whose tally (or details)
 * changed are edited, and people told of a move or cancellation an organizer made meanwhile.
 */
export function decideFollowUps(
  snapshot: Snapshot,
  now: DateTime,
  paused: ReadonlySet<TabName> = new Set(),
): Plan {
  return runSteps(snapshot, now, paused, [planEventChanges, planEventRefresh]);
}

/** The report modal, opened at once by the door, redrawn with the group's ground rules to pick from. */
function redrawReportModal(work: InputOf<'report_shortcut'>, snapshot: Snapshot): Plan {
  const plan = emptyPlan();
  plan.views.push({ viewId: work.viewId, view: reportModal(work.message, snapshot.settings.groundRules) });
  plan.notes.push(
    `${work.identity}: report modal offers ${snapshot.settings.groundRules.length} ground rule(s)`,
  );
  return plan;
}

function writableOnly(plan: Plan, paused: ReadonlySet<TabName>): Plan {
  return { ...plan, changes: plan.changes.filter((change) => !paused.has(change.tab)) };
}

function runSteps(
  snapshot: Snapshot,
  now: DateTime,
  paused: ReadonlySet<TabName>,
  steps: readonly ((view: Snapshot, now: DateTime) => Plan)[],
): Plan {
  const plans: Plan[] = [];
  let view = snapshot;
  for (const step of steps) {
    const plan = step(view, now);
    if (tabsTouched(plan).some((tab) => paused.has(tab))) continue;
    plans.push(plan);
    view = withChanges(view, plan.changes);
  }
  return mergePlans(plans);
}
