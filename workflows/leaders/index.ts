/** The leader team's registrations (README "The leader team"), kept together so the shared registries stay short. */
import type { DateTime } from 'luxon';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import type { ApprovalKinds } from '../approvals/decisions.js';
import type { InputOf } from '../inputs.js';
import type { Plan } from '../plan.js';
import type { DailyPart } from '../presence/daily.js';
import { planLeaderCheckIns, planLeaderCheckInView } from './checkins.js';
import { planLeaderIntros } from './intros.js';
import { SUCCESSION } from './kinds.js';
import { planLeaderLoad } from './load-tab.js';
import { planQuietLeaders } from './quiet.js';
import { planSuccessorView, SUCCESSION_KIND } from './succession.js';
import { planStay, planTerms } from './terms.js';

/** The daily step's parts of the leader team, in order. */
export const LEADER_DAILY_PARTS: readonly DailyPart[] = [
  planLeaderLoad,
  planQuietLeaders,
  planTerms,
  planLeaderCheckIns,
  planLeaderIntros,
];

export const LEADER_APPROVAL_KINDS: ApprovalKinds = { [SUCCESSION]: SUCCESSION_KIND };

type LeaderInput = 'leader_stay' | 'leader_successor_view' | 'leader_checkin_view';
/** Which workflow decides each of the leader team's inputs. */
export const LEADER_WORK: {
  [K in LeaderInput]: (work: InputOf<K>, snapshot: Snapshot, now: DateTime) => Plan;
} = {
  leader_stay: planStay,
  leader_successor_view: planSuccessorView,
  leader_checkin_view: planLeaderCheckInView,
};
