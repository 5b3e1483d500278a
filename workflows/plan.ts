import type { Change } from '../sheets-schema/changes.js';

/** A Slack message a plan wants sent; structurally the Chat port's message. */
export interface Message {
  /** `#name`, a channel ID, or a user ID for a direct message. */
  channel: string;
  /** Readable on its own: it is the notification text and the fallback for blocks. */
  text: string;
  blocks?: readonly Record<string, unknown>[];
  /** A reply in the thread of this message (its ts), in `channel`. */
  threadTs?: string;
}

/** What a workflow decides. Applying it is the writer's job: one sheet write, then the Slack calls. */
export interface Plan {
  /** Sheet changes, written together with every other plan of the batch. */
  changes: Change[];
  /**
   * Outbox rows (by Message ID) to deliver right after the write, rendered then from the sheet as written.
   * Should the process die first, the next tick finds them still Scheduled and sends them then.
   */
  send: string[];
  /** Replies that only one person sees (a refusal): nothing to record, sent after the write. */
  ephemerals: { channel: string; user: string; text: string }[];
  /** Modals to redraw (views.update), e.g. the report modal once the group's ground rules are read. */
  views: { viewId: string; view: Record<string, unknown> }[];
  /** People (Slack IDs) who opened their App Home: it is published for them after the write. */
  homes: string[];
  /** One line per decision, for the logs and for DRY_RUN. */
  notes: string[];
}

export function emptyPlan(): Plan {
  return { changes: [], send: [], ephemerals: [], views: [], homes: [], notes: [] };
}

export function mergePlans(plans: readonly Plan[]): Plan {
  const merged = emptyPlan();
  for (const plan of plans) {
    merged.changes.push(...plan.changes);
    merged.send.push(...plan.send);
    merged.ephemerals.push(...plan.ephemerals);
    merged.views.push(...plan.views);
    merged.homes.push(...plan.homes);
    merged.notes.push(...plan.notes);
  }
  return merged;
}

/**
 * A short, stable digest of a cause's identity (cyrb53), so an ID derived from it is the same on every
 * delivery. Pure: workflows do no I/O, not even node:crypto.
 */
export function stableDigest(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36).padStart(11, '0');
}
