import type { App, MessageShortcut } from '@slack/bolt';
import { excerptOf, REPORT_CALLBACK_ID, reportModal } from '../../../workflows/moderation/messages.js';
import { handOverInput, type ListenerContext } from '../context.js';

/**
 * The message shortcut `Report to moderators`: the modal opens first, within the 3 s a trigger_id lives; the
 * writer then redraws it with the group's ground rules to pick from (read from Settings, which this door
 * never reads). Who is reporting is not handed over here: only the submission carries it.
 */
export function registerReportShortcut(app: App, ctx: ListenerContext): void {
  app.shortcut<MessageShortcut>(REPORT_CALLBACK_ID, async ({ ack, shortcut, context }) => {
    const message = shortcut.message as { user?: string; text?: string; ts: string };
    const domain = (shortcut.team as { domain?: string } | null)?.domain ?? 'slack';
    const link = `https://${domain}.slack.com/archives/${shortcut.channel.id}/p${message.ts.replace('.', '')}`;
    const reported = {
      channel: shortcut.channel.id,
      ts: message.ts,
      author: message.user ?? '',
      excerpt: excerptOf(message.text ?? ''),
      link,
    };
    const { viewId } = await (await ctx.chat()).openModal(shortcut.trigger_id, reportModal(reported));
    await handOverInput(
      ctx,
      {
        kind: 'report_shortcut',
        identity: `slack:shortcut:${viewId}`,
        receivedAt: ctx.clock.now().toISO() as string,
        viewId,
        message: reported,
      },
      context,
    );
    await ack();
  });
}
