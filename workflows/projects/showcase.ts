/**
 * A project Done (by its champion's button, or typed in Status): once, a showcase in the announcements channel
 * and, to the champion, an ask for a link to what they made; Add a link writes Link and redraws the showcase.
 */
import type { DateTime } from 'luxon';
import { update } from '../../sheets-schema/changes.js';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import { afterQuietHours } from '../events/reminder-times.js';
import type { InputOf } from '../inputs.js';
import { sponsoredOn } from '../partners/sponsors.js';
import { emptyPlan, type Plan } from '../plan.js';
import { answerOnce, audit, hasOutbox, planMessage } from '../records.js';
import { CHECKIN_KINDS, championAddress, closedByHearth } from './checkin-kinds.js';
import { CHECKIN_REPLIES } from './checkin-messages.js';
import { championOf, isChampion, type Project, projectById } from './team.js';

export const showcaseKey = (projectId: string) => `project-showcase:${projectId}`;

/** A link worth showing: http(s), no spaces. */
const LINK = /^https?:\/\/[^\s<>|]+$/i;

/**
 * The showcase and the link ask of a Done project, once. Not for a project closed by Hearth after a long
 * pause (nothing to celebrate), nor one typed in as Done that never ran in Hearth (no Started: history, not
 * news). The partner's Last sponsored moves to today.
 */
export function planShowcase(snapshot: Snapshot, project: Project, now: DateTime): Plan {
  const plan = emptyPlan();
  const id = project.projectId;
  if (!id || project.status !== 'Done' || !project.started) return plan;
  const key = showcaseKey(id);
  if (hasOutbox(snapshot, key) || closedByHearth(snapshot).has(id)) return plan;
  const due = afterQuietHours(now, snapshot.timeZone, snapshot.settings.quietHours);
  const showcase = planMessage(key, {
    kind: CHECKIN_KINDS.showcase,
    to: snapshot.settings.announcementsChannel,
    about: id,
    due,
  });
  plan.changes.push(showcase.change, ...sponsoredOn(snapshot, project.partner, now));
  const champion = championOf(snapshot, project);
  const ask = champion?.memberId
    ? planMessage(`project-link:${id}`, {
        kind: CHECKIN_KINDS.link,
        to: championAddress(champion.memberId),
        about: id,
        due,
      })
    : undefined;
  if (ask) plan.changes.push(ask.change);
  if (due <= now) plan.send.push(showcase.id, ...(ask ? [ask.id] : []));
  plan.notes.push(
    `${id}: Done, showcase${ask ? ' and link ask' : ''}${due > now ? ' after quiet hours' : ''}`,
  );
  return plan;
}

/** The tick's step: each Done project's showcase, once (a Status typed by hand included). */
export function planShowcases(snapshot: Snapshot, now: DateTime): Plan {
  const plan = emptyPlan();
  for (const { values: project } of snapshot.table('Projects').rows) {
    if (project.status !== 'Done') continue;
    const one = planShowcase(snapshot, project, now);
    plan.changes.push(...one.changes);
    plan.send.push(...one.send);
    plan.notes.push(...one.notes);
  }
  return plan;
}

/** Add a link, submitted by the champion: Link is written and the showcase redrawn with it. */
export function planLinkView(view: InputOf<'project_link_view'>, snapshot: Snapshot, now: DateTime): Plan {
  const plan = emptyPlan();
  const reply = answerOnce(
    plan,
    snapshot,
    now,
    `project-click:${view.identity}`,
    view,
    { kind: CHECKIN_KINDS.reply, about: view.projectId },
    'link already taken',
  );
  if (!reply) return plan;
  const project = projectById(snapshot, view.projectId);
  if (!project?.projectId) return reply(CHECKIN_REPLIES.gone);
  if (!isChampion(snapshot, project, view.user)) return reply(CHECKIN_REPLIES.notChampion);
  const link = view.link.trim();
  if (!LINK.test(link)) return reply(CHECKIN_REPLIES.badLink);
  const id = project.projectId;
  plan.changes.push(
    update('Projects', id, { link }),
    audit(now, { actor: view.user, action: 'project.link', target: id, key: view.identity }),
  );
  if (hasOutbox(snapshot, showcaseKey(id))) {
    const redraw = planMessage(`project-showcase-update:${id}:${view.identity}`, {
      kind: CHECKIN_KINDS.showcaseUpdate,
      to: snapshot.settings.announcementsChannel,
      about: id,
      due: now,
    });
    plan.changes.push(redraw.change);
    plan.send.push(redraw.id);
  }
  plan.notes.push(`${view.identity}: ${id} link added`);
  return reply(CHECKIN_REPLIES.linkAdded);
}
