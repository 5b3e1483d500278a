/** The `Report to moderators` modal. Pure: built from the reported message, snapshot-tested. */
export const REPORT_CALLBACK_ID = 'report_to_moderators';
export const URGENCIES = ['Low', 'Medium', 'High', 'Critical'] as const;

export interface ReportedMessage {
  channel: string;
  ts: string;
  author: string;
  excerpt: string;
  link: string;
}

const EXCERPT_CHARS = 280;

export function excerptOf(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT_CHARS ? `${flat.slice(0, EXCERPT_CHARS - 1)}…` : flat;
}

/** The reporter is not in the view: Slack tells us who submitted it, and that goes only to the Incidents tab. */
export function reportModal(message: ReportedMessage): Record<string, unknown> {
  return {
    type: 'modal',
    callback_id: REPORT_CALLBACK_ID,
    private_metadata: JSON.stringify(message),
    title: { type: 'plain_text', text: 'Report to moderators' },
    submit: { type: 'plain_text', text: 'Send report' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: `Reporting a message by <@${message.author}>: “${message.excerpt || '(no text)'}”. Only the moderators see your report, and never who sent it.`,
          },
        ],
      },
      {
        type: 'input',
        block_id: 'rule',
        optional: true,
        label: { type: 'plain_text', text: 'Which ground rule?' },
        element: { type: 'plain_text_input', action_id: 'value', max_length: 200 },
      },
      {
        type: 'input',
        block_id: 'details',
        label: { type: 'plain_text', text: 'What happened?' },
        element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 3000 },
      },
      {
        type: 'input',
        block_id: 'urgency',
        label: { type: 'plain_text', text: 'How urgent is it?' },
        element: {
          type: 'static_select',
          action_id: 'value',
          initial_option: option('Medium'),
          options: URGENCIES.map(option),
        },
      },
    ],
  };
}

function option(text: string) {
  return { text: { type: 'plain_text', text }, value: text };
}
