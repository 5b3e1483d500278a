import { dateTime, integer, text } from '../columns.js';
import { defineTab } from '../tab.js';

/**
 * The leaders' monthly check-ins, for the organizers who see the sheet: the words stay here, never in Slack,
 * the Outbox, Audit or a log. Append-only, like Audit.
 */
export const LeaderCheckInsTab = defineTab({
  name: 'Leader check-ins',
  columns: {
    when: dateTime('When', { owner: 'system' }),
    leader: text('Leader', { owner: 'system' }),
    energy: integer('Energy', { owner: 'system', min: 1 }),
    how: text('How', { owner: 'system' }),
    needs: text('Needs', { owner: 'system' }),
  },
});
