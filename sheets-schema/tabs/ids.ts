import { dateTime, text } from '../columns.js';
import { defineTab } from '../tab.js';

/**
 * Hearth's own bookkeeping, hidden: the last ID given for each kind of row. Written in the same change set as
 * the rows it counts, so deleting the last row of a tab never lets its ID be given again; kept beside a copy
 * outside the sheet (the ID ledger), so a restored older copy of the sheet is noticed.
 */
export const IdsTab = defineTab({
  name: 'IDs',
  idKey: 'kind',
  columns: {
    kind: text('Kind', { owner: 'system' }),
    lastId: text('Last ID', { owner: 'system' }),
    updated: dateTime('Updated', { owner: 'system' }),
  },
});
