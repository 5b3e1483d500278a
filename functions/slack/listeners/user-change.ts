import type { App } from '@slack/bolt';
import { normalizeEmail } from '../../../sheets-schema/emails.js';
import { ackDeadline, type ListenerContext } from '../context.js';

/** Only a deactivated account matters to Hearth: that member has left. */
export function registerUserChange(app: App, ctx: ListenerContext): void {
  app.event('user_change', async ({ event, body, context }) => {
    const user = event.user as { id: string; deleted?: boolean; profile?: { email?: string } };
    if (!user.deleted) return;
    await (await ctx.handOver()).handOver(
      {
        kind: 'slack',
        type: 'event',
        identity: `slack:event:${String(body.event_id)}`,
        payload: {
          type: 'user_deactivated',
          user: user.id,
          email: user.profile?.email ? normalizeEmail(user.profile.email) : undefined,
          deleted: true,
        },
        receivedAt: ctx.clock().toISO() as string,
      },
      ackDeadline(context),
    );
  });
}
