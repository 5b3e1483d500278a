import { DateTime } from 'luxon';
import { append, update } from '../../sheets-schema/changes.js';
import { normalizeEmail, sameEmail } from '../../sheets-schema/emails.js';
import { formatProblem } from '../../sheets-schema/problems.js';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import { type ApprovalKind, type MissingSubject, requestApproval } from '../approvals/decisions.js';
import { invitedByOf, planInviteThanks } from '../connections/invitations.js';
import type { InputOf } from '../inputs.js';
import { activeLeaders, leaderLoads, leastLoaded } from '../leaders/load.js';
import { personAt } from '../outbox/delivery.js';
import { emptyPlan, mergePlans, type Plan } from '../plan.js';
import {
  type Approval,
  audit,
  emailTaken,
  hasOutbox,
  leaderName,
  type Member,
  memberByEmail,
  memberBySlackId,
  outboxIdFor,
  planMessage,
} from '../records.js';
import { ONBOARDING_KINDS } from './renderers.js';

/** Where a member's direct messages go: resolved to their Slack ID (or found by email) when sent. */
export const memberAddress = (memberId: string) => `member:${memberId}`;

/** A member who is gone: their planned messages are cancelled. */
export const GONE = new Set(['Left', 'Suspended', 'Banned', 'Declined']);

/**
 * The join form. A new email makes a member (Pending when Settings ask for approval, else Active and
 * welcomed); an email already there is the same person: nothing is made twice, and a later submission only
 * moves `Last active`. The same submission twice is recognised by that date.
 */
export function planJoin(work: InputOf<'join_form'>, snapshot: Snapshot, now: DateTime): Plan {
  const plan = emptyPlan();
  const { answers } = work;
  const email = normalizeEmail(answers.email);
  const parsed = DateTime.fromISO(work.submittedAt, { setZone: true });
  const submitted = parsed.isValid ? parsed : now;
  const existing = memberByEmail(snapshot, email);
  if (existing || emailTaken(snapshot, email)) {
    if (!existing?.memberId || (existing.lastActive && existing.lastActive >= submitted)) {
      plan.notes.push(`${work.identity}: ${email} is already a member; nothing to do`);
      return plan;
    }
    plan.changes.push(update('Members', existing.memberId, { lastActive: submitted }));
    plan.changes.push(
      audit(now, {
        actor: email,
        action: 'member.join-again',
        target: existing.memberId,
        details: `sent the join form again (status ${existing.status ?? 'blank'}); their row was left as it is`,
        key: work.identity,
      }),
    );
    plan.notes.push(`${work.identity}: ${email} joined again; Last active moved`);
    return plan;
  }
  const memberId = snapshot.nextId('Members');
  const required = snapshot.settings.joinApprovalRequired;
  const invited = invitedByOf(work, snapshot);
  const member: Member = {
    memberId,
    name: answers.name,
    email,
    slackId: undefined,
    status: required ? 'Pending' : 'Active',
    joined: submitted,
    approvedBy: undefined,
    greeter: undefined,
    source: answers.heardFrom || undefined,
    interests: answers.interests.join(', ') || undefined,
    intros: { want: answers.intros ? 'yes' : 'no' },
    celebrate: undefined,
    engagement: undefined,
    volunteerHours: undefined,
    invitedBy: invited.invitedBy,
    eventsAttended: 0,
    lastActive: submitted,
    notes: undefined,
    problems: undefined,
  };
  plan.changes.push(append('Members', member));
  plan.changes.push(
    audit(now, {
      actor: email,
      action: 'member.joined',
      target: memberId,
      details: [
        member.name,
        ...(invited.invitedBy ? [`invited by ${invited.invitedBy}`] : []),
        ...(invited.setAside.length > 0 ? [`set aside: ${invited.setAside.join('; ')}`] : []),
      ].join(', '),
      key: work.identity,
    }),
  );
  plan.notes.push(`${work.identity}: ${member.name} <${email}> is ${memberId}, ${member.status}`);
  if (!required) return mergePlans([plan, planWelcome(member, snapshot, now)]);
  const summary = [
    `${member.name} <${email}> wants to join`,
    member.source ? `heard about us: ${member.source}` : '',
    member.interests ? `interests: ${member.interests}` : '',
    `introductions: ${member.intros?.want === 'yes' ? 'yes' : 'no'}`,
  ]
    .filter(Boolean)
    .join('\n');
  const request = requestApproval(snapshot, now, {
    kind: 'join',
    subject: memberId,
    summary,
    needed: JOIN.needed,
  });
  return mergePlans([plan, request.plan]);
}

/**
 * A member's first experience, once they are Active: a welcome DM, a greeter (the Greeter with the fewest
 * members, ties by their order in Leaders) told in a DM, an introduction post if they opted in, and a
 * follow-up DM some days later. Planned once: the welcome's Outbox row, keyed by the member, says it was.
 */
export function planWelcome(member: Member, snapshot: Snapshot, now: DateTime): Plan {
  const plan = emptyPlan();
  const id = member.memberId as string;
  if (hasOutbox(snapshot, `welcome:${id}`)) return plan;
  const greeter = member.greeter || pickGreeter(snapshot, now);
  if (greeter && greeter !== member.greeter) plan.changes.push(update('Members', id, { greeter }));
  const settings = snapshot.settings;
  const messages = [
    { key: `welcome:${id}`, kind: ONBOARDING_KINDS.welcome, to: memberAddress(id), due: now },
    ...(greeter ? [{ key: `greeter:${id}`, kind: ONBOARDING_KINDS.greeter, to: greeter, due: now }] : []),
    ...(member.intros?.want === 'yes'
      ? [{ key: `intro:${id}`, kind: ONBOARDING_KINDS.intro, to: settings.introductionsChannel, due: now }]
      : []),
    {
      key: `followup:${id}`,
      kind: ONBOARDING_KINDS.followup,
      to: memberAddress(id),
      due: now.plus({ days: settings.followUpAfterDays }),
    },
  ];
  for (const { key, kind, to, due } of messages) {
    const message = planMessage(key, { kind, to, about: id, due });
    plan.changes.push(message.change);
    if (due <= now) plan.send.push(message.id);
  }
  plan.notes.push(`${id}: welcomed${greeter ? `, greeter ${leaderName(snapshot, greeter)}` : ''}`);
  return mergePlans([plan, planInviteThanks(member, snapshot, now)]);
}

/**
 * The active Greeter to greet a newcomer: the least loaded (README "The leader team": Total over 90 days),
 * then the fewest Pending or Active members, then the first in the Leaders tab. `now`: the load's day.
 */
export function pickGreeter(snapshot: Snapshot, now?: DateTime): string | undefined {
  const greeters = activeLeaders(snapshot).filter((l) => l.role === 'Greeter');
  if (greeters.length === 0) return undefined;
  const members = new Map<string, number>(greeters.map((g) => [g.slackId, 0]));
  for (const { values: m } of snapshot.table('Members').rows) {
    if (m.greeter && members.has(m.greeter) && (m.status === 'Active' || m.status === 'Pending')) {
      members.set(m.greeter, (members.get(m.greeter) ?? 0) + 1);
    }
  }
  const loads = now ? leaderLoads(snapshot, now) : [];
  return leastLoaded(
    loads,
    greeters.map((g) => g.slackId),
    (id) => members.get(id) ?? 0,
  );
}

/**
 * The subject of an approval about a member when there is no member to act on: its Members row was deleted,
 * or has a cell typed wrong (the row is skipped until fixed).
 */
export function memberGone(approval: Approval, snapshot: Snapshot): MissingSubject | undefined {
  const id = approval.subject;
  const members = snapshot.table('Members');
  if (!id || members.byId(id)) return undefined;
  const problem = members.invalid.find((row) => row.id === id)?.problems[0];
  return { subject: id, ...(problem ? { problem: formatProblem(problem) } : {}) };
}

/** Join requests: one leader decides; a declined member gets no DM (leaders may reach out themselves). */
export const JOIN: ApprovalKind = {
  needed: 1,
  missingSubject: memberGone,
  approved(approval, snapshot, now, deciders) {
    const member = approval.subject ? snapshot.table('Members').byId(approval.subject)?.values : undefined;
    if (!member?.memberId) return emptyPlan();
    const approvedBy = deciders.map((d) => leaderName(snapshot, d)).join(', ');
    const plan = emptyPlan();
    plan.changes.push(update('Members', member.memberId, { status: 'Active', approvedBy }));
    const active: Member = { ...member, status: 'Active', approvedBy };
    return mergePlans([plan, planWelcome(active, snapshot, now)]);
  },
  declined(approval, snapshot) {
    const plan = emptyPlan();
    const member = approval.subject ? snapshot.table('Members').byId(approval.subject)?.values : undefined;
    // An organizer may have let them in by hand meanwhile: their word stands.
    if (member?.memberId && member.status === 'Pending') {
      plan.changes.push(update('Members', member.memberId, { status: 'Declined' }));
    }
    return plan;
  },
  expired(approval, snapshot) {
    const member = approval.subject ? snapshot.table('Members').byId(approval.subject)?.values : undefined;
    const who = member?.name || approval.subject || 'the member';
    return {
      plan: emptyPlan(),
      rule: `${who} stays Pending: to let them in, set their Status to Active in Members (they are welcomed then)`,
    };
  },
};

/** A member set Active by hand this long after their join request is not welcomed any more. */
export const MANUAL_WELCOME_DAYS = 60;

/**
 * What an organizer's hand edits to Members set going, each tick. A member set Active by hand after a join
 * request (an expired one, say) is welcomed then; members added by hand without a join request are existing
 * members: no welcome. And a message that waited for a Slack account goes out once the Slack ID is known.
 */
export function planManualActivations(snapshot: Snapshot, now: DateTime): Plan {
  return mergePlans([planHandActivations(snapshot, now), planLinkedMessages(snapshot, now)]);
}

function planHandActivations(snapshot: Snapshot, now: DateTime): Plan {
  // Only recent requests: the welcome's Outbox row, which says it was sent, is archived after 90 days.
  const since = now.minus({ days: MANUAL_WELCOME_DAYS });
  const requested = new Set(
    snapshot
      .table('Approvals')
      .rows.filter(
        (r) =>
          r.values.kind === 'join' &&
          r.values.subject &&
          (!r.values.requested || r.values.requested >= since),
      )
      .map((r) => r.values.subject as string),
  );
  const plans = snapshot
    .table('Members')
    .rows.map((r) => r.values)
    .filter(
      (m) =>
        m.memberId &&
        m.status === 'Active' &&
        requested.has(m.memberId) &&
        !hasOutbox(snapshot, `welcome:${m.memberId}`),
    )
    .map((m) => planWelcome(m, snapshot, now));
  return mergePlans(plans);
}

/** A member who is gone (Left, Suspended, Banned, Declined) has their planned messages cancelled. */
export function planLeavers(snapshot: Snapshot): Plan {
  const plan = emptyPlan();
  const gone = new Set(
    snapshot
      .table('Members')
      .rows.filter((r) => r.values.memberId && GONE.has(r.values.status ?? ''))
      .map((r) => memberAddress(r.values.memberId as string)),
  );
  for (const { values: row } of snapshot.table('Outbox').rows) {
    if (row.status === 'Scheduled' && row.messageId && gone.has(row.to ?? '')) {
      plan.changes.push(
        update('Outbox', row.messageId, { status: 'Cancelled', lastError: 'the member is no longer active' }),
      );
    }
  }
  return plan;
}

/**
 * A person joined the Slack workspace: their member row (by the profile's email) gets their Slack ID, and a
 * welcome that was waiting for their Slack account goes out now, once. A re-delivered event finds them linked.
 */
export function planSlackJoin(
  event: { identity: string; user: string; email?: string; name?: string },
  snapshot: Snapshot,
  now: DateTime,
): Plan {
  const plan = emptyPlan();
  const member = event.email ? memberByEmail(snapshot, event.email) : undefined;
  if (!member?.memberId) {
    plan.notes.push(`${event.identity}: ${event.user} joined Slack; no member has that email`);
    // Someone who is not a member may still have a message waiting for them (an RSVP refused, say).
    if (event.email) resend(snapshot, now, plan, waitingFor(snapshot, now, { email: event.email }));
    return plan;
  }
  if (member.slackId === event.user) {
    plan.notes.push(`${event.identity}: ${member.memberId} is already linked`);
    return plan;
  }
  const id = member.memberId;
  plan.changes.push(update('Members', id, { slackId: event.user }));
  plan.changes.push(
    audit(now, {
      actor: event.user,
      action: 'member.linked',
      target: id,
      details: 'joined Slack',
      key: event.identity,
    }),
  );
  plan.notes.push(`${event.identity}: ${id} linked to ${event.user}`);
  // A member who is gone meanwhile (suspended, say) is linked but not welcomed.
  if (GONE.has(member.status ?? '')) return plan;
  const keyed = [`welcome:${id}`, `greeter:${id}`, `intro:${id}`].map(outboxIdFor);
  const theirs = waitingFor(snapshot, now, { memberId: id, email: member.email });
  resend(snapshot, now, plan, [...new Set([...keyed, ...theirs])]);
  return plan;
}

/** A refusal older than this is not worth sending once the person is found: the moment has passed. */
export const REFUSAL_USEFUL_DAYS = 7;

/** Outbox rows put aside waiting for a Slack account that are still worth sending now. */
function waitingRows(snapshot: Snapshot, now: DateTime) {
  return snapshot
    .table('Outbox')
    .rows.map((r) => r.values)
    .filter(
      (row) =>
        row.messageId &&
        row.status === 'Skipped' &&
        String(row.lastError ?? '').startsWith(WAITING_FOR_SLACK) &&
        (row.kind !== 'rsvp.refused' || now.diff(row.due, 'days').days <= REFUSAL_USEFUL_DAYS),
    );
}

/** The waiting messages addressed to this person: as a member, by their email, or by an RSVP of theirs. */
function waitingFor(
  snapshot: Snapshot,
  now: DateTime,
  person: { memberId?: string; email: string },
): string[] {
  return waitingRows(snapshot, now)
    .filter((row) => {
      const to = personAt(row.to ?? '', snapshot);
      if (typeof to !== 'object' || to.confidential) return false;
      return (!!person.memberId && to.memberId === person.memberId) || sameEmail(to.email, person.email);
    })
    .map((row) => row.messageId as string);
}

/** Outbox rows that were put aside waiting for a Slack account, due again now (sent after this write). */
function resend(snapshot: Snapshot, now: DateTime, plan: Plan, ids: readonly string[]): void {
  const waiting = new Set(waitingRows(snapshot, now).map((row) => row.messageId));
  for (const id of ids) {
    if (!waiting.has(id)) continue;
    plan.changes.push(update('Outbox', id, { status: 'Scheduled', due: now, lastError: null }));
    plan.send.push(id);
  }
}

/**
 * Each tick: a message that waited for a person's Slack account goes out once Hearth knows their Slack ID
 * (an organizer typed it in Members, or it was found when another message was sent to them).
 */
export function planLinkedMessages(snapshot: Snapshot, now: DateTime): Plan {
  const plan = emptyPlan();
  const found = waitingRows(snapshot, now).filter((row) => {
    const to = personAt(row.to ?? '', snapshot);
    return typeof to === 'object' && !!to.slackId && !to.confidential;
  });
  resend(
    snapshot,
    now,
    plan,
    found.map((row) => row.messageId as string),
  );
  if (found.length > 0) plan.notes.push(`${found.length} message(s) that waited for a Slack account sent`);
  return plan;
}

/** The reason a message to a member with no Slack account yet is put aside. */
export const WAITING_FOR_SLACK = 'waiting for a Slack account';

/** A deactivated Slack account: that member has Left, and their planned messages are cancelled. */
export function planSlackLeft(
  event: { identity: string; user: string; email?: string },
  snapshot: Snapshot,
  now: DateTime,
): Plan {
  const plan = emptyPlan();
  const member =
    memberBySlackId(snapshot, event.user) ?? (event.email ? memberByEmail(snapshot, event.email) : undefined);
  if (!member?.memberId || member.status === 'Left' || member.status === 'Banned') return plan;
  plan.changes.push(update('Members', member.memberId, { status: 'Left' }));
  plan.changes.push(
    audit(now, {
      actor: event.user,
      action: 'member.left',
      target: member.memberId,
      details: 'Slack account deactivated',
      key: event.identity,
    }),
  );
  plan.notes.push(`${event.identity}: ${member.memberId} left (Slack account deactivated)`);
  return plan;
}
