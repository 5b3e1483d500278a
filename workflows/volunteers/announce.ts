import type { DateTime } from 'luxon';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import type { Event } from '../events/records.js';
import type { BlockMessage } from '../outbox/blocks.js';
import { helpButtons, helpButtonText } from './messages.js';
import { rolesOfEvent } from './roles-read.js';

/**
 * An event's announcement with its Help as … buttons (README "Volunteers", point 2), while it is Announced and
 * has not started: one per role whose shift is still ahead.
 */
export function withHelpButtons(
  built: BlockMessage,
  event: Event,
  snapshot: Snapshot,
  now: DateTime,
): BlockMessage {
  if (!event.eventId || event.status !== 'Announced' || event.starts <= now) return built;
  const roles = rolesOfEvent(snapshot, event.eventId).filter((role) => role.starts > now);
  if (roles.length === 0) return built;
  return {
    text: `${built.text} Volunteers wanted: ${roles.map(helpButtonText).join('; ')}.`,
    blocks: [...built.blocks, ...helpButtons(event.eventId, roles)],
  };
}
