import { z } from 'zod';
import { MAX_EMAIL } from '../emails.js';
import { answersOf, emailAnswer, type FormDefinition, field, optionalText, requiredText } from './fields.js';

/**
 * The "Propose a project" form (README "Projects and partnerships", point 1). The proposer's email says who
 * proposes (an Active member, or the proposal is put on record and nothing is made); the champion is the
 * proposer when left empty.
 */
export const PROJECT_FIELDS = {
  title: field(
    'Project title',
    ['Title', 'Project', 'Project name'],
    requiredText(200, 'Missing: give the project a title.'),
  ),
  whatAndWhy: field(
    'What and why',
    ['What', 'Why', 'What and why?', 'Description'],
    requiredText(3000, 'Missing: say what the project is and why.'),
  ),
  forWhom: field('Who is it for?', ['Who is it for', 'For whom', 'Audience'], optionalText(1000)),
  // A Partner ID or a partner's name; the Partners tab is the organizers', so it is kept as typed.
  partner: field('Partner', ['Partner (optional)', 'Partner ID'], optionalText(200)),
  champion: field('Champion', ['Champion (email)', 'Champion email', 'Who will lead it?'], emailAnswer(), {
    setAsideIfInvalid: 'the proposer is the champion',
  }),
  rolesNeeded: field('Roles needed', ['Roles', 'Who do you need?'], optionalText(500)),
  timeNeeded: field('Time it needs', ['Time', 'Time needed', 'How long?'], optionalText(500)),
  email: field(
    'Email',
    ['Email address', 'Your email', 'Your email address'],
    emailAnswer('Missing: type your email address.'),
  ),
};

export const projectAnswers = answersOf(PROJECT_FIELDS);

/** The answers once read, as the writer receives them. `typedEmail`: as the join form's. */
export const ProjectAnswers = z.object({
  title: z.string().min(1).max(200),
  whatAndWhy: z.string().min(1).max(3000),
  forWhom: z.string().max(1000).optional(),
  partner: z.string().max(200).optional(),
  champion: z.string().max(MAX_EMAIL).optional(),
  rolesNeeded: z.string().max(500).optional(),
  timeNeeded: z.string().max(500).optional(),
  email: z.string().min(1).max(MAX_EMAIL),
  typedEmail: z.string().max(MAX_EMAIL).optional(),
});
export type ProjectAnswers = z.infer<typeof ProjectAnswers>;

export const projectForm = {
  fields: PROJECT_FIELDS,
  answers: projectAnswers,
  emailKey: 'email',
  // Who proposes decides whether it is made: a verified email is the one believed.
  verifiedEmailWins: true,
  confidential: false,
} satisfies FormDefinition;
