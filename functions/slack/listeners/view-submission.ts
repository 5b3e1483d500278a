import type { App, ViewSubmitAction } from '@slack/bolt';
import { REASON_CALLBACK_ID, REPORT_CALLBACK_ID } from '../../../workflows/moderation/messages.js';
import { ackDeadline, type ListenerContext } from '../context.js';

/**
 * A submitted modal (a report, or a leader's reason to resolve or dismiss): handed over, and the modal closes.
 * Its values go to the writer, never to a log. A re-delivered submission has the same view ID: one effect.
 */
export function registerViewSubmission(app: App, ctx: ListenerContext): void {
  for (const callbackId of [REPORT_CALLBACK_ID, REASON_CALLBACK_ID]) {
    app.view<ViewSubmitAction>(callbackId, async ({ ack, body, view, context }) => {
      const values: Record<string, string> = {};
      for (const [block, actions] of Object.entries(view.state.values)) {
        const state = actions.value as
          | { value?: string | null; selected_option?: { value: string } | null }
          | undefined;
        values[block] = state?.selected_option?.value ?? state?.value ?? '';
      }
      await (await ctx.handOver()).handOver(
        {
          kind: 'slack',
          type: 'view',
          identity: `slack:view:${view.id}`,
          payload: {
            callbackId: view.callback_id,
            user: body.user.id,
            values,
            message: view.private_metadata ? (JSON.parse(view.private_metadata) as unknown) : undefined,
          },
          receivedAt: ctx.clock().toISO() as string,
        },
        ackDeadline(context),
      );
      await ack();
    });
  }
}
