import type { Work } from '../workflows/inputs.js';

export type { FormInput, SlackWork, Work } from '../workflows/inputs.js';

/** The hand-over port: durable in the cloud (Cloud Tasks), in-process locally. At least once. */
export interface HandOver {
  readonly kind: 'in-process' | 'cloud-tasks';
  /** `signal`: the caller can wait no longer (Slack's 3 seconds); the hand-over stops and rejects. */
  handOver(work: Work, options?: { signal?: AbortSignal }): Promise<void>;
}
