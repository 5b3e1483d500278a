import type { App, ViewSubmitAction } from '@slack/bolt';
import { CALLBACK_IDS, submissionInput } from '../../../workflows/slack-inputs.js';
import { handOverInput, type ListenerContext } from '../context.js';

/**
 * A submitted modal (a report, a leader's reason to resolve or dismiss, feedback for the organizers): handed
 * over, and the modal closes. Its values go to the writer, never to a log. A re-delivered submission has the
 * same view ID: one effect.
 */
export function registerViewSubmission(app: App, ctx: ListenerContext): void {
  for (const callbackId of CALLBACK_IDS) {
    app.view<ViewSubmitAction>(callbackId, async ({ ack, body, view, context }) => {
      const values: Record<string, string> = {};
      for (const [block, actions] of Object.entries(view.state.values)) {
        const state = actions.value as
          | {
              value?: string | null;
              selected_option?: { value: string } | null;
              selected_options?: { value: string }[] | null;
              selected_user?: string | null;
            }
          | undefined;
        values[block] =
          state?.selected_user ??
          state?.selected_option?.value ??
          state?.selected_options?.map((option) => option.value).join(',') ??
          state?.value ??
          '';
      }
      const input = submissionInput(callbackId, {
        identity: `slack:view:${view.id}`,
        receivedAt: ctx.clock.now().toISO() as string,
        user: body.user.id,
        values,
        metadata: metadataOf(view.private_metadata),
      });
      await handOverInput(ctx, input, context);
      await ack();
    });
  }
}

/**
 * The text fields of the modal's private_metadata, which Hearth wrote when it opened it. Anything else (not
 * JSON, not text) is left out: the input's schema then says what is missing.
 */
function metadataOf(text: string | undefined): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : {};
  } catch {
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null) return {};
  return Object.fromEntries(
    Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}
