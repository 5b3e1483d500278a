import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { feedbackModal } from '../../../workflows/feedback/messages.js';
import { reasonModal } from '../../../workflows/moderation/messages.js';
import { clickInput } from '../../../workflows/slack-inputs.js';
import { handOverInput, type ListenerContext } from '../context.js';

/**
 * Every button: handed over and acknowledged at once, whatever the sheet is doing. Who may press it is checked
 * by the writer against the Leaders tab at the moment it applies the click, never trusted from the payload.
 */
export function registerBlockActions(app: App, ctx: ListenerContext): void {
  app.action<BlockAction<ButtonAction>>({ type: 'block_actions' }, async ({ ack, body, action, context }) => {
    const container = body.container as { message_ts?: string; channel_id?: string; view_id?: string };
    const channel = body.channel?.id ?? container.channel_id ?? '';
    const where = container.message_ts ?? container.view_id ?? 'none';
    // Pressed on the clicker's App Home: it is drawn again once the click is decided.
    const home = (body.view as { type?: string } | undefined)?.type === 'home';
    const input = clickInput({
      identity: `slack:action:${where}:${action.action_id}:${body.user.id}:${action.action_ts}`,
      receivedAt: ctx.clock.now().toISO() as string,
      actionId: action.action_id,
      value: action.value ?? '',
      user: body.user.id,
      channel,
      messageTs: container.message_ts,
      actionTs: action.action_ts,
      home,
    });
    // Resolve and Dismiss ask for a short reason first: the modal opens now, its submission is the decision.
    if ('asksReason' in input) {
      await (await ctx.chat()).openModal(
        body.trigger_id,
        reasonModal({
          incidentId: action.value ?? '',
          action: input.asksReason,
          channel,
          messageTs: container.message_ts,
          home,
        }),
      );
    } else if ('asksFeedback' in input) {
      // Tell the organizers…: the modal opens now too; its submission is the feedback.
      await (await ctx.chat()).openModal(
        body.trigger_id,
        feedbackModal({
          about: input.asksFeedback,
          channel,
          ...(container.message_ts ? { messageTs: container.message_ts } : {}),
        }),
      );
    } else if ('opensModal' in input) {
      // Need help and Add a link: their modal opens now; its submission is what the writer decides.
      await (await ctx.chat()).openModal(body.trigger_id, input.opensModal);
    } else await handOverInput(ctx, input, context);
    await ack();
  });
}
