import { dateTime, integer, text } from '../columns.js';
import { defineTab } from '../tab.js';

/**
 * The roles an event needs filled (README "Volunteers"): a row per role, typed by organizers. Volunteers and
 * Backups are Member IDs in order; Hearth writes them, and what an organizer types there is read as the truth.
 */
export const EventRolesTab = defineTab({
  name: 'Event roles',
  idKey: 'roleId',
  idPrefix: 'ER-',
  problemsKey: 'problems',
  columns: {
    roleId: text('Role ID', { owner: 'system' }),
    eventId: text('Event ID', { needed: true }),
    role: text('Role', { needed: true }),
    // The shift; blank: the event's own times.
    starts: dateTime('Starts', { headerRequired: true }),
    ends: dateTime('Ends', { headerRequired: true }),
    needed: integer('Needed', { needed: true, min: 1 }),
    volunteers: text('Volunteers', { owner: 'shared' }),
    backups: text('Backups', { owner: 'shared' }),
    // `Yes` (everyone in Volunteers did the shift) or the Member IDs who did.
    attended: text('Attended', { headerRequired: true }),
    problems: text('Problems', { owner: 'system' }),
  },
});
