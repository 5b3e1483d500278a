import { dateTime, integer, oneOf, text } from '../columns.js';
import { defineTab } from '../tab.js';

export const APPROVAL_STATUSES = ['Pending', 'Approved', 'Declined', 'Expired'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

export const ApprovalsTab = defineTab({
  name: 'Approvals',
  idKey: 'approvalId',
  idPrefix: 'AP-',
  columns: {
    approvalId: text('Approval ID', { owner: 'system' }),
    kind: text('Kind', { owner: 'system', needed: true }),
    subject: text('Subject', { owner: 'system' }),
    summary: text('Summary', { owner: 'system' }),
    requested: dateTime('Requested', { owner: 'system' }),
    status: oneOf('Status', APPROVAL_STATUSES, { owner: 'system', needed: true }),
    needed: integer('Needed', { owner: 'system', min: 1 }),
    approvedBy: text('Approved by', { owner: 'system' }),
    declinedBy: text('Declined by', { owner: 'system' }),
    decided: dateTime('Decided', { owner: 'system' }),
    expires: dateTime('Expires', { owner: 'system' }),
    slackMessage: text('Slack message', { owner: 'system' }),
  },
});
