/** The Outbox rows of check-ins and showcases: their kinds, and what the Outbox says of a project. */
import type { Snapshot } from '../../sheets-schema/snapshot.js';

/** The Outbox kinds of check-ins and showcases. */
export const CHECKIN_KINDS = {
  /** To `member:M-1` (the champion); About `P-1 2026-01-15`, the day it was due. */
  checkin: 'project.checkin',
  /** The check-in edited once answered: To its DM, About `<ts> P-1 <answer>`. */
  answered: 'project.answered',
  /** A reply only the clicker saw, on record so that the same click is applied once. */
  reply: 'project.reply',
  /** Need help's words, to the project's channel or the leaders channel. About `P-1 words` until sent, then `P-1`. */
  help: 'project.help',
  /** To the champion: a long pause closed the project. About `P-1 <day paused since>`. */
  closed: 'project.closed',
  /** The showcase in the announcements channel: About `P-1`. */
  showcase: 'project.showcase',
  /** The showcase redrawn (a link added): About `P-1`. */
  showcaseUpdate: 'project.showcase-update',
  /** To the champion once Done: Add a link. About `P-1`. */
  link: 'project.link',
} as const;
export type CheckInKind = (typeof CHECKIN_KINDS)[keyof typeof CHECKIN_KINDS];

/** A champion's address in the To column. */
export const championAddress = (memberId: string) => `member:${memberId}`;

/** The projects Hearth closed after a long pause, by their `project.closed` rows: no showcase for those. */
export function closedByHearth(snapshot: Snapshot): Map<string, string> {
  const closed = new Map<string, string>();
  for (const { values: row } of snapshot.table('Outbox').rows) {
    if (row.kind !== CHECKIN_KINDS.closed) continue;
    const [projectId = '', since = ''] = (row.about ?? '').split(' ');
    closed.set(projectId, since);
  }
  return closed;
}
