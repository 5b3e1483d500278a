import type { App } from '@slack/bolt';
import { normalizeEmail } from '../../../sheets-schema/emails.js';
import { eventIdentity, handOverInput, type ListenerContext } from '../context.js';

/** Only a deactivated account matters to Hearth: that member has left. */
export function registerUserChange(app: App, ctx: ListenerContext): void {
  app.event('user_change', async ({ event, body, context }) => {
    const user = event.user as { id: string; deleted?: boolean; profile?: { email?: string } };
    if (!user.deleted) return;
    await handOverInput(
      ctx,
      {
        kind: 'user_deactivated',
        identity: eventIdentity(body),
        receivedAt: ctx.clock.now().toISO() as string,
        user: user.id,
        ...(user.profile?.email ? { email: normalizeEmail(user.profile.email) } : {}),
      },
      context,
    );
  });
}
