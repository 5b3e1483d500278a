import type { App } from '@slack/bolt';
import { normalizeEmail } from '../../../sheets-schema/emails.js';
import { handOverEvent, type ListenerContext } from '../context.js';

/** A new person in the workspace: the writer links them to their member row (by email) and welcomes them. */
export function registerTeamJoin(app: App, ctx: ListenerContext): void {
  app.event('team_join', async ({ event, body, context }) => {
    const user = event.user as {
      id: string;
      real_name?: string;
      deleted?: boolean;
      profile?: { email?: string; real_name?: string };
    };
    await handOverEvent(
      ctx,
      { body, context },
      {
        type: 'team_join',
        user: user.id,
        email: user.profile?.email ? normalizeEmail(user.profile.email) : undefined,
        name: user.real_name ?? user.profile?.real_name,
        deleted: user.deleted === true,
      },
    );
  });
}
