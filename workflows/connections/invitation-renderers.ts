import type { Snapshot } from '../../sheets-schema/snapshot.js';
import { GONE } from '../onboarding/decisions.js';
import { personAt, post, type Renderer, skip } from '../outbox/delivery.js';
import type { Member } from '../records.js';
import { inviteLinkMessage, inviteRefusalMessage, inviteThanksMessage } from './invitation-messages.js';
import { INVITATION_KINDS, type InvitationKind, inviteAnswer, personalInviteLink } from './invitations.js';

function memberOf(snapshot: Snapshot, id: string | undefined): Member | undefined {
  return id ? snapshot.table('Members').byId(id)?.values : undefined;
}

export const INVITATION_RENDERERS: Record<InvitationKind, Renderer> = {
  // To: who asked (a Slack ID); About: their Member ID. What they are told follows the sheet as it is now.
  [INVITATION_KINDS.link]: (row, snapshot) => {
    if (!row.to) return skip('nobody to answer');
    const member = memberOf(snapshot, row.about);
    const { settings } = snapshot;
    const answer = inviteAnswer(member, settings);
    if (answer !== 'link') {
      const { groupName, joinFormLink } = settings;
      return post(row.to, inviteRefusalMessage({ reason: answer, groupName, joinFormLink }));
    }
    return post(
      row.to,
      inviteLinkMessage({
        name: member?.name || member?.email || '',
        groupName: settings.groupName,
        link: personalInviteLink(settings.inviteLink, member?.memberId ?? ''),
      }),
    );
  },

  // To: the inviter (member:M-…); About: the member they invited.
  [INVITATION_KINDS.thanks]: (row, snapshot) => {
    const invitee = memberOf(snapshot, row.about);
    if (!invitee?.memberId) return skip(`no member ${row.about ?? ''}`);
    const to = row.to ? personAt(row.to, snapshot) : undefined;
    if (!to || typeof to === 'string') return skip(`no inviter ${row.to ?? ''}`);
    const inviter = memberOf(snapshot, to.memberId);
    if (inviter && GONE.has(inviter.status ?? '')) return skip(`${inviter.memberId} is ${inviter.status}`);
    return post(
      to,
      inviteThanksMessage({
        invitee: {
          name: invitee.name || invitee.email,
          ...(invitee.slackId ? { slackId: invitee.slackId } : {}),
        },
        groupName: snapshot.settings.groupName,
      }),
    );
  },
};
