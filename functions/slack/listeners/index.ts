import type { App } from '@slack/bolt';
import type { ListenerContext } from '../context.js';
import { registerAppHome } from './app-home.js';
import { registerBlockActions } from './block-actions.js';
import { registerInviteShortcut } from './invite-shortcut.js';
import { registerProposeShortcut } from './propose-shortcut.js';
import { registerQuestionMessages } from './question-message.js';
import { registerReportShortcut } from './report-shortcut.js';
import { registerTeamJoin } from './team-join.js';
import { registerUserChange } from './user-change.js';
import { registerViewSubmission } from './view-submission.js';

/** Every Slack listener, one per file. */
export function registerListeners(app: App, ctx: ListenerContext): void {
  registerTeamJoin(app, ctx);
  registerUserChange(app, ctx);
  registerBlockActions(app, ctx);
  registerReportShortcut(app, ctx);
  registerInviteShortcut(app, ctx);
  registerProposeShortcut(app, ctx);
  registerViewSubmission(app, ctx);
  registerAppHome(app, ctx);
  registerQuestionMessages(app, ctx);
}
