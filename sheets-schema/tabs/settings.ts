import { text } from '../columns.js';
import { defineTab } from '../tab.js';

export const SettingsTab = defineTab({
  name: 'Settings',
  idKey: 'setting',
  columns: {
    setting: text('Setting', { needed: true }),
    value: text('Value', { headerRequired: true }),
    notes: text('Notes'),
  },
});
