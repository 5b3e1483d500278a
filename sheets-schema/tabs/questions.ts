import { dateTime, integer, oneOf, text } from '../columns.js';
import { defineTab } from '../tab.js';

/** Deleted: the question was deleted in Slack before anyone answered it, so nobody is asked about it. */
export const QUESTION_STATUSES = ['Waiting', 'Answered', 'Unanswered', 'Deleted'] as const;
export type QuestionStatus = (typeof QUESTION_STATUSES)[number];

/**
 * Questions asked in channels Hearth is in, and how long they waited for a first reply. Never the text, nor
 * who asked: the permalink leads to the message for those who may see it.
 */
export const QuestionsTab = defineTab({
  name: 'Questions',
  idKey: 'questionId',
  idPrefix: 'Q-',
  columns: {
    questionId: text('Question ID', { owner: 'system' }),
    // `#name` when Slack told it, else the channel's ID.
    channel: text('Channel', { owner: 'system', needed: true }),
    permalink: text('Permalink', { owner: 'system' }),
    asked: dateTime('Asked', { owner: 'system', needed: true }),
    // Organizers may set Answered (answered elsewhere) to stop the reminders.
    status: oneOf('Status', QUESTION_STATUSES, { owner: 'shared' }),
    // 1: the channel's owner was told; 2: the leaders channel too.
    level: integer('Level', { owner: 'system', min: 1 }),
    firstReply: dateTime('First reply', { owner: 'system' }),
    minutesToFirstReply: integer('Minutes to first reply', { owner: 'system' }),
    // The Slack ID of whoever replied first (it counts for their engagement).
    answeredBy: text('Answered by', { owner: 'system' }),
  },
});
