import { IANAZone } from 'luxon';
import { normalizeHeader } from './cells.js';
import { parseYesNo } from './columns.js';
import type { Problem } from './problems.js';
import { isChannelId } from './slack-ids.js';
import { SettingsTab } from './tabs/settings.js';

/** A wall-clock time of day in the group's time zone. */
export interface ClockTime {
  hour: number;
  minute: number;
}

/** How long before an event a reminder goes out, as written: `1 day` stays a calendar day across DST. */
export interface ReminderOffset {
  days: number;
  hours: number;
  minutes: number;
  /** For people, e.g. `1 day` or `2 hours`. */
  label: string;
}

/** Overnight when end < start (21:00-08:00). */
export interface QuietHours {
  start: ClockTime;
  end: ClockTime;
}

/** A weekly moment; weekday as luxon counts it, Monday = 1 … Sunday = 7. */
export interface WeeklyTime extends ClockTime {
  weekday: number;
}

/** The Settings tab, typed and validated. */
export interface Settings {
  groupName: string;
  /** IANA name, e.g. Europe/London. */
  timeZone: string;
  /** `#name` or a channel ID like C0123ABCD. */
  leadersChannel: string;
  announcementsChannel: string;
  introductionsChannel: string;
  joinApprovalRequired: boolean;
  /** Template with {name}, {group}, {rules}; see renderTemplate. */
  welcomeMessage: string;
  /** http(s) URL, or '' for none. */
  groundRulesLink: string;
  groundRules: string[];
  slackInviteLink: string;
  /** Longest first; empty when reminders are off. */
  reminderOffsets: ReminderOffset[];
  quietHours: QuietHours | null;
  escalateAfterHours: number;
  approvalExpiresAfterHours: number;
  followUpAfterDays: number;
  maxGuests: number;
  /** Who may take a seat: members only (the default), or anyone with the form or the buttons. */
  rsvpsFrom: RsvpsFrom;
  /** The join form's address, told to someone who must join before they RSVP; '' for none. */
  joinFormLink: string;
  leadersSummary: WeeklyTime | null;
  /** Days between intro rounds; 0 when they are off. */
  introEveryDays: number;
  /** When a round goes out (moved out of quiet hours); null: no rounds. */
  introDay: WeeklyTime | null;
  noRepeatIntrosForDays: number;
  introGroupSize: 2 | 3;
  celebrateMilestones: boolean;
  /** The join form's link with "Invited by" prefilled but for the Member ID, which follows it; '' for none. */
  inviteLink: string;
  /** What each kind of activity counts for in a member's engagement score. */
  engagementWeights: EngagementWeights;
  /** Whether Quiet members get a friendly DM (at most once every 90 days). */
  checkInOnQuietMembers: boolean;
  /** Hours a question may wait for a reply (quiet hours not counted) before its channel's owner is told; 0: off. */
  answerWithinHours: number;
  /** Distinct leaders who must approve a project proposal. */
  projectApprovalsNeeded: number;
  /** Days between a project champion's check-ins; 0: no check-ins. */
  projectCheckInDays: number;
  /** Projects that may be Active at once; a proposal beyond waits. 0: no limit. */
  activeProjectsAtMost: number;
  // The leader team (README "The leader team").
  /** Months Stay another term moves a leader's Term ends on by. */
  leaderTermMonths: number;
  /** Whether Active leaders get the monthly check-in DM. */
  leaderCheckIns: boolean;
  /** Whether leaders are paired with each other once a month. */
  leaderIntros: boolean;
}

/** The activities that make up engagement, as Settings → Engagement weights names them. */
export const ENGAGEMENT_ACTIVITIES = [
  'attended',
  'kept',
  'hosted',
  'greeted',
  'met',
  'answered',
  // A volunteer's shift attended (README "Volunteers").
  'volunteered',
] as const;
export type EngagementActivity = (typeof ENGAGEMENT_ACTIVITIES)[number];
export type EngagementWeights = Record<EngagementActivity, number>;
const DEFAULT_ENGAGEMENT_WEIGHTS: EngagementWeights = {
  attended: 3,
  kept: 1,
  hosted: 5,
  greeted: 2,
  met: 2,
  answered: 2,
  volunteered: 3,
};

export interface SettingKey {
  /** As the Setting column spells it. */
  readonly key: string;
  readonly field: keyof Settings;
  /** What provision seeds the Value cell with; also used when a value is missing or bad. */
  readonly defaultValue: string;
  readonly note: string;
}

export const WELCOME_PLACEHOLDERS = ['name', 'group', 'rules'] as const;

export const RSVPS_FROM = ['Members', 'Anyone'] as const;
export type RsvpsFrom = (typeof RSVPS_FROM)[number];

/**
 * Settings Hearth no longer reads. Provision does not seed them and leaves a row an organizer has alone (it is
 * read as their note); the README says they are retired.
 */
export const RETIRED_SETTINGS = ['Inactive after days'] as const;

/** Every setting, in the order provision writes them. */
export const SETTING_KEYS: readonly SettingKey[] = [
  {
    key: 'Group name',
    field: 'groupName',
    defaultValue: 'Our Community',
    note: 'Your group’s name as members see it in messages, e.g. Leeds Hiking Club',
  },
  {
    key: 'Time zone',
    field: 'timeZone',
    defaultValue: 'UTC',
    note: 'Where the group meets, as an IANA name like Europe/London or America/New_York; all times in the sheet are read in it',
  },
  {
    key: 'Leaders channel',
    field: 'leadersChannel',
    defaultValue: '#leaders',
    note: 'Private Slack channel for approvals, reports and the summary: a name like #leaders or an ID like C0123ABCD',
  },
  {
    key: 'Announcements channel',
    field: 'announcementsChannel',
    defaultValue: '#announcements',
    note: 'Slack channel where events are announced, e.g. #announcements',
  },
  {
    key: 'Introductions channel',
    field: 'introductionsChannel',
    defaultValue: '#introductions',
    note: 'Slack channel where new members are welcomed and introduced, e.g. #introductions',
  },
  {
    key: 'Join approval',
    field: 'joinApprovalRequired',
    defaultValue: 'Not required',
    note: 'Required: a leader approves each new member before they are welcomed; Not required: everyone is welcomed at once',
  },
  {
    key: 'Welcome message',
    field: 'welcomeMessage',
    defaultValue:
      'Welcome to {group}, {name}! We’re so glad you’re here. Please take a moment to read {rules}.',
    note: 'Sent to each new member; {name} is their name, {group} the group name, {rules} the ground rules',
  },
  {
    key: 'Ground rules link',
    field: 'groundRulesLink',
    defaultValue: '',
    note: 'Web page with your full ground rules, e.g. https://example.org/rules; leave empty if you have none',
  },
  {
    key: 'Ground rules',
    field: 'groundRules',
    defaultValue: [
      'Be kind and respectful.',
      'No harassment, hate speech or discrimination.',
      'Respect privacy: ask before sharing photos, contact details or what others said.',
      'No spam or unsolicited selling.',
      'If something feels wrong, tell an organizer or use Report to moderators.',
    ].join('\n'),
    note: 'One rule per line (Alt+Enter for a new line); offered when someone files a report',
  },
  {
    key: 'Slack invite link',
    field: 'slackInviteLink',
    defaultValue: '',
    note: 'Link that lets new members join your Slack, e.g. https://join.slack.com/t/…; leave empty to invite by hand',
  },
  {
    key: 'Reminder offsets',
    field: 'reminderOffsets',
    defaultValue: '1 day, 2 hours',
    note: 'How long before an event attendees are reminded, e.g. 7 days, 1 day, 2 hours (also 1 week, 30 minutes); none for no reminders',
  },
  {
    key: 'Quiet hours',
    field: 'quietHours',
    defaultValue: '21:00-08:00',
    note: 'No event reminders between these times: they move to the end (or, for an early event, the start), e.g. 21:00-08:00 or 9pm-8am; none to switch off',
  },
  {
    key: 'Escalate after hours',
    field: 'escalateAfterHours',
    defaultValue: '24',
    note: 'Hours a report may stay unacknowledged before it is escalated to the next level, e.g. 24 (0.5 = half an hour)',
  },
  {
    key: 'Approval expires after hours',
    field: 'approvalExpiresAfterHours',
    defaultValue: '72',
    note: 'Hours before an undecided approval request expires, e.g. 72',
  },
  {
    key: 'Follow-up after days',
    field: 'followUpAfterDays',
    defaultValue: '7',
    note: 'Days after joining that a greeter checks in with a new member, e.g. 7',
  },
  {
    key: 'Max guests',
    field: 'maxGuests',
    defaultValue: '2',
    note: 'Most guests one member may bring to an event, e.g. 2; 0 for members only',
  },
  {
    key: 'RSVPs from',
    field: 'rsvpsFrom',
    defaultValue: 'Members',
    note: 'Members: only people in the Members tab (not Pending) may take a seat, others are told how to join; Anyone: whoever has the form or the buttons',
  },
  {
    key: 'Join form link',
    field: 'joinFormLink',
    defaultValue: '',
    note: 'The join form’s address (Send → link), told to someone who must join before they RSVP; leave empty and they are asked to contact an organizer',
  },
  {
    key: 'Leaders summary',
    field: 'leadersSummary',
    defaultValue: 'Monday 09:00',
    note: 'When leaders get their weekly summary, e.g. Monday 09:00 or Fri 5pm; off to switch off',
  },
  {
    key: 'Intro rounds',
    field: 'introEveryDays',
    defaultValue: 'Every 2 weeks',
    note: 'How often members who said yes to intros are put in small groups to meet: Off, Weekly, Every 2 weeks or Every 4 weeks',
  },
  {
    key: 'Intro day',
    field: 'introDay',
    defaultValue: 'Monday 10:00',
    note: 'When a round of intros goes out, e.g. Monday 10:00; a time in quiet hours moves to their end',
  },
  {
    key: 'No repeat intros for days',
    field: 'noRepeatIntrosForDays',
    defaultValue: '90',
    note: 'Two people are not introduced again within this many days, unless the group is too small, e.g. 90',
  },
  {
    key: 'Intro group size',
    field: 'introGroupSize',
    defaultValue: '2',
    note: 'How many people meet in each intro: 2 or 3 (an odd one out always joins a group of 3)',
  },
  {
    key: 'Celebrate milestones',
    field: 'celebrateMilestones',
    defaultValue: 'Yes',
    note: 'Yes: a shout-out in the introductions channel for a member’s first, 5th and 10th event and first year; No to switch off',
  },
  {
    key: 'Invite link',
    field: 'inviteLink',
    defaultValue: '',
    note: 'The join form’s link with “Invited by” filled in, ending in entry.123…= (setup() writes it); each member’s Member ID follows it',
  },
  {
    key: 'Engagement weights',
    field: 'engagementWeights',
    defaultValue: ENGAGEMENT_ACTIVITIES.map((a) => `${a} ${DEFAULT_ENGAGEMENT_WEIGHTS[a]}`).join(', '),
    note: 'What each activity of the last 90 days counts for in Members → Engagement: attended, kept (RSVPs kept), hosted, greeted, met (intros), answered (questions), volunteered (shifts attended); one left out keeps its default, 0 ignores it',
  },
  {
    key: 'Check in on quiet members',
    field: 'checkInOnQuietMembers',
    defaultValue: 'No',
    note: 'Yes: a member who has done nothing for 90 days gets one friendly DM with the next events (at most once every 90 days); No to switch off',
  },
  {
    key: 'Answer within hours',
    field: 'answerWithinHours',
    defaultValue: '4',
    note: 'Hours a question in a channel Hearth is in may wait for a reply (quiet hours not counted) before the channel’s owner is told, e.g. 4; 0 to switch off',
  },
  {
    key: 'Project approvals needed',
    field: 'projectApprovalsNeeded',
    defaultValue: '1',
    note: 'How many different leaders must approve a project proposal: 1, 2 or 3',
  },
  {
    key: 'Project check-in days',
    field: 'projectCheckInDays',
    defaultValue: '14',
    note: 'Every this many days an Active project’s champion is asked how it is going, e.g. 14; 0 to switch off',
  },
  {
    key: 'Active projects at most',
    field: 'activeProjectsAtMost',
    defaultValue: '3',
    note: 'How many projects may be Active at once; a proposal beyond that waits until one ends. 0 for no limit',
  },
  {
    key: 'Leader term months',
    field: 'leaderTermMonths',
    defaultValue: '12',
    note: 'How long a leader’s term is: Stay another term moves Leaders → Term ends on by this many months',
  },
  {
    key: 'Leader check-ins',
    field: 'leaderCheckIns',
    defaultValue: 'Monthly',
    note: 'Monthly: each Active leader is asked how they are doing on the first Monday of the month (answers in the Leader check-ins tab); Off to stop',
  },
  {
    key: 'Leader intros',
    field: 'leaderIntros',
    defaultValue: 'No',
    note: 'Yes: once a month Active leaders are introduced to each other in pairs, like members’ intro rounds',
  },
];

/** Thrown by a value parser with what is wrong and how to fix it. */
class Invalid extends Error {}

function invalid(message: string): never {
  throw new Invalid(message);
}

const OFF = new Set(['none', 'off', 'no', 'never', 'disabled']);
const isOff = (text: string) => OFF.has(text.trim().toLowerCase());

// ---- time zone ----------------------------------------------------------------------------------------

/** An IANA zone with its canonical spelling where only the case differs (`europe/london`). */
export function parseTimeZone(text: string): string {
  const name = text.trim().replace(/\s+/g, '_');
  if (!IANAZone.isValidZone(name)) {
    invalid(`"${text}" is not a time zone: use an IANA name like Europe/London`);
  }
  // Intl knows the canonical case; keep the organizer's name when Intl maps it to another zone (EST, Etc/UTC).
  const canonical = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  return canonical.toLowerCase() === name.toLowerCase() ? canonical : name;
}

// ---- channels and links -------------------------------------------------------------------------------

/** `#name`, a bare `name`, a channel ID, or a channel's copied link (…/archives/C0123ABCD). */
export function parseChannel(text: string, example = '#general'): string {
  const s = text.trim();
  const id = /^(?:https?:\/\/\S+\/archives\/)?([A-Z0-9]+)\/?$/.exec(s)?.[1];
  // An all-letter word like CHAPTERS is a channel name (see slack-ids.ts).
  if (id && isChannelId(id)) return id;
  const name = s.replace(/^#/, '').toLowerCase();
  if (/^[\p{L}\p{N}_-]{1,80}$/u.test(name)) return `#${name}`;
  return invalid(
    `"${text}" is not a Slack channel: type a name like ${example} (letters, numbers, - and _ only) or a channel ID like C0123ABCD`,
  );
}

/** An http(s) address; `example.org/rules` gets https:// in front. */
export function parseLink(text: string, example = 'https://example.org/rules'): string {
  const s = text.trim();
  const withScheme = /^[a-z][a-z\d+.-]*:/i.test(s) ? s : `https://${s}`;
  let url: URL | undefined;
  try {
    url = new URL(withScheme);
  } catch {
    url = undefined;
  }
  if (!url || !/^https?:$/.test(url.protocol) || !url.hostname.includes('.') || /\s/.test(s)) {
    invalid(`"${text}" is not a web link: paste an address like ${example}`);
  }
  return withScheme;
}

// ---- join approval ------------------------------------------------------------------------------------

const REQUIRED = new Set(['required', 'approvalrequired', 'mustapprove']);
const NOT_REQUIRED = new Set(['notrequired', 'none', 'optional', 'auto', 'automatic']);

function parseJoinApproval(text: string): boolean {
  const word = normalizeHeader(text);
  if (REQUIRED.has(word)) return true;
  if (NOT_REQUIRED.has(word)) return false;
  return parseYesNo(text) ?? invalid(`"${text}" is not Required or Not required: choose one of those two`);
}

// ---- welcome message ----------------------------------------------------------------------------------

const PLACEHOLDER = /\{([^{}\n]+)\}/g;
const placeholderName = (inner: string) => inner.trim().toLowerCase();

function parseWelcome(text: string): string {
  const known: readonly string[] = WELCOME_PLACEHOLDERS;
  const unknown = [...text.matchAll(PLACEHOLDER)]
    .map((m) => m[0])
    .filter((m) => !known.includes(placeholderName(m.slice(1, -1))));
  if (unknown.length > 0) {
    invalid(
      `uses ${unknown.join(', ')}, which Hearth does not know: use only ${known.map((k) => `{${k}}`).join(', ')}, e.g. Welcome to {group}, {name}!`,
    );
  }
  return text.trim();
}

/**
 * Fills `{placeholders}` from values (names match ignoring case and inner spaces). Unknown placeholders stay
 * as written so a mistake is visible rather than silently blank; values are inserted literally, never re-expanded.
 */
export function renderTemplate(template: string, values: Record<string, string>): string {
  const byName = new Map(Object.entries(values).map(([k, v]) => [placeholderName(k), v]));
  return template.replace(PLACEHOLDER, (whole, inner: string) => byName.get(placeholderName(inner)) ?? whole);
}

// ---- ground rules -------------------------------------------------------------------------------------

/** One rule a line; blank lines and leading bullets or numbers (`1.`, `2)`, `-`, `•`) dropped. */
export function parseGroundRules(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/^\s*(?:[-*•·–—]+\s*|\(?\d+[.)](?=\s|$))/, '').trim())
    .filter((line) => line !== '');
}

// ---- reminder offsets ---------------------------------------------------------------------------------

const UNITS: readonly { pattern: RegExp; name: 'week' | 'day' | 'hour' | 'minute' }[] = [
  { pattern: /^(?:w|wk|wks|weeks?)$/, name: 'week' },
  { pattern: /^(?:d|days?)$/, name: 'day' },
  { pattern: /^(?:h|hr|hrs|hours?)$/, name: 'hour' },
  { pattern: /^(?:m|min|mins|minutes?)$/, name: 'minute' },
];

const OFFSETS_HINT =
  'list times before the event like 7 days, 1 day, 2 hours (weeks, days, hours or minutes)';

/** Nominal length in minutes, for sorting and spotting duplicates only. */
const nominalMinutes = (o: ReminderOffset) => (o.days * 24 + o.hours) * 60 + o.minutes;

function parseOffset(item: string): ReminderOffset {
  const s = item
    .toLowerCase()
    .replace(/\b(?:before|ahead|prior|earlier)\b/g, '')
    .replace(/^(?:an?|one)\s+/, '1 ')
    .trim();
  if (/^-/.test(s)) invalid(`"${item}" is negative: reminders go out before the event, e.g. 2 hours`);
  if (!/^(?:\d+\s*[a-z]+\s*)+$/.test(s)) invalid(`"${item}" is not a time before the event: ${OFFSETS_HINT}`);
  const offset: ReminderOffset = { days: 0, hours: 0, minutes: 0, label: '' };
  const labels: string[] = [];
  for (const [, count, word] of s.matchAll(/(\d+)\s*([a-z]+)/g)) {
    const n = Number(count);
    const unit = UNITS.find((u) => u.pattern.test(word))?.name;
    if (!unit) return invalid(`"${item}" is not a time before the event: ${OFFSETS_HINT}`);
    if (unit === 'week' || unit === 'day') offset.days += unit === 'week' ? n * 7 : n;
    else if (unit === 'hour') offset.hours += n;
    else offset.minutes += n;
    labels.push(`${n} ${unit}${n === 1 ? '' : 's'}`);
  }
  if (nominalMinutes(offset) === 0) {
    invalid(`"${item}" is no time at all: reminders need a time before the event, e.g. 2 hours`);
  }
  offset.label = labels.join(' ');
  return offset;
}

/** `7 days, 1 day, 2 hours` → offsets longest first, duplicates dropped; `none` → []. */
export function parseReminderOffsets(text: string): ReminderOffset[] {
  if (isOff(text)) return [];
  const items = text
    .split(/\s*(?:[,;\n&]|\band\b)\s*/i)
    .map((item) => item.trim())
    .filter((item) => item !== '');
  if (items.length === 0) invalid(`"${text}" has no reminder times: ${OFFSETS_HINT}, or none`);
  const byLength = new Map<number, ReminderOffset>();
  for (const offset of items.map(parseOffset)) {
    if (!byLength.has(nominalMinutes(offset))) byLength.set(nominalMinutes(offset), offset);
  }
  return [...byLength.values()].sort((a, b) => nominalMinutes(b) - nominalMinutes(a));
}

// ---- times of day -------------------------------------------------------------------------------------

/** `21:00`, `9:30`, `21.00`, `9pm`, `9:30 a.m.`, `midnight`, `noon`; undefined when it is none of those. */
export function parseClockTime(text: string): ClockTime | undefined {
  const s = text.trim().toLowerCase();
  if (s === 'midnight') return { hour: 0, minute: 0 };
  if (s === 'noon' || s === 'midday') return { hour: 12, minute: 0 };
  const m = /^(\d{1,2})(?:[:.h](\d{2}))?\s*(?:([ap])\.?m\.?)?$/.exec(s);
  if (!m) return undefined;
  let hour = Number(m[1]);
  const minute = Number(m[2] ?? 0);
  if (minute > 59) return undefined;
  if (m[3]) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (m[3] === 'p' ? 12 : 0);
  } else if (hour === 24 && minute === 0) {
    hour = 0;
  } else if (hour > 23) {
    return undefined;
  }
  return { hour, minute };
}

/** `21:00-08:00` (also en dash, `to`, `9pm-8am`); `none`/`off`/empty → null. */
export function parseQuietHours(text: string): QuietHours | null {
  if (text.trim() === '' || isOff(text)) return null;
  const parts = text.trim().split(/\s*(?:-|–|—|\bto\b|\buntil\b|\btill\b)\s*/i);
  const [start, end] = parts.map(parseClockTime);
  if (parts.length !== 2 || !start || !end) {
    return invalid(
      `"${text}" is not a time range: write start and end like 21:00-08:00, or none for no quiet hours`,
    );
  }
  if (start.hour === end.hour && start.minute === end.minute) {
    invalid(
      `"${text}" starts and ends at the same time: write a range like 21:00-08:00, or none for no quiet hours`,
    );
  }
  return { start, end };
}

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** `Monday 09:00`, `Mon 9:00`, `mondays at 9am`; `off` → null. `offMeans` completes "or off for …". */
export function parseWeeklyTime(text: string, offMeans = 'no summary'): WeeklyTime | null {
  if (text.trim() === '' || isOff(text)) return null;
  const m = /^([a-z]+)\.?[\s,]+(?:at\s+)?(.+)$/i.exec(text.trim());
  const word = m?.[1]?.toLowerCase().replace(/s$/, '') ?? '';
  const index = word.length >= 3 ? WEEKDAYS.findIndex((day) => day.startsWith(word)) : -1;
  const time = m?.[2] === undefined ? undefined : parseClockTime(m[2]);
  if (index < 0 || !time) {
    return invalid(`"${text}" is not a weekday and time: write it like Monday 09:00, or off for ${offMeans}`);
  }
  return { weekday: index + 1, ...time };
}

// ---- numbers ------------------------------------------------------------------------------------------

/** A non-negative number, optionally followed by its unit (`24 hours`, `7d`). */
function amount(unit: 'hours' | 'days' | 'guests' | 'leaders' | 'projects' | 'months', example: string) {
  const whole = unit !== 'hours';
  const suffix = {
    hours: /\s*(?:h|hrs?|hours?)$/,
    days: /\s*(?:d|days?)$/,
    guests: /\s*guests?$/,
    leaders: /\s*leaders?$/,
    projects: /\s*projects?$/,
    months: /\s*months?$/,
  }[unit];
  return (text: string): number => {
    const s = text.trim().toLowerCase().replace(suffix, '');
    const n = /^\d+(?:\.\d+)?$/.test(s) ? Number(s) : Number.NaN;
    if (!Number.isFinite(n) || (whole && !Number.isInteger(n))) {
      invalid(
        `"${text}" is not ${whole ? 'a whole number' : 'a number'} of ${unit} (0 or more): type a number like ${example}`,
      );
    }
    return n;
  };
}

// ---- who may RSVP -------------------------------------------------------------------------------------

const ANYONE = new Set(['anyone', 'everyone', 'all', 'public', 'open']);
const MEMBERS = new Set(['members', 'membersonly', 'member', 'onlymembers']);

function parseRsvpsFrom(text: string): RsvpsFrom {
  const word = normalizeHeader(text);
  if (MEMBERS.has(word)) return 'Members';
  if (ANYONE.has(word)) return 'Anyone';
  return invalid(`"${text}" is not Members or Anyone: choose Members (only members take seats) or Anyone`);
}

// ---- connections --------------------------------------------------------------------------------------

const INTRO_ROUNDS: Record<string, number> = {
  off: 0,
  never: 0,
  none: 0,
  weekly: 7,
  everyweek: 7,
  every1week: 7,
  fortnightly: 14,
  every2weeks: 14,
  everytwoweeks: 14,
  every4weeks: 28,
  everyfourweeks: 28,
  monthly: 28,
};

function parseIntroRounds(text: string): number {
  return (
    INTRO_ROUNDS[normalizeHeader(text)] ??
    invalid(`"${text}" is not how often intros go out: choose Off, Weekly, Every 2 weeks or Every 4 weeks`)
  );
}

function parseGroupSize(text: string): 2 | 3 {
  const n = text.trim();
  if (n === '2' || n === '3') return Number(n) as 2 | 3;
  return invalid(`"${text}" is not 2 or 3: intros are made in groups of 2 or 3 people`);
}

function parseYes(what: string) {
  return (text: string): boolean =>
    parseYesNo(text) ?? invalid(`"${text}" is not Yes or No: type Yes to ${what}, No to switch it off`);
}

/** An http(s) link ending in `=`, so that a Member ID can follow it. */
function parseInviteLink(text: string): string {
  if (text.trim() === '') return '';
  const link = parseLink(text, 'https://docs.google.com/forms/d/e/…/viewform?usp=pp_url&entry.123456789=');
  if (!link.endsWith('=')) {
    invalid(
      `"${text}" does not end in entry.…=: it must be the join form's prefilled link with an empty "Invited by" (setup() writes it), so a Member ID can follow it`,
    );
  }
  return link;
}

// ---- presence -----------------------------------------------------------------------------------------

const ACTIVITY_WORDS: Record<string, EngagementActivity> = {
  attended: 'attended',
  eventsattended: 'attended',
  attending: 'attended',
  kept: 'kept',
  rsvpskept: 'kept',
  hosted: 'hosted',
  hosting: 'hosted',
  greeted: 'greeted',
  greeting: 'greeted',
  met: 'met',
  intros: 'met',
  introsmet: 'met',
  answered: 'answered',
  answers: 'answered',
  questionsanswered: 'answered',
  volunteered: 'volunteered',
  volunteering: 'volunteered',
  shifts: 'volunteered',
};

const WEIGHTS_HINT =
  'write each activity and its weight like attended 3, kept 1, hosted 5, greeted 2, met 2, answered 2, volunteered 3';

/** `attended 3, hosted 5`: weights by activity; one left out keeps its default. */
function parseEngagementWeights(text: string): EngagementWeights {
  const weights = { ...DEFAULT_ENGAGEMENT_WEIGHTS };
  const items = text
    .split(/\s*[,;\n]\s*/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
  for (const item of items) {
    const m = /^([\p{L}\s-]+?)\s*[:=]?\s*(\d+(?:\.\d+)?)$/u.exec(item);
    const activity = m ? ACTIVITY_WORDS[normalizeHeader(m[1] ?? '')] : undefined;
    if (!m || !activity) return invalid(`"${item}" is not an activity and a weight: ${WEIGHTS_HINT}`);
    weights[activity] = Number(m[2]);
  }
  return weights;
}

// ---- the whole tab ------------------------------------------------------------------------------------

const PARSERS: { [K in keyof Settings]: (text: string) => Settings[K] } = {
  groupName: (text) => text.trim().replace(/\s+/g, ' '),
  timeZone: parseTimeZone,
  leadersChannel: (text) => parseChannel(text, '#leaders'),
  announcementsChannel: (text) => parseChannel(text, '#announcements'),
  introductionsChannel: (text) => parseChannel(text, '#introductions'),
  joinApprovalRequired: parseJoinApproval,
  welcomeMessage: parseWelcome,
  groundRulesLink: (text) => (text.trim() === '' ? '' : parseLink(text)),
  groundRules: parseGroundRules,
  slackInviteLink: (text) =>
    text.trim() === '' ? '' : parseLink(text, 'https://join.slack.com/t/your-group/shared_invite/…'),
  reminderOffsets: parseReminderOffsets,
  quietHours: parseQuietHours,
  escalateAfterHours: amount('hours', '24'),
  approvalExpiresAfterHours: amount('hours', '72'),
  followUpAfterDays: amount('days', '7'),
  maxGuests: amount('guests', '2'),
  rsvpsFrom: parseRsvpsFrom,
  joinFormLink: (text) =>
    text.trim() === '' ? '' : parseLink(text, 'https://docs.google.com/forms/d/e/…/viewform'),
  leadersSummary: (text) => parseWeeklyTime(text),
  introEveryDays: parseIntroRounds,
  introDay: (text) => parseWeeklyTime(text, 'no intro rounds'),
  noRepeatIntrosForDays: amount('days', '90'),
  introGroupSize: parseGroupSize,
  celebrateMilestones: parseYes('celebrate members’ milestones'),
  inviteLink: parseInviteLink,
  engagementWeights: parseEngagementWeights,
  checkInOnQuietMembers: parseYes('check in on quiet members'),
  answerWithinHours: amount('hours', '4'),
  projectApprovalsNeeded: (text) => {
    const n = amount('leaders', '1')(text);
    if (n < 1 || n > 3) invalid(`"${text}" leaders cannot approve a project: type 1, 2 or 3`);
    return n;
  },
  projectCheckInDays: amount('days', '14'),
  activeProjectsAtMost: amount('projects', '3'),
  leaderTermMonths: (text) => {
    const n = amount('months', '12')(text);
    if (n < 1) invalid(`"${text}" months is no term: type how many months a term lasts, like 12`);
    return n;
  },
  leaderCheckIns: (text) => {
    const word = normalizeHeader(text);
    if (word === 'monthly' || parseYesNo(text) === true) return true;
    if (isOff(text)) return false;
    return invalid(`"${text}" is not how often leaders check in: type Monthly, or Off to stop`);
  },
  leaderIntros: parseYes('introduce leaders to each other once a month'),
};

function apply<K extends keyof Settings>(settings: Settings, field: K, text: string): void {
  settings[field] = PARSERS[field](text);
}

/** Every setting at its default: what a freshly provisioned sheet means. */
export function defaultSettings(): Settings {
  const settings = {} as Settings;
  for (const { field, defaultValue } of SETTING_KEYS) apply(settings, field, defaultValue);
  return settings;
}

/** Keys match ignoring case, spacing, punctuation and a trailing hint like `(IANA)`. */
const keyId = (key = '') => normalizeHeader(key.replace(/\([^)]*\)/g, ''));
const BY_KEY = new Map(SETTING_KEYS.map((spec) => [keyId(spec.key), spec]));

export interface SettingEntry {
  /** The Setting cell; undefined when blank. */
  key: string | undefined;
  value: string;
  /** The Value cell, e.g. `Settings!B3`. */
  a1: string;
  row: number;
}

/**
 * The Settings tab's rows → Settings. Missing or empty values take the default silently; a bad value takes the
 * default and reports a problem; a repeated key keeps the first; unknown keys are the organizers' own notes.
 */
export function parseSettings(entries: readonly SettingEntry[]): { settings: Settings; problems: Problem[] } {
  const settings = defaultSettings();
  const problems: Problem[] = [];
  const firstRow = new Map<keyof Settings, number>();
  for (const entry of entries) {
    const spec = BY_KEY.get(keyId(entry.key));
    if (!spec) continue;
    const problem = (message: string) =>
      problems.push({ tab: SettingsTab.name, row: entry.row, a1: entry.a1, header: spec.key, message });
    const first = firstRow.get(spec.field);
    if (first !== undefined) {
      problem(`is set twice: the one in row ${first} is used, so delete this row or that one`);
      continue;
    }
    firstRow.set(spec.field, entry.row);
    const text = String(entry.value ?? '');
    if (text.trim() === '') continue;
    try {
      apply(settings, spec.field, text);
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      problem(error.message);
    }
  }
  return { settings, problems };
}
