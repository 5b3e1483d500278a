import type { Work } from '../workflows/inputs.js';

export type { FormWork, SlackWork, Work } from '../workflows/inputs.js';

/** The hand-over port: durable in the cloud (Cloud Tasks), in-process locally. At least once. */
export interface HandOver {
  readonly kind: 'in-process' | 'cloud-tasks';
  handOver(work: Work): Promise<void>;
}
