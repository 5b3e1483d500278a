import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { ListenerContext } from '../context.js';

/**
 * Every button: handed over and acknowledged at once, whatever the sheet is doing. Who may press it is checked
 * by the writer against the Leaders tab at the moment it applies the click, never trusted from the payload.
 */
export function registerBlockActions(app: App, ctx: ListenerContext): void {
  app.action<BlockAction<ButtonAction>>({ type: 'block_actions' }, async ({ ack, body, action }) => {
    const container = body.container as { message_ts?: string; channel_id?: string; view_id?: string };
    const where = container.message_ts ?? container.view_id ?? 'none';
    await (await ctx.handOver()).handOver({
      kind: 'slack',
      type: 'action',
      identity: `slack:action:${where}:${action.action_id}:${body.user.id}:${action.action_ts}`,
      payload: {
        actionId: action.action_id,
        value: action.value,
        user: body.user.id,
        channel: body.channel?.id ?? container.channel_id,
        messageTs: container.message_ts,
        actionTs: action.action_ts,
      },
      receivedAt: ctx.clock().toISO() as string,
    });
    await ack();
  });
}
