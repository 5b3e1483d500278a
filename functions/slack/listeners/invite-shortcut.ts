import type { App, GlobalShortcut } from '@slack/bolt';
import { INVITE_CALLBACK_ID } from '../../../workflows/connections/invitation-messages.js';
import { handOverInput, type ListenerContext } from '../context.js';

/**
 * The global shortcut `Invite someone` (the ⚡ menu): handed over and acknowledged at once; the writer answers
 * with a DM (the person's invite link, or why there is none), once per request: the identity is the
 * shortcut's trigger, the same on every delivery of it.
 */
export function registerInviteShortcut(app: App, ctx: ListenerContext): void {
  app.shortcut<GlobalShortcut>(INVITE_CALLBACK_ID, async ({ ack, shortcut, context }) => {
    await handOverInput(
      ctx,
      {
        kind: 'invite_shortcut',
        identity: `slack:shortcut:${INVITE_CALLBACK_ID}:${shortcut.trigger_id}`,
        receivedAt: ctx.clock.now().toISO() as string,
        user: shortcut.user.id,
      },
      context,
    );
    await ack();
  });
}
