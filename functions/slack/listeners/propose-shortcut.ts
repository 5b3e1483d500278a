import type { App, GlobalShortcut } from '@slack/bolt';
import { PROPOSE_CALLBACK_ID, proposeModal } from '../../../workflows/projects/proposal-messages.js';
import type { ListenerContext } from '../context.js';

/**
 * The global shortcut `Propose a project` (the ⚡ menu): the modal opens at once, within the 3 s a trigger_id
 * lives, with the proposer as its champion to begin with. Nothing is handed over until it is submitted: the
 * submission is the proposal (see view-submission.ts), and whether they may propose is decided by the writer.
 */
export function registerProposeShortcut(app: App, ctx: ListenerContext): void {
  app.shortcut<GlobalShortcut>(PROPOSE_CALLBACK_ID, async ({ ack, shortcut }) => {
    await (await ctx.chat()).openModal(shortcut.trigger_id, proposeModal(shortcut.user.id));
    await ack();
  });
}
