import { z } from 'zod';
import { MAX_EMAIL } from '../emails.js';
import {
  answer,
  answersOf,
  emailAnswer,
  type FormDefinition,
  field,
  listAnswer,
  optionalText,
  readYesNo,
  refuse,
  refuseAnswer,
  requiredText,
  yesNoAnswer,
} from './fields.js';

const AGREED_TITLE = 'I agree to the ground rules';

/** A Member ID as a member's invite link fills it in (`M-12`; any case, spaces around it). */
function readMemberId(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const digits = /^M\s*-\s*(\d{1,9})$/i.exec(text)?.[1];
  return digits === undefined
    ? refuseAnswer(text, 'is not a Member ID', 'it is filled in by a member’s invite link, like M-12.')
    : `M-${Number(digits)}`;
}

/** A ground-rules checkbox often reads "I agree" or "I accept …" rather than Yes. */
function readAgreed(text: string | undefined): true {
  if (text !== undefined && (readYesNo(text) === true || /^(i\s+)?(agree|accept)/i.test(text))) return true;
  const fix = `the ground rules must be accepted to join; answer Yes to "${AGREED_TITLE}".`;
  return text === undefined ? refuse(`There was no answer: ${fix}`) : refuseAnswer(text, 'is not Yes', fix);
}

export const JOIN_FIELDS = {
  name: field('Name', ['Full name', 'Your name'], requiredText(200, 'Missing: type your name.')),
  email: field(
    'Email',
    ['Email address', 'Your email', 'Your email address'],
    emailAnswer('Missing: type your email address.'),
  ),
  heardFrom: field(
    'How did you hear about us?',
    ['Heard about us', 'Heard from', 'Where did you hear about us?'],
    optionalText(500),
  ),
  interests: field(
    'Interests',
    ['Your interests', 'Topics', 'What are you interested in?'],
    listAnswer(30, 100),
    {
      list: true,
    },
  ),
  intros: field(
    'Introduce me to other members',
    ['Intros', 'Introduce me', 'Introductions'],
    yesNoAnswer({ default: false }),
  ),
  agreed: field(
    AGREED_TITLE,
    ['Ground rules', 'I agree', 'I accept the ground rules'],
    answer(200, readAgreed),
  ),
  // Optional, filled in by a member's invite link: a mistyped one is set aside, never the join.
  invitedBy: field(
    'Invited by',
    ['Invited by (Member ID)', 'Who invited you?', 'Invited by member', 'Referred by'],
    answer(50, readMemberId),
    { setAsideIfInvalid: 'the join is kept without it' },
  ),
};

export const joinAnswers = answersOf(JOIN_FIELDS);

/**
 * The answers once read, as the writer receives them (and checks them again). `typedEmail`: an email typed
 * that differs from the form's verified one, kept for organizers, never acted on.
 */
export const JoinAnswers = z.object({
  name: z.string().min(1).max(200),
  email: z.string().min(1).max(MAX_EMAIL),
  heardFrom: z.string().max(500).optional(),
  interests: z.array(z.string().max(100)).max(30),
  intros: z.boolean(),
  agreed: z.literal(true),
  typedEmail: z.string().max(MAX_EMAIL).optional(),
  /** The Member ID of who invited them (their invite link fills it in). */
  invitedBy: z.string().max(50).optional(),
});
export type JoinAnswers = z.infer<typeof JoinAnswers>;

export const joinForm = {
  fields: JOIN_FIELDS,
  answers: joinAnswers,
  emailKey: 'email',
  verifiedEmailWins: true,
  confidential: false,
} satisfies FormDefinition;
