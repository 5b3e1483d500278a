/**
 * Inputs as the doors build them, for tests that hand work straight to a workflow or the writer. Clicks and
 * modal submissions go through the same mapping the Slack door uses (workflows/slack-inputs.ts).
 */
import type { JoinAnswers, ReportAnswers, RsvpAnswers } from '../../sheets-schema/forms/index.js';
import type { InputOf, Work } from '../../workflows/inputs.js';
import {
  type ButtonClick,
  type CallbackId,
  clickInput,
  type Submission,
  submissionInput,
} from '../../workflows/slack-inputs.js';

interface Envelope {
  identity: string;
  submittedAt: string;
  respondentEmail?: string;
}

/** A join form answer; the ground rules agreed, no interests and no intros unless given. */
export function joinInput(
  envelope: Envelope,
  answers: Pick<JoinAnswers, 'name' | 'email'> & Partial<JoinAnswers>,
): InputOf<'join_form'> {
  // An answer left out is the form's default, as the form's reading gives it.
  const given = Object.fromEntries(
    Object.entries(answers).filter(([, value]) => value !== undefined),
  ) as typeof answers;
  return {
    kind: 'join_form',
    ...envelope,
    answers: { interests: [], intros: false, agreed: true, ...given } as JoinAnswers,
  };
}

export function rsvpInput(envelope: Envelope, answers: RsvpAnswers): InputOf<'rsvp_form'> {
  return { kind: 'rsvp_form', ...envelope, answers };
}

export function reportInput(envelope: Envelope, answers: ReportAnswers): InputOf<'report_form'> {
  return { kind: 'report_form', ...envelope, answers };
}

/** A button's click as the Slack door hands it over; Resolve, Dismiss and Tell the organizers… open a modal instead. */
export function clickOf(click: ButtonClick): Work {
  const input = clickInput(click);
  if ('asksReason' in input || 'asksFeedback' in input || 'asksDeclineReason' in input)
    throw new Error(`${click.actionId} opens a modal: use submittedModal`);
  return input;
}

/** A modal's submission as the Slack door hands it over. */
export function submittedModal(callbackId: CallbackId, submission: Submission): Work {
  return submissionInput(callbackId, submission);
}
