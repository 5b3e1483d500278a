import type { Snapshot } from '../../sheets-schema/snapshot.js';
import { type Delivery, personAt, post, type Renderer, skip } from '../outbox/delivery.js';
import { type OutboxRow, outboxIdFor } from '../records.js';
import { CHECKIN_KINDS, type CheckInKind } from './checkin-kinds.js';
import {
  ANSWER_WORDS,
  type CheckInAnswer,
  checkInAnswered,
  checkInMessage,
  closedMessage,
  helpPost,
  linkAskMessage,
  showcasePost,
} from './checkin-messages.js';
import { PAUSED_DAYS_AT_MOST } from './checkins.js';
import { showcaseKey } from './showcase.js';
import { championOf, type Project, partnerOf, projectById, teamOf } from './team.js';

const projectOfRow = (row: OutboxRow, snapshot: Snapshot) =>
  projectById(snapshot, (row.about ?? '').split(' ')[0]);

/** A DM to the champion as they are when it is sent (a new champion gets it, not the old one). */
function toChampion(
  row: OutboxRow,
  snapshot: Snapshot,
  build: (project: Project) => { text: string; blocks: Record<string, unknown>[] },
) {
  const project = projectOfRow(row, snapshot);
  if (!project?.projectId) return skip(`no project ${row.about ?? ''} in the Projects tab any more`);
  const champion = championOf(snapshot, project);
  const to = champion?.memberId ? personAt(`member:${champion.memberId}`, snapshot) : undefined;
  if (!to) return skip(`${project.projectId} has no champion Hearth knows`);
  return post(to, build(project));
}

function showcaseOf(snapshot: Snapshot, project: Project) {
  const champion = championOf(snapshot, project);
  const partner = partnerOf(snapshot, project);
  return showcasePost({
    title: project.title,
    summary: project.summary ?? '',
    ...(champion
      ? {
          champion: {
            name: champion.name || champion.memberId || '',
            ...(champion.slackId ? { slackId: champion.slackId } : {}),
          },
        }
      : {}),
    team: teamOf(snapshot, project.projectId as string),
    ...(partner ? { partner } : {}),
    ...(project.link ? { link: project.link } : {}),
  });
}

export const CHECKIN_RENDERERS: Record<CheckInKind, Renderer> = {
  // Sent only while the project is still Active: answered by hand meanwhile (Paused, Done), it is not asked.
  [CHECKIN_KINDS.checkin]: (row, snapshot) => {
    const status = projectOfRow(row, snapshot)?.status;
    if (status && status !== 'Active') return skip(`the project is ${status} now`);
    return toChampion(row, snapshot, (project) =>
      checkInMessage({
        projectId: project.projectId as string,
        title: project.title,
        everyDays: snapshot.settings.projectCheckInDays,
        missed: project.missedCheckIns ?? 0,
      }),
    );
  },

  [CHECKIN_KINDS.answered]: (row, snapshot) => {
    const [ts = '', projectId = '', answer = ''] = (row.about ?? '').split(' ');
    if (!row.to || !/^\d{10}\.\d{6}$/.test(ts)) return skip('no message to edit');
    if (!(answer in ANSWER_WORDS)) return skip(`not an answer: ${answer}`);
    const title = projectById(snapshot, projectId)?.title ?? projectId;
    return {
      kind: 'update',
      permalink: `https://slack.com/archives/${row.to}/p${ts.replace('.', '')}`,
      message: checkInAnswered({ title, answer: answer as CheckInAnswer | 'help' }),
    };
  },

  // Put on record as Sent at the time; set to Scheduled again, there is nothing to send.
  [CHECKIN_KINDS.reply]: () => skip('a reply only the person who clicked saw, at the time: not sent again'),
  // The words ride in About until sent (`P-1 words`), then only the Project ID stays.
  [CHECKIN_KINDS.help]: (row, snapshot) => {
    const [projectId = '', ...words] = (row.about ?? '').split(' ');
    const project = projectById(snapshot, projectId);
    if (!project || !row.to) return skip(`no project ${projectId}`);
    const champion = championOf(snapshot, project);
    const message = helpPost({
      title: project.title,
      champion: { name: champion?.name ?? '', ...(champion?.slackId ? { slackId: champion.slackId } : {}) },
      words: words.join(' '),
    });
    return { ...post(row.to, message), aboutOnceSent: projectId } as Delivery;
  },

  [CHECKIN_KINDS.closed]: (row, snapshot) =>
    toChampion(row, snapshot, (project) =>
      closedMessage({ title: project.title, days: PAUSED_DAYS_AT_MOST }),
    ),

  [CHECKIN_KINDS.showcase]: (row, snapshot) => {
    const project = projectOfRow(row, snapshot);
    if (!project?.projectId || !row.to)
      return skip(`no project ${row.about ?? ''} in the Projects tab any more`);
    if (project.status !== 'Done') return skip(`${project.projectId} is ${project.status} now`);
    return post(row.to, showcaseOf(snapshot, project));
  },

  // The showcase as posted (its Outbox row's link), drawn again from the sheet.
  [CHECKIN_KINDS.showcaseUpdate]: (row, snapshot) => {
    const project = projectOfRow(row, snapshot);
    if (!project?.projectId) return skip(`no project ${row.about ?? ''} in the Projects tab any more`);
    const posted = snapshot.table('Outbox').byId(outboxIdFor(showcaseKey(project.projectId)))?.values;
    if (!posted?.slackMessage) return skip('the showcase is not posted yet: it shows the link when it is');
    return { kind: 'update', permalink: posted.slackMessage, message: showcaseOf(snapshot, project) };
  },

  [CHECKIN_KINDS.link]: (row, snapshot) =>
    toChampion(row, snapshot, (project) =>
      linkAskMessage({ projectId: project.projectId as string, title: project.title }),
    ),
};
