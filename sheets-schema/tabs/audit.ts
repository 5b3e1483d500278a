import { dateTime, text } from '../columns.js';
import { defineTab } from '../tab.js';

/** Append-only. `Key` is the identity of the cause, so a re-delivered cause can be recognised. */
export const AuditTab = defineTab({
  name: 'Audit',
  columns: {
    when: dateTime('When', { owner: 'system' }),
    actor: text('Actor', { owner: 'system' }),
    action: text('Action', { owner: 'system' }),
    target: text('Target', { owner: 'system' }),
    details: text('Details', { owner: 'system' }),
    key: text('Key', { owner: 'system' }),
  },
});
