import type { Snapshot } from '../../sheets-schema/snapshot.js';
import { formatDateTime } from '../outbox/blocks.js';
import { type Delivery, post, type Renderer, skip } from '../outbox/delivery.js';
import type { OutboxRow } from '../records.js';
import { questionLeadersMessage, questionOwnerMessage } from './question-messages.js';
import { channelOwners, QUESTION_KINDS, type Question, type QuestionKind } from './questions.js';

/** The question a row is about, still waiting for a reply; else why the message is not sent. */
function waitingQuestion(row: OutboxRow, snapshot: Snapshot): { question: Question } | { not: Delivery } {
  if (!row.to) return { not: skip('nobody to tell') };
  const question = snapshot.table('Questions').byId(row.about ?? '')?.values;
  if (!question?.questionId) return { not: skip(`no question ${row.about ?? ''}`) };
  if (question.status !== 'Waiting')
    return { not: skip(`${question.questionId} is ${question.status ?? 'blank'} now`) };
  return { question };
}

/** What both messages show of it: where, how long it waited until the message was planned, when asked. */
function nudgeOf(question: Question, row: OutboxRow, snapshot: Snapshot) {
  const asked = question.asked;
  return {
    channel: question.channel ?? '',
    permalink: question.permalink ?? '',
    waitedMinutes: asked && row.due ? row.due.diff(asked, 'minutes').minutes : 0,
    asked: asked ? formatDateTime(asked, snapshot.timeZone) : 'at an unknown time',
  };
}

export const QUESTION_RENDERERS: Record<QuestionKind, Renderer> = {
  // To: a leader's Slack ID; About: the Question ID. Skipped once it is answered (or its Status set by hand).
  [QUESTION_KINDS.owner]: (row, snapshot) => {
    const found = waitingQuestion(row, snapshot);
    if ('not' in found) return found.not;
    const { question } = found;
    const { answerWithinHours } = snapshot.settings;
    return post(
      row.to ?? '',
      questionOwnerMessage({ ...nudgeOf(question, row, snapshot), answerWithinHours }),
    );
  },

  // To: the leaders channel; About: the Question ID.
  [QUESTION_KINDS.leaders]: (row, snapshot) => {
    const found = waitingQuestion(row, snapshot);
    if ('not' in found) return found.not;
    const { question } = found;
    const owned = channelOwners(snapshot, question).length > 0;
    return post(row.to ?? '', questionLeadersMessage({ ...nudgeOf(question, row, snapshot), owned }));
  },
};
