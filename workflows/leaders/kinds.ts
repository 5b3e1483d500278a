/** The Outbox kinds of the leader team (README "The leader team") and the addresses they use. */
export const LEADER_KINDS = {
  /** To the quiet leader's Slack ID; About `U… <last active day or none>`. */
  quiet: 'leader.quiet',
  /** To an Organizer's Slack ID; About `U… <last active day or none>` (the quiet leader). */
  inactive: 'leader.inactive',
  /** To the leader; About `U… 2027-03-01` (the term's last day). */
  term: 'leader.term',
  /** A reply only the clicker saw, on record so the same click is applied once. About: their Slack ID. */
  reply: 'leader.reply',
  /** The walk-through, to the successor; About: the Approval ID. */
  welcome: 'leader.welcome',
  /** To the outgoing leader, once their successor is approved; About: the Approval ID. */
  handedOver: 'leader.handed-over',
  /** To the outgoing leader, once the leaders declined their hand-over; About: the Approval ID. */
  handOverDeclined: 'leader.handover-declined',
  /** The call for volunteers, in the announcements channel; About `U… 2027-03-01`. */
  call: 'leader.call',
  /** The monthly check-in; About `U… 2027-01` (the month). */
  checkin: 'leader.checkin',
  /** Leaders introduced to each other: To `leaders:U…,U…`; About: the Intro ID. */
  intro: 'leader.intro',
} as const;
export type LeaderKind = (typeof LEADER_KINDS)[keyof typeof LEADER_KINDS];

/** The approval kind of a hand-over. */
export const SUCCESSION = 'succession';

/** The Subject of a succession approval: the outgoing leader, the successor, the term's last day. */
export function successionSubject(outgoing: string, successor: string, termDay: string): string {
  return `${outgoing} ${successor} ${termDay || '-'}`;
}
export function parseSuccession(subject: string | undefined): {
  outgoing: string;
  successor: string;
  termDay: string;
} {
  const [outgoing = '', successor = '', termDay = ''] = (subject ?? '').trim().split(/\s+/);
  return { outgoing, successor, termDay: termDay === '-' ? '' : termDay };
}
