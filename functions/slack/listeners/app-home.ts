import type { App } from '@slack/bolt';
import { eventIdentity, handOverInput, type ListenerContext } from '../context.js';

/**
 * Someone opened Hearth's Home tab: handed over, and the writer publishes their home from the sheet. Opening
 * the Messages tab sends the same event (tab `messages`); there is nothing to draw for it.
 */
export function registerAppHome(app: App, ctx: ListenerContext): void {
  app.event('app_home_opened', async ({ event, body, context }) => {
    if (event.tab !== 'home') return;
    await handOverInput(
      ctx,
      {
        kind: 'home_opened',
        identity: eventIdentity(body),
        receivedAt: ctx.clock.now().toISO() as string,
        user: event.user,
      },
      context,
    );
  });
}
