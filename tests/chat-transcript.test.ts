import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clockAt } from '../common/clock.js';
import { createTranscriptChat, renderBlocks } from '../functions/chat-transcript.js';

const BLOCKS = [
  { type: 'header', text: { type: 'plain_text', text: 'Food bank' } },
  {
    type: 'section',
    text: { type: 'mrkdwn', text: '*Saturday* 10:00' },
    fields: [{ type: 'mrkdwn', text: '3 places' }],
  },
  { type: 'divider' },
  {
    type: 'actions',
    elements: [
      {
        type: 'button',
        action_id: 'approval:approve',
        value: 'AP-1',
        text: { type: 'plain_text', text: 'Approve' },
      },
      { type: 'button', action_id: 'decline', text: { type: 'plain_text', text: 'Decline' } },
    ],
  },
];

let dir: string;
const at = new Date('2025-03-01T09:00:00.000Z');
const clock = clockAt(() => DateTime.fromJSDate(at));

const lines = async (name: string) => (await readFile(join(dir, name), 'utf8')).trimEnd().split('\n');
const entries = async () =>
  (await lines('slack.jsonl')).map((line) => JSON.parse(line) as Record<string, unknown>);

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hearth-transcript-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('createTranscriptChat', () => {
  it('writes a post to slack.log for people and slack.jsonl for programs', async () => {
    const chat = createTranscriptChat({ dir, clock });
    const posted = await chat.post({
      channel: '#volunteers',
      text: 'New shift\nPlease reply',
      blocks: BLOCKS,
    });

    expect(chat.kind).toBe('transcript');
    expect(posted.channel).toMatch(/^C[0-9A-F]{10}$/);
    expect(posted.ts).toBe('1740819600.000000');
    expect(posted.permalink).toBe(
      `https://transcript.slack.invalid/archives/${posted.channel}/p1740819600000000`,
    );
    expect(await lines('slack.log')).toEqual([
      `2025-03-01T09:00:00.000Z post to #volunteers (${posted.channel}) ts=1740819600.000000`,
      '    New shift',
      '    Please reply',
      '    | Food bank',
      '    | *Saturday* 10:00 · 3 places',
      '    | ---',
      '    | [Approve](approval:approve AP-1) [Decline](decline)',
    ]);
    expect(await entries()).toEqual([
      {
        time: '2025-03-01T09:00:00.000Z',
        kind: 'post',
        where: '#volunteers',
        channel: posted.channel,
        ts: posted.ts,
        permalink: posted.permalink,
        text: 'New shift\nPlease reply',
        blocks: BLOCKS,
      },
    ]);
  });

  it('gives stable IDs: the same #name across instances, D… for a DM, IDs unchanged; ts always increase', async () => {
    const one = createTranscriptChat({ dir, clock });
    const two = createTranscriptChat({ dir, clock });
    const a = await one.post({ channel: '#volunteers', text: 'a' });
    const b = await two.post({ channel: 'volunteers', text: 'b' });
    const dm = await one.post({ channel: 'U0ANA00001', text: 'hi Ana' });
    const byId = await one.post({ channel: 'C0KITCHEN1', text: 'c', threadTs: a.ts });

    expect(b.channel).toBe(a.channel);
    expect(dm.channel).toMatch(/^D[0-9A-F]{10}$/);
    expect((await one.post({ channel: 'U0ANA00001', text: 'again' })).channel).toBe(dm.channel);
    expect(byId.channel).toBe('C0KITCHEN1');
    expect(byId.permalink).toContain(`?thread_ts=${a.ts}&cid=C0KITCHEN1`);
    expect(new Set([a.ts, dm.ts, byId.ts]).size).toBe(3);
    expect(a.ts < dm.ts && dm.ts < byId.ts).toBe(true);
    expect(await lines('slack.log')).toContain(
      `2025-03-01T09:00:00.000Z post to DM U0ANA00001 (${dm.channel}) ts=${dm.ts}`,
    );
  });

  it('opens a group DM with a stable G… ID, and says who is in it when it posts there', async () => {
    const chat = createTranscriptChat({ dir, clock });
    const group = await chat.openGroup(['U07GRACEHOP', 'U07ADALOVEL']);
    expect(group).toMatch(/^G[0-9A-F]{10}$/);
    expect(await chat.openGroup(['U07ADALOVEL', 'U07GRACEHOP'])).toBe(group);
    await chat.post({ channel: group, text: 'Meet each other' });
    const log = await readFile(join(dir, 'slack.log'), 'utf8');
    expect(log).toContain(`post to group DM with U07ADALOVEL, U07GRACEHOP (${group})`);
  });

  it('records updates, ephemeral messages and modals', async () => {
    const chat = createTranscriptChat({ dir, clock });
    const posted = await chat.post({ channel: '#volunteers', text: 'Approve?' });
    await chat.update({ channel: posted.channel, ts: posted.ts, text: 'Approved by Ana' });
    await chat.postEphemeral({ channel: posted.channel, user: 'U0ANA00001', text: 'Only you' });
    const { viewId } = await chat.openModal('trigger-1', {
      type: 'modal',
      title: { type: 'plain_text', text: 'Sign up' },
      submit: { type: 'plain_text', text: 'Send' },
      blocks: [
        { type: 'input', label: { type: 'plain_text', text: 'Name' }, element: { type: 'plain_text_input' } },
      ],
    });
    const done = {
      type: 'modal',
      title: { type: 'plain_text', text: 'Signed up' },
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'See you *Saturday*' } }],
    };
    await chat.updateView(viewId, done);

    expect(viewId).toBe('V0000000001');
    expect((await chat.openModal('trigger-2', done)).viewId).toBe('V0000000002');
    const written = await entries();
    expect(written.map((e) => e.kind)).toEqual([
      'post',
      'update',
      'ephemeral',
      'modal',
      'modal-update',
      'modal',
    ]);
    expect(written[3]).toMatchObject({ triggerId: 'trigger-1', viewId });
    expect(written[4]).toEqual({ time: at.toISOString(), kind: 'modal-update', viewId, view: done });
    const log = (await lines('slack.log')).join('\n');
    expect(log).toContain(`update ts=${posted.ts} in ${posted.channel}\n    Approved by Ana`);
    expect(log).toContain(`ephemeral to U0ANA00001 only, in ${posted.channel}\n    Only you`);
    expect(log).toContain(`modal "Sign up" view=${viewId} (trigger trigger-1)\n    | Name:\n    | [Send]`);
    expect(log).toContain(`modal-update view=${viewId} "Signed up"\n    | See you *Saturday*\n`);
  });

  it('finds a post by its Message ID since a time, as a post in doubt is looked for', async () => {
    const chat = createTranscriptChat({ dir, clock });
    const posted = await chat.post({ channel: '#leaders', text: 'kept', messageId: 'MSG-1' });
    await chat.post({ channel: '#leaders', text: 'other' });
    expect(await chat.findPosted({ channel: '#leaders', messageId: 'MSG-1', since: at })).toEqual(posted);
    expect(await chat.findPosted({ channel: '#leaders', messageId: 'MSG-2', since: at })).toBeUndefined();
    const later = new Date(at.getTime() + 10 * 60_000);
    expect(await chat.findPosted({ channel: '#leaders', messageId: 'MSG-1', since: later })).toBeUndefined();
  });

  it('records kicks, by #name or ID, and answers ok', async () => {
    const chat = createTranscriptChat({ dir, clock });
    expect(await chat.kick('#Board', 'U0ANA00001')).toEqual({ ok: true });
    expect(await chat.kick('C0KITCHEN1', 'U0BO000001')).toEqual({ ok: true });

    const [board, kitchen] = await entries();
    expect(board).toEqual({
      time: at.toISOString(),
      kind: 'kick',
      where: '#Board',
      channel: expect.stringMatching(/^C[0-9A-F]{10}$/),
      user: 'U0ANA00001',
    });
    expect(kitchen).toMatchObject({ kind: 'kick', channel: 'C0KITCHEN1', user: 'U0BO000001' });
    expect(await lines('slack.log')).toEqual([
      `2025-03-01T09:00:00.000Z kick U0ANA00001 from #board (${board?.channel})`,
      '2025-03-01T09:00:00.000Z kick U0BO000001 from C0KITCHEN1',
    ]);
  });

  it('keeps concurrent calls whole: no interleaved lines', async () => {
    const chat = createTranscriptChat({ dir, clock });
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        chat.post({ channel: `#c${i % 3}`, text: `m${i}\nline two of m${i}` }),
      ),
    );
    const written = await entries();
    expect(written).toHaveLength(40);
    expect(new Set(written.map((e) => e.ts)).size).toBe(40);
    const log = await lines('slack.log');
    for (let i = 0; i < log.length; i += 3) {
      const text = log[i + 1]?.trim();
      expect(log[i + 2]?.trim()).toBe(`line two of ${text}`);
    }
  });

  it('looks users up in slack-users.json, case-insensitively, and undefined otherwise', async () => {
    const chat = createTranscriptChat({ dir, clock });
    expect(await chat.lookupUserByEmail('ana@example.org')).toBeUndefined();

    await writeFile(
      join(dir, 'slack-users.json'),
      JSON.stringify({ 'Ana@Example.org': { id: 'U0ANA00001', name: 'Ana' } }),
    );
    expect(await chat.lookupUserByEmail('ana@example.org')).toEqual({
      id: 'U0ANA00001',
      email: 'Ana@Example.org',
      name: 'Ana',
      deleted: false,
    });
    expect(await chat.lookupUserByEmail('bo@example.org')).toBeUndefined();

    await writeFile(join(dir, 'slack-users.json'), '{ not json');
    await expect(chat.lookupUserByEmail('ana@example.org')).rejects.toThrow(
      /slack-users\.json is not valid JSON/,
    );
  });

  it.each([
    {
      what: 'a section of several lines keeps the prefix on each',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*Rules*\n• Be kind\n• No spam' } }],
      lines: ['| *Rules*', '| • Be kind', '| • No spam'],
    },
    {
      what: 'a field of several lines, after its label',
      blocks: [{ type: 'section', fields: [{ type: 'mrkdwn', text: '*Where*\nThe Hub\nRoom 2' }] }],
      lines: ['| Where: The Hub', '| Room 2'],
    },
    {
      what: 'buttons show what a click sends back: action ID and value',
      blocks: [
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              action_id: 'rsvp:yes',
              value: 'EV-1',
              text: { type: 'plain_text', text: 'Going' },
            },
            {
              type: 'button',
              action_id: 'rsvp:no',
              value: 'EV-1',
              text: { type: 'plain_text', text: 'Can’t go' },
            },
          ],
        },
      ],
      lines: ['| [Going](rsvp:yes EV-1) [Can’t go](rsvp:no EV-1)'],
    },
  ])('slack.log: $what', async ({ blocks, lines: expected }) => {
    const chat = createTranscriptChat({ dir, clock });
    await chat.post({ channel: '#general', text: 'One line\nand another', blocks });
    const [, ...body] = await lines('slack.log');
    expect(body).toEqual(['    One line', '    and another', ...expected.map((line) => `    ${line}`)]);
  });

  it('has no threads: a question has no reply; its link says where it is; channel names are not known', async () => {
    const chat = createTranscriptChat({ dir, clock });
    const message = { channel: 'C07HELPDESK', ts: '1796230276.063000' };
    expect(await chat.firstReply(message)).toEqual({ found: 'none' });
    expect(await chat.permalink(message)).toBe(
      'https://transcript.slack.invalid/archives/C07HELPDESK/p1796230276063000',
    );
    expect(await chat.channelName('C07HELPDESK')).toBeUndefined();
  });

  it('renders selects and images compactly', () => {
    expect(
      renderBlocks([
        {
          type: 'section',
          text: { type: 'mrkdwn', text: 'Pick a day' },
          accessory: { type: 'static_select', placeholder: { type: 'plain_text', text: 'Day' } },
        },
        {
          type: 'input',
          label: { type: 'plain_text', text: 'How urgent?' },
          element: {
            type: 'static_select',
            initial_option: { text: { type: 'plain_text', text: 'Medium' }, value: 'Medium' },
          },
        },
        {
          type: 'context',
          elements: [
            { type: 'image', alt_text: 'logo' },
            { type: 'mrkdwn', text: 'by Hearth' },
          ],
        },
      ]),
    ).toEqual(['Pick a day [Day ▾]', 'How urgent?: [Medium ▾]', '[image: logo] by Hearth']);
  });

  it('renders checkboxes as boxes to tick', () => {
    expect(
      renderBlocks([
        {
          type: 'input',
          label: { type: 'plain_text', text: 'Contact' },
          element: {
            type: 'checkboxes',
            options: [{ text: { type: 'plain_text', text: 'You may contact me about this' }, value: 'yes' }],
          },
        },
      ]),
    ).toEqual(['Contact: [ ] You may contact me about this']);
  });
});
