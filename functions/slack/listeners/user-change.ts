import type { App } from '@slack/bolt';
import { normalizeEmail } from '../../../sheets-schema/emails.js';
import { handOverEvent, type ListenerContext } from '../context.js';

/** Only a deactivated account matters to Hearth: that member has left. */
export function registerUserChange(app: App, ctx: ListenerContext): void {
  app.event('user_change', async ({ event, body, context }) => {
    const user = event.user as { id: string; deleted?: boolean; profile?: { email?: string } };
    if (!user.deleted) return;
    await handOverEvent(
      ctx,
      { body, context },
      {
        type: 'user_deactivated',
        user: user.id,
        email: user.profile?.email ? normalizeEmail(user.profile.email) : undefined,
        deleted: true,
      },
    );
  });
}
