/**
 * Keeping projects alive (README "Projects and partnerships", point 3): every Settings → Project check-in days
 * the champion of an Active project is asked how it is going; an answer moves Last update, a check-in not
 * answered by the next one is a miss, and a project paused too long is closed.
 */
import type { DateTime } from 'luxon';
import { a1 } from '../../sheets-schema/cells.js';
import { type CellValues, type Change, update } from '../../sheets-schema/changes.js';
import type { Problem } from '../../sheets-schema/problems.js';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import { afterQuietHours } from '../events/reminder-times.js';
import type { InputOf } from '../inputs.js';
import { emptyPlan, type Plan } from '../plan.js';
import { answerOnce, audit, hasOutbox, planMessage } from '../records.js';
import { CHECKIN_KINDS, championAddress, closedByHearth } from './checkin-kinds.js';
import { CHECKIN_REPLIES, type CheckInAnswer, helpPostedReply, notOpenReply } from './checkin-messages.js';
import { planShowcase } from './showcase.js';
import { championOf, isChampion, type Project, projectById } from './team.js';

/** A project Paused this long (since its Last update) is Done at the next tick. */
export const PAUSED_DAYS_AT_MOST = 60;
/** Check-ins missed in a row from which a project is stale (the leaders' digest lists it). */
export const STALE_AFTER_MISSES = 2;

/** When each project's latest check-in was planned: an answer after it is an answer to it. */
function latestCheckIns(snapshot: Snapshot): Map<string, DateTime> {
  const latest = new Map<string, DateTime>();
  for (const { values: row } of snapshot.table('Outbox').rows) {
    if (row.kind !== CHECKIN_KINDS.checkin) continue;
    const projectId = (row.about ?? '').split(' ')[0] ?? '';
    const known = latest.get(projectId);
    if (!known || row.due > known) latest.set(projectId, row.due);
  }
  return latest;
}

/** The first check-in day after `now`, counted from `due` in steps of `days` on the group's calendar. */
function nextAfter(due: DateTime, days: number, now: DateTime, zone: string): DateTime {
  let next = due.setZone(zone).plus({ days });
  while (next <= now) next = next.plus({ days });
  return next;
}

/**
 * The tick's step: each Active project whose Next check-in has come (blank: Started + the setting; moved out of
 * quiet hours) gets its check-in, once per due day; Next check-in moves on, and a check-in left unanswered
 * since the last one is a miss.
 */
export function planCheckIns(snapshot: Snapshot, now: DateTime): Plan {
  const plan = emptyPlan();
  const { settings, timeZone: zone } = snapshot;
  const days = settings.projectCheckInDays;
  if (!days || days <= 0) return plan;
  const latest = latestCheckIns(snapshot);
  for (const { values: project } of snapshot.table('Projects').rows) {
    const id = project.projectId;
    if (!id || project.status !== 'Active' || !project.started) continue;
    const due = project.nextCheckIn ?? project.started.setZone(zone).plus({ days });
    if (afterQuietHours(due, zone, settings.quietHours) > now) continue;
    const set: CellValues<'Projects'> = { nextCheckIn: nextAfter(due, days, now, zone) };
    const previous = latest.get(id);
    const missed = previous !== undefined && !(project.lastUpdate && project.lastUpdate >= previous);
    if (missed) set.missedCheckIns = (project.missedCheckIns ?? 0) + 1;
    plan.changes.push(update('Projects', id, set));
    const champion = championOf(snapshot, project);
    const key = `project-checkin:${id}:${due.setZone(zone).toISODate()}`;
    if (!champion?.memberId) {
      plan.notes.push(`${id}: check-in due, but its champion is not a member Hearth knows`);
      continue;
    }
    if (hasOutbox(snapshot, key)) continue;
    const message = planMessage(key, {
      kind: CHECKIN_KINDS.checkin,
      to: championAddress(champion.memberId),
      about: `${id} ${due.setZone(zone).toISODate()}`,
      due: now,
    });
    plan.changes.push(message.change);
    plan.send.push(message.id);
    plan.notes.push(`${id}: check-in to ${champion.memberId}${missed ? ' (the last one missed)' : ''}`);
  }
  return plan;
}

/** The tick's step: a project Paused for 60 days since its Last update is Done, and its champion told. */
export function planLongPauses(snapshot: Snapshot, now: DateTime): Plan {
  const plan = emptyPlan();
  const zone = snapshot.timeZone;
  for (const { values: project } of snapshot.table('Projects').rows) {
    const id = project.projectId;
    const since = project.lastUpdate ?? project.started;
    if (!id || project.status !== 'Paused' || !since) continue;
    if (now.diff(since, 'days').days < PAUSED_DAYS_AT_MOST) continue;
    const day = since.setZone(zone).toISODate() ?? '';
    plan.changes.push(update('Projects', id, { status: 'Done', problems: closedNote(day) }));
    plan.notes.push(`${id}: Done after ${PAUSED_DAYS_AT_MOST} days paused`);
    // Planned even without a champion to tell: the row is also what marks the project closed by Hearth.
    const champion = championOf(snapshot, project);
    const key = `project-closed:${id}:${day}`;
    if (hasOutbox(snapshot, key)) continue;
    const due = afterQuietHours(now, zone, snapshot.settings.quietHours);
    const message = planMessage(key, {
      kind: CHECKIN_KINDS.closed,
      to: champion?.memberId ? championAddress(champion.memberId) : '',
      about: `${id} ${day}`,
      due,
    });
    plan.changes.push(message.change);
    if (due <= now) plan.send.push(message.id);
  }
  return plan;
}

const closedNote = (since: string) =>
  `Status Done by Hearth: Paused since ${since} with no update for ${PAUSED_DAYS_AT_MOST} days`;

/** The closing note stays in Problems (housekeeping writes what this says) while the project is Done. */
export function closedProjectProblems(snapshot: Snapshot): Problem[] {
  const projects = snapshot.table('Projects');
  const column = projects.headers.index.status;
  if (column === undefined) return [];
  const closed = closedByHearth(snapshot);
  return projects.rows.flatMap(({ values: project, sheetRow }) => {
    const since = project.projectId ? closed.get(project.projectId) : undefined;
    if (since === undefined || project.status !== 'Done' || sheetRow === 0) return [];
    return [
      {
        tab: projects.spec.name,
        row: sheetRow,
        a1: a1(projects.spec.name, sheetRow, column),
        header: '',
        message: closedNote(since),
      },
    ];
  });
}

/** Stale: Active, with two check-ins or more missed in a row. For the leaders' digest. */
export function staleProjects(snapshot: Snapshot): Project[] {
  const seen = new Set<string>();
  return snapshot
    .table('Projects')
    .rows.map((r) => r.values)
    .filter((p) => {
      if (!p.projectId || p.status !== 'Active' || (p.missedCheckIns ?? 0) < STALE_AFTER_MISSES) return false;
      if (seen.has(p.projectId)) return false;
      seen.add(p.projectId);
      return true;
    });
}

type Answered = { identity: string; user: string; channel: string; messageTs?: string | undefined };

/**
 * What every answer has in common: once per click (its reply is on record, keyed by its identity), only from
 * the champion, and one answer per check-in message. `apply` is the answer itself; undefined when refused.
 */
function answer(
  input: Answered & { projectId: string },
  snapshot: Snapshot,
  now: DateTime,
  answerOf: CheckInAnswer | 'help',
  apply: (project: Project & { projectId: string }, plan: Plan) => string,
): Plan {
  const plan = emptyPlan();
  const reply = answerOnce(plan, snapshot, now, `project-click:${input.identity}`, input, {
    kind: CHECKIN_KINDS.reply,
    about: input.projectId,
  });
  if (!reply) return plan;
  const project = projectById(snapshot, input.projectId);
  if (!project?.projectId) return reply(CHECKIN_REPLIES.gone);
  if (!isChampion(snapshot, project, input.user)) return reply(CHECKIN_REPLIES.notChampion);
  const answeredKey = input.messageTs ? `project-answered:${input.channel}:${input.messageTs}` : undefined;
  if (answeredKey && hasOutbox(snapshot, answeredKey)) return reply(CHECKIN_REPLIES.answered);
  const open = project.status === 'Active' || project.status === 'Paused';
  if (!open) return reply(notOpenReply(project.status));
  const text = apply(project as Project & { projectId: string }, plan);
  plan.changes.push(
    audit(now, {
      actor: input.user,
      action: `project.${answerOf}`,
      target: project.projectId,
      key: input.identity,
    }),
  );
  if (answeredKey && input.messageTs) {
    const edit = planMessage(answeredKey, {
      kind: CHECKIN_KINDS.answered,
      to: input.channel,
      about: `${input.messageTs} ${project.projectId} ${answerOf}`,
      due: now,
    });
    plan.changes.push(edit.change);
    plan.send.push(edit.id);
  }
  plan.notes.push(`${input.identity}: ${project.projectId} ${answerOf}`);
  return reply(text);
}

/** On track, Pause or Done on a check-in: the project moves, and the check-in shows what was chosen. */
export function planCheckInClick(
  click: InputOf<'project_checkin_click'>,
  snapshot: Snapshot,
  now: DateTime,
): Plan {
  return answer(click, snapshot, now, click.answer, (project, plan) => {
    const answered = { lastUpdate: now, missedCheckIns: 0 };
    const set: CellValues<'Projects'> =
      click.answer === 'on-track'
        ? { ...answered, status: 'Active' }
        : click.answer === 'pause'
          ? { ...answered, status: 'Paused' }
          : { ...answered, status: 'Done' };
    const changes: Change[] = [update('Projects', project.projectId, set)];
    plan.changes.push(...changes);
    if (click.answer === 'done') {
      const showcase = planShowcase(snapshot, { ...project, ...set } as Project, now);
      plan.changes.push(...showcase.changes);
      plan.send.push(...showcase.send);
      plan.notes.push(...showcase.notes);
    }
    return CHECKIN_REPLIES[click.answer];
  });
}

/**
 * Need help, submitted: the words go to the project's channel and the leaders channel. Each post's Outbox row
 * holds them (`P-1 words`) only until it is sent, so they are never lost on the way and not kept after.
 */
export function planHelpView(view: InputOf<'project_help_view'>, snapshot: Snapshot, now: DateTime): Plan {
  return answer(view, snapshot, now, 'help', (project, plan) => {
    plan.changes.push(update('Projects', project.projectId, { lastUpdate: now, missedCheckIns: 0 }));
    const channels = [project.channel?.trim(), snapshot.settings.leadersChannel].filter(
      (c): c is string => !!c,
    );
    for (const channel of [...new Set(channels)]) {
      const message = planMessage(`project-help:${view.identity}:${channel}`, {
        kind: CHECKIN_KINDS.help,
        to: channel,
        about: `${project.projectId} ${view.help}`,
        due: now,
      });
      plan.changes.push(message.change);
      plan.send.push(message.id);
    }
    return helpPostedReply(project.channel?.trim());
  });
}
