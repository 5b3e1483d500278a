import type { App } from '@slack/bolt';
import { normalizeEmail } from '../../../sheets-schema/emails.js';
import { eventIdentity, handOverInput, type ListenerContext } from '../context.js';

/** A new person in the workspace: the writer links them to their member row (by email) and welcomes them. */
export function registerTeamJoin(app: App, ctx: ListenerContext): void {
  app.event('team_join', async ({ event, body, context }) => {
    const user = event.user as {
      id: string;
      real_name?: string;
      deleted?: boolean;
      profile?: { email?: string; real_name?: string };
    };
    const name = user.real_name ?? user.profile?.real_name;
    await handOverInput(
      ctx,
      {
        kind: 'team_join',
        identity: eventIdentity(body),
        receivedAt: ctx.clock.now().toISO() as string,
        user: user.id,
        ...(user.profile?.email ? { email: normalizeEmail(user.profile.email) } : {}),
        ...(name ? { name } : {}),
      },
      context,
    );
  });
}
