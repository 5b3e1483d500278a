import { dateTime, oneOf, text } from '../columns.js';
import { defineTab } from '../tab.js';

export const PARTNER_KINDS = ['Sponsor', 'Venue', 'Community', 'Company', 'Non-profit'] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];
export const PARTNER_STAGES = ['Idea', 'Contacted', 'Agreed', 'Active', 'Ended'] as const;
export type PartnerStage = (typeof PARTNER_STAGES)[number];

/** The organizers' list of partners and sponsors; Hearth reminds owners of next steps and moves Last sponsored. */
export const PartnersTab = defineTab({
  name: 'Partners',
  idKey: 'partnerId',
  idPrefix: 'PA-',
  problemsKey: 'problems',
  columns: {
    partnerId: text('Partner ID', { owner: 'system' }),
    name: text('Name', { needed: true }),
    kind: oneOf('Kind', PARTNER_KINDS),
    contact: text('Contact'),
    // A leader: their Slack ID, a mention of it, or their name in Leaders.
    owner: text('Owner'),
    stage: oneOf('Stage', PARTNER_STAGES),
    nextStep: text('Next step'),
    nextStepOn: dateTime('Next step on'),
    lastSponsored: dateTime('Last sponsored', { owner: 'shared' }),
    notes: text('Notes'),
    problems: text('Problems', { owner: 'system' }),
  },
});
