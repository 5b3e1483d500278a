import type { Snapshot } from '../../sheets-schema/snapshot.js';
import { post, type Renderer, recipient, skip } from '../outbox/delivery.js';
import type { Member } from '../records.js';
import { groupMembers, type IntroRow } from './intros.js';
import { checkInMessage, type IntroPerson, introMessage, pausedMessage } from './messages.js';

export const CONNECTIONS_KINDS = {
  /** The group DM of an intro. */
  group: 'intro.group',
  /** Halfway to the next round, in the same group DM. */
  checkin: 'intro.checkin',
  /** To a member paused after three unanswered check-ins. */
  paused: 'intro.paused',
} as const;
export type ConnectionsKind = (typeof CONNECTIONS_KINDS)[keyof typeof CONNECTIONS_KINDS];

const introOf = (snapshot: Snapshot, id: string | undefined): IntroRow | undefined =>
  id ? snapshot.table('Intros').byId(id)?.values : undefined;

/** The people of a group DM's To, as they are when it is sent: those still on Slack. */
function peopleOf(snapshot: Snapshot, to: string | undefined): IntroPerson[] {
  const members = snapshot.table('Members');
  return (groupMembers(to) ?? []).flatMap((id) => {
    const member: Member | undefined = members.byId(id)?.values;
    return member?.slackId ? [{ slackId: member.slackId, name: member.name || member.slackId }] : [];
  });
}

export const CONNECTIONS_RENDERERS: Record<ConnectionsKind, Renderer> = {
  [CONNECTIONS_KINDS.group]: (row, snapshot) => {
    const intro = introOf(snapshot, row.about);
    if (!intro) return skip(`no intro ${row.about ?? ''} in the Intros tab any more`);
    const people = peopleOf(snapshot, row.to);
    if (people.length < 2) return skip('fewer than two of its people are on Slack now');
    return post(
      { group: people.map((p) => p.slackId) },
      introMessage({
        introId: intro.introId as string,
        people,
        sharedInterests: (intro.sharedInterests ?? '')
          .split(',')
          .map((i) => i.trim())
          .filter(Boolean),
        groupName: snapshot.settings.groupName,
        everyDays: snapshot.settings.introEveryDays || 14,
      }),
    );
  },

  [CONNECTIONS_KINDS.checkin]: (row, snapshot) => {
    const intro = introOf(snapshot, row.about);
    if (!intro) return skip(`no intro ${row.about ?? ''} in the Intros tab any more`);
    if (intro.met) return skip(`they already said how it went (Met: ${intro.met})`);
    const people = peopleOf(snapshot, row.to);
    if (people.length < 2) return skip('fewer than two of its people are on Slack now');
    return post(
      { group: people.map((p) => p.slackId) },
      checkInMessage({ introId: intro.introId as string }),
    );
  },

  [CONNECTIONS_KINDS.paused]: (row, snapshot) => {
    const member = row.about ? snapshot.table('Members').byId(row.about)?.values : undefined;
    if (!member?.memberId) return skip(`no member ${row.about ?? ''}`);
    return post(
      recipient(member),
      pausedMessage({ memberId: member.memberId, groupName: snapshot.settings.groupName }),
    );
  },
};
