import type { Snapshot } from '../../sheets-schema/snapshot.js';
import { GONE } from '../onboarding/decisions.js';
import { personAt, post, type Renderer, skip } from '../outbox/delivery.js';
import type { Member } from '../records.js';
import { inviteThanksMessage } from './invitation-messages.js';
import { INVITATION_KINDS, type InvitationKind } from './invitations.js';

function memberOf(snapshot: Snapshot, id: string | undefined): Member | undefined {
  return id ? snapshot.table('Members').byId(id)?.values : undefined;
}

export const INVITATION_RENDERERS: Record<InvitationKind, Renderer> = {
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
