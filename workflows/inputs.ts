import type { FormWork } from '../sheets-schema/forms/index.js';

export type { FormWork };

/**
 * Inputs a door hands to the writer: small, JSON-serialisable, and carrying its identity, so that a cause
 * delivered twice (a relay retry, a Slack re-send, a task re-delivered) is recognised and has one effect.
 */
export type Work = FormWork | SlackWork;

export interface SlackWork {
  kind: 'slack';
  /** `slack:event:<event_id>`, `slack:action:<container ts>:<action_id>:<user>:<action_ts>`, `slack:view:<view id>`. */
  identity: string;
  type: 'event' | 'action' | 'shortcut' | 'view';
  /** The part of Slack's payload the writer needs (never tokens). */
  payload: Record<string, unknown>;
  /** ISO instant the door received it. */
  receivedAt: string;
}

/**
 * What a queue dedupes hand-overs by: the identity, and for a form response its own timestamp too, since an
 * edited response keeps its responseId and must still reach the writer (which applies it as an update).
 */
export function handOverKey(work: Work): string {
  return work.kind === 'form' ? `${work.identity}@${work.submittedAt}` : work.identity;
}
