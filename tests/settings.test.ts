import { describe, expect, it } from 'vitest';
import {
  defaultSettings,
  parseClockTime,
  parseReminderOffsets,
  parseSettings,
  renderTemplate,
  SETTING_KEYS,
  type SettingEntry,
  type Settings,
} from '../sheets-schema/settings.js';

/** One setting typed in row 2 of the sheet. */
function one(key: string, value: string) {
  return parseSettings([{ key, value, a1: 'Settings!B2', row: 2 }]);
}

/** Rows as an organizer lays them out, starting at row 2. */
function rows(...pairs: [string, string][]): SettingEntry[] {
  return pairs.map(([key, value], i) => ({ key, value, a1: `Settings!B${i + 2}`, row: i + 2 }));
}

const defaults = defaultSettings();

describe('SETTING_KEYS', () => {
  it('lists every key of the contract, in order', () => {
    expect(SETTING_KEYS.map((s) => s.key)).toEqual([
      'Group name',
      'Time zone',
      'Leaders channel',
      'Announcements channel',
      'Introductions channel',
      'Join approval',
      'Welcome message',
      'Ground rules link',
      'Ground rules',
      'Slack invite link',
      'Reminder offsets',
      'Quiet hours',
      'Escalate after hours',
      'Approval expires after hours',
      'Follow-up after days',
      'Max guests',
      'RSVPs from',
      'Join form link',
      'Leaders summary',
      'Intro rounds',
      'Intro day',
      'No repeat intros for days',
      'Intro group size',
      'Celebrate milestones',
      'Invite link',
      'Engagement weights',
      'Check in on quiet members',
      'Answer within hours',
      'Project approvals needed',
      'Project check-in days',
      'Active projects at most',
      'Leader term months',
      'Leader check-ins',
      'Leader intros',
    ]);
  });

  it('covers every field of Settings exactly once', () => {
    expect(SETTING_KEYS.map((s) => s.field).sort()).toEqual(Object.keys(defaults).sort());
  });

  it('seeds a sheet that parses without problems and means the defaults', () => {
    const seeded = SETTING_KEYS.map((s, i) => ({
      key: s.key,
      value: s.defaultValue,
      a1: `Settings!B${i + 2}`,
      row: i + 2,
    }));
    const { settings, problems } = parseSettings(seeded);
    expect(problems).toEqual([]);
    expect(settings).toEqual(defaults);
  });

  it('has a one-line note for every key', () => {
    for (const s of SETTING_KEYS) {
      expect(s.note.length, s.key).toBeGreaterThan(10);
      expect(s.note, s.key).not.toContain('\n');
    }
  });
});

describe('defaults', () => {
  it('are what a new group expects', () => {
    expect(defaults).toEqual({
      groupName: 'Our Community',
      timeZone: 'UTC',
      leadersChannel: '#leaders',
      announcementsChannel: '#announcements',
      introductionsChannel: '#introductions',
      joinApprovalRequired: false,
      welcomeMessage: expect.stringContaining('{name}'),
      groundRulesLink: '',
      groundRules: expect.arrayContaining(['Be kind and respectful.']),
      slackInviteLink: '',
      reminderOffsets: [
        { days: 1, hours: 0, minutes: 0, label: '1 day' },
        { days: 0, hours: 2, minutes: 0, label: '2 hours' },
      ],
      quietHours: { start: { hour: 21, minute: 0 }, end: { hour: 8, minute: 0 } },
      escalateAfterHours: 24,
      approvalExpiresAfterHours: 72,
      followUpAfterDays: 7,
      maxGuests: 2,
      rsvpsFrom: 'Members',
      joinFormLink: '',
      leadersSummary: { weekday: 1, hour: 9, minute: 0 },
      introEveryDays: 14,
      introDay: { weekday: 1, hour: 10, minute: 0 },
      noRepeatIntrosForDays: 90,
      introGroupSize: 2,
      celebrateMilestones: true,
      inviteLink: '',
      engagementWeights: { attended: 3, kept: 1, hosted: 5, greeted: 2, met: 2, answered: 2, volunteered: 3 },
      checkInOnQuietMembers: false,
      answerWithinHours: 4,
      projectApprovalsNeeded: 1,
      projectCheckInDays: 14,
      activeProjectsAtMost: 3,
      leaderTermMonths: 12,
      leaderCheckIns: true,
      leaderIntros: false,
    } satisfies Settings);
    expect(defaults.welcomeMessage).toContain('{group}');
    expect(defaults.welcomeMessage).toContain('{rules}');
  });

  it('are used silently for a missing sheet, missing keys and empty values', () => {
    expect(parseSettings([])).toEqual({ settings: defaults, problems: [] });
    expect(one('Time zone', '   ')).toEqual({ settings: defaults, problems: [] });
    expect(one('Quiet hours', '')).toEqual({ settings: defaults, problems: [] });
  });

  it('are a fresh object each time', () => {
    const a = defaultSettings();
    a.groundRules.push('changed');
    expect(defaultSettings().groundRules).not.toContain('changed');
  });
});

describe('keys', () => {
  it.each(['Time zone', 'time zone', 'TIMEZONE', 'Time-zone', ' Time  zone: ', 'Time zone (IANA)'])(
    '%j names the Time zone setting',
    (key) => {
      expect(one(key, 'Europe/Paris').settings.timeZone).toBe('Europe/Paris');
    },
  );

  it('reads a retired setting as an organizer’s own note: no problem, no field', () => {
    expect(one('Inactive after days', 'ninety')).toEqual({ settings: defaults, problems: [] });
  });

  it('ignores unknown keys and rows without a key', () => {
    const result = parseSettings([
      ...rows(['Our treasurer', 'Sam'], ['Max guests', '3']),
      { key: undefined, value: 'a stray note', a1: 'Settings!B9', row: 9 },
    ]);
    expect(result.problems).toEqual([]);
    expect(result.settings.maxGuests).toBe(3);
  });

  it('keeps the first of a key given twice and reports the second', () => {
    const { settings, problems } = parseSettings(
      rows(['Max guests', '3'], ['Group name', 'Knitters'], ['max guests', '5']),
    );
    expect(settings.maxGuests).toBe(3);
    expect(problems).toEqual([
      {
        tab: 'Settings',
        row: 4,
        a1: 'Settings!B4',
        header: 'Max guests',
        message: expect.stringMatching(/set twice.*row 2/),
      },
    ]);
  });

  it('keeps the first of a duplicate even when the first is empty', () => {
    const { settings, problems } = parseSettings(rows(['Max guests', ''], ['Max guests', '5']));
    expect(settings.maxGuests).toBe(2);
    expect(problems).toHaveLength(1);
  });
});

/** [key, typed value, what it means]: one row per accepted spelling. */
const GOOD: [string, string, Partial<Settings>][] = [
  ['Group name', '  Leeds   Hiking Club ', { groupName: 'Leeds Hiking Club' }],
  ['Time zone', 'Europe/London', { timeZone: 'Europe/London' }],
  ['Time zone', 'europe/london', { timeZone: 'Europe/London' }],
  ['Time zone', 'Europe/london', { timeZone: 'Europe/London' }],
  ['Time zone', 'utc', { timeZone: 'UTC' }],
  ['Time zone', 'America/New York', { timeZone: 'America/New_York' }],
  ['Time zone', 'Etc/UTC', { timeZone: 'Etc/UTC' }],
  ['Time zone', 'Australia/Sydney', { timeZone: 'Australia/Sydney' }],
  ['Leaders channel', '#leaders', { leadersChannel: '#leaders' }],
  ['Leaders channel', 'leaders', { leadersChannel: '#leaders' }],
  ['Leaders channel', ' #Team-Leads ', { leadersChannel: '#team-leads' }],
  ['Leaders channel', 'mod_team', { leadersChannel: '#mod_team' }],
  ['Leaders channel', 'C0123ABCD', { leadersChannel: 'C0123ABCD' }],
  ['Leaders channel', 'G01AB2CD3EF', { leadersChannel: 'G01AB2CD3EF' }],
  ['Leaders channel', 'https://acme.slack.com/archives/C0123ABCD', { leadersChannel: 'C0123ABCD' }],
  ['Leaders channel', 'CHAPTERS', { leadersChannel: '#chapters' }],
  ['Announcements channel', '#news', { announcementsChannel: '#news' }],
  ['Introductions channel', 'say-hello', { introductionsChannel: '#say-hello' }],
  ['Join approval', 'Required', { joinApprovalRequired: true }],
  ['Join approval', 'required', { joinApprovalRequired: true }],
  ['Join approval', 'Yes', { joinApprovalRequired: true }],
  ['Join approval', 'TRUE', { joinApprovalRequired: true }],
  ['Join approval', 'Not required', { joinApprovalRequired: false }],
  ['Join approval', 'not-required', { joinApprovalRequired: false }],
  ['Join approval', 'No', { joinApprovalRequired: false }],
  ['Join approval', 'FALSE', { joinApprovalRequired: false }],
  ['Join approval', 'off', { joinApprovalRequired: false }],
  ['Welcome message', 'Hi {name}, welcome to {group}!', { welcomeMessage: 'Hi {name}, welcome to {group}!' }],
  ['Welcome message', 'Hi { Name }! Rules: {RULES}', { welcomeMessage: 'Hi { Name }! Rules: {RULES}' }],
  ['Welcome message', 'Hello!\nNo placeholders.', { welcomeMessage: 'Hello!\nNo placeholders.' }],
  ['Ground rules link', 'https://example.org/rules', { groundRulesLink: 'https://example.org/rules' }],
  ['Ground rules link', 'http://example.org', { groundRulesLink: 'http://example.org' }],
  ['Ground rules link', 'example.org/rules', { groundRulesLink: 'https://example.org/rules' }],
  ['Ground rules', 'Be kind\nNo spam', { groundRules: ['Be kind', 'No spam'] }],
  [
    'Ground rules',
    '1. Be kind\r\n\r\n2) No spam\n  - Ask first\n• Have fun\n* Be on time\n—Tidy up',
    { groundRules: ['Be kind', 'No spam', 'Ask first', 'Have fun', 'Be on time', 'Tidy up'] },
  ],
  ['Ground rules', '1.5 metres apart\n2026 plans', { groundRules: ['1.5 metres apart', '2026 plans'] }],
  [
    'Slack invite link',
    'https://join.slack.com/t/acme/shared_invite/zt-abc',
    { slackInviteLink: 'https://join.slack.com/t/acme/shared_invite/zt-abc' },
  ],
  ['Reminder offsets', 'none', { reminderOffsets: [] }],
  [
    'Quiet hours',
    '22:00-07:00',
    { quietHours: { start: { hour: 22, minute: 0 }, end: { hour: 7, minute: 0 } } },
  ],
  ['Quiet hours', 'off', { quietHours: null }],
  ['Escalate after hours', '12', { escalateAfterHours: 12 }],
  ['Escalate after hours', '0.5', { escalateAfterHours: 0.5 }],
  ['Escalate after hours', '48 hours', { escalateAfterHours: 48 }],
  ['Escalate after hours', '6h', { escalateAfterHours: 6 }],
  ['Escalate after hours', '0', { escalateAfterHours: 0 }],
  ['Approval expires after hours', '36', { approvalExpiresAfterHours: 36 }],
  ['Follow-up after days', '14', { followUpAfterDays: 14 }],
  ['Follow-up after days', '3 days', { followUpAfterDays: 3 }],
  ['RSVPs from', 'anyone', { rsvpsFrom: 'Anyone' }],
  ['RSVPs from', 'Members only', { rsvpsFrom: 'Members' }],
  ['Join form link', 'forms.gle/AbC123', { joinFormLink: 'https://forms.gle/AbC123' }],
  ['Max guests', '0', { maxGuests: 0 }],
  ['Max guests', '5', { maxGuests: 5 }],
  ['Max guests', '1 guest', { maxGuests: 1 }],
  ['Leaders summary', 'Friday 17:30', { leadersSummary: { weekday: 5, hour: 17, minute: 30 } }],
  ['Leaders summary', 'off', { leadersSummary: null }],
  ['Intro rounds', 'Weekly', { introEveryDays: 7 }],
  ['Intro rounds', 'every 4 weeks', { introEveryDays: 28 }],
  ['Intro rounds', 'Off', { introEveryDays: 0 }],
  ['Intro day', 'Thursday 18:00', { introDay: { weekday: 4, hour: 18, minute: 0 } }],
  ['Intro day', 'off', { introDay: null }],
  ['No repeat intros for days', '30', { noRepeatIntrosForDays: 30 }],
  ['Intro group size', '3', { introGroupSize: 3 }],
  ['Celebrate milestones', 'No', { celebrateMilestones: false }],
  [
    'Invite link',
    'https://docs.google.com/forms/d/e/1FAIpQL/viewform?usp=pp_url&entry.1234567=',
    { inviteLink: 'https://docs.google.com/forms/d/e/1FAIpQL/viewform?usp=pp_url&entry.1234567=' },
  ],
  [
    'Engagement weights',
    'hosted 10, Events attended: 4; answered 0',
    {
      engagementWeights: {
        attended: 4,
        kept: 1,
        hosted: 10,
        greeted: 2,
        met: 2,
        answered: 0,
        volunteered: 3,
      },
    },
  ],
  [
    'Engagement weights',
    'intros met 1.5',
    {
      engagementWeights: {
        attended: 3,
        kept: 1,
        hosted: 5,
        greeted: 2,
        met: 1.5,
        answered: 2,
        volunteered: 3,
      },
    },
  ],
  ['Check in on quiet members', 'Yes', { checkInOnQuietMembers: true }],
  ['Answer within hours', '2.5', { answerWithinHours: 2.5 }],
  ['Answer within hours', '0', { answerWithinHours: 0 }],
  ['Project approvals needed', '2', { projectApprovalsNeeded: 2 }],
  ['Project approvals needed', '2 leaders', { projectApprovalsNeeded: 2 }],
  ['Project check-in days', '7 days', { projectCheckInDays: 7 }],
  ['Project check-in days', '0', { projectCheckInDays: 0 }],
  ['Active projects at most', '5', { activeProjectsAtMost: 5 }],
  ['Active projects at most', '0', { activeProjectsAtMost: 0 }],
  ['Leader term months', '24', { leaderTermMonths: 24 }],
  ['Leader term months', '6 months', { leaderTermMonths: 6 }],
  ['Leader check-ins', 'Off', { leaderCheckIns: false }],
  ['Leader check-ins', 'monthly', { leaderCheckIns: true }],
  ['Leader intros', 'Yes', { leaderIntros: true }],
];

describe('good values', () => {
  it.each(GOOD)('%s %j', (key, value, expected) => {
    const { settings, problems } = one(key, value);
    expect(problems).toEqual([]);
    expect(settings).toEqual({ ...defaults, ...expected });
  });
});

/** [key, typed value, words the message must contain]. */
const BAD: [string, string, RegExp][] = [
  ['Time zone', 'Europe/Londn', /^"Europe\/Londn" is not a time zone: use an IANA name like Europe\/London$/],
  ['Time zone', 'GMT+1', /not a time zone/],
  ['Time zone', 'London', /IANA name like Europe\/London/],
  ['Leaders channel', '#team leads', /not a Slack channel.*#leaders.*C0123ABCD/],
  ['Leaders channel', '#leaders!', /not a Slack channel/],
  ['Leaders channel', '##leaders', /not a Slack channel/],
  ['Announcements channel', 'news & events', /like #announcements/],
  ['Join approval', 'maybe', /not Required or Not required/],
  ['Welcome message', 'Hi {firstname}!', /\{firstname\}.*\{name\}, \{group\}, \{rules\}/],
  ['Welcome message', 'Hi {name}, see {link} and {date}', /\{link\}, \{date\}/],
  ['Ground rules link', 'ftp://example.org/rules', /not a web link.*https:\/\/example\.org\/rules/],
  ['Ground rules link', 'see the pinned post', /not a web link/],
  ['Ground rules link', 'rules', /not a web link/],
  ['Slack invite link', 'mailto:someone@example.org', /not a web link.*join\.slack\.com/],
  [
    'Reminder offsets',
    '2 fortnights',
    /"2 fortnights" is not a time before the event.*7 days, 1 day, 2 hours/,
  ],
  ['Reminder offsets', '1 day, soon', /"soon" is not a time before the event/],
  ['Reminder offsets', '0 hours', /"0 hours" is no time at all/],
  ['Reminder offsets', '1 day, -2 hours', /"-2 hours" is negative/],
  ['Reminder offsets', '1.5 hours', /not a time before the event/],
  ['Reminder offsets', ', ;', /no reminder times/],
  ['Quiet hours', '21:00', /not a time range.*21:00-08:00/],
  ['Quiet hours', '25:00-08:00', /not a time range/],
  ['Quiet hours', '21:60-08:00', /not a time range/],
  ['Quiet hours', '13pm-8am', /not a time range/],
  ['Quiet hours', '22:00-22:00', /same time/],
  ['Quiet hours', 'evenings', /not a time range/],
  ['Escalate after hours', 'a day', /not a number of hours.*like 24/],
  ['Escalate after hours', '-1', /0 or more/],
  ['Approval expires after hours', 'three days', /like 72/],
  ['Follow-up after days', '1.5', /not a whole number of days.*like 7/],
  ['RSVPs from', 'friends', /"friends" is not Members or Anyone/],
  ['Join form link', 'ask Grace', /not a web link/],
  ['Max guests', 'two', /not a whole number of guests.*like 2/],
  ['Max guests', '-1', /not a whole number of guests \(0 or more\)/],
  ['Max guests', '1.5', /whole number/],
  ['Leaders summary', 'Monday', /not a weekday and time.*Monday 09:00.*off/],
  ['Leaders summary', '09:00', /not a weekday and time/],
  ['Leaders summary', 'Funday 9:00', /not a weekday and time/],
  ['Leaders summary', 'Mo 9:00', /not a weekday and time/],
  ['Leaders summary', 'Monday 25:00', /not a weekday and time/],
  [
    'Intro rounds',
    'daily',
    /"daily" is not how often intros go out: choose Off, Weekly, Every 2 weeks or Every 4 weeks/,
  ],
  ['Intro day', 'Mondays', /not a weekday and time.*Monday 09:00, or off for no intro rounds/],
  ['No repeat intros for days', 'a season', /not a whole number of days.*like 90/],
  ['Intro group size', '4', /"4" is not 2 or 3/],
  ['Celebrate milestones', 'sometimes', /not Yes or No/],
  ['Invite link', 'https://docs.google.com/forms/d/e/x/viewform', /does not end in entry/],
  ['Invite link', 'ask Grace', /not a web link/],
  [
    'Engagement weights',
    'attended lots',
    /"attended lots" is not an activity and a weight.*attended 3, kept 1/,
  ],
  ['Engagement weights', 'attended 3, posted 2', /"posted 2" is not an activity and a weight/],
  ['Check in on quiet members', 'maybe', /not Yes or No/],
  ['Answer within hours', 'soon', /not a number of hours.*like 4/],
  ['Project approvals needed', '0', /cannot approve a project: type 1, 2 or 3/],
  ['Project approvals needed', 'two', /not a whole number of leaders.*like 1/],
  ['Project check-in days', '1.5', /not a whole number of days.*like 14/],
  ['Active projects at most', 'many', /not a whole number of projects.*like 3/],
  ['Leader term months', '0', /no term/],
  ['Leader check-ins', 'weekly', /Monthly, or Off/],
];

describe('bad values', () => {
  it.each(BAD)('%s %j: default used, problem at the cell', (key, value, message) => {
    const { settings, problems } = parseSettings([
      ...rows(['Group name', 'Knitters']),
      { key, value, a1: 'Settings!B7', row: 7 },
    ]);
    expect(settings).toEqual({ ...defaults, groupName: 'Knitters' });
    expect(problems).toEqual([
      { tab: 'Settings', row: 7, a1: 'Settings!B7', header: key, message: expect.stringMatching(message) },
    ]);
  });

  it('reports each bad setting and keeps the good ones', () => {
    const { settings, problems } = parseSettings(
      rows(['Time zone', 'Mars/Olympus'], ['Max guests', '4'], ['Quiet hours', 'late'], ['Timezone', 'UTC']),
    );
    expect(settings.maxGuests).toBe(4);
    expect(settings.timeZone).toBe('UTC');
    expect(problems.map((p) => [p.a1, p.header])).toEqual([
      ['Settings!B2', 'Time zone'],
      ['Settings!B4', 'Quiet hours'],
      ['Settings!B5', 'Time zone'],
    ]);
  });

  it('uses the key as SETTING_KEYS spells it, whatever the sheet says', () => {
    expect(one('time-zone', 'nowhere').problems[0]?.header).toBe('Time zone');
  });
});

describe('reminder offsets', () => {
  const o = (days: number, hours: number, minutes: number, label: string) => ({
    days,
    hours,
    minutes,
    label,
  });

  it.each([
    ['7 days, 1 day, 2 hours', [o(7, 0, 0, '7 days'), o(1, 0, 0, '1 day'), o(0, 2, 0, '2 hours')]],
    ['2 hours, 7 days, 1 day', [o(7, 0, 0, '7 days'), o(1, 0, 0, '1 day'), o(0, 2, 0, '2 hours')]],
    ['1d, 2h', [o(1, 0, 0, '1 day'), o(0, 2, 0, '2 hours')]],
    ['30 min', [o(0, 0, 30, '30 minutes')]],
    ['30m; 1hr', [o(0, 1, 0, '1 hour'), o(0, 0, 30, '30 minutes')]],
    ['1 week', [o(7, 0, 0, '1 week')]],
    ['2 weeks and 3 days', [o(14, 0, 0, '2 weeks'), o(3, 0, 0, '3 days')]],
    ['90 minutes', [o(0, 0, 90, '90 minutes')]],
    ['48 hours', [o(0, 48, 0, '48 hours')]],
    ['1 day 12 hours', [o(1, 12, 0, '1 day 12 hours')]],
    ['1 DAY, 2 Hours', [o(1, 0, 0, '1 day'), o(0, 2, 0, '2 hours')]],
    ['a day before & an hour before', [o(1, 0, 0, '1 day'), o(0, 1, 0, '1 hour')]],
    ['1 day\n2 hours', [o(1, 0, 0, '1 day'), o(0, 2, 0, '2 hours')]],
    ['1 day, 1 day, 2 hours', [o(1, 0, 0, '1 day'), o(0, 2, 0, '2 hours')]],
    ['1 week, 7 days', [o(7, 0, 0, '1 week')]],
    ['1 day, 24 hours', [o(1, 0, 0, '1 day')]],
    ['60 minutes, 1 hour', [o(0, 0, 60, '60 minutes')]],
    ['2hrs,1d', [o(1, 0, 0, '1 day'), o(0, 2, 0, '2 hours')]],
    ['none', []],
    ['Off', []],
  ])('%j', (text, expected) => {
    expect(parseReminderOffsets(text)).toEqual(expected);
  });

  it('keeps calendar days as days so reminders follow the wall clock across DST', () => {
    expect(parseReminderOffsets('1 day')).toEqual([o(1, 0, 0, '1 day')]);
    expect(parseReminderOffsets('24 hours')).toEqual([o(0, 24, 0, '24 hours')]);
  });
});

describe('quiet hours', () => {
  const q = (sh: number, sm: number, eh: number, em: number) => ({
    quietHours: { start: { hour: sh, minute: sm }, end: { hour: eh, minute: em } },
  });

  it.each([
    ['21:00-08:00', q(21, 0, 8, 0)],
    ['21:00–08:00', q(21, 0, 8, 0)],
    ['21:00 — 08:00', q(21, 0, 8, 0)],
    ['21:00 to 08:00', q(21, 0, 8, 0)],
    ['9pm-8am', q(21, 0, 8, 0)],
    ['9 PM - 8 AM', q(21, 0, 8, 0)],
    ['9:30 p.m. until 7:15 a.m.', q(21, 30, 7, 15)],
    ['22.30-6.45', q(22, 30, 6, 45)],
    ['23-7', q(23, 0, 7, 0)],
    ['12am-6am', q(0, 0, 6, 0)],
    ['midnight-07:00', q(0, 0, 7, 0)],
    ['22:00-24:00', q(22, 0, 0, 0)],
    ['13:00-14:00', q(13, 0, 14, 0)],
    ['12pm-1pm', q(12, 0, 13, 0)],
    ['none', { quietHours: null }],
    ['None', { quietHours: null }],
    ['off', { quietHours: null }],
  ])('%j', (text, expected) => {
    const { settings, problems } = one('Quiet hours', text);
    expect(problems).toEqual([]);
    expect(settings).toEqual({ ...defaults, ...expected });
  });
});

describe('clock times', () => {
  it.each([
    ['09:00', { hour: 9, minute: 0 }],
    ['9', { hour: 9, minute: 0 }],
    ['9am', { hour: 9, minute: 0 }],
    ['12 am', { hour: 0, minute: 0 }],
    ['12pm', { hour: 12, minute: 0 }],
    ['noon', { hour: 12, minute: 0 }],
    ['17h30', { hour: 17, minute: 30 }],
    ['0:05', { hour: 0, minute: 5 }],
    ['24:30', undefined],
    ['0am', undefined],
    ['9:5', undefined],
    ['nine', undefined],
  ])('%j', (text, expected) => {
    expect(parseClockTime(text)).toEqual(expected);
  });
});

describe('leaders summary', () => {
  it.each([
    ['Monday 09:00', 1, 9, 0],
    ['Mon 9:00', 1, 9, 0],
    ['monday 9am', 1, 9, 0],
    ['Mondays at 9am', 1, 9, 0],
    ['Mon. 9:00', 1, 9, 0],
    ['Tue 18:00', 2, 18, 0],
    ['Tues 6pm', 2, 18, 0],
    ['Wednesday, 12:30', 3, 12, 30],
    ['thurs 8:15 am', 4, 8, 15],
    ['Fri 5pm', 5, 17, 0],
    ['Saturday 10:00', 6, 10, 0],
    ['SUNDAY 20:00', 7, 20, 0],
  ])('%j', (text, weekday, hour, minute) => {
    const { settings, problems } = one('Leaders summary', text);
    expect(problems).toEqual([]);
    expect(settings.leadersSummary).toEqual({ weekday, hour, minute });
  });

  it.each(['off', 'Off', 'none', 'never'])('%j switches it off', (text) => {
    expect(one('Leaders summary', text).settings.leadersSummary).toBeNull();
  });
});

describe('renderTemplate', () => {
  it.each([
    ['Welcome to {group}, {name}!', { group: 'Knitters', name: 'Ada' }, 'Welcome to Knitters, Ada!'],
    ['Hi {Name}, hi { name }', { name: 'Ada' }, 'Hi Ada, hi Ada'],
    ['Hi {name}', { NAME: 'Ada' }, 'Hi Ada'],
    ['{name} and {name}', { name: 'Ada' }, 'Ada and Ada'],
    ['Read {rules}', { rules: 'https://example.org/rules' }, 'Read https://example.org/rules'],
    ['Hi {nickname}', { name: 'Ada' }, 'Hi {nickname}'],
    ['Hi {name}', { name: '{group}', group: 'X' }, 'Hi {group}'],
    ['Cost: $5', { name: 'Ada' }, 'Cost: $5'],
    ['Hi {name}', { name: '$& $1' }, 'Hi $& $1'],
    ['No placeholders', {}, 'No placeholders'],
  ])('%j', (template, values, expected) => {
    expect(renderTemplate(template, values)).toBe(expected);
  });

  it('renders the default welcome with no placeholder left', () => {
    const text = renderTemplate(defaults.welcomeMessage, {
      name: 'Ada',
      group: 'Knitters',
      rules: 'be kind',
    });
    expect(text).toContain('Ada');
    expect(text).toContain('Knitters');
    expect(text).not.toMatch(/[{}]/);
  });
});
