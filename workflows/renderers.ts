import type { Snapshot } from '../sheets-schema/snapshot.js';
import { APPROVAL_RENDERERS } from './approvals/renderers.js';
import { INVITATION_RENDERERS } from './connections/invitation-renderers.js';
import { MILESTONE_RENDERERS } from './connections/milestone-renderers.js';
import { CONNECTIONS_RENDERERS } from './connections/renderers.js';
import { EVENT_RENDERERS } from './events/renderers.js';
import { FEEDBACK_RENDERERS } from './feedback/renderers.js';
import { LEADER_RENDERERS } from './leaders/renderers.js';
import { MODERATION_RENDERERS } from './moderation/renderers.js';
import { ONBOARDING_RENDERERS } from './onboarding/renderers.js';
import { type Delivery, type Renderer, skip } from './outbox/delivery.js';
import type { MessageKind } from './outbox/kinds.js';
import { OUTBOX_RENDERERS } from './outbox/renderers.js';
import { PARTNER_RENDERERS } from './partners/renderers.js';
import { QUESTION_RENDERERS } from './presence/question-renderers.js';
import { QUIET_RENDERERS } from './presence/quiet-renderers.js';
import { CHECKIN_RENDERERS } from './projects/checkin-renderers.js';
import { PROPOSAL_RENDERERS } from './projects/proposal-renderers.js';
import type { OutboxRow } from './records.js';
import { SHIFT_RENDERERS } from './volunteers/renderers.js';

/** How each kind of Outbox row becomes a Slack message, rendered from the sheet as it is when sent. */
export const RENDERERS: Record<MessageKind, Renderer> = {
  ...OUTBOX_RENDERERS,
  ...ONBOARDING_RENDERERS,
  ...APPROVAL_RENDERERS,
  ...EVENT_RENDERERS,
  ...MODERATION_RENDERERS,
  ...CONNECTIONS_RENDERERS,
  ...FEEDBACK_RENDERERS,
  ...INVITATION_RENDERERS,
  ...MILESTONE_RENDERERS,
  ...QUIET_RENDERERS,
  ...QUESTION_RENDERERS,
  ...CHECKIN_RENDERERS,
  ...PARTNER_RENDERERS,
  ...PROPOSAL_RENDERERS,
  ...SHIFT_RENDERERS,
  ...LEADER_RENDERERS,
};

/** A kind typed by hand in the sheet may be anything: one Hearth has no renderer for is Skipped, with why. */
export function renderOutbox(row: OutboxRow, snapshot: Snapshot): Delivery {
  const render = Object.hasOwn(RENDERERS, row.kind) ? RENDERERS[row.kind as MessageKind] : undefined;
  return render ? render(row, snapshot) : skip(`Hearth has no message kind "${row.kind}"`);
}
