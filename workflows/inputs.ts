/**
 * Inputs a door hands to the writer: small, JSON-serialisable, and carrying its identity, so that a cause
 * delivered twice (a relay retry, a Slack re-send, a task re-delivered) is recognised and has one effect.
 */
export type Work = FormWork | SlackWork;

export interface FormWork {
  kind: 'form';
  /** `form:<responseId>` or `form:<form>:<submittedAt to the second>:<hash of answers>`. */
  identity: string;
  form: 'join' | 'rsvp' | 'report';
  /** ISO instant: the response's own timestamp. */
  submittedAt: string;
  /** The form's verified respondent email, when it collects them; wins over a typed Email. */
  respondentEmail?: string;
  /** Answers by field key (see sheets-schema/forms), as validated. */
  answers: Record<string, unknown>;
  /** Field errors when the answers were invalid: recorded, not acted on. */
  invalid?: Record<string, string>;
}

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
