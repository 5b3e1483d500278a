import type { DateTime } from 'luxon';
import { withChanges } from '../sheets-schema/overlay.js';
import type { Snapshot } from '../sheets-schema/snapshot.js';
import type { TabName } from '../sheets-schema/tabs/index.js';
import { type ApprovalKinds, decideApproval, planApprovalTimers } from './approvals/decisions.js';
import { APPROVE_ACTION, DECLINE_ACTION } from './approvals/messages.js';
import { EVENT_STEPS, eventProblems, planEventChanges, planEventRefresh } from './events/decisions.js';
import { isRsvpClick, rsvpFromClick, rsvpFromForm } from './events/inputs.js';
import { planRsvp } from './events/rsvps.js';
import { tabsTouched } from './held.js';
import { planSheetHousekeeping } from './housekeeping.js';
import type { SlackWork, Work } from './inputs.js';
import {
  BAN,
  planEscalations,
  planIncidentAction,
  planLeadersSummary,
  planReport,
  SUSPEND,
} from './moderation/decisions.js';
import {
  incidentClickFrom,
  isReportShortcut,
  isReportView,
  reportFromForm,
  reportFromView,
} from './moderation/inputs.js';
import { type ReportedMessage, reportModal } from './moderation/messages.js';
import {
  JOIN,
  planJoin,
  planLeavers,
  planManualActivations,
  planSlackJoin,
  planSlackLeft,
} from './onboarding/decisions.js';
import { outdatedClick } from './outbox/outdated.js';
import { emptyPlan, mergePlans, type Plan } from './plan.js';
import { recordReceived } from './received.js';

/** Every kind of approval and what it does to its subject. */
export const APPROVAL_KINDS: ApprovalKinds = { join: JOIN, suspend: SUSPEND, ban: BAN };

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** Which workflow decides a piece of work. */
export function decideWork(work: Work, snapshot: Snapshot, now: DateTime): Plan {
  if (work.kind === 'form') {
    if (work.form === 'join' && !work.invalid) return planJoin(work, snapshot, now);
    if (work.form === 'rsvp' && !work.invalid) return planRsvp(rsvpFromForm(work, now), snapshot, now);
    if (work.form === 'report' && !work.invalid) return planReport(reportFromForm(work), snapshot, now);
    return recordReceived(work, snapshot, now);
  }
  return decideSlack(work, snapshot, now);
}

function decideSlack(work: SlackWork, snapshot: Snapshot, now: DateTime): Plan {
  const p = work.payload;
  if (work.type === 'event' && p.type === 'team_join') {
    return planSlackJoin(
      { identity: work.identity, user: text(p.user), email: text(p.email), name: text(p.name) },
      snapshot,
      now,
    );
  }
  if (work.type === 'event' && p.type === 'user_deactivated') {
    return planSlackLeft(
      { identity: work.identity, user: text(p.user), email: text(p.email) },
      snapshot,
      now,
    );
  }
  if (isReportView(work)) return planReport(reportFromView(work), snapshot, now);
  const outdated = outdatedClick(work, snapshot, now);
  if (outdated) return outdated;
  if (isReportShortcut(work)) return redrawReportModal(work, snapshot);
  const click = incidentClickFrom(work);
  if (click) return planIncidentAction(click, snapshot, now);
  if (isRsvpClick(work)) return planRsvp(rsvpFromClick(work), snapshot, now);
  if (work.type === 'action' && (p.actionId === APPROVE_ACTION || p.actionId === DECLINE_ACTION)) {
    return decideApproval(
      {
        identity: work.identity,
        decision: p.actionId === APPROVE_ACTION ? 'approve' : 'decline',
        approvalId: text(p.value),
        user: text(p.user),
        channel: text(p.channel),
      },
      snapshot,
      now,
      APPROVAL_KINDS,
    );
  }
  return recordReceived(work, snapshot, now);
}

/**
 * What each tick decides, each step seeing the ones before it. A step that would write a `paused` tab is left
 * out whole (the next tick decides it again), and the steps after it do not see it.
 */
export function decideTick(
  snapshot: Snapshot,
  tabs: readonly TabName[],
  now: DateTime,
  paused: ReadonlySet<TabName> = new Set(),
): Plan {
  return runSteps(snapshot, now, paused, [
    // Per cell, not per cause: what can be written is (the report of the missing header above all).
    (view) => writableOnly(planSheetHousekeeping(view, tabs, now, eventProblems(view)), paused),
    (view) => planApprovalTimers(view, now, APPROVAL_KINDS),
    (view) => planManualActivations(view, now),
    (view) => planLeavers(view),
    ...EVENT_STEPS,
    planEscalations,
    planLeadersSummary,
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
function redrawReportModal(work: SlackWork, snapshot: Snapshot): Plan {
  const plan = emptyPlan();
  const viewId = text(work.payload.viewId);
  const message = work.payload.message as ReportedMessage | undefined;
  if (!viewId || !message) return plan;
  plan.views.push({ viewId, view: reportModal(message, snapshot.settings.groundRules) });
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
