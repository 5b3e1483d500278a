import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  APPROVE_ACTION,
  approvalExpiredNotice,
  approvalOutcomeMessage,
  approvalReminderMessage,
  approvalRequestMessage,
  DECLINE_ACTION,
  refusalText,
} from '../workflows/approvals/messages.js';
import {
  fillTemplate,
  followUpMessage,
  greeterMessage,
  introductionPost,
  leadersNotice,
  welcomeMessage,
} from '../workflows/onboarding/messages.js';
import {
  actions,
  type Block,
  button,
  escapeText,
  formatDateTime,
  link,
  listOf,
  mention,
  truncate,
} from '../workflows/outbox/blocks.js';

const ZONE = 'Europe/London';
const at = (iso: string) => DateTime.fromISO(iso, { zone: ZONE });

const details = [
  { label: 'Name', value: 'Ada Lovelace' },
  { label: 'Email', value: 'ada@example.org' },
  { label: 'Interests', value: 'TypeScript, Events' },
  { label: 'How did you hear about us?', value: 'A friend' },
];

const request = {
  approvalId: 'AP-12',
  kind: 'Join',
  title: 'Ada Lovelace wants to join',
  details,
  needed: 2,
  approvedBy: ['U0000000001'],
  expires: at('2026-12-03T18:30'),
  timeZone: ZONE,
};

/** Every piece of text in a message's blocks, at any depth. */
function textsOf(blocks: readonly Block[]): string[] {
  const found: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'text' && typeof value === 'string') found.push(value);
        else walk(value);
      }
    }
  };
  walk(blocks);
  return found;
}

function sectionTexts(blocks: readonly Block[]): string[] {
  return blocks
    .filter((b) => b.type === 'section')
    .flatMap((b) => textsOf([b.text as Block, ...((b.fields as Block[] | undefined) ?? [])]));
}

const NASTY = 'Eve <!channel> <@U0000000001> & <https://evil.example|click>';

function expectEscaped(all: readonly string[]) {
  const joined = all.join('\n');
  expect(joined).not.toContain('<!channel>');
  expect(joined).not.toContain('<https://evil');
  expect(joined).toContain('&lt;!channel&gt;');
  expect(joined).toContain('&lt;@U0000000001&gt;');
  expect(joined).toContain('&amp;');
  expect(joined).not.toMatch(/&(?!amp;|lt;|gt;)/);
}

describe('blocks helpers', () => {
  it('escapes the three control characters', () => {
    expect(escapeText('a & b <@U0000000001> <!channel>')).toBe(
      'a &amp; b &lt;@U0000000001&gt; &lt;!channel&gt;',
    );
  });

  it('formats a time in the group’s zone', () => {
    expect(formatDateTime(at('2026-12-03T18:30'), ZONE)).toBe('Thu 3 Dec, 18:30');
    const utc = DateTime.fromISO('2026-12-03T23:30:00Z', { zone: 'utc' });
    expect(formatDateTime(utc, 'America/New_York')).toBe('Thu 3 Dec, 18:30');
    expect(formatDateTime(utc, 'Australia/Sydney')).toBe('Fri 4 Dec, 10:30');
    expect(formatDateTime(utc, 'Not/AZone')).toBe('Thu 3 Dec, 23:30 UTC');
  });

  it('mentions by Slack ID when known, else shows the escaped name', () => {
    expect(mention('U0123ABC45', 'Ada')).toBe('<@U0123ABC45>');
    expect(mention(undefined, 'Ada <Lovelace>')).toBe('Ada &lt;Lovelace&gt;');
    expect(mention('U0000000001> <!channel', 'Ada')).toBe('Ada');
    expect(mention(undefined)).toBe('someone');
  });

  it('lists, links and truncates safely', () => {
    expect(listOf(['<@U0000000001>', '<@U0000000002>', '<@U0000000003>'])).toBe(
      '<@U0000000001>, <@U0000000002> and <@U0000000003>',
    );
    expect(link('https://example.org/rules?a=1&b=2', 'our ground rules')).toBe(
      '<https://example.org/rules?a=1&amp;b=2|our ground rules>',
    );
    expect(link('javascript:alert(1)', 'x')).toBe('x');
    expect(link('https://x.org|<!channel>', 'x')).toBe('x');
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('ab &amp; cd', 6)).toBe('ab…');
    expect(truncate('hi <@U12345>', 8)).toBe('hi…');
    expect(truncate('short', 10)).toBe('short');
  });

  it.each([
    ['short', 'rsvp:EV-12', 'rsvp:EV-12'],
    ['at the limit', `x:${'a'.repeat(253)}`, `x:${'a'.repeat(253)}`],
    ['past it', `incident:${'9'.repeat(400)}`, `incident:${'9'.repeat(246)}`],
  ])('an actions block_id %s is kept to Slack’s 255 characters', (_, id, expected) => {
    const block = actions([button({ text: 'Go', actionId: 'go', value: 'v' })], id);
    expect(block.block_id).toBe(expected);
    expect((block.block_id as string).length).toBeLessThanOrEqual(255);
  });
});

describe('approval messages', () => {
  it('request: snapshot', () => {
    expect(approvalRequestMessage(request)).toMatchSnapshot();
  });

  it('request: buttons carry only the approval ID and the right action_ids', () => {
    const msg = approvalRequestMessage(request);
    const actions = msg.blocks.filter((b) => b.type === 'actions');
    expect(actions).toHaveLength(1);
    const [approve, decline] = (actions[0]?.elements ?? []) as Block[];
    expect(approve).toMatchObject({ action_id: APPROVE_ACTION, value: 'AP-12', style: 'primary' });
    expect(decline).toMatchObject({ action_id: DECLINE_ACTION, value: 'AP-12', style: 'danger' });
    expect(decline?.confirm).toBeDefined();
    expect(approve?.confirm).toBeUndefined();
    expect(APPROVE_ACTION).toBe('approval:approve');
    expect(DECLINE_ACTION).toBe('approval:decline');
  });

  it('request: shows progress when more than one approval is needed, and the expiry', () => {
    const msg = approvalRequestMessage(request);
    const all = textsOf(msg.blocks).join('\n');
    expect(all).toContain('1 of 2 approvals');
    expect(all).toContain('<@U0000000001>');
    expect(all).toContain('Thu 3 Dec, 18:30');
    expect(msg.text).toContain('Ada Lovelace wants to join');
    expect(msg.text).toContain('1 of 2 approvals');
    expect(msg.text).toContain('Expires Thu 3 Dec, 18:30');
    expect(msg.text).toContain('Email: ada@example.org');

    const single = approvalRequestMessage({ ...request, needed: 1, approvedBy: [] });
    expect(textsOf(single.blocks).join('\n')).not.toContain('approvals');
    expect(single).toMatchSnapshot();
  });

  it('request: escapes what people typed', () => {
    const msg = approvalRequestMessage({
      ...request,
      title: `${NASTY} wants to join`,
      details: [{ label: 'Name <b>', value: NASTY }],
    });
    expectEscaped([...textsOf(msg.blocks), msg.text]);
    expect(msg.text).not.toContain('<!channel>');
  });

  it('request: long answers are truncated under Slack’s limits', () => {
    const msg = approvalRequestMessage({
      ...request,
      title: 'x'.repeat(5000),
      details: [{ label: 'Story', value: 'y'.repeat(10_000) }],
    });
    for (const b of msg.blocks) {
      if (b.type === 'section' && b.text)
        expect((b.text as { text: string }).text.length).toBeLessThanOrEqual(3000);
      for (const f of (b.fields as { text: string }[] | undefined) ?? [])
        expect(f.text.length).toBeLessThanOrEqual(2000);
    }
    expect(sectionTexts(msg.blocks).some((t) => t.endsWith('…'))).toBe(true);
    expect(msg.text.length).toBeLessThanOrEqual(3000);
  });

  it('outcome: snapshot, with no actions block', () => {
    const approved = approvalOutcomeMessage({
      approvalId: 'AP-12',
      kind: 'Join',
      title: 'Ada Lovelace wants to join',
      details,
      status: 'Approved',
      deciders: ['U0000000001', 'U0000000002'],
      decidedAt: at('2026-12-02T09:05'),
      timeZone: ZONE,
    });
    expect(approved).toMatchSnapshot();
    expect(approved.blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(approved.text).toContain('Approved');
    expect(approved.text).toContain('<@U0000000001> and <@U0000000002>');
    expect(approved.text).toContain('Wed 2 Dec, 09:05');

    for (const status of ['Declined', 'Expired'] as const) {
      const msg = approvalOutcomeMessage({
        approvalId: 'AP-12',
        kind: 'Join',
        title: 'Ada Lovelace wants to join',
        details,
        status,
        deciders: status === 'Declined' ? ['U0000000002'] : ['U0000000001'],
        decidedAt: at('2026-12-03T18:30'),
        timeZone: ZONE,
      });
      expect(msg.blocks.some((b) => b.type === 'actions')).toBe(false);
      expect(msg.text).toContain(status);
      expect(msg).toMatchSnapshot(status);
    }
  });

  it('reminder: snapshot, with and without a link', () => {
    const msg = approvalReminderMessage({
      approvalId: 'AP-12',
      title: 'Ada Lovelace wants to join',
      expires: at('2026-12-03T18:30'),
      timeZone: ZONE,
      link: 'https://hearth.slack.com/archives/C1/p123',
    });
    expect(msg).toMatchSnapshot();
    expect(textsOf(msg.blocks).join('\n')).toContain('<https://hearth.slack.com/archives/C1/p123|');
    expect(msg.text).toContain('Ada Lovelace wants to join');
    expect(msg.text).toContain('Thu 3 Dec, 18:30');
    const bare = approvalReminderMessage({
      approvalId: 'AP-12',
      title: 'Ada',
      expires: at('2026-12-03T18:30'),
      timeZone: ZONE,
    });
    expect(textsOf(bare.blocks).join('\n')).not.toContain('<http');
  });

  it('expired notice: snapshot', () => {
    const msg = approvalExpiredNotice({
      title: 'Ada Lovelace wants to join',
      subjectRule: 'Ada stays Pending; approve her by setting Status to Active in Members',
      link: 'https://hearth.slack.com/archives/C1/p123',
    });
    expect(msg).toMatchSnapshot();
    expect(msg.text).toContain('Ada Lovelace wants to join');
    expect(msg.text).toContain('setting Status to Active in Members.');
  });

  it('refusals', () => {
    const refusals = {
      notALeader: refusalText('not-a-leader'),
      cannotApprove: refusalText('cannot-approve'),
      alreadyApproved: refusalText('already-approved'),
      unknown: refusalText('unknown-approval'),
      decided: refusalText('already-decided', {
        status: 'Approved',
        by: ['U0000000001'],
        at: at('2026-12-03T18:30'),
        timeZone: ZONE,
      }),
      declined: refusalText('already-decided', { status: 'Declined', by: ['U0000000001', 'U0000000002'] }),
      expired: refusalText('already-decided', {
        status: 'Expired',
        at: at('2026-12-03T18:30'),
        timeZone: ZONE,
      }),
      bare: refusalText('already-decided'),
    };
    expect(refusals).toMatchSnapshot();
    expect(refusals.cannotApprove).toBe(
      'Only leaders with “Can approve” = Yes in the Leaders tab can approve this.',
    );
    expect(refusals.decided).toBe('This was already approved by <@U0000000001> at Thu 3 Dec, 18:30.');
    expect(refusals.alreadyApproved).toBe('You already approved this; it needs another leader.');
    expect(refusalText('already-decided', { status: '<!channel>' })).not.toContain('<!channel>');
  });
});

describe('onboarding messages', () => {
  const welcome = {
    name: 'Ada Lovelace',
    groupName: 'Leeds TypeScript',
    template:
      'Hi {Name}! Welcome to {GROUP}. Please read { rules } before the first meetup. {unknown} stays.',
    rulesLink: 'https://example.org/rules',
    rules: ['Be kind', 'No selling', 'Ask before recording', 'Share the floor', 'Leave no trace', 'Have fun'],
    events: [
      { title: 'Winter meetup', starts: at('2026-12-03T18:30'), location: 'The Hub, Room 2' },
      { title: 'Hack night', starts: at('2026-12-10T19:00') },
      { title: 'New year social', starts: at('2027-01-07T18:00'), location: 'Café Nero' },
      { title: 'Not shown', starts: at('2027-02-04T18:00') },
    ],
    greeter: { slackId: 'U0GREET001', name: 'Grace Hopper' },
    timeZone: ZONE,
  };

  it('welcome: snapshot; placeholders filled case-insensitively, unknown ones kept', () => {
    const msg = welcomeMessage(welcome);
    expect(msg).toMatchSnapshot();
    const first = sectionTexts(msg.blocks)[0];
    expect(first).toBe(
      'Hi Ada Lovelace! Welcome to Leeds TypeScript. Please read <https://example.org/rules|our ground rules> before the first meetup. {unknown} stays.',
    );
    const all = textsOf(msg.blocks).join('\n');
    expect(all).toContain('Be kind');
    expect(all).toContain('1 more');
    expect(all).toContain('Winter meetup');
    expect(all).toContain('Thu 3 Dec, 18:30');
    expect(all).not.toContain('Not shown');
    expect(all).toContain('<@U0GREET001>');
    expect(msg.text).toContain('Hi Ada Lovelace! Welcome to Leeds TypeScript.');
    expect(msg.text).toContain('<@U0GREET001>');
  });

  it('welcome: without rules link, rules, events or greeter; empty template falls back', () => {
    const plain = welcomeMessage({ ...welcome, rulesLink: '', rules: [], events: [], greeter: undefined });
    expect(plain).toMatchSnapshot();
    expect(sectionTexts(plain.blocks)[0]).toContain('Please read our ground rules (below) before');
    expect(plain.blocks).toHaveLength(1);
    const fallback = welcomeMessage({ ...welcome, template: '  ' });
    expect(fallback.text).toContain('Welcome to Leeds TypeScript, Ada Lovelace!');
  });

  it('welcome: escapes the name and the template, and does not re-fill inserted values', () => {
    const msg = welcomeMessage({ ...welcome, name: `${NASTY} {group}`, template: 'Hi {name} <!here> & co' });
    expectEscaped([...textsOf(msg.blocks), msg.text]);
    expect(msg.text).not.toContain('<!here>');
    expect(sectionTexts(msg.blocks)[0]).toContain('{group}');
    expect(fillTemplate('{NAME}/{Group}/{x}', { name: 'A', group: 'B' })).toBe('A/B/{x}');
  });

  it('welcome: a very long template is truncated under 3000 characters', () => {
    const msg = welcomeMessage({ ...welcome, template: `{name} ${'word '.repeat(2000)}` });
    const first = sectionTexts(msg.blocks)[0] ?? '';
    expect(first.length).toBeLessThanOrEqual(3000);
    expect(first.endsWith('…')).toBe(true);
    expect(msg.text.length).toBeLessThanOrEqual(3000);
  });

  it('greeter DM: snapshot, on Slack and not', () => {
    const member = {
      name: 'Ada Lovelace',
      slackId: 'U0ADA00001',
      email: 'ada@example.org',
      interests: 'TypeScript, Events',
      heardFrom: 'A friend',
    };
    const onSlack = greeterMessage({ member, groupName: 'Leeds TypeScript' });
    expect(onSlack).toMatchSnapshot();
    expect(onSlack.text).toContain('Ada Lovelace just joined Leeds TypeScript');
    expect(onSlack.text).toContain('TypeScript, Events');
    expect(textsOf(onSlack.blocks).join('\n')).toContain('<@U0ADA00001>');

    const offSlack = greeterMessage({
      member: { name: NASTY, email: 'eve@example.org' },
      groupName: 'Leeds TypeScript',
    });
    expect(offSlack).toMatchSnapshot();
    expectEscaped([...textsOf(offSlack.blocks), offSlack.text]);
  });

  it('introduction post: snapshot', () => {
    const msg = introductionPost({
      member: { name: 'Ada Lovelace', slackId: 'U0ADA00001', interests: 'TypeScript & events' },
      groupName: 'Leeds TypeScript',
    });
    expect(msg).toMatchSnapshot();
    expect(msg.text).toContain('Please welcome <@U0ADA00001> to Leeds TypeScript!');
    expect(msg.text).toContain('TypeScript &amp; events');
    const noSlack = introductionPost({ member: { name: NASTY }, groupName: 'Leeds TypeScript' });
    expectEscaped([...textsOf(noSlack.blocks), noSlack.text]);
  });

  it('follow-up: snapshot, with and without a greeter; rating buttons about joining, never asks for a reply', () => {
    const withGreeter = followUpMessage({
      name: 'Ada',
      groupName: 'Leeds TypeScript',
      memberId: 'M-8',
      greeter: { slackId: 'U0GREET001', name: 'Grace Hopper' },
    });
    expect(withGreeter).toMatchSnapshot();
    expect(withGreeter.text).toContain('Hi Ada, how is it going?');
    expect(withGreeter.text).toContain('<@U0GREET001>');
    const alone = followUpMessage({ name: 'Ada', groupName: 'Leeds TypeScript', memberId: 'M-8' });
    expect(alone).toMatchSnapshot();
    expect(alone.text).toContain('organizers');
    for (const msg of [withGreeter, alone]) {
      const buttons = msg.blocks
        .filter((b) => b.type === 'actions')
        .flatMap((b) => b.elements as Block[])
        .map((b) => [b.action_id, b.value]);
      expect(buttons).toEqual([
        ['feedback:loved', 'M-8'],
        ['feedback:ok', 'M-8'],
        ['feedback:not-for-me', 'M-8'],
        ['feedback:tell', 'M-8'],
      ]);
      expect([...textsOf(msg.blocks), msg.text].join('\n')).not.toMatch(/reply|love to know/i);
    }
  });

  it('leaders notice: one escaped section', () => {
    const msg = leadersNotice('Ada Lovelace joined Slack and is now linked');
    expect(msg).toMatchSnapshot();
    expect(msg.blocks).toHaveLength(1);
    expect(msg.text).toBe('Ada Lovelace joined Slack and is now linked');
    const nasty = leadersNotice(NASTY);
    expectEscaped([...textsOf(nasty.blocks), nasty.text]);
    const long = leadersNotice('z'.repeat(4000));
    expect(sectionTexts(long.blocks)[0]?.length).toBeLessThanOrEqual(3000);
    expect(long.text.length).toBeLessThanOrEqual(3000);
  });
});
