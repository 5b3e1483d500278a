import { DateTime } from 'luxon';
import { append, type RecordOf, update } from '../../sheets-schema/changes.js';
import type { Settings } from '../../sheets-schema/settings.js';
import { isUserId } from '../../sheets-schema/slack-ids.js';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import { afterQuietHours } from '../events/reminder-times.js';
import type { InputOf } from '../inputs.js';
import { parsePermalink } from '../outbox/delivery.js';
import { emptyPlan, type Plan } from '../plan.js';
import { hasOutbox, planMessage } from '../records.js';
import { questionDeadlines } from './question-times.js';

/**
 * Unanswered questions (README "Presence", point 4): a question asked in a channel Hearth is in is a Questions
 * row; when its time is up and nobody but the asker has replied in its thread, the channel's owners are told,
 * then the leaders channel. Replies are learnt by reading the thread when a step is due (the writer's gather
 * step does it, and hands the answer in as a ThreadCheck), never from the events of a busy channel.
 */

export type Question = RecordOf<'Questions'>;

/** Outbox kinds of questions: To an owner's Slack ID or the leaders channel, About the Question ID. */
export const QUESTION_KINDS = { owner: 'question.owner', leaders: 'question.leaders' } as const;
export type QuestionKind = (typeof QUESTION_KINDS)[keyof typeof QUESTION_KINDS];

/** What a question's thread said when Hearth read it. */
export type ThreadCheck =
  /** The first reply by someone other than the asker, not a bot: who, and when. */
  | { replied: true; by: string; at: DateTime }
  /** Nobody yet. `asker`: who asked (known only from Slack, never written), so they are not asked to answer. */
  | { replied: false; asker?: string }
  /** The question was deleted. */
  | { gone: true };

/** What the writer's gather step learnt from Slack for a batch's questions. */
export interface QuestionFacts {
  /** By messageKey: the channel's name and the message's link, for a new question. */
  messages: ReadonlyMap<string, { channelName?: string; permalink?: string }>;
  /** By Question ID: the thread of a question whose step is due, read for that step. */
  threads: ReadonlyMap<string, ThreadCheck>;
}

/** A step of the ladder: tell the owners, tell the leaders channel, or give up. */
export type QuestionStep = 'owner' | 'leaders' | 'give-up';

/** A Waiting question whose step is due: its thread is to be read (once) before the step is taken. */
export interface DueCheck {
  questionId: string;
  channel: string;
  ts: string;
  step: QuestionStep;
}

/** How a message is known across the door, the gather step and the sheet. */
export const messageKey = (channel: string, ts: string) => `${channel}/${ts}`;

/** Where a question is in Slack: from its Permalink, the one cell that holds the message's channel and ts. */
export function questionMessage(question: Question): { channel: string; ts: string } | undefined {
  return parsePermalink(question.permalink ?? '');
}

/** The Questions row of this message, if it was recorded. */
export function questionOf(snapshot: Snapshot, channel: string, ts: string): Question | undefined {
  return snapshot.table('Questions').rows.find(({ values }) => {
    const message = questionMessage(values);
    return message?.channel === channel && message.ts === ts;
  })?.values;
}

/** Whether a message is in the leaders channel, which Settings names by `#name` or ID. */
export function inLeadersChannel(settings: Settings, channel: string, name: string | undefined): boolean {
  const leaders = settings.leadersChannel.trim();
  if (leaders === channel) return true;
  return !!name && leaders.replace(/^#/, '').toLowerCase() === name.toLowerCase();
}

/**
 * The new questions of a batch that Slack must be asked about (their channel's name, their link): not in the
 * leaders channel when Settings names it by ID, not recorded yet, and only while questions are on.
 */
export function questionsToLookUp(
  snapshot: Snapshot,
  asked: readonly InputOf<'question_asked'>[],
): { channel: string; ts: string }[] {
  if (snapshot.settings.answerWithinHours <= 0) return [];
  return asked
    .filter((q) => !inLeadersChannel(snapshot.settings, q.channel, undefined))
    .filter((q) => !questionOf(snapshot, q.channel, q.ts))
    .map(({ channel, ts }) => ({ channel, ts }));
}

/**
 * A question asked: a Questions row, Waiting. Not in the leaders channel (leaders talk among themselves there),
 * not twice for one message, and not while Answer within hours is 0.
 */
export function planQuestionAsked(work: InputOf<'question_asked'>, snapshot: Snapshot): Plan {
  const plan = emptyPlan();
  const { settings } = snapshot;
  if (settings.answerWithinHours <= 0) {
    plan.notes.push(`${work.identity}: not recorded, Answer within hours is 0`);
    return plan;
  }
  if (inLeadersChannel(settings, work.channel, work.channelName)) {
    plan.notes.push(`${work.identity}: in the leaders channel, not recorded`);
    return plan;
  }
  const known = questionOf(snapshot, work.channel, work.ts);
  if (known) {
    plan.notes.push(`${work.identity}: already ${known.questionId}`);
    return plan;
  }
  const questionId = snapshot.nextId('Questions');
  plan.changes.push(
    append('Questions', {
      questionId,
      channel: work.channelName ? `#${work.channelName}` : work.channel,
      permalink: work.permalink ?? fallbackPermalink(work.channel, work.ts),
      asked: DateTime.fromISO(work.askedAt, { setZone: true }),
      status: 'Waiting',
    }),
  );
  plan.notes.push(`${work.identity}: ${questionId} waits for an answer`);
  return plan;
}

/**
 * A link to the message when Slack gave none (chat.getPermalink failed): without the workspace's address, but
 * it keeps the channel and ts, which is what the ladder reads the thread by.
 */
function fallbackPermalink(channel: string, ts: string): string {
  return `https://slack.com/archives/${channel}/p${ts.replace('.', '')}`;
}

/** The step due for a Waiting question at `now`, if any. With Answer within hours 0 nothing is due. */
export function stepDue(question: Question, snapshot: Snapshot, now: DateTime): QuestionStep | undefined {
  const { answerWithinHours: hours, quietHours } = snapshot.settings;
  if (question.status !== 'Waiting' || !question.asked || hours <= 0) return undefined;
  const deadlines = questionDeadlines(question.asked, hours, snapshot.timeZone, quietHours);
  const level = question.level ?? 0;
  if (now >= deadlines.giveUp) return 'give-up';
  // After a long pause (the writer down) both may be due: the higher step only, as the incident ladder does.
  if (level < 2 && now >= deadlines.leaders) return 'leaders';
  if (level < 1 && now >= deadlines.owner) return 'owner';
  return undefined;
}

/** Every Waiting question whose step is due, the longest waiting first: whose thread to read now. */
export function dueQuestionChecks(snapshot: Snapshot, now: DateTime): DueCheck[] {
  const due: (DueCheck & { asked: number })[] = [];
  for (const { values: question } of snapshot.table('Questions').rows) {
    const message = questionMessage(question);
    const step = stepDue(question, snapshot, now);
    if (!question.questionId || !message || !step) continue;
    due.push({ questionId: question.questionId, ...message, step, asked: question.asked?.toMillis() ?? 0 });
  }
  return due.sort((a, b) => a.asked - b.asked).map(({ asked: _, ...check }) => check);
}

/** The Active leaders whose `Channels` names the question's channel, by `#name` or ID. */
export function channelOwners(snapshot: Snapshot, question: Question): string[] {
  const id = questionMessage(question)?.channel;
  const cell = question.channel?.trim() ?? '';
  const name = cell.startsWith('#') ? cell.slice(1).toLowerCase() : undefined;
  const names = (entry: string) => entry === id || (!!name && entry.replace(/^#/, '').toLowerCase() === name);
  return snapshot
    .table('Leaders')
    .rows.map(({ values }) => values)
    .filter((l) => l.active === true && isUserId(l.slackId))
    .filter((l) => (l.channels ?? '').split(/[,\s]+/).some(names))
    .map((l) => l.slackId);
}

/**
 * The tick's step: each Waiting question whose step is due and whose thread was read for it. A reply (not the
 * asker's, not a bot's) ends it Answered, with when and by whom; a deleted question ends Deleted; otherwise the
 * step is taken: the owners by DM (the leaders channel at once when the channel has none), then the leaders
 * channel, then Unanswered. Each message once (its Outbox key), each due outside quiet hours.
 */
export function planQuestionLadder(
  snapshot: Snapshot,
  now: DateTime,
  threads: ReadonlyMap<string, ThreadCheck>,
): Plan {
  const plan = emptyPlan();
  const questions = snapshot.table('Questions');
  for (const due of dueQuestionChecks(snapshot, now)) {
    const check = threads.get(due.questionId);
    const question = questions.byId(due.questionId)?.values;
    if (!check || !question) continue; // not read (Slack failed): the next tick reads it
    const id = due.questionId;
    if ('gone' in check) {
      plan.changes.push(update('Questions', id, { status: 'Deleted' }));
      plan.notes.push(`${id}: deleted in Slack`);
    } else if (check.replied) {
      plan.changes.push(update('Questions', id, answered(question, check)));
      plan.notes.push(`${id}: answered`);
    } else if (due.step === 'give-up') {
      plan.changes.push(update('Questions', id, { status: 'Unanswered' }));
      plan.notes.push(`${id}: unanswered after a week`);
    } else {
      const owners = due.step === 'owner' ? channelOwners(snapshot, question) : [];
      const told = owners.filter((owner) => owner !== check.asker);
      const level = told.length > 0 ? 1 : 2;
      plan.changes.push(update('Questions', id, { level }));
      const to = told.length > 0 ? told : [snapshot.settings.leadersChannel];
      for (const recipient of to) tell(plan, snapshot, now, id, level, recipient);
      plan.notes.push(
        `${id}: no reply yet, ${level === 1 ? `${told.length} owner(s)` : 'the leaders channel'} told`,
      );
    }
  }
  return plan;
}

function answered(question: Question, reply: { by: string; at: DateTime }) {
  const minutes = question.asked ? reply.at.diff(question.asked, 'minutes').minutes : 0;
  return {
    status: 'Answered' as const,
    firstReply: reply.at,
    minutesToFirstReply: Math.max(0, Math.round(minutes)),
    answeredBy: reply.by,
  };
}

/** One message of a step, keyed by the question, the level and who it is for: sent once. */
function tell(plan: Plan, snapshot: Snapshot, now: DateTime, id: string, level: 1 | 2, to: string): void {
  const kind = level === 1 ? QUESTION_KINDS.owner : QUESTION_KINDS.leaders;
  const due = afterQuietHours(now, snapshot.timeZone, snapshot.settings.quietHours);
  const key = `question:${id}:${level}:${to}`;
  if (hasOutbox(snapshot, key)) return;
  const message = planMessage(key, { kind, to, about: id, due });
  plan.changes.push(message.change);
  if (due <= now) plan.send.push(message.id);
}
