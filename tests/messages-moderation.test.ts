import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  escalationMessage,
  excerptOf,
  INCIDENT_ACTIONS,
  type IncidentView,
  incidentPost,
  type ModerationRefusal,
  memberRemovalReport,
  moderationRefusal,
  REASON_CALLBACK_ID,
  REPORT_CALLBACK_ID,
  type ReportedMessage,
  reasonModal,
  removalTask,
  reportClosed,
  reportModal,
  reportReceipt,
  URGENCIES,
  warningMessage,
  weeklySummary,
} from '../workflows/moderation/messages.js';
import type { Block, BlockMessage } from '../workflows/outbox/blocks.js';

const ZONE = 'Europe/London';
const at = (iso: string) => DateTime.fromISO(iso, { zone: ZONE });
const LINK = 'https://hearth.slack.com/archives/C0GENERAL/p1764787800000100';

const reported: ReportedMessage = {
  channel: 'C0GENERAL',
  ts: '1764787800.000100',
  author: 'U0EVE00001',
  excerpt: 'You are all   idiots\nand I will keep saying it',
  link: LINK,
};

const RULES = ['Be kind to each other', 'No spam or self-promotion', 'Keep it on topic'];

const open: IncidentView = {
  incidentId: 'IN-12',
  severity: 'High',
  status: 'Open',
  level: 1,
  about: 'Eve',
  aboutSlackId: 'U0EVE00001',
  rule: 'Be kind to each other',
  excerpt: 'You are all idiots and I will keep saying it',
  details: 'Third time this week she has insulted people in #general.',
  where: LINK,
  reported: at('2026-12-03T18:30'),
  steps: [],
  timeZone: ZONE,
};

const acknowledged: IncidentView = {
  ...open,
  status: 'Acknowledged',
  level: 2,
  assignee: 'U0LEAD0001',
  acknowledgedAt: at('2026-12-03T19:05'),
  steps: [
    { what: 'Warned', by: 'U0LEAD0001', at: at('2026-12-03T19:10') },
    { what: 'Removal requested', by: 'U0MOD00001', at: at('2026-12-03T19:12') },
  ],
};

const resolved: IncidentView = {
  ...acknowledged,
  status: 'Resolved',
  steps: [
    ...acknowledged.steps,
    { what: 'Resolved: talked it through, she apologised', by: 'U0LEAD0001', at: at('2026-12-04T10:00') },
  ],
};

const dismissed: IncidentView = {
  ...open,
  status: 'Dismissed',
  steps: [{ what: 'Dismissed: a joke between friends', by: 'U0MOD00001', at: at('2026-12-03T20:00') }],
};

const REFUSALS: ModerationRefusal[] = [
  'not-a-leader',
  'subject',
  'reporter',
  'closed',
  'unknown-incident',
  'no-member',
  'no-message',
  'already-done',
];

/** Every piece of text in a message's blocks, at any depth. */
function textsOf(node: unknown): string[] {
  const found: string[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      for (const [key, value] of Object.entries(n)) {
        if (key === 'text' && typeof value === 'string') found.push(value);
        else walk(value);
      }
    }
  };
  walk(node);
  return found;
}

const allText = (msg: BlockMessage) => [...textsOf(msg.blocks), msg.text].join('\n');

function buttonsOf(msg: BlockMessage): Block[] {
  return msg.blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements as Block[]);
}

const actionIds = (msg: BlockMessage) => buttonsOf(msg).map((b) => b.action_id);

/** The input blocks of a modal: block_id, action_id and element type. */
function inputsOf(view: Record<string, unknown>): { block: string; action: string; type: string }[] {
  return (view.blocks as Block[])
    .filter((b) => b.type === 'input')
    .map((b) => {
      const element = b.element as Block;
      return {
        block: b.block_id as string,
        action: element.action_id as string,
        type: element.type as string,
      };
    });
}

function inputBlock(view: Record<string, unknown>, blockId: string): Block {
  const found = (view.blocks as Block[]).find((b) => b.type === 'input' && b.block_id === blockId);
  if (!found) throw new Error(`no input ${blockId}`);
  return found;
}

/** Every mrkdwn/plain text with its Slack limit, including confirm dialogs. */
function limited(msg: BlockMessage): { text: string; max: number }[] {
  const out: { text: string; max: number }[] = [];
  for (const b of msg.blocks) {
    if (b.type === 'section') {
      if (b.text) out.push({ text: (b.text as { text: string }).text, max: 3000 });
      for (const f of (b.fields as { text: string }[] | undefined) ?? [])
        out.push({ text: f.text, max: 2000 });
      expect(((b.fields as unknown[] | undefined) ?? []).length).toBeLessThanOrEqual(10);
    }
    if (b.type === 'context') {
      expect((b.elements as unknown[]).length).toBeLessThanOrEqual(10);
      for (const el of b.elements as { text: string }[]) out.push({ text: el.text, max: 2000 });
    }
    if (b.type === 'actions')
      for (const el of b.elements as Block[]) {
        out.push({ text: (el.text as { text: string }).text, max: 75 });
        out.push({ text: el.value as string, max: 2000 });
        const confirm = el.confirm as Record<string, { text: string }> | undefined;
        if (confirm) {
          out.push({ text: confirm.title?.text ?? '', max: 100 });
          out.push({ text: confirm.text?.text ?? '', max: 300 });
          out.push({ text: confirm.confirm?.text ?? '', max: 30 });
          out.push({ text: confirm.deny?.text ?? '', max: 30 });
        }
      }
  }
  out.push({ text: msg.text, max: 3000 });
  return out;
}

/** One of each message builder (the modals are checked separately). */
function everyMessage(i: IncidentView): BlockMessage[] {
  return [
    incidentPost({ ...i, status: 'Open', steps: [] }),
    incidentPost({
      ...i,
      status: 'Acknowledged',
      assignee: 'U0LEAD0001',
      acknowledgedAt: at('2026-12-03T19:05'),
    }),
    incidentPost({ ...i, status: 'Resolved', steps: [...i.steps, ...resolved.steps] }),
    incidentPost({ ...i, status: 'Dismissed', steps: [...i.steps, ...dismissed.steps] }),
    escalationMessage({
      incident: i,
      level: 2,
      mentions: ['U0ORG00001', 'U0MOD00001'],
      waitedHours: 6,
      link: LINK,
    }),
    escalationMessage({ incident: i, level: 3, mentions: [], waitedHours: 30 }),
    reportReceipt({ groupName: 'London Walkers', excerpt: i.excerpt }),
    reportClosed({ groupName: 'London Walkers', outcome: 'Resolved' }),
    reportClosed({ groupName: 'London Walkers', outcome: 'Dismissed' }),
    warningMessage({
      groupName: 'London Walkers',
      name: i.about,
      rule: i.rule,
      rulesLink: 'https://example.org/rules',
      link: LINK,
    }),
    removalTask({ incidentId: i.incidentId, link: LINK, requestedBy: 'U0LEAD0001' }),
    memberRemovalReport({
      member: i.about,
      slackId: i.aboutSlackId,
      action: 'Banned',
      incidentId: i.incidentId,
      removedFrom: ['C0GENERAL'],
      notRemoved: [{ channel: 'C0PRIVATE', reason: 'Hearth is not in that channel' }],
    }),
    weeklySummary({
      groupName: 'London Walkers',
      from: at('2026-11-30T00:00'),
      to: at('2026-12-07T00:00'),
      byStatus: { Open: 1, Acknowledged: 1, Resolved: 2, Dismissed: 1 },
      byRule: [[i.rule ?? '', 3]],
      stillOpen: 2,
      medianAckMinutes: 35,
      timeZone: ZONE,
    }),
  ];
}

describe('the report modal', () => {
  it('with rules: snapshot; a menu of the rules plus Something else', () => {
    const view = reportModal(reported, RULES);
    expect(view).toMatchSnapshot();
    expect(view.callback_id).toBe(REPORT_CALLBACK_ID);
    expect(REPORT_CALLBACK_ID).toBe('report_to_moderators');
    expect(JSON.parse(view.private_metadata as string)).toEqual(reported);
    expect(view.title).toMatchObject({ type: 'plain_text', text: 'Report to moderators' });
    expect(view.submit).toMatchObject({ text: 'Send report' });
    expect(view.close).toMatchObject({ text: 'Cancel' });

    const rule = inputBlock(view, 'rule');
    expect(rule.optional).toBe(true);
    const element = rule.element as { type: string; options: { text: { text: string }; value: string }[] };
    expect(element.type).toBe('static_select');
    expect(element.options.map((o) => o.value)).toEqual([...RULES, 'Something else']);
    expect(element.options.map((o) => o.text.text)).toEqual([...RULES, 'Something else']);

    const all = textsOf(view.blocks).join('\n');
    expect(all).toContain('<@U0EVE00001>');
    expect(all).toContain('“You are all idiots and I will keep saying it”');
    expect(all).toContain('Only the moderators see your report, and never who sent it.');
    expect(all).not.toContain('Loading');

    const details = inputBlock(view, 'details');
    expect(details.element).toMatchObject({
      type: 'plain_text_input',
      action_id: 'value',
      multiline: true,
      max_length: 3000,
    });
    expect(details.optional).toBeUndefined();
    const urgency = inputBlock(view, 'urgency').element as {
      type: string;
      initial_option: unknown;
      options: { value: string }[];
    };
    expect(urgency.type).toBe('static_select');
    expect(urgency.options.map((o) => o.value)).toEqual([...URGENCIES]);
    expect(urgency.initial_option).toEqual(urgency.options[1]);
    expect(urgency.options[1]?.value).toBe('Medium');
  });

  it('loading and no rules: snapshots; a box to type the rule in', () => {
    const loading = reportModal(reported);
    expect(loading).toMatchSnapshot();
    expect(inputBlock(loading, 'rule').element).toMatchObject({
      type: 'plain_text_input',
      action_id: 'value',
    });
    expect(textsOf(loading.blocks).join('\n')).toContain('Loading the group’s ground rules…');

    const none = reportModal(reported, []);
    expect(none).toMatchSnapshot();
    expect(inputBlock(none, 'rule').element).toMatchObject({ type: 'plain_text_input', action_id: 'value' });
    expect(textsOf(none.blocks).join('\n')).not.toContain('Loading');
    // Blank rules are no rules.
    expect(inputBlock(reportModal(reported, [' ', '']), 'rule').element).toMatchObject({
      type: 'plain_text_input',
    });
  });

  it('keeps the same block_ids and action_ids across loading, rules and no rules', () => {
    const shape = (view: Record<string, unknown>) =>
      inputsOf(view).map(({ block, action }) => ({ block, action }));
    const loading = shape(reportModal(reported));
    expect(loading).toEqual([
      { block: 'rule', action: 'value' },
      { block: 'details', action: 'value' },
      { block: 'urgency', action: 'value' },
    ]);
    expect(shape(reportModal(reported, []))).toEqual(loading);
    expect(shape(reportModal(reported, RULES))).toEqual(loading);
    // Same metadata, title and buttons whichever variant.
    const strip = (view: Record<string, unknown>) => ({ ...view, blocks: undefined });
    expect(strip(reportModal(reported, RULES))).toEqual(strip(reportModal(reported)));
  });

  it('long rules are cut to 75 characters, duplicates dropped, at most 100 options', () => {
    const long = 'R'.repeat(200);
    const view = reportModal(reported, [
      long,
      `${long}x`,
      ...Array.from({ length: 150 }, (_, n) => `Rule ${n}`),
    ]);
    const options = (
      inputBlock(view, 'rule').element as { options: { text: { text: string }; value: string }[] }
    ).options;
    expect(options.length).toBeLessThanOrEqual(100);
    expect(options.at(-1)?.value).toBe('Something else');
    expect(options[0]?.value).toHaveLength(75);
    expect(options[0]?.value.endsWith('…')).toBe(true);
    expect(options[1]?.value).toBe('Rule 0');
    expect(new Set(options.map((o) => o.value)).size).toBe(options.length);
    for (const o of options) {
      expect(o.value.length).toBeLessThanOrEqual(75);
      expect(o.text.text.length).toBeLessThanOrEqual(75);
    }
  });

  it('escapes the excerpt, stays within Slack’s limits, and keeps only the message’s fields in the metadata', () => {
    const nasty = { ...reported, excerpt: `<!channel> <script>& ${'x'.repeat(5000)}`, author: '<!here>' };
    const view = reportModal(nasty, RULES);
    const all = textsOf(view.blocks).join('\n');
    expect(all).not.toContain('<!channel>');
    expect(all).not.toContain('<script>');
    expect(all).not.toContain('<!here>');
    expect(all).toContain('&lt;script&gt;&amp;');
    expect((view.title as { text: string }).text.length).toBeLessThanOrEqual(24);
    expect((view.private_metadata as string).length).toBeLessThanOrEqual(3000);
    const meta = JSON.parse(view.private_metadata as string);
    expect(Object.keys(meta).sort()).toEqual(['author', 'channel', 'excerpt', 'link', 'ts']);
    expect(meta.excerpt).toBe(excerptOf(nasty.excerpt));
  });

  it('excerptOf collapses whitespace and cuts at 280 characters', () => {
    expect(excerptOf('  a \n\n b\tc  ')).toBe('a b c');
    const cut = excerptOf('word '.repeat(100));
    expect(cut).toHaveLength(280);
    expect(cut.endsWith('…')).toBe(true);
    expect(excerptOf('x'.repeat(280))).toBe('x'.repeat(280));
    expect(excerptOf(`${'x'.repeat(278)}😀yz`)).toBe(`${'x'.repeat(278)}…`);
  });
});

describe('the reason modal', () => {
  it('resolve and dismiss: snapshots; one required reason input', () => {
    for (const action of ['resolve', 'dismiss'] as const) {
      const view = reasonModal({ incidentId: 'IN-12', action, channel: 'C0LEADERS' });
      expect(view).toMatchSnapshot();
      expect(view.callback_id).toBe(REASON_CALLBACK_ID);
      expect(REASON_CALLBACK_ID).toBe('incident_reason');
      expect(JSON.parse(view.private_metadata as string)).toEqual({
        incidentId: 'IN-12',
        action,
        channel: 'C0LEADERS',
      });
      expect(inputsOf(view)).toEqual([{ block: 'reason', action: 'value', type: 'plain_text_input' }]);
      const reason = inputBlock(view, 'reason');
      expect(reason.optional).not.toBe(true);
      expect(reason.element).toMatchObject({ multiline: true, max_length: 500 });
      for (const key of ['title', 'submit', 'close'])
        expect((view[key] as { text: string }).text.length).toBeLessThanOrEqual(24);
    }
  });
});

describe('the incident post', () => {
  it('open: snapshot; every button carries the incident ID in the incident block', () => {
    const msg = incidentPost(open);
    expect(msg).toMatchSnapshot();
    const blocks = msg.blocks.filter((b) => b.type === 'actions');
    expect(blocks).toHaveLength(1);
    expect(blocks[0]?.block_id).toBe('incident:IN-12');
    expect(actionIds(msg)).toEqual([
      INCIDENT_ACTIONS.acknowledge,
      INCIDENT_ACTIONS.resolve,
      INCIDENT_ACTIONS.dismiss,
      INCIDENT_ACTIONS.warn,
      INCIDENT_ACTIONS.remove,
      INCIDENT_ACTIONS.suspend,
      INCIDENT_ACTIONS.ban,
    ]);
    for (const b of buttonsOf(msg)) expect(b.value).toBe('IN-12');
    expect(INCIDENT_ACTIONS).toEqual({
      acknowledge: 'incident:ack',
      resolve: 'incident:resolve',
      dismiss: 'incident:dismiss',
      warn: 'incident:warn',
      remove: 'incident:remove',
      suspend: 'incident:suspend',
      ban: 'incident:ban',
    });

    const byId = Object.fromEntries(buttonsOf(msg).map((b) => [b.action_id as string, b]));
    expect(byId[INCIDENT_ACTIONS.acknowledge]?.style).toBe('primary');
    expect(byId[INCIDENT_ACTIONS.warn]?.confirm).toBeDefined();
    for (const id of [INCIDENT_ACTIONS.suspend, INCIDENT_ACTIONS.ban]) {
      expect(byId[id]?.style).toBe('danger');
      expect(textsOf(byId[id]?.confirm).join('\n')).toContain('Two leaders must approve');
    }

    const all = allText(msg);
    expect(all).toContain(':large_orange_circle: High');
    expect(all).toContain('Level 1');
    expect(all).toContain('IN-12');
    expect(all).toContain('<@U0EVE00001> (Eve)');
    expect(all).toContain('Be kind to each other');
    expect(all).toContain('> You are all idiots');
    expect(all).toContain('Third time this week');
    expect(all).toContain(`<${LINK}|Open the message in Slack>`);
    expect(all).toContain('Thu 3 Dec, 18:30');
    expect(msg.text).toContain('High incident IN-12 (Level 1, Open)');
  });

  it('acknowledged: snapshot; no Acknowledge button, who acknowledged and each step', () => {
    const msg = incidentPost(acknowledged);
    expect(msg).toMatchSnapshot();
    expect(actionIds(msg)).not.toContain(INCIDENT_ACTIONS.acknowledge);
    expect(actionIds(msg)[0]).toBe(INCIDENT_ACTIONS.resolve);
    const all = allText(msg);
    expect(all).toContain('Acknowledged by <@U0LEAD0001> at Thu 3 Dec, 19:05');
    expect(all).toContain('• Warned by <@U0LEAD0001> at Thu 3 Dec, 19:10');
    expect(all).toContain('• Removal requested by <@U0MOD00001> at Thu 3 Dec, 19:12');
    expect(all.indexOf('Warned')).toBeLessThan(all.indexOf('Removal requested'));
  });

  it('the repeat flag is shown prominently, right after the headline', () => {
    const msg = incidentPost({ ...open, repeat: '3rd report about them in 30 days' });
    expect(msg).toMatchSnapshot();
    expect(msg.blocks[1]).toMatchObject({
      type: 'section',
      text: { text: ':warning: *3rd report about them in 30 days*' },
    });
    expect(msg.text).toContain('3rd report about them in 30 days');
  });

  it('resolved and dismissed: snapshots; the outcome line and no buttons', () => {
    const done = incidentPost(resolved);
    expect(done).toMatchSnapshot();
    expect(buttonsOf(done)).toHaveLength(0);
    const all = allText(done);
    expect(all).toContain(
      ':white_check_mark: *Resolved* by <@U0LEAD0001> at Fri 4 Dec, 10:00: talked it through, she apologised',
    );
    expect(all).toContain('• Warned');
    expect(all.match(/talked it through/g)?.length).toBe(2); // once in blocks, once in the fallback text
    expect(done.text).toContain('Resolved by <@U0LEAD0001>');

    const gone = incidentPost(dismissed);
    expect(gone).toMatchSnapshot();
    expect(buttonsOf(gone)).toHaveLength(0);
    expect(allText(gone)).toContain(
      '*Dismissed* by <@U0MOD00001> at Thu 3 Dec, 20:00: a joke between friends',
    );

    const bare = incidentPost({ ...open, status: 'Dismissed' });
    expect(buttonsOf(bare)).toHaveLength(0);
    expect(allText(bare)).toContain('*Dismissed*: this incident is closed.');
  });

  it('no Warn, Suspend or Ban without a Slack member; no Remove without a Slack message link', () => {
    const noMember = incidentPost({ ...open, aboutSlackId: undefined, about: 'Someone at the picnic' });
    expect(actionIds(noMember)).toEqual([
      INCIDENT_ACTIONS.acknowledge,
      INCIDENT_ACTIONS.resolve,
      INCIDENT_ACTIONS.dismiss,
      INCIDENT_ACTIONS.remove,
    ]);
    expect(allText(noMember)).toContain('Someone at the picnic');
    expect(allText(noMember)).not.toContain('<@');
    expect(actionIds(incidentPost({ ...open, aboutSlackId: 'not an id' }))).not.toContain(
      INCIDENT_ACTIONS.warn,
    );

    const place = incidentPost({ ...open, where: 'The park, by the café' });
    expect(actionIds(place)).not.toContain(INCIDENT_ACTIONS.remove);
    expect(allText(place)).toContain('The park, by the café');
    const web = incidentPost({ ...open, where: 'https://example.org/forum/post/1' });
    expect(actionIds(web)).not.toContain(INCIDENT_ACTIONS.remove);
    expect(allText(web)).toContain('<https://example.org/forum/post/1|');
    const fake = incidentPost({ ...open, where: 'https://evil.example/slack.com/archives/C1/p1' });
    expect(actionIds(fake)).not.toContain(INCIDENT_ACTIONS.remove);
    expect(actionIds(incidentPost({ ...open, where: undefined }))).not.toContain(INCIDENT_ACTIONS.remove);

    const minimal = incidentPost({
      ...open,
      aboutSlackId: undefined,
      where: undefined,
      status: 'Acknowledged',
    });
    expect(actionIds(minimal)).toEqual([INCIDENT_ACTIONS.resolve, INCIDENT_ACTIONS.dismiss]);
  });

  it('escapes what people typed: about, rule, details, excerpt, where, repeat and steps', () => {
    const typed = '<script>& <!channel>';
    const msg = incidentPost({
      ...acknowledged,
      about: typed,
      rule: typed,
      details: typed,
      excerpt: typed,
      where: typed,
      repeat: typed,
      steps: [{ what: typed, by: '<!here>', at: at('2026-12-03T19:10') }],
    });
    const all = allText(msg);
    expect(all).not.toContain('<script>');
    expect(all).not.toContain('<!channel>');
    expect(all).not.toContain('<!here>');
    expect(all).toContain('&lt;script&gt;&amp; &lt;!channel&gt;');
    expect(all).not.toMatch(/&(?!amp;|lt;|gt;)/);
    for (const b of buttonsOf(msg)) expect(textsOf(b.confirm).join('\n')).not.toContain('<script>');
  });

  it('long text stays under Slack’s limits', () => {
    const long = (c: string) => c.repeat(10_000);
    const big: IncidentView = {
      ...acknowledged,
      about: long('A'),
      rule: long('R'),
      details: long('D'),
      excerpt: long('E'),
      where: long('W'),
      repeat: long('P'),
      steps: Array.from({ length: 40 }, (_, n) => ({
        what: `${n} ${long('S')}`,
        by: 'U0LEAD0001',
        at: at('2026-12-04T10:00'),
      })),
    };
    for (const msg of everyMessage(big))
      for (const { text, max } of limited(msg)) expect(text.length).toBeLessThanOrEqual(max);
    const msg = incidentPost(big);
    expect(textsOf(msg.blocks).some((t) => t.includes('D…'))).toBe(true);
    expect(allText(msg)).toContain('25 earlier steps in the Incidents tab');
    expect(actionIds(msg)).toEqual([
      INCIDENT_ACTIONS.resolve,
      INCIDENT_ACTIONS.dismiss,
      INCIDENT_ACTIONS.warn,
      INCIDENT_ACTIONS.suspend,
      INCIDENT_ACTIONS.ban,
    ]);
  });
});

describe('escalation', () => {
  it('level 2: snapshot; mentions, waited time, link and Acknowledge', () => {
    const msg = escalationMessage({
      incident: open,
      level: 2,
      mentions: ['U0ORG00001', 'U0MOD00001'],
      waitedHours: 6.5,
      link: LINK,
    });
    expect(msg).toMatchSnapshot();
    expect(buttonsOf(msg)).toHaveLength(1);
    expect(buttonsOf(msg)[0]).toMatchObject({
      action_id: INCIDENT_ACTIONS.acknowledge,
      value: 'IN-12',
      style: 'primary',
    });
    const all = allText(msg);
    expect(all).toContain('*Level 2*');
    expect(all).toContain('6 hours');
    expect(all).toContain('<@U0ORG00001> and <@U0MOD00001>: could one of you take it?');
    expect(all).toContain('the organizers and moderators');
    expect(all).toContain(`<${LINK}|Open the incident>`);
    expect(msg.text).toContain('<@U0ORG00001>');
  });

  it('level 3 as a DM: snapshot; every active leader, no mentions, no link', () => {
    const msg = escalationMessage({ incident: open, level: 3, mentions: [], waitedHours: 50 });
    expect(msg).toMatchSnapshot();
    const all = allText(msg);
    expect(all).toContain('every active leader');
    expect(all).toContain('2 days');
    expect(all).toContain('Could you take it?');
    expect(all).not.toContain('<http');
    expect(buttonsOf(msg).map((b) => b.value)).toEqual(['IN-12']);
    expect(
      allText(escalationMessage({ incident: open, level: 2, mentions: [], waitedHours: 0.5 })),
    ).toContain('less than an hour');
    expect(allText(escalationMessage({ incident: open, level: 2, mentions: [], waitedHours: 1 }))).toContain(
      'waited 1 hour without',
    );
  });
});

describe('to the reporter and the reported member', () => {
  it('receipt: snapshot; received, a leader will look at it', () => {
    const msg = reportReceipt({ groupName: 'London Walkers', excerpt: reported.excerpt });
    expect(msg).toMatchSnapshot();
    expect(msg.text).toContain('London Walkers');
    expect(msg.text).toContain('a leader will look at it');
    expect(allText(msg)).toContain('“You are all idiots and I will keep saying it”');
    expect(allText(reportReceipt({ groupName: 'London Walkers' }))).not.toContain(
      'You reported this message',
    );
  });

  it('closed: snapshots; handled or reviewed, thanks, no details', () => {
    const handled = reportClosed({ groupName: 'London Walkers', outcome: 'Resolved' });
    expect(handled).toMatchSnapshot();
    expect(handled.text).toContain('has been handled');
    const reviewed = reportClosed({ groupName: 'London Walkers', outcome: 'Dismissed' });
    expect(reviewed).toMatchSnapshot();
    expect(reviewed.text).toContain('reviewed');
    for (const msg of [handled, reviewed]) {
      expect(msg.text).toContain('Thank you');
      expect(allText(msg)).not.toMatch(/warn|ban|suspend|remov/i);
    }
  });

  it('warning: snapshot; rule, rules link, message link, never who reported', () => {
    const msg = warningMessage({
      groupName: 'London Walkers',
      name: 'Eve',
      rule: 'Be kind to each other',
      rulesLink: 'https://example.org/rules',
      link: LINK,
    });
    expect(msg).toMatchSnapshot();
    const all = allText(msg);
    expect(all).toContain('Hi Eve,');
    expect(all).toContain('“Be kind to each other”');
    expect(all).toContain('<https://example.org/rules|our ground rules>');
    expect(all).toContain(`<${LINK}|something you posted>`);
    expect(all).not.toMatch(/report/i);

    const bare = warningMessage({ groupName: 'London Walkers' });
    expect(bare).toMatchSnapshot();
    expect(allText(bare)).toContain('Hi,');
    expect(allText(bare)).not.toContain('<http');
    expect(allText(bare)).not.toContain('in particular');
  });
});

describe('tasks for a workspace admin', () => {
  it('removal: snapshot; the link, who asked, why a bot cannot', () => {
    const msg = removalTask({ incidentId: 'IN-12', link: LINK, requestedBy: 'U0LEAD0001' });
    expect(msg).toMatchSnapshot();
    const all = allText(msg);
    expect(all).toContain(`<${LINK}|this message>`);
    expect(all).toContain('<@U0LEAD0001>');
    expect(all).toContain('IN-12');
    expect(all).toContain('workspace admin');
    expect(all).toContain('can’t delete other people’s messages');
    expect(buttonsOf(msg)).toHaveLength(0);
  });

  it('member removal: snapshots for a ban and a suspension', () => {
    const ban = memberRemovalReport({
      member: 'Eve Example',
      slackId: 'U0EVE00001',
      action: 'Banned',
      incidentId: 'IN-12',
      removedFrom: ['C0GENERAL', 'C0EVENTS01'],
      notRemoved: [{ channel: 'C0PRIVATE', reason: 'Hearth is not a member of that channel' }],
    });
    expect(ban).toMatchSnapshot();
    const all = allText(ban);
    expect(all).toContain('<@U0EVE00001> (Eve Example) is banned (incident IN-12)');
    expect(all).toContain('Removed them from <#C0GENERAL> and <#C0EVENTS01>.');
    expect(all).toContain('• <#C0PRIVATE>: Hearth is not a member of that channel');
    expect(all).toContain('Deactivate their account');
    expect(all).toContain('by hand');

    const suspension = memberRemovalReport({
      member: 'Eve Example',
      action: 'Suspended',
      removedFrom: ['#general'],
      notRemoved: [],
    });
    expect(suspension).toMatchSnapshot();
    const text = allText(suspension);
    expect(text).toContain('*Eve Example* is suspended.');
    expect(text).toContain('Removed them from #general.');
    expect(text).toContain('until the suspension ends');
    expect(text).not.toContain('Couldn’t');
    expect(text).not.toContain('by hand');

    const nothing = memberRemovalReport({ member: 'Eve', action: 'Banned', removedFrom: [], notRemoved: [] });
    expect(allText(nothing)).toContain('weren’t in any channel');
  });
});

describe('the weekly summary', () => {
  it('snapshot: period, counts by status, top rules, still open, median time to acknowledge', () => {
    const msg = weeklySummary({
      groupName: 'London Walkers',
      from: at('2026-11-30T00:00'),
      to: at('2026-12-07T00:00'),
      byStatus: { Open: 1, Acknowledged: 2, Resolved: 4, Dismissed: 1 },
      byRule: [
        ['Be kind to each other', 3],
        ['', 2],
        ['No spam', 2],
        ['  ', 1],
        ...Array.from({ length: 12 }, (_, n) => [`Rule ${n}`, 0.5 + n / 100] as const),
      ],
      stillOpen: 3,
      medianAckMinutes: 95,
      timeZone: ZONE,
    });
    expect(msg).toMatchSnapshot();
    const all = allText(msg);
    expect(all).toContain('Mon 30 Nov – Sun 6 Dec');
    expect(all).toContain('8 incidents reported');
    expect(all).toContain('*Resolved*\n4');
    expect(all).toContain('• (no rule): 3');
    expect(all).toContain('• Be kind to each other: 3');
    expect(all).toContain('3 still open');
    expect(all).toContain('Median time to acknowledge: 1 h 35 min');
    expect(msg.text).toContain('Open 1, Acknowledged 2, Resolved 4, Dismissed 1');
  });

  it('top 10 rules only; none acknowledged; an empty week', () => {
    const byRule = Array.from({ length: 14 }, (_, n) => [`Rule ${n}`, 20 - n] as const);
    const msg = weeklySummary({
      groupName: 'London Walkers',
      from: at('2026-11-30T00:00'),
      to: at('2026-12-06T23:59'),
      byStatus: { Open: 14 },
      byRule,
      stillOpen: 14,
      timeZone: ZONE,
    });
    const rules = textsOf(msg.blocks).find((t) => t.startsWith('*By ground rule*')) ?? '';
    expect(rules.split('\n').filter((l) => l.startsWith('• '))).toHaveLength(10);
    expect(rules).toContain('• Rule 0: 20');
    expect(rules).not.toContain('Rule 10');
    expect(rules).toContain('…and 4 more rules');
    expect(allText(msg)).toContain('none acknowledged');
    expect(allText(msg)).toContain('Mon 30 Nov – Sun 6 Dec');

    const empty = weeklySummary({
      groupName: 'London Walkers',
      from: at('2026-11-30T00:00'),
      to: at('2026-12-07T00:00'),
      byStatus: {},
      byRule: [],
      stillOpen: 0,
      timeZone: ZONE,
    });
    expect(empty).toMatchSnapshot();
    expect(empty.text).toContain('No incidents were reported.');
    expect(empty.text).toContain('Nothing is still open.');
    expect(allText(empty)).not.toContain('By ground rule');
  });
});

describe('refusals', () => {
  it('snapshot; every reason gives a distinct sentence naming the incident', () => {
    const texts = Object.fromEntries(REFUSALS.map((r) => [r, moderationRefusal(r, 'IN-12')]));
    expect(texts).toMatchSnapshot();
    expect(new Set(Object.values(texts)).size).toBe(REFUSALS.length);
    for (const text of Object.values(texts)) {
      expect(text).toContain('IN-12');
      expect(text).toMatch(/^[A-Z]/);
    }
    expect(moderationRefusal('closed', '<!channel>')).not.toContain('<!channel>');
    expect(moderationRefusal('closed', '')).toMatch(/^This incident/);
  });
});

describe('the reporter stays confidential', () => {
  const REPORTER_ID = 'U0REPORTER';
  const REPORTER_EMAIL = 'reporter@example.org';
  const REPORTER_NAME = 'Rita Reporter';
  /** What a careless caller might spread in from a whole Incidents row. */
  const row = { reporter: REPORTER_ID, reporterEmail: REPORTER_EMAIL, reporterName: REPORTER_NAME };
  const secrets = [REPORTER_ID, REPORTER_EMAIL, REPORTER_NAME];

  it('no builder takes a reporter, so none can show one', () => {
    const incident = { ...acknowledged, ...row } as IncidentView;
    const outputs: unknown[] = [
      reportModal({ ...reported, ...row } as ReportedMessage, RULES),
      reportModal({ ...reported, ...row } as ReportedMessage),
      reasonModal({ incidentId: 'IN-12', action: 'resolve', channel: 'C0LEADERS', ...row } as Parameters<
        typeof reasonModal
      >[0]),
      ...everyMessage(incident),
      escalationMessage({
        incident,
        level: 3,
        mentions: ['U0ORG00001'],
        waitedHours: 4,
        ...row,
      } as Parameters<typeof escalationMessage>[0]),
      reportReceipt({ groupName: 'London Walkers', ...row } as Parameters<typeof reportReceipt>[0]),
      reportClosed({ groupName: 'London Walkers', outcome: 'Resolved', ...row } as Parameters<
        typeof reportClosed
      >[0]),
      warningMessage({ groupName: 'London Walkers', ...row } as Parameters<typeof warningMessage>[0]),
      removalTask({ incidentId: 'IN-12', link: LINK, requestedBy: 'U0LEAD0001', ...row } as Parameters<
        typeof removalTask
      >[0]),
      ...REFUSALS.map((r) => moderationRefusal(r, 'IN-12')),
    ];
    for (const out of outputs) {
      const json = JSON.stringify(out);
      for (const secret of secrets) expect(json).not.toContain(secret);
      expect(json).not.toMatch(/reported by/i);
    }
    // Every button's value is only the incident ID.
    for (const out of outputs.filter(
      (o): o is BlockMessage => typeof o === 'object' && o !== null && 'blocks' in o,
    ))
      for (const b of buttonsOf(out)) expect(b.value).toBe('IN-12');
  });

  it('a reporter-like string appears only where it was passed as something else', () => {
    // Passed as who the report is about, it is shown: that is the subject, not the reporter.
    const about = incidentPost({ ...open, about: REPORTER_NAME });
    expect(allText(about)).toContain(REPORTER_NAME);
  });

  it('the types refuse a reporter field', () => {
    // @ts-expect-error: there is no reporter in an incident view.
    const view: IncidentView = { ...open, reporter: REPORTER_ID };
    // @ts-expect-error: there is no reporter in a receipt.
    const receipt = reportReceipt({ groupName: 'London Walkers', reporter: REPORTER_ID });
    // @ts-expect-error: there is no reporter in a reported message.
    const meta: ReportedMessage = { ...reported, reporter: REPORTER_ID };
    expect(JSON.stringify(receipt)).not.toContain(REPORTER_ID);
    expect(JSON.stringify(incidentPost(view))).not.toContain(REPORTER_ID);
    expect(JSON.stringify(reportModal(meta))).not.toContain(REPORTER_ID);
  });
});

describe('while a suspension or ban waits for approval', () => {
  it('the incident post does not offer Suspend or Ban again', () => {
    const ids = (view: Parameters<typeof incidentPost>[0]) =>
      JSON.stringify(incidentPost(view).blocks).match(/incident:(suspend|ban)"/g) ?? [];
    const base = {
      incidentId: 'IN-7',
      severity: 'High' as const,
      status: 'Acknowledged' as const,
      level: 1,
      about: 'Eve (U0EVE00001)',
      aboutSlackId: 'U0EVE00001',
      reported: DateTime.fromISO('2026-12-01T10:00:00Z'),
      steps: [],
      timeZone: 'Europe/London',
    };
    expect(ids(base)).toHaveLength(2);
    expect(ids({ ...base, severePending: true })).toEqual([]);
  });
});
