import type { ApprovalMessageKind } from '../approvals/renderers.js';
import type { InvitationKind } from '../connections/invitations.js';
import type { MilestoneKind } from '../connections/milestones.js';
import type { ConnectionsKind } from '../connections/renderers.js';
import type { EventKind } from '../events/records.js';
import type { FeedbackKind } from '../feedback/decisions.js';
import type { LeaderKind } from '../leaders/kinds.js';
import type { ModerationKind } from '../moderation/decisions.js';
import type { OnboardingKind } from '../onboarding/renderers.js';
import type { PartnerKind } from '../partners/next-steps.js';
import type { QuestionKind } from '../presence/questions.js';
import type { QuietKind } from '../presence/quiet.js';
import type { CheckInKind } from '../projects/checkin-kinds.js';
import type { ProposalKind } from '../projects/records.js';
import type { ShiftKind } from '../volunteers/kinds.js';

/** A note to a channel or person: the row's About is its text. */
export const NOTE_KIND = 'note';
/** The edit that removes the buttons of a message that is out of date (see outdated.ts). */
export const OUTDATED_KIND = 'message.outdated';
export type OutboxKind = typeof NOTE_KIND | typeof OUTDATED_KIND;

/**
 * Every kind of Outbox row Hearth writes, one checked union: a new kind without a renderer in
 * workflows/renderers.ts does not compile.
 */
export type MessageKind =
  | OutboxKind
  | OnboardingKind
  | ApprovalMessageKind
  | EventKind
  | ModerationKind
  | ConnectionsKind
  | FeedbackKind
  | InvitationKind
  | MilestoneKind
  | QuietKind
  | QuestionKind
  | CheckInKind
  | PartnerKind
  | ProposalKind
  | ShiftKind
  | LeaderKind;
