import { dateTime, oneOf, text } from '../columns.js';
import { defineTab } from '../tab.js';

export const INTRO_OUTCOMES = ['Yes', 'No', 'Skipped'] as const;
export type IntroOutcome = (typeof INTRO_OUTCOMES)[number];

/**
 * One row per group introduced in a round: the history, and the memory of who met whom (no pair meets again
 * within Settings → No repeat intros for days). Organizers may edit or delete rows.
 */
export const IntrosTab = defineTab({
  name: 'Intros',
  idKey: 'introId',
  idPrefix: 'IR-',
  columns: {
    introId: text('Intro ID', { owner: 'system' }),
    // The round's local date, e.g. 2026-12-07: every group of one round has the same.
    round: text('Round', { owner: 'system', needed: true }),
    // Member IDs, comma-separated.
    members: text('Members', { owner: 'shared', needed: true }),
    sharedInterests: text('Shared interests', { owner: 'system' }),
    sent: dateTime('Sent', { owner: 'system' }),
    met: oneOf('Met', INTRO_OUTCOMES, { owner: 'shared' }),
    // The Member IDs of those who answered the check-in.
    checkedIn: text('Checked in', { owner: 'system' }),
  },
});
