import { type Renderer, skip } from './delivery.js';
import { NOTE_KIND, OUTDATED_KIND, type OutboxKind } from './kinds.js';

/** The Outbox's own kinds: a note, and the edit that takes an out-of-date message's buttons away. */
export const OUTBOX_RENDERERS: Record<OutboxKind, Renderer> = {
  // A message whose buttons are out of date, edited so they are gone: To is its channel, About its ts.
  [OUTDATED_KIND]: (row) => {
    const ts = row.about ?? '';
    if (!row.to || !/^\d{10}\.\d{6}$/.test(ts)) return skip('no message to edit');
    const text =
      ':no_entry_sign: This message is out of date: the sheet no longer has what it was about, or keeps a newer message for it. Its buttons were removed.';
    return {
      kind: 'update',
      permalink: `https://slack.com/archives/${row.to}/p${ts.replace('.', '')}`,
      message: { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] },
    };
  },

  // A note to a channel or person whose text is the row's About.
  [NOTE_KIND]: (row) =>
    row.to && row.about
      ? { kind: 'post', to: row.to, message: { text: row.about } }
      : skip('no To or About to send'),
};
