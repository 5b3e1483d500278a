/** The leader team's registrations (README "The leader team"), kept together so the shared registries stay short. */
import type { DailyPart } from '../presence/daily.js';
import { planLeaderLoad } from './load-tab.js';

/** The daily step's parts of the leader team, in order. */
export const LEADER_DAILY_PARTS: readonly DailyPart[] = [planLeaderLoad];
