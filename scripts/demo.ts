/**
 * `npm run demo`: a scripted tour of Hearth on a fresh local workbook with a simulated clock. Every step is a
 * real, signed request to the functions (as Google Forms and Slack would send it); what Hearth says in Slack is
 * printed from the transcript. The workbook is left in ./local/demo/ to open in a spreadsheet program.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DateTime } from 'luxon';
import { clockAt } from '../common/clock.js';
import { openGridStore } from '../functions/backend.js';
import { loadConfig } from '../functions/config.js';
import { rememberedSecret } from '../functions/dev-secrets.js';
import { createLogger } from '../functions/log.js';
import { createRuntime } from '../functions/runtime.js';
import { type CellWrite, dateTimeToSerial } from '../sheets-schema/cells.js';
import { append } from '../sheets-schema/changes.js';
import { provision } from '../sheets-schema/provision.js';
import { INVITE_CALLBACK_ID } from '../workflows/connections/invitation-messages.js';
import { INTRO_ACTIONS } from '../workflows/connections/messages.js';
import { FEEDBACK_ACTIONS } from '../workflows/feedback/messages.js';
import { INCIDENT_ACTIONS, REPORT_CALLBACK_ID } from '../workflows/moderation/messages.js';
import { parsePermalink } from '../workflows/outbox/delivery.js';
import { PROPOSE_BLOCKS, PROPOSE_CALLBACK_ID } from '../workflows/projects/proposal-messages.js';
import { exitOnUncaughtError } from './lib/cli.js';
import { serveLocally } from './lib/local-server.js';
import {
  formRequest,
  type SignedRequest,
  send,
  slackAppHomeOpenedRequest,
  slackClickRequest,
  slackGlobalShortcutRequest,
  slackHomeClickRequest,
  slackMessageRequest,
  slackMessageShortcutRequest,
  slackViewSubmissionRequest,
} from './lib/requests.js';

exitOnUncaughtError();

const dir = resolve('local/demo');
rmSync(dir, { recursive: true, force: true });
await mkdir(dir, { recursive: true });
const workbookPath = join(dir, 'group.xlsx');
// People who already have a Slack account: the local transcript finds them by email, as users.lookupByEmail would.
writeFileSync(
  join(dir, 'slack-users.json'),
  `${JSON.stringify({ 'ada@example.org': { id: 'U07ADA00001', name: 'Ada Lovelace' } }, null, 2)}\n`,
);

const zone = 'Europe/London';
let now = DateTime.fromISO('2026-11-30T09:00', { zone });
const config = loadConfig({ LOCAL_WORKBOOK: workbookPath, ALLOW_TIME_TRAVEL: 'true' }, rememberedSecret);
const runtime = createRuntime(config, {
  clock: clockAt(() => now),
  log: createLogger({ pretty: true, write: () => undefined }),
});
const workbook = await runtime.workbook();
const store = await openGridStore(config);

// The organizers' part: a few settings and the leaders, typed into the sheet.
await store.applyLayout([{ kind: 'addTab', tab: 'Settings' }]);
await store.write({
  appends: [
    {
      tab: 'Settings',
      rows: [
        ['Setting', 'Value'],
        ['Group name', 'Leeds TypeScript'],
        ['Time zone', 'Europe/London'],
        ['Join approval', 'Required'],
        ['Ground rules link', 'https://example.org/leeds-ts/rules'],
        ['Reminder offsets', '1 day, 2 hours'],
        ['Quiet hours', '21:00-08:00'],
        // Intros start in the Connections chapter, when the organizers turn them on; leaders' monthly
        // check-ins in the chapter on the leader team.
        ['Intro rounds', 'Off'],
        ['Leader check-ins', 'Off'],
      ].map((row) => row.map((text) => ({ text }))),
    },
  ],
  updates: [],
});
await provision(store, workbook);
await workbook.apply(
  [
    append('Leaders', {
      slackId: 'U07GRACE001',
      name: 'Grace Hopper',
      role: 'Organizer',
      canApprove: true,
      active: true,
    }),
    append('Leaders', {
      slackId: 'U07LINUS001',
      name: 'Linus Greeter',
      role: 'Greeter',
      canApprove: false,
      active: true,
    }),
  ],
  { timeZone: 'Europe/London' },
);

const { server, port } = await serveLocally(runtime, 0);
const base = `http://127.0.0.1:${port}`;
const secrets = {
  form: config.formRelaySecret?.reveal() ?? '',
  slack: config.slackSigningSecret?.reveal() ?? '',
  tick: config.schedulerToken?.reveal() ?? '',
};
const seconds = () => Math.floor(now.toSeconds());

/** `Sat 27 Mar, 18:30 GMT`: a time on the group's wall clock, with its zone's abbreviation. */
const local = (t: DateTime) => t.setZone(zone).setLocale('en-GB').toFormat('ccc d LLL, HH:mm ZZZZ');
const utc = (t: DateTime) => `${t.toUTC().toFormat('HH:mm')} UTC`;
/** Set for the events chapter: headers and transcript lines show the group's local time and UTC. */
let localTimes = false;

let transcriptAt = 0;
/** What Hearth said in Slack since the last step, indented under it. */
function newTranscript(): string {
  let text = '';
  try {
    text = readFileSync(join(dir, 'slack.log'), 'utf8');
  } catch {
    return '';
  }
  const fresh = text.slice(transcriptAt);
  transcriptAt = text.length;
  return fresh
    .trimEnd()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => (localTimes ? line.replace(ISO_STAMP, (iso) => withLocal(DateTime.fromISO(iso))) : line))
    .map((line) => `    ${line}`)
    .join('\n');
}

const ISO_STAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/;
const withLocal = (t: DateTime) => `${local(t)} (${utc(t)})`;

let shownYear: number | undefined;
/**
 * When a step happens, as its header shows it: with the year on the first step and whenever the year changes,
 * so months going by on the simulated clock are never mistaken for the same year.
 */
function stepTime(t: DateTime): string {
  const year = t.setZone(zone).year;
  const day = year === shownYear ? 'ccc d LLL' : 'ccc d LLL yyyy';
  shownYear = year;
  const wall = t.setZone(zone).setLocale('en-GB');
  return localTimes ? `${wall.toFormat(`${day}, HH:mm ZZZZ`)} (${utc(t)})` : wall.toFormat(`${day}, HH:mm`);
}

async function step(title: string, request: SignedRequest): Promise<void> {
  const answer = await send(base, request);
  await (await runtime.writer()).idle();
  console.log(`\n${stepTime(now)}  ${title}  → ${answer.status}`);
  const said = newTranscript();
  if (said) console.log(said);
}

/** The scheduler's tick at the simulated clock's time. */
const tickRequest = (): SignedRequest => ({
  path: '/scheduler',
  body: JSON.stringify({ now: now.toUTC().toISO() }),
  headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${secrets.tick}` },
});

async function tick(title: string): Promise<void> {
  await step(title, tickRequest());
}

const join_ = (responseId: string, answers: Record<string, string | string[]>) =>
  formRequest(secrets.form, seconds(), {
    form: 'join',
    responseId,
    submittedAt: now.toUTC().toISO() as string,
    answers: { 'I agree to the ground rules': 'Yes', ...answers },
  });

async function click(user: string, actionId: string, approvalId: string): Promise<SignedRequest> {
  const approval = (await workbook.read(['Approvals'])).table('Approvals').byId(approvalId)?.values;
  const target = parsePermalink(approval?.slackMessage ?? '') ?? {
    channel: 'C07LEADERS1',
    ts: '1700000000.000100',
  };
  return slackClickRequest(secrets.slack, seconds(), {
    user,
    channel: target.channel,
    actionId,
    value: approvalId,
    messageTs: target.ts,
    actionTs: `${now.toSeconds()}`,
  });
}

console.log('Hearth demo: Leeds TypeScript, a meetup group run from a spreadsheet and Slack.');
console.log(`Workbook: ${workbookPath} (open it in a spreadsheet program when the tour ends)`);
console.log('Join approval is Required; Grace is an Organizer who can approve; Linus is the Greeter.');

console.log('\n## Onboarding');
await step(
  'Ada Lovelace fills in the join form',
  join_('demo-ada', {
    Name: 'Ada Lovelace',
    Email: 'Ada@Example.org',
    'How did you hear about us?': 'A friend',
    Interests: ['TypeScript', 'Community events'],
    'Introduce me to other members': 'Yes',
  }),
);
now = now.plus({ minutes: 20 });
await step(
  'Bob Mallory fills in the join form',
  join_('demo-bob', {
    Name: 'Bob Mallory',
    Email: 'bob@example.org',
    'How did you hear about us?': 'Spam bot',
  }),
);
now = now.plus({ minutes: 40 });
await step(
  'Linus (a Greeter who cannot approve) presses Approve on Ada',
  await click('U07LINUS001', 'approval:approve', 'AP-1'),
);
await step('Grace presses Approve on Ada', await click('U07GRACE001', 'approval:approve', 'AP-1'));
now = now.plus({ seconds: 1 }); // a real second click has its own action_ts
await step(
  'Grace presses Approve on Ada again (a double click)',
  await click('U07GRACE001', 'approval:approve', 'AP-1'),
);
now = now.plus({ minutes: 5 });
await step('Grace presses Decline on Bob', await click('U07GRACE001', 'approval:decline', 'AP-2'));
now = now.plus({ days: 7, hours: 1 });
await tick('A week later, the scheduler ticks');

const members = (await workbook.read(['Members'])).table('Members').rows.map((r) => r.values);
console.log('\nMembers tab now:');
for (const m of members) {
  console.log(
    `    ${m.memberId}  ${(m.name ?? '').padEnd(14)} ${m.email.padEnd(18)} ${String(m.status).padEnd(9)} Slack ${m.slackId ?? '–'}  greeter ${m.greeter ?? '–'}  approved by ${m.approvedBy ?? '–'}`,
  );
}
// ---------------------------------------------------------------------------------------------------------
// Events: a meetup with 3 seats on Sun 28 Mar 2027, the day Europe/London springs forward (01:00 GMT → 02:00
// BST). The 1-day reminder goes out on Saturday at 18:30 GMT, the event starts on Sunday at 18:30 BST: 23 real
// hours later, the same wall-clock time a day on.

const people: Record<string, { id: string; name: string }> = {
  'ada@example.org': { id: 'U07ADA00001', name: 'Ada Lovelace' },
  'alan@example.org': { id: 'U07ALAN0001', name: 'Alan Turing' },
  'edsger@example.org': { id: 'U07EDSGER01', name: 'Edsger Dijkstra' },
  'katherine@example.org': { id: 'U07KATJ0001', name: 'Katherine Johnson' },
  'margaret@example.org': { id: 'U07MARGH001', name: 'Margaret Hamilton' },
};
const nameOf = (rsvp: { email?: string | undefined; slackId?: string | undefined }) =>
  (rsvp.email && people[rsvp.email]?.name) ||
  Object.values(people).find((p) => p.id === rsvp.slackId)?.name ||
  rsvp.email ||
  rsvp.slackId ||
  '?';
const first = (rsvp: { email?: string | undefined; slackId?: string | undefined }) =>
  nameOf(rsvp).split(' ')[0] as string;

/** A row typed into a tab by an organizer, matched to its headers by name (dates as the sheet stores them). */
async function typeRow(tab: string, byHeader: Record<string, CellWrite>): Promise<void> {
  const header = (await store.readTabs([tab])).get(tab)?.[0] ?? [];
  await store.write({ appends: [{ tab, rows: [header.map((h) => byHeader[String(h)])] }], updates: [] });
}
const at = (iso: string) => DateTime.fromISO(iso, { zone });

const rsvpForm = (responseId: string, answers: Record<string, string>, respondentEmail?: string) =>
  formRequest(secrets.form, seconds(), {
    form: 'rsvp',
    responseId,
    submittedAt: now.toUTC().toISO() as string,
    ...(respondentEmail ? { respondentEmail } : {}),
    answers,
  });

/** Going or Can’t go, pressed under the event's announcement (found through the Events tab's Slack message). */
async function rsvpClick(user: string, actionId: 'rsvp:yes' | 'rsvp:no', eventId: string) {
  const event = (await workbook.read(['Events'])).table('Events').byId(eventId)?.values;
  const target = parsePermalink(event?.slackMessage ?? '');
  if (!target)
    throw new Error(`${eventId} has no announcement to press a button under (Slack message is empty)`);
  return slackClickRequest(secrets.slack, seconds(), {
    user,
    channel: target.channel,
    actionId,
    value: eventId,
    messageTs: target.ts,
    actionTs: `${now.toSeconds()}`,
  });
}

/** One line of the event's counts and one per RSVP: what the Events and RSVPs tabs say now. */
async function tally(eventId: string): Promise<void> {
  const view = await workbook.read(['Events', 'RSVPs']);
  const e = view.table('Events').byId(eventId)?.values;
  if (!e) return console.log(`    (no ${eventId} in the Events tab)`);
  const rsvps = view
    .table('RSVPs')
    .rows.map((r) => r.values)
    .filter((r) => r.eventId === eventId);
  const shown = rsvps.map((r) => {
    const party = r.guests ? `+${r.guests}` : '';
    const place = r.status === 'Waitlisted' ? ` #${r.position ?? '?'}` : '';
    return `${r.rsvpId} ${first(r)}${party} ${r.status ?? '–'}${place}`;
  });
  console.log(
    `    ⇒ ${eventId} ${e.status}: Confirmed ${e.confirmed ?? '–'} · Waitlisted ${e.waitlisted ?? '–'} · Seats left ${e.seatsLeft ?? '–'}${shown.length ? `  |  ${shown.join(' · ')}` : ''}`,
  );
}

/** The Outbox's reminder rows: who, when (local and UTC, and how long before the start), and their status. */
async function reminders(eventId: string): Promise<void> {
  const view = await workbook.read(['Events', 'RSVPs', 'Outbox']);
  const starts = view.table('Events').byId(eventId)?.values.starts;
  const rows = view
    .table('Outbox')
    .rows.map((r) => r.values)
    .filter(
      (r) => (r.kind === 'reminder' || r.kind === 'reminder.post') && r.about?.startsWith(`${eventId} `),
    );
  console.log(`    Outbox reminders for ${eventId} (event starts ${starts ? withLocal(starts) : '?'}):`);
  for (const r of rows) {
    const rsvpId = /^rsvp:(R-\d+)$/.exec(r.to ?? '')?.[1];
    const rsvp = rsvpId ? view.table('RSVPs').byId(rsvpId)?.values : undefined;
    const who = rsvp ? `DM ${first(rsvp)} (${rsvpId})` : `post ${r.to}`;
    const label = (r.about ?? '').replace(/^EV-\d+ (R-\d+ )?/, '');
    const before = starts ? `${starts.diff(r.due, 'hours').hours}h before` : '';
    const why = r.lastError ? ` (${r.lastError})` : '';
    console.log(
      `      ${label.padEnd(8)} ${who.padEnd(22)} due ${withLocal(r.due)}, ${before}  ${r.status}${why}`,
    );
  }
}

console.log('\n## Events');
localTimes = true;
now = at('2027-03-15T10:00');
// Four more people are in the Slack workspace (the transcript reads this file on each lookup).
writeFileSync(join(dir, 'slack-users.json'), `${JSON.stringify(people, null, 2)}\n`);
// Settings → RSVPs from is Members (the default): the group's existing members go into the Members tab first.
console.log(
  `\n${withLocal(now)}  Grace pastes the group's existing members into the Members tab: Alan, Edsger, Katherine and Margaret (Status Active, no Member ID)`,
);
console.log(
  '    Settings: RSVPs from "Members" (only members take seats), Join form link "https://forms.gle/LeedsTsJoin".',
);
for (const [email, person] of Object.entries(people)) {
  if (email === 'ada@example.org') continue;
  await typeRow('Members', {
    Name: { text: person.name },
    Email: { text: email },
    Status: { text: 'Active' },
  });
}
await setSetting('Join form link', 'https://forms.gle/LeedsTsJoin');
console.log(
  `\n${stepTime(now)}  Grace types a row into the Events tab: "Spring social: lightning talks", Sun 28 Mar 18:30–20:30, The Hub, Room 2, Capacity 3, Status Announced`,
);
console.log(
  '    Settings: Reminder offsets "1 day, 2 hours", Quiet hours 21:00-08:00. Clocks go forward on Sun 28 Mar at 01:00 GMT.',
);
await typeRow('Events', {
  Title: { text: 'Spring social: lightning talks' },
  Starts: { serial: dateTimeToSerial(at('2027-03-28T18:30'), zone) },
  Ends: { serial: dateTimeToSerial(at('2027-03-28T20:30'), zone) },
  Location: { text: 'The Hub, Room 2' },
  Capacity: { number: 3 },
  Host: { text: 'U07GRACE001' },
  Status: { text: 'Announced' },
});
now = now.plus({ minutes: 5 });
await tick(
  'The scheduler ticks: the pasted members get Member IDs (existing members: no welcome), the new event gets its Event ID and is announced',
);
await tally('EV-1');

now = now.plus({ minutes: 15 });
await step('Ada presses Going under the announcement', await rsvpClick('U07ADA00001', 'rsvp:yes', 'EV-1'));
await tally('EV-1');
now = at('2027-03-15T12:40');
await step(
  'Edsger fills in the RSVP form (Event: EV-1, Attending? Yes)',
  rsvpForm(
    'demo-rsvp-edsger',
    { Email: 'edsger@example.org', Event: 'EV-1', 'Attending?': 'Yes', Guests: '0' },
    'edsger@example.org',
  ),
);
await tally('EV-1');
now = at('2027-03-16T08:15');
await step('Alan presses Going', await rsvpClick('U07ALAN0001', 'rsvp:yes', 'EV-1'));
await tally('EV-1');
now = at('2027-03-16T19:02');
await step(
  'Katherine fills in the RSVP form, bringing a guest (Guests: 1)',
  rsvpForm('demo-rsvp-katherine', {
    Email: 'katherine@example.org',
    Event: 'Spring social: lightning talks — Mar 28 (EV-1)',
    'Attending?': 'Yes',
    Guests: '1',
  }),
);
await tally('EV-1');
now = at('2027-03-17T09:30');
await step('Margaret presses Going', await rsvpClick('U07MARGH001', 'rsvp:yes', 'EV-1'));
await tally('EV-1');
now = at('2027-03-17T11:00');
await step(
  'Oscar, in the Slack workspace but not a member, presses Going: no seat, and he is told how to join',
  await rsvpClick('U07OSCAR001', 'rsvp:yes', 'EV-1'),
);
await tally('EV-1');

now = at('2027-03-24T19:00');
await tick('The scheduler ticks: the 1-day reminders are now within 3 days, so they are planned');
await reminders('EV-1');

now = at('2027-03-25T12:00');
await step(
  'Ada presses Can’t go: 1 seat frees up; Katherine’s party of 2 does not fit, so Margaret is promoted',
  await rsvpClick('U07ADA00001', 'rsvp:no', 'EV-1'),
);
await tally('EV-1');
now = now.plus({ minutes: 5 });
await tick('The scheduler ticks: Ada’s reminder is cancelled, Margaret’s planned');
await reminders('EV-1');

now = at('2027-03-27T18:30');
await tick('The scheduler ticks on Saturday evening: the 1-day reminders are due');
await reminders('EV-1');
const springForward = DateTime.fromISO('2027-03-28T01:00:00Z');
console.log(
  `\n${springForward.toUTC().toFormat('ccc d LLL, HH:mm')} GMT (${utc(springForward)})  The clocks go forward an hour: it is now ${local(springForward)}`,
);
now = at('2027-03-28T16:30');
await tick('The scheduler ticks on Sunday afternoon: the 2-hour reminders are due');
await reminders('EV-1');
now = at('2027-03-28T18:35');
await tick('The scheduler ticks after the start: the announcement says RSVPs are closed');
now = at('2027-03-28T20:45');
await tick('The scheduler ticks after the end: the event is Done, and those who came are thanked');

const view = await workbook.read(['Events', 'RSVPs']);
console.log('\nEvents tab now:');
for (const { values: e } of view.table('Events').rows) {
  console.log(
    `    ${e.eventId}  ${e.title}  ${local(e.starts)} (${utc(e.starts)})  Capacity ${e.capacity ?? '–'}  ${e.status}  Confirmed ${e.confirmed ?? '–'} / Waitlisted ${e.waitlisted ?? '–'} / Seats left ${e.seatsLeft ?? '–'}`,
  );
}
console.log('RSVPs tab now:');
for (const { values: r } of view.table('RSVPs').rows) {
  console.log(
    `    ${r.rsvpId}  ${r.eventId}  ${nameOf(r).padEnd(17)} ${r.response.padEnd(3)} guests ${r.guests ?? 0}  by ${String(r.source).padEnd(5)} ${String(r.status).padEnd(10)} position ${r.position ?? '–'}  notified ${r.notified ?? '–'}`,
  );
}
// ---------------------------------------------------------------------------------------------------------
// Moderation: a member posts something rude, another reports it with the message shortcut; nobody picks it up,
// so it escalates; a moderator acknowledges and warns; then a ban, approved by two different organizers.

/** What the local Slack recorded (slack.jsonl), latest last. */
function slackCalls(): Record<string, unknown>[] {
  return readFileSync(join(dir, 'slack.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** A Settings value typed over by an organizer (the row found by its key in the Setting column). */
async function setSetting(key: string, value: string): Promise<void> {
  const rows = (await store.readTabs(['Settings'])).get('Settings') ?? [];
  const row = rows.findIndex((r) => String(r[0] ?? '').trim() === key);
  if (row < 0) throw new Error(`no "${key}" row in Settings`);
  await store.write({ appends: [], updates: [{ tab: 'Settings', row, column: 1, value: { text: value } }] });
}

/** The first line of each thing Hearth did in Slack, stamped with its time (ISO, or local and UTC). */
const TRANSCRIPT_ENTRY = /^ {4}(\d{4}-\d{2}-\d{2}T|[A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2}, \d{2}:\d{2} )/;

/** A step whose messages were already shown in an earlier chapter: only the lines saying where each went. */
async function briefStep(title: string, request: SignedRequest): Promise<void> {
  const answer = await send(base, request);
  await (await runtime.writer()).idle();
  console.log(`\n${stepTime(now)}  ${title}  → ${answer.status}`);
  const said = newTranscript()
    .split('\n')
    .filter((line) => TRANSCRIPT_ENTRY.test(line));
  if (said.length > 0) console.log(`${said.join('\n')}\n    (the messages read as in Onboarding)`);
}

/** A leader's button under the incident's post in the leaders channel (found through the Incidents tab). */
async function incidentClick(user: string, action: keyof typeof INCIDENT_ACTIONS, incidentId: string) {
  const incident = (await workbook.read(['Incidents'])).table('Incidents').byId(incidentId)?.values;
  const target = parsePermalink(incident?.slackMessage ?? '');
  if (!target) throw new Error(`${incidentId} has no post to press a button under (Slack message is empty)`);
  return slackClickRequest(secrets.slack, seconds(), {
    user,
    channel: target.channel,
    actionId: INCIDENT_ACTIONS[action],
    value: incidentId,
    messageTs: target.ts,
    actionTs: `${now.toSeconds()}`,
  });
}

/** A button under the latest message Hearth posted to `where` (a DM is addressed by the person's Slack ID). */
function clickLatestPost(user: string, where: string, actionId: string, value: string) {
  const posted = slackCalls()
    .filter((c) => c.kind === 'post' && c.where === where)
    .at(-1);
  if (!posted) throw new Error(`Hearth never posted to ${where}`);
  return slackClickRequest(secrets.slack, seconds(), {
    user,
    channel: String(posted.channel),
    actionId,
    value,
    messageTs: String(posted.ts),
    actionTs: `${now.toSeconds()}`,
  });
}

/** The modal Hearth last opened or redrew, as Slack would send it back on submission. */
function latestModal() {
  return slackCalls()
    .filter((c) => c.kind === 'modal-update' || c.kind === 'modal')
    .at(-1) as {
    viewId: string;
    view: {
      callback_id: string;
      private_metadata: string;
      blocks: { block_id?: string; element?: { options?: { text: { text: string } }[] } }[];
    };
  };
}

/** A modal submitted by `user` with these answers, by block ID, on the modal Hearth last opened. */
function submitLatestModal(user: string, values: Parameters<typeof slackViewSubmissionRequest>[2]['values']) {
  const modal = latestModal();
  return slackViewSubmissionRequest(secrets.slack, seconds(), {
    user,
    viewId: modal.viewId,
    callbackId: modal.view.callback_id,
    privateMetadata: modal.view.private_metadata,
    values,
  });
}

console.log('\n## Moderation');
const moderationPeople = {
  'eve@example.org': { id: 'U07EVEMAL01', name: 'Eve Mallory' },
  'barbara@example.org': { id: 'U07BARBARA1', name: 'Barbara Liskov' },
  'frances@example.org': { id: 'U07FRANCES1', name: 'Frances Allen' },
};
Object.assign(people, moderationPeople);
writeFileSync(join(dir, 'slack-users.json'), `${JSON.stringify(people, null, 2)}\n`);
const eve = moderationPeople['eve@example.org'].id;
const reporter = people['ada@example.org']?.id as string;

now = at('2027-03-29T18:00');
await briefStep(
  'Eve Mallory (already in the Slack workspace) fills in the join form',
  join_('demo-eve', {
    Name: 'Eve Mallory',
    Email: 'eve@example.org',
    'How did you hear about us?': 'Meetup.com',
  }),
);
now = now.plus({ minutes: 30 });
const eveJoin = (await workbook.read(['Approvals'])).table('Approvals').rows.at(-1)?.values.approvalId ?? '';
await briefStep(
  `Grace presses Approve on Eve (${eveJoin})`,
  await click('U07GRACE001', 'approval:approve', eveJoin),
);

now = at('2027-04-01T09:00');
const groundRules = [
  'Be kind: critique code, not people.',
  'No insults, harassment or personal attacks.',
  'No hate speech or discrimination.',
  'Job posts and selling only in #jobs.',
];
console.log(
  `\n${stepTime(now)}  The organizers set up moderation in the sheet:\n` +
    `    Settings → Ground rules (one a line): ${groundRules.map((r) => `“${r}”`).join(' ')}\n` +
    '    Settings → Escalate after hours: 4\n' +
    '    Leaders: Grace Hopper (Organizer, can approve) · Barbara Liskov U07BARBARA1 (Organizer, can approve) · ' +
    'Frances Allen U07FRANCES1 (Moderator) · Linus Greeter (Greeter)',
);
await setSetting('Ground rules', groundRules.join('\n'));
await setSetting('Escalate after hours', '4');
await workbook.apply(
  [
    append('Leaders', {
      slackId: 'U07BARBARA1',
      name: 'Barbara Liskov',
      role: 'Organizer',
      canApprove: true,
      active: true,
    }),
    append('Leaders', {
      slackId: 'U07FRANCES1',
      name: 'Frances Allen',
      role: 'Moderator',
      canApprove: false,
      active: true,
    }),
  ],
  { timeZone: zone },
);

now = at('2027-04-01T20:05');
const rude = {
  user: eve,
  ts: `${Math.floor(now.toSeconds())}.000100`,
  text: 'lol, only a clown would still use enums in 2027. Whoever gave the enum talk on Sunday should be embarrassed and quit programming.',
};
console.log(`\n${stepTime(now)}  Eve posts in #general (C07GENERAL1), ts=${rude.ts}:\n    “${rude.text}”`);

now = now.plus({ minutes: 7 });
await step(
  'Ada uses the message shortcut “Report to moderators” on Eve’s message: the modal opens, then offers the ground rules',
  slackMessageShortcutRequest(secrets.slack, seconds(), {
    callbackId: REPORT_CALLBACK_ID,
    user: reporter,
    channel: 'C07GENERAL1',
    message: rude,
  }),
);
// Slack sends back the view as Hearth last drew it: its ID and private_metadata, with what Ada chose.
const drawn = latestModal();
const offered = drawn.view.blocks.find((b) => b.block_id === 'rule')?.element?.options ?? [];
console.log(`    ⇒ the rule menu offers: ${offered.map((o) => `“${o.text.text}”`).join(' · ')}`);
now = now.plus({ minutes: 2 });
await step(
  `Ada sends the report: rule “${groundRules[1]}”, urgency High`,
  submitLatestModal(reporter, {
    rule: { selected: groundRules[1] as string },
    details: {
      value:
        'Aimed at Katherine, who gave the enum talk. Two newer members said in DMs it put them off posting.',
    },
    urgency: { selected: 'High' },
  }),
);
const incidentId =
  (await workbook.read(['Incidents'])).table('Incidents').rows.at(-1)?.values.incidentId ?? '';

now = at('2027-04-01T22:15');
await tick('The scheduler ticks: IN-1 has waited 2 hours, less than Escalate after hours (4): nothing yet');
now = at('2027-04-02T00:15');
await tick('The scheduler ticks: nobody acknowledged IN-1 within 4 hours, so it goes to Level 2');

now = at('2027-04-02T07:50');
await step(
  'Frances (Moderator) presses Acknowledge on the escalation DM she got',
  clickLatestPost('U07FRANCES1', 'U07FRANCES1', INCIDENT_ACTIONS.acknowledge, incidentId),
);
now = now.plus({ minutes: 10 });
await step(
  'Frances presses Warn member on the incident (and confirms “Send warning”)',
  await incidentClick('U07FRANCES1', 'warn', incidentId),
);

now = at('2027-04-02T12:30');
console.log(
  `\n${stepTime(now)}  Eve answers the warning by posting more of the same in #general; the leaders decide she should go`,
);
now = now.plus({ minutes: 5 });
await step(
  'Frances presses Ban member (and confirms “Ask to ban”): an approval that needs two leaders',
  await incidentClick('U07FRANCES1', 'ban', incidentId),
);
const banApproval =
  (await workbook.read(['Approvals'])).table('Approvals').rows.find((r) => r.values.kind === 'ban')?.values
    .approvalId ?? '';
now = now.plus({ minutes: 10 });
await step(
  `Grace presses Approve on the ban (${banApproval}): 1 of 2`,
  await click('U07GRACE001', 'approval:approve', banApproval),
);
now = now.plus({ seconds: 30 });
await step(
  'Grace presses Approve again: the same organizer cannot be the second approval',
  await click('U07GRACE001', 'approval:approve', banApproval),
);
now = now.plus({ minutes: 20 });
await step(
  'Barbara (the second Organizer) presses Approve: 2 of 2, Eve is banned',
  await click('U07BARBARA1', 'approval:approve', banApproval),
);

const moderation = await workbook.read(['Incidents', 'Members']);
console.log('\nIncidents tab now (the Reporter cell never leaves the sheet):');
for (const { values: i } of moderation.table('Incidents').rows) {
  const when = (t: DateTime | undefined) => (t ? withLocal(t) : '–');
  console.log(`    ${i.incidentId}  ${i.severity}  ${i.status}  Level ${i.level ?? '–'}`);
  console.log(`      Reported      ${when(i.reported)}`);
  console.log('      Reporter      (confidential)');
  console.log(`      About         ${i.about ?? '–'}`);
  console.log(`      Where         ${i.where ?? '–'}`);
  console.log(`      Rule          ${i.rule ?? '–'}`);
  console.log(`      Details       ${(i.details ?? '–').replace(/\n/g, '\n                    ')}`);
  console.log(`      Assignee      ${i.assignee ?? '–'}  Acknowledged at ${when(i.acknowledgedAt)}`);
  console.log(`      Decision      ${(i.decision ?? '–').replace(/\n/g, '\n                    ')}`);
  console.log(`      Decided by    ${i.decidedBy ?? '–'}  at ${when(i.decidedAt)}`);
  console.log(`      Slack message ${i.slackMessage ?? '–'}`);
}
const banned = moderation
  .table('Members')
  .rows.map((r) => r.values)
  .find((m) => m.slackId === eve);
console.log(
  `Members tab: ${banned?.memberId}  ${banned?.name}  Slack ${banned?.slackId}  Status ${banned?.status}`,
);

// ---------------------------------------------------------------------------------------------------------
// Trust: an organizer's spreadsheet program saves an older copy over Hearth's writes, and a header is renamed.

console.log('\n## Trust');
now = at('2027-04-03T10:00');
const olderCopy = readFileSync(workbookPath);
await step(
  'Carol Chen fills in the join form',
  join_('demo-carol', { Name: 'Carol Chen', Email: 'carol@example.org' }),
);
const carolsRequest = (await workbook.read(['Approvals'])).table('Approvals').rows.at(-1)?.values;
now = now.plus({ minutes: 30 });
writeFileSync(workbookPath, olderCopy);
console.log(
  `\n${stepTime(now)}  Grace, who had the workbook open since before Carol joined, saves her copy over it: Carol's row and ${carolsRequest?.approvalId} are gone from the sheet`,
);
now = now.plus({ minutes: 5 });
await step(
  'Dan Dare fills in the join form',
  join_('demo-dan', { Name: 'Dan Dare', Email: 'dan@example.org' }),
);
const dansRequest = (await workbook.read(['Approvals'])).table('Approvals').rows.at(-1)?.values;
console.log(
  `    ⇒ Dan's request is ${dansRequest?.approvalId}: no ID is given twice, though the sheet lost ${carolsRequest?.approvalId}`,
);
now = now.plus({ minutes: 5 });
const carolsMessage = parsePermalink(carolsRequest?.slackMessage ?? '');
if (carolsMessage) {
  await step(
    `Grace presses Approve on Carol's request, still in #leaders: it is out of date, nobody is approved`,
    slackClickRequest(secrets.slack, seconds(), {
      user: 'U07GRACE001',
      channel: carolsMessage.channel,
      actionId: 'approval:approve',
      value: dansRequest?.approvalId ?? '',
      messageTs: carolsMessage.ts,
      actionTs: `${now.toSeconds()}`,
    }),
  );
}

now = now.plus({ hours: 1 });
const membersHeader = (await store.readTabs(['Members'])).get('Members')?.[0] ?? [];
const statusColumn = membersHeader.indexOf('Status');
await store.write({
  appends: [],
  updates: [{ tab: 'Members', row: 0, column: statusColumn, value: { text: 'State' } }],
});
console.log(`\n${stepTime(now)}  An organizer renames the Members tab's "Status" header to "State"`);
now = now.plus({ minutes: 5 });
await step(
  'Erin Ek fills in the join form: it waits whole (no row, no message) and the leaders hear what waits',
  join_('demo-erin', { Name: 'Erin Ek', Email: 'erin@example.org' }),
);
now = now.plus({ minutes: 10 });
await store.write({
  appends: [],
  updates: [{ tab: 'Members', row: 0, column: statusColumn, value: { text: 'Status' } }],
});
const erinsJoin = Date.now();
while (
  !(await workbook.read(['Members'])).table('Members').rows.some((r) => r.values.email === 'erin@example.org')
) {
  if (Date.now() - erinsJoin > 30_000)
    throw new Error("Erin's join was not applied after the header came back");
  await new Promise((done) => setTimeout(done, 100));
}
await (await runtime.writer()).idle();
console.log(`\n${stepTime(now)}  The header is back: Erin's join is applied, in full, once`);
const said = newTranscript();
if (said) console.log(said);

// ---------------------------------------------------------------------------------------------------------
// Connections: the organizers turn intros on; a round puts members in small groups, each in a group DM; a
// coffee evening gives two members their first-event shout-out and a rating; the check-in records who met;
// Katherine pauses her intros; Ada invites a friend, who joins; the next round leaves Katherine out.

console.log('\n## Connections');
now = at('2027-04-05T09:00');
console.log(
  `\n${stepTime(now)}  Grace turns intros on. Settings: Intro rounds "Weekly", Intro day "Monday 10:00", Invite link (setup() wrote it).`,
);
console.log(
  '    Members: Intros "Yes" for Alan, Edsger, Katherine and Margaret (Ada said yes on the join form), with their Slack IDs.',
);
await setSetting('Intro rounds', 'Weekly');
await setSetting('Intro day', 'Monday 10:00');
await setSetting(
  'Invite link',
  'https://docs.google.com/forms/d/e/1FAIpQLSdLeedsTs/viewform?usp=pp_url&entry.1234567890=',
);
/** Cells of a row typed over by an organizer, by header (the row found by the value under `key`). */
async function editRow(
  tab: string,
  [key, value]: [string, string],
  byHeader: Record<string, string>,
): Promise<void> {
  const rows = (await store.readTabs([tab])).get(tab) ?? [];
  const header = (rows[0] ?? []).map(String);
  const row = rows.findIndex((r) => r[header.indexOf(key)] === value);
  if (row < 0) throw new Error(`no ${key} ${value} in ${tab}`);
  await store.write({
    appends: [],
    updates: Object.entries(byHeader).map(([name, text]) => ({
      tab,
      row,
      column: header.indexOf(name),
      value: { text },
    })),
  });
}
const editMember = (memberId: string, byHeader: Record<string, string>) =>
  editRow('Members', ['Member ID', memberId], byHeader);
const memberIdOf = async (email: string) =>
  (await workbook.read(['Members'])).table('Members').rows.find((r) => r.values.email === email)?.values
    .memberId as string;
for (const email of [
  'alan@example.org',
  'edsger@example.org',
  'katherine@example.org',
  'margaret@example.org',
]) {
  await editMember(await memberIdOf(email), { Intros: 'Yes', 'Slack ID': people[email]?.id ?? '' });
}
await typeRow('Events', {
  Title: { text: 'Coffee & code' },
  Starts: { serial: dateTimeToSerial(at('2027-04-07T18:00'), zone) },
  Ends: { serial: dateTimeToSerial(at('2027-04-07T20:00'), zone) },
  Location: { text: 'Café Nero, Briggate' },
  Capacity: { number: 12 },
  Host: { text: 'U07GRACE001' },
  Status: { text: 'Announced' },
});

now = at('2027-04-05T10:00');
await tick(
  'The scheduler ticks at Intro day: five people, so a pair and a trio (no repeat, nobody left out), each in a group DM; and Coffee & code is announced',
);
/** The Intros tab now: one line per group. */
async function introsTab(): Promise<void> {
  for (const r of (await workbook.read(['Intros'])).table('Intros').rows.map((row) => row.values))
    console.log(
      `    ⇒ ${r.introId} round ${r.round}: ${r.members}${r.sharedInterests ? ` (share ${r.sharedInterests})` : ''}${r.met ? ` · Met ${r.met}` : ''}${r.checkedIn ? ` · checked in ${r.checkedIn}` : ''}`,
    );
}
await introsTab();

now = at('2027-04-05T12:00');
await step('Ada presses Going under Coffee & code', await rsvpClick('U07ADA00001', 'rsvp:yes', 'EV-2'));
now = now.plus({ minutes: 10 });
await briefStep('Edsger presses Going too', await rsvpClick('U07EDSGER01', 'rsvp:yes', 'EV-2'));

now = at('2027-04-07T20:05');
await tick(
  'The scheduler ticks after Coffee & code: Done, and each person who came is thanked, with four buttons',
);
now = now.plus({ minutes: 20 });
const adasRsvp = (await workbook.read(['RSVPs']))
  .table('RSVPs')
  .rows.find((r) => r.values.eventId === 'EV-2' && r.values.slackId === 'U07ADA00001')?.values.rsvpId;
await step(
  'Ada presses Loved it under her thank-you',
  clickLatestPost('U07ADA00001', 'U07ADA00001', FEEDBACK_ACTIONS.loved, adasRsvp ?? ''),
);
const coffee = (await workbook.read(['Events'])).table('Events').byId('EV-2')?.values;
console.log(`    ⇒ EV-2 Rating ${coffee?.rating ?? '–'} from ${coffee?.ratings ?? 0} rating(s)`);

now = at('2027-04-08T09:00');
console.log(`\n${stepTime(now)}  Grace ticks Attended "Yes" on Ada's and Edsger's RSVPs for Coffee & code`);
const rsvpRows = (await store.readTabs(['RSVPs'])).get('RSVPs') ?? [];
const rsvpHeader = (rsvpRows[0] ?? []).map(String);
await store.write({
  appends: [],
  updates: rsvpRows.flatMap((r, row) =>
    r[rsvpHeader.indexOf('Event ID')] === 'EV-2'
      ? [{ tab: 'RSVPs', row, column: rsvpHeader.indexOf('Attended'), value: { text: 'Yes' } }]
      : [],
  ),
});
now = now.plus({ minutes: 1 });
await tick('The scheduler ticks: a first event for both, celebrated in #introductions');

/** A button on an intro's message in its group DM (found through the Outbox row of that message). */
async function introClick(user: string, action: keyof typeof INTRO_ACTIONS, introId: string, kind: string) {
  const row = (await workbook.read(['Outbox']))
    .table('Outbox')
    .rows.find((r) => r.values.kind === kind && r.values.about === introId)?.values;
  const target = parsePermalink(row?.slackMessage ?? '');
  if (!target) throw new Error(`${introId} has no ${kind} message to press a button on`);
  return slackClickRequest(secrets.slack, seconds(), {
    user,
    channel: target.channel,
    actionId: INTRO_ACTIONS[action],
    value: introId,
    messageTs: target.ts,
    actionTs: `${now.toSeconds()}`,
  });
}
const introOf = async (memberId: string) =>
  (await workbook.read(['Intros']))
    .table('Intros')
    .rows.find((r) => (r.values.members ?? '').split(', ').includes(memberId))?.values.introId as string;

now = at('2027-04-09T08:00');
await tick(
  'The scheduler ticks halfway to the next round (Thursday 22:00 is in quiet hours: Friday 08:00): a check-in in each group DM',
);
now = now.plus({ hours: 1 });
const adasIntro = await introOf('M-1');
await step('Ada presses We met', await introClick('U07ADA00001', 'met', adasIntro, 'intro.checkin'));
now = now.plus({ minutes: 15 });
const katherine = await memberIdOf('katherine@example.org');
await step(
  'Katherine presses Pause intros 4 weeks: only her own Intros changes, and nobody is told',
  await introClick('U07KATJ0001', 'pause', await introOf(katherine), 'intro.checkin'),
);
await introsTab();

now = at('2027-04-09T12:00');
await step(
  'Ada picks Invite someone in the shortcuts menu: her personal invite link, by DM',
  slackGlobalShortcutRequest(secrets.slack, seconds(), {
    callbackId: INVITE_CALLBACK_ID,
    user: 'U07ADA00001',
  }),
);
now = now.plus({ minutes: 30 });
await step(
  'Hedy Lamarr, a friend of Ada, fills in the join form through that link: Invited by M-1',
  join_('demo-hedy', { Name: 'Hedy Lamarr', Email: 'hedy@example.org', 'Invited by': 'M-1' }),
);
now = now.plus({ minutes: 20 });
const hedysRequest = (await workbook.read(['Approvals'])).table('Approvals').rows.at(-1)?.values.approvalId;
await step(
  'Grace approves Hedy: Hedy is welcomed, and Ada is thanked for inviting her',
  await click('U07GRACE001', 'approval:approve', hedysRequest ?? ''),
);

now = at('2027-04-12T10:00');
await tick(
  'The scheduler ticks at the next Intro day: a new round, without Katherine (paused); four people who mostly met last week',
);
await introsTab();
for (const row of (await workbook.read(['Audit'])).table('Audit').rows.map((r) => r.values))
  if (row.action === 'intros.window-relaxed') console.log(`    ⇒ Audit ${row.action}: ${row.details}`);

console.log('\n## Presence');
let homes = 0;
const openHome = (user: string) =>
  slackAppHomeOpenedRequest(secrets.slack, seconds(), { eventId: `EvHOME${++homes}`, user });

now = at('2027-04-12T12:00');
await step(
  "Ada opens Hearth's Home tab in Slack: her RSVPs, what is coming up, her intro group, her invite link, her milestones",
  openHome('U07ADA00001'),
);
now = now.plus({ minutes: 10 });
await step(
  'Barbara Liskov fills in the join form',
  join_('demo-barbara', { Name: 'Barbara Liskov', Email: 'barbara@example.org' }),
);
now = now.plus({ minutes: 10 });
await step(
  'Grace opens her Home tab: For leaders first (the approval waiting, with its buttons; this week so far), then what is hers',
  openHome('U07GRACE001'),
);
const barbarasRequest = (await workbook.read(['Approvals'])).table('Approvals').rows.at(-1)
  ?.values.approvalId;
now = now.plus({ minutes: 5 });
await step(
  'Grace presses Approve on her home: Barbara is welcomed, and the home is drawn again without the request',
  slackHomeClickRequest(secrets.slack, seconds(), {
    user: 'U07GRACE001',
    actionId: 'approval:approve',
    value: barbarasRequest ?? '',
    actionTs: `${now.toSeconds()}`,
  }),
);

now = at('2027-04-12T13:00');
console.log(
  `\n${stepTime(now)}  Grace makes Linus the owner of #help. Leaders → Channels: "C07HELP0001" (#help's ID: the local transcript knows no channel names)`,
);
await editRow('Leaders', ['Slack ID', 'U07LINUS001'], { Channels: 'C07HELP0001' });
await step(
  'Katherine asks in #help, a channel Hearth is in: a Questions row, never her words nor her name',
  slackMessageRequest(secrets.slack, seconds(), {
    eventId: 'EvQUESTION1',
    channel: 'C07HELP0001',
    user: 'U07KATJ0001',
    text: 'Does anyone know if Café Nero has Wi-Fi for Wednesday?',
    ts: `${seconds()}.000200`,
  }),
);
/** The Questions tab now: one line per question. */
async function questionsTab(): Promise<void> {
  for (const q of (await workbook.read(['Questions'])).table('Questions').rows.map((row) => row.values))
    console.log(
      `    ⇒ ${q.questionId} in ${q.channel}, asked ${q.asked ? local(q.asked) : '–'}: ${q.status ?? 'Waiting'}${q.level ? ` · level ${q.level}` : ''}`,
    );
}
await questionsTab();
now = at('2027-04-12T17:01');
await tick('The scheduler ticks four hours later: nobody has replied in its thread, so Linus gets a DM');
await questionsTab();

now = at('2027-04-13T00:01');
await tick(
  'The scheduler ticks at the start of a new day: the daily step sets Members → Engagement and works out the Dashboard',
);
for (const m of (await workbook.read(['Members'])).table('Members').rows.map((row) => row.values))
  if (m.status === 'Active') console.log(`    ⇒ ${m.memberId} ${m.name}: ${m.engagement ?? '–'}`);
const thisWeek = (await workbook.read(['Dashboard'])).table('Dashboard').rows.at(-1)?.values;
if (thisWeek)
  console.log(
    `    ⇒ Dashboard, week of ${thisWeek.week}: new members ${thisWeek.newMembers}, ${thisWeek.core} Core, ${thisWeek.regular} Regular, ${thisWeek.quiet} Quiet, questions ${thisWeek.questions}, intro groups ${thisWeek.introGroups}`,
  );

console.log('\n## Projects');
/**
 * A button under the latest message Hearth posted or redrew that has it (found in the transcript); its value as
 * the message has it unless given.
 */
function clickButton(user: string, actionId: string, value?: string, where?: string) {
  const posted = slackCalls()
    .filter(
      (c) =>
        (c.kind === 'post' || c.kind === 'update') &&
        (where === undefined || c.where === where) &&
        JSON.stringify(c).includes(`"action_id":"${actionId}"`),
    )
    .at(-1);
  if (!posted) throw new Error(`Hearth never posted a ${actionId} button`);
  const shown = new RegExp(
    `"action_id":"${actionId}","value":"([^"]*)"|"value":"([^"]*)","action_id":"${actionId}"`,
  ).exec(JSON.stringify(posted));
  return slackClickRequest(secrets.slack, seconds(), {
    user,
    channel: String(posted.channel),
    actionId,
    value: value ?? shown?.[1] ?? shown?.[2] ?? '',
    messageTs: String(posted.ts),
    actionTs: `${now.toSeconds()}`,
  });
}
/** The Projects row and its team, as the sheet has them now. */
async function projectRows(): Promise<void> {
  const sheet = await workbook.read(['Projects', 'Project members']);
  for (const p of sheet.table('Projects').rows.map((row) => row.values))
    console.log(
      `    ⇒ ${p.projectId} ${p.title}: ${p.status}, champion ${p.champion}, channel ${p.channel || '–'}, team ${p.members || '–'}${p.link ? `, link ${p.link}` : ''}`,
    );
  for (const m of sheet.table('Project members').rows.map((row) => row.values))
    console.log(`    ⇒ Project members: ${m.projectId} ${m.memberId} as ${m.role}`);
}

now = at('2027-04-14T09:00');
console.log(
  `\n${stepTime(now)}  Grace adds a partner. Partners: Leeds Makers, Kind Sponsor, Stage Agreed, Owner U07GRACE001, Next step "Ask about a venue for the launch" on Fri 16 Apr`,
);
await typeRow('Partners', {
  Name: { text: 'Leeds Makers' },
  Kind: { text: 'Sponsor' },
  Owner: { text: 'U07GRACE001' },
  Stage: { text: 'Agreed' },
  'Next step': { text: 'Ask about a venue for the launch' },
  'Next step on': { serial: dateTimeToSerial(at('2027-04-16T00:00'), zone) },
});
now = at('2027-04-14T10:00');
await step(
  'Ada picks Propose a project in the shortcuts menu: the modal opens at once',
  slackGlobalShortcutRequest(secrets.slack, seconds(), {
    callbackId: PROPOSE_CALLBACK_ID,
    user: 'U07ADA00001',
  }),
);
now = now.plus({ minutes: 5 });
await step(
  'Ada sends it: a community garden app with Leeds Makers, herself as champion, 2 developers and 1 designer',
  submitLatestModal('U07ADA00001', {
    [PROPOSE_BLOCKS.title]: { value: 'Community garden app' },
    [PROPOSE_BLOCKS.whatAndWhy]: {
      value: 'An app for the allotments on Meanwood Road: who waters what, and when.',
    },
    [PROPOSE_BLOCKS.forWhom]: { value: 'The allotment society, 60 members' },
    [PROPOSE_BLOCKS.partner]: { value: 'Leeds Makers' },
    [PROPOSE_BLOCKS.champion]: { user: 'U07ADA00001' },
    [PROPOSE_BLOCKS.rolesNeeded]: { value: '2 developers, 1 designer' },
    [PROPOSE_BLOCKS.timeNeeded]: { value: 'Six weeks of evenings' },
  }),
);
const projectRequest = (await workbook.read(['Approvals'])).table('Approvals').rows.at(-1)?.values.approvalId;
now = now.plus({ minutes: 30 });
await step(
  'Grace approves it: Active, a channel named from the title, Ada invited, and an announcement with Join as … buttons',
  await click('U07GRACE001', 'approval:approve', projectRequest ?? ''),
);
now = now.plus({ hours: 1 });
await step(
  'Edsger presses Join as developer: he is in the team and the channel',
  clickButton('U07EDSGER01', 'project:join', 'P-1 developer'),
);
now = now.plus({ minutes: 10 });
await briefStep(
  'Katherine presses Join as developer too: the role is full, its button goes',
  clickButton('U07KATJ0001', 'project:join', 'P-1 developer'),
);
now = now.plus({ minutes: 10 });
await step(
  'Alan presses Join as developer on an older copy of the announcement: the role is full, and only he is told',
  clickButton('U07ALAN0001', 'project:join', 'P-1 developer'),
);
await projectRows();

now = at('2027-04-16T09:00');
await tick("The scheduler ticks on the partner's next-step day: Grace, its owner, gets a DM");

now = at('2027-04-28T10:35');
await tick('The scheduler ticks 14 days after the start: Ada, the champion, is asked how it is going');
now = now.plus({ hours: 2 });
await step(
  'Ada presses Need help: its modal opens at once',
  clickButton('U07ADA00001', 'project:help', 'P-1'),
);
now = now.plus({ minutes: 3 });
await step(
  "Ada sends what would help: it is posted in the project's channel and to the leaders",
  submitLatestModal('U07ADA00001', {
    help: { value: 'Someone who has shipped a PWA, for an hour on a call.' },
  }),
);

now = at('2027-05-12T10:35');
await tick('The scheduler ticks at the next check-in');
now = now.plus({ hours: 1 });
await step(
  'Ada presses Done: a showcase in the announcements channel with the team and the partner, and a link asked for',
  clickButton('U07ADA00001', 'project:done', 'P-1'),
);
now = now.plus({ minutes: 20 });
await step('Ada presses Add a link: its modal opens', clickButton('U07ADA00001', 'project:add-link', 'P-1'));
await step(
  'Ada gives the link: the showcase is redrawn with it',
  submitLatestModal('U07ADA00001', { link: { value: 'https://github.com/leeds-ts/garden' } }),
);
await projectRows();
const makers = (await workbook.read(['Partners'])).table('Partners').rows.at(-1)?.values;
console.log(
  `    ⇒ Partners: ${makers?.name}, Last sponsored ${makers?.lastSponsored ? local(makers.lastSponsored) : '–'}`,
);

console.log('\n## Volunteers and the leader team');
now = at('2027-05-17T09:30');
console.log(
  `\n${stepTime(now)}  Grace plans the summer meetup (Events: Summer meetup, Wed 26 May 18:00–21:00, The Hub, 40 seats, Announced)` +
    " and sets Linus's term (Leaders → Term ends: Sun 20 Jun)",
);
await typeRow('Events', {
  Title: { text: 'Summer meetup' },
  Starts: { serial: dateTimeToSerial(at('2027-05-26T18:00'), zone) },
  Ends: { serial: dateTimeToSerial(at('2027-05-26T21:00'), zone) },
  Location: { text: 'The Hub' },
  Capacity: { number: 40 },
  Host: { text: 'U07GRACE001' },
  Status: { text: 'Announced' },
});
await editRow('Leaders', ['Slack ID', 'U07LINUS001'], { 'Term ends': '2027-06-20' });
now = now.plus({ minutes: 1 });
await briefStep('The scheduler ticks: the summer meetup is announced', tickRequest());
const summer = (await workbook.read(['Events']))
  .table('Events')
  .rows.find((r) => r.values.title === 'Summer meetup')?.values.eventId as string;
now = now.plus({ minutes: 9 });
console.log(
  `\n${stepTime(now)}  Grace types the roles it needs (Event roles: ${summer} Door, 2 people, 18:00–19:00; ${summer} AV, 1 person)`,
);
await typeRow('Event roles', {
  'Event ID': { text: summer },
  Role: { text: 'Door' },
  Starts: { serial: dateTimeToSerial(at('2027-05-26T18:00'), zone) },
  Ends: { serial: dateTimeToSerial(at('2027-05-26T19:00'), zone) },
  Needed: { number: 2 },
});
await typeRow('Event roles', { 'Event ID': { text: summer }, Role: { text: 'AV' }, Needed: { number: 1 } });
now = now.plus({ minutes: 1 });
await tick('The scheduler ticks: the roles get their IDs, and the announcement a Help as … button for each');
/** The Event roles tab now: one line per role. */
async function rolesTab(): Promise<void> {
  for (const r of (await workbook.read(['Event roles'])).table('Event roles').rows.map((row) => row.values))
    console.log(
      `    ⇒ ${r.roleId} ${r.role}: volunteers ${r.volunteers || '–'}, backups ${r.backups || '–'}${r.attended ? `, attended ${r.attended}` : ''}`,
    );
}
now = now.plus({ hours: 1 });
await step(
  'Edsger presses Help as Door: he is on the shift',
  clickButton('U07EDSGER01', 'shift:help', 'ER-1'),
);
now = now.plus({ minutes: 5 });
await briefStep(
  'Katherine presses it too: the Door is full',
  clickButton('U07KATJ0001', 'shift:help', 'ER-1'),
);
now = now.plus({ minutes: 5 });
await step('Alan presses Back up Door: he is backup #1', clickButton('U07ALAN0001', 'shift:help', 'ER-1'));
await rolesTab();
now = now.plus({ hours: 3 });
await step(
  "Katherine presses Can't make it: Alan, the first backup, takes her place and is told",
  clickButton('U07KATJ0001', 'shift:cant', 'ER-1'),
);
now = now.plus({ hours: 1 });
await step(
  'Edsger presses Swap: his shift is offered in the announcement’s thread',
  clickButton('U07EDSGER01', 'shift:swap', 'ER-1'),
);
now = now.plus({ minutes: 10 });
{
  // Two people press Take this shift at the same moment: the writer decides them one after the other.
  const takes = [clickButton('U07MARGH001', 'shift:take'), clickButton('U07BARBARA1', 'shift:take')];
  const answers = await Promise.all(takes.map((request) => send(base, request)));
  await (await runtime.writer()).idle();
  console.log(
    `\n${stepTime(now)}  Margaret and Barbara press Take this shift at the same moment: one takes it, the other is told  → ${answers.map((a) => a.status).join(', ')}`,
  );
  const said = newTranscript();
  if (said) console.log(said);
}
await rolesTab();

now = at('2027-05-21T10:00');
await tick("The scheduler ticks 30 days before Linus's term ends: he is asked to stay or hand over");
now = now.plus({ hours: 1 });
await step(
  'Linus presses Hand over: a modal to name a successor',
  clickButton('U07LINUS001', 'leader:hand-over'),
);
now = now.plus({ minutes: 5 });
await step(
  'Linus names Katherine: an approval in the leaders channel (neither of them may decide it)',
  submitLatestModal('U07LINUS001', {
    successor: { user: 'U07KATJ0001' },
    notes: { value: 'Katherine already welcomes most newcomers at the door.' },
  }),
);
const succession = (await workbook.read(['Approvals'])).table('Approvals').rows.at(-1)?.values.approvalId;
now = now.plus({ hours: 2 });
await step(
  'Grace approves: Katherine is a Greeter now, walked through the role; Linus is told',
  await click('U07GRACE001', 'approval:approve', succession ?? ''),
);

now = at('2027-05-23T18:00');
await tick(
  'The scheduler ticks 3 days before the summer meetup: the AV role is still open, so Core and Regular members are asked',
);
now = at('2027-05-26T17:00');
await tick('The scheduler ticks an hour before the Door shift: its volunteers are reminded');
await rolesTab();

now = at('2027-05-27T09:00');
console.log(`\n${stepTime(now)}  Grace ticks Attended "Yes" on the Door role`);
await editRow('Event roles', ['Role ID', 'ER-1'], { Attended: 'Yes' });
now = at('2027-05-28T00:05');
await tick(
  'The scheduler ticks at the start of a day: the daily step writes Volunteer hours and Leader load',
);
for (const m of (await workbook.read(['Members'])).table('Members').rows.map((row) => row.values))
  if (m.volunteerHours) console.log(`    ⇒ ${m.memberId} ${m.name}: ${m.volunteerHours} volunteer hour(s)`);
for (const l of (await workbook.read(['Leader load'])).table('Leader load').rows.map((row) => row.values))
  console.log(
    `    ⇒ Leader load: ${l.leader} hosted ${l.hosted}, greeted ${l.greeted}, incidents ${l.incidents}, approvals ${l.approvals}, projects ${l.projects}: total ${l.total}`,
  );

now = at('2027-06-07T09:55');
console.log(
  `\n${stepTime(now)}  Grace turns on monthly check-ins for the leaders (Settings → Leader check-ins: Monthly)`,
);
await setSetting('Leader check-ins', 'Monthly');
now = at('2027-06-07T10:00');
await briefStep(
  'The scheduler ticks on the first Monday of June, 10:00: each leader is asked how they are',
  tickRequest(),
);
now = now.plus({ hours: 1 });
await step(
  'Grace presses Check in in her DM: a short modal',
  clickButton('U07GRACE001', 'leader:check-in', undefined, 'U07GRACE001'),
);
await step(
  'Grace answers: her words go to the Leader check-ins tab, for the organizers; Slack only says thank you',
  submitLatestModal('U07GRACE001', {
    how: { value: 'Busy, but the summer meetup went well.' },
    needs: { value: 'Someone to share the autumn planning.' },
    energy: { selected: '4' },
  }),
);
for (const c of (await workbook.read(['Leader check-ins']))
  .table('Leader check-ins')
  .rows.map((row) => row.values))
  console.log(`    ⇒ Leader check-ins: ${c.leader}, energy ${c.energy}, how and needs kept in the tab`);

console.log(`\nThe workbook is at ${workbookPath}; the Slack transcript at ${join(dir, 'slack.log')}.`);
server.close();
