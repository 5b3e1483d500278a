import type { DateTime } from 'luxon';
import { withChanges } from '../../sheets-schema/overlay.js';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import type { RsvpInput } from '../events/rsvps.js';
import { mergePlans, type Plan } from '../plan.js';
import { planShiftCant, planShiftHelp, planShiftsOfDecliner, type ShiftClick } from './shifts.js';
import { planShiftSwap, planShiftTake } from './swaps.js';

/** Which workflow decides a shift button. */
export function planShiftClick(click: ShiftClick, snapshot: Snapshot, now: DateTime): Plan {
  switch (click.action) {
    case 'help':
      return planShiftHelp(click, snapshot, now);
    case 'cant':
      return planShiftCant(click, snapshot, now);
    case 'swap':
      return planShiftSwap(click, snapshot, now);
    case 'take':
      return planShiftTake(click, snapshot, now);
  }
}

/** An RSVP, and then, when it was a Can't go that was taken, the member's shifts of that event dropped. */
export function withShiftsOfDecliner(plan: Plan, rsvp: RsvpInput, snapshot: Snapshot, now: DateTime): Plan {
  const answered = plan.changes.some((c) => c.tab === 'RSVPs');
  if (rsvp.response !== 'No' || !answered) return plan;
  // A form's Event answer may be a dropdown label ending in the ID, like `Winter meetup (EV-12)`.
  const eventId = /(EV-\d+)\)?\s*$/i.exec(rsvp.eventId)?.[1]?.toUpperCase() ?? rsvp.eventId;
  return mergePlans([
    plan,
    planShiftsOfDecliner({ ...rsvp, eventId }, withChanges(snapshot, plan.changes), now),
  ]);
}
