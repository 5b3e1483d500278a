import type { App, MessageShortcut } from '@slack/bolt';
import { excerptOf, REPORT_CALLBACK_ID, reportModal } from '../blocks/report-modal.js';
import type { ListenerContext } from '../context.js';

/** The message shortcut `Report to moderators`: the modal opens first, within the 3 s a trigger_id lives. */
export function registerReportShortcut(app: App, ctx: ListenerContext): void {
  app.shortcut<MessageShortcut>(REPORT_CALLBACK_ID, async ({ ack, shortcut }) => {
    const message = shortcut.message as { user?: string; text?: string; ts: string };
    const domain = (shortcut.team as { domain?: string } | null)?.domain ?? 'slack';
    const link = `https://${domain}.slack.com/archives/${shortcut.channel.id}/p${message.ts.replace('.', '')}`;
    await (await ctx.chat()).openModal(
      shortcut.trigger_id,
      reportModal({
        channel: shortcut.channel.id,
        ts: message.ts,
        author: message.user ?? '',
        excerpt: excerptOf(message.text ?? ''),
        link,
      }),
    );
    await ack();
  });
}
