/**
 * `npm run demo` end to end, in a scratch directory: every step is a real signed request to the functions, so
 * the tour doubles as a smoke test of the whole local stack (onboarding, approvals, events, reminders,
 * moderation).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { ROOT, TSX } from './integration/processes.js';

const scratch = mkdtempSync(join(tmpdir(), 'hearth-demo-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let tour: Promise<string> | undefined;
/** The tour's output, run once for every test here. */
function runTour(): Promise<string> {
  // Under node with tsx's loader, as npm run demo runs it but without tsx's launcher process in between.
  tour ??= promisify(execFile)(process.execPath, ['--import', TSX, join(ROOT, 'scripts/demo.ts')], {
    cwd: scratch,
    timeout: 60_000,
    maxBuffer: 16 * 1024 * 1024,
  }).then(({ stdout }) => stdout);
  return tour;
}

it('runs the tour: every request is accepted, the event fills, waitlists, promotes and ends Done', async () => {
  const stdout = await runTour();
  const answers = [...stdout.matchAll(/→ (\d{3})/g)].map((m) => m[1]);
  expect(answers.length).toBeGreaterThan(20);
  expect(answers.filter((status) => status !== '200' && status !== '202')).toEqual([]);
  // Months go by on the simulated clock (old Outbox rows are archived meanwhile): Ada is welcomed once.
  expect(
    stdout.match(/post to DM U07ADA00001 \(\w+\) ts=\S+\n {8}Welcome to Leeds TypeScript/g),
  ).toHaveLength(1);
  expect(stdout).toMatch(/R-4 {2}EV-1 {2}Katherine Johnson Yes guests 1 {2}by Form {2}Waitlisted position 1/);
  expect(stdout).toMatch(/R-5 {2}EV-1 {2}Margaret Hamilton Yes guests 0 {2}by Slack Confirmed/);
  expect(stdout).toMatch(/Done {2}Confirmed 3 \/ Waitlisted 2 \/ Seats left 0/);
  // The 1-day reminder keeps its local time across the clocks going forward: 23 real hours before.
  expect(stdout).toMatch(
    /1 day {4}DM Edsger \(R-2\) {8}due Sat 27 Mar, 18:30 GMT \(18:30 UTC\), 23h before {2}Sent/,
  );
}, 90_000);

it('shows the year on the first step and on the first step of each new year, and only there', async () => {
  const stdout = await runTour();
  const headers = stdout.split('\n').filter((line) => /^[A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2}/.test(line));
  expect(headers.length).toBeGreaterThan(20);
  const withYear = headers.filter((line) => /^\w{3} \d{1,2} \w{3} \d{4},/.test(line));
  expect(withYear.map((line) => line.slice(0, line.indexOf(','))).slice(0, 2)).toEqual([
    'Mon 30 Nov 2026',
    'Mon 15 Mar 2027',
  ]);
  expect(withYear).toHaveLength(2);
}, 90_000);

const REPORTER = 'U07ADA00001';

/** The tour's chapter under the heading `## name`, up to the next chapter. */
function chapterOf(stdout: string, name: string): string {
  const start = stdout.indexOf(`\n## ${name}`);
  if (start < 0) return '';
  const next = stdout.indexOf('\n## ', start + 1);
  return stdout.slice(start, next < 0 ? undefined : next);
}

it('moderation: a report escalates, is acknowledged and warned, and a ban needs two different organizers', async () => {
  const stdout = await runTour();
  const chapter = chapterOf(stdout, 'Moderation');
  expect(chapter.startsWith('\n## Moderation')).toBe(true);

  // The modal is redrawn with the group's ground rules; the report reaches the leaders channel.
  expect(chapter).toMatch(
    /modal-update view=V\d+ "Report to moderators"\n {8}\| .*\n {8}\| Which ground rule\?: \[Choose a ground rule ▾\]/,
  );
  expect(chapter).toMatch(
    /the rule menu offers: “Be kind: critique code, not people\.” · “No insults, harassment or personal attacks\.”/,
  );
  expect(chapter).toMatch(
    /post to #leaders \(C\w+\) ts=\S+\n {8}High incident IN-1 \(Level 1, Open\) about <@U07EVEMAL01>/,
  );
  expect(chapter).toContain('Thanks for your report. It has reached the moderators of Leeds TypeScript');

  // Nobody acknowledged within Escalate after hours (4): Level 2, in the channel and by DM to each.
  const waited = 'Level 2: High incident IN-1 has waited 4 hours without anyone acknowledging it.';
  const asks: [string, string][] = [
    ['#leaders', `${waited} <@U07GRACE001>, <@U07BARBARA1> and <@U07FRANCES1>: could one of you take it?`],
    ...['U07GRACE001', 'U07BARBARA1', 'U07FRANCES1'].map((id): [string, string] => [
      `DM ${id}`,
      `${waited} Could you take it?`,
    ]),
  ];
  for (const [where, text] of asks) {
    expect(chapter).toMatch(
      new RegExp(`post to ${where} \\([CD]\\w+\\) ts=\\S+\\n {8}${text.replace(/[.?()]/g, '\\$&')}`),
    );
  }
  expect(chapter).toContain(':eyes: Acknowledged by <@U07FRANCES1> at Fri 2 Apr, 07:50');
  expect(chapter).toMatch(
    /post to DM U07EVEMAL01 \(D\w+\) ts=\S+\n {8}Hi Eve Mallory, this is a message from the leaders/,
  );

  // The same organizer approving twice is refused; a second organizer makes it 2 of 2.
  expect(chapter).toMatch(
    /Grace presses Approve again[^\n]*→ 200\n {4}[^\n]*ephemeral to U07GRACE001 only[^\n]*\n {8}You already approved this; it needs another leader\./,
  );
  expect(chapter).toContain(
    'Approved: IN-1: ban Eve Mallory (U07EVEMAL01), by <@U07GRACE001> and <@U07BARBARA1>',
  );
  expect(chapter).toMatch(/kick U07EVEMAL01 from #announcements \(C\w+\)/);
  expect(chapter).toMatch(/kick U07EVEMAL01 from #introductions \(C\w+\)/);
  expect(chapter).toContain(
    '<@U07EVEMAL01> (Eve Mallory) is banned (incident IN-1). Removed them from #announcements and #introductions.',
  );
  expect(chapter).toContain('The report you sent to the moderators of Leeds TypeScript has been handled.');
  expect(chapter).toMatch(
    /IN-1 {2}High {2}Resolved {2}Level 2\n {6}Reported .*\n {6}Reporter {6}\(confidential\)\n/,
  );
  expect(chapter).toMatch(/Members tab: M-\d+ {2}Eve Mallory {2}Slack U07EVEMAL01 {2}Status Banned/);
  expect(chapter).not.toContain(`kick ${REPORTER}`);
}, 90_000);

it('moderation: the reporter’s Slack ID is in no message, only in the address of the two DMs to them', async () => {
  const stdout = await runTour();
  const chapter = chapterOf(stdout, 'Moderation');
  const lines = chapter.split('\n').filter((line) => line.includes(REPORTER));
  // A step header where the reporter acts (unindented), or the transcript's address of a DM to them.
  const address = new RegExp(`^ {4}\\S.* post to DM ${REPORTER} \\(D\\w+\\) ts=\\S+$`);
  expect(lines.filter((line) => !/^\S/.test(line) && !address.test(line))).toEqual([]);
  expect(lines.filter((line) => address.test(line))).toHaveLength(2); // the receipt and the closing note

  // The same in what the local Slack recorded (texts, blocks, modals, ephemerals): only `where` may hold it.
  const calls = readFileSync(join(scratch, 'local/demo/slack.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    // From the report on, until the Connections chapter (where Ada, a member like any other, is introduced).
    .filter((call) => String(call.time) >= '2027-03-29' && String(call.time) < '2027-04-05');
  expect(calls.length).toBeGreaterThan(20);
  for (const { where, ...call } of calls) expect(JSON.stringify(call)).not.toContain(REPORTER);
  expect(calls.filter((call) => call.where === REPORTER).map((call) => call.kind)).toEqual(['post', 'post']);
}, 90_000);

it('trust: an older copy saved over gives no ID twice and an old Approve acts on nobody; a paused tab holds a join whole', async () => {
  const stdout = await runTour();
  const chapter = chapterOf(stdout, 'Trust');
  expect(chapter).toMatch(/The sheet no longer has AP-5, M-8, which Hearth gave out/);
  expect(chapter).toContain("Dan's request is AP-6: no ID is given twice, though the sheet lost AP-5");
  expect(chapter).toMatch(/update ts=\S+ in \w+\n {8}:no_entry_sign: This message is out of date/);
  expect(chapter).toContain('This request is out of date');
  expect(chapter).not.toMatch(/Approved: Dan Dare/);
  const held = chapter.slice(chapter.indexOf('Erin Ek fills in'), chapter.indexOf('The header is back'));
  expect(held).toContain('Waiting for Members ("Status"): a join form answer');
  expect(held).not.toContain('Erin Ek wants to join');
  expect(chapter.slice(chapter.indexOf('The header is back')).match(/Erin Ek wants to join/g)).toHaveLength(
    2,
  );
}, 90_000);

it('tells the Connections story: a round, a check-in, a pause, a milestone, a rating and an invited member', async () => {
  const stdout = await runTour();
  const chapter = chapterOf(stdout, 'Connections');
  expect(chapter).not.toBe('');
  // A pair and a trio, each in a group DM of its own.
  expect(chapter.match(/post to group DM with U07ADA00001, U07EDSGER01, U07MARGH001 \(G\w+\)/g)?.length).toBe(
    2,
  );
  expect(chapter).toMatch(/post to group DM with U07ALAN0001, U07KATJ0001 \(G\w+\)/);
  expect(chapter).toContain('⇒ IR-1 round 2027-04-05: M-1, M-4, M-6 · Met Yes · checked in M-1');
  expect(chapter).toContain('Intros paused until Fri 7 May');
  expect(chapter).toMatch(/<@U07ADA00001> came to their first Leeds TypeScript event, Coffee &amp; code!/);
  expect(chapter).toContain('⇒ EV-2 Rating 3 from 1 rating(s)');
  expect(chapter).toContain('entry.1234567890=M-1');
  expect(chapter).toMatch(/post to DM U07ADA00001 \(\w+\) ts=\S+\n {8}Thank you for inviting Hedy Lamarr/);
  // The next round: Katherine (M-5) paused, so in no group; the one pair that must meet again is on record.
  const second = chapter.slice(chapter.indexOf('round, without Katherine'));
  expect(second).toMatch(/⇒ IR-3 round 2027-04-12: (?!.*M-5)/);
  expect(second).toMatch(/⇒ IR-4 round 2027-04-12: (?!.*M-5)/);
  expect(second).toContain('⇒ Audit intros.window-relaxed');
}, 90_000);

it('tells the Presence story: two homes, an approval from a home, a question that reaches its owner, the daily step', async () => {
  const stdout = await runTour();
  const chapter = chapterOf(stdout, 'Presence');
  expect(chapter).not.toBe('');
  // Ada's home: her intro group with its buttons, her invite link, her first event.
  const adas = chapter.slice(
    chapter.indexOf('home of U07ADA00001 published'),
    chapter.indexOf('Barbara Liskov fills in'),
  );
  expect(adas).toMatch(/\[Pause intros 4 weeks\]\(intro:pause IR-\d+\)/);
  expect(adas).toContain('entry.1234567890=M-1');
  expect(adas).toContain(':tada: First event: Coffee &amp; code');
  // Grace's home has the request with its buttons; Approve there decides it and draws her home again.
  const gracesHomes = chapter.split('home of U07GRACE001 published').slice(1);
  expect(gracesHomes[0]).toMatch(/\[Approve\]\(approval:approve AP-\d+\) \[Decline\]/);
  expect(gracesHomes[1]).toContain('None: all decided.');
  expect(chapter).toMatch(/Approved: Barbara Liskov wants to join, by <@U07GRACE001>/);
  // The question: a row without its words, then Linus's DM once its 4 hours are up.
  expect(chapter).not.toContain('Café Nero has Wi-Fi');
  expect(chapter).toContain('⇒ Q-1 in C07HELP0001, asked Mon 12 Apr, 13:00 BST: Waiting\n');
  expect(
    chapter.match(
      /post to DM U07LINUS001 \(\w+\) ts=\S+\n {8}A question in <#C07HELP0001> has waited 4 hours/g,
    ),
  ).toHaveLength(1);
  expect(chapter).toContain('⇒ Q-1 in C07HELP0001, asked Mon 12 Apr, 13:00 BST: Waiting · level 1');
  // The daily step: everyone Active has a level; the two newest are New.
  expect(chapter).toContain('⇒ M-1 Ada Lovelace: Core');
  expect(chapter).toContain('⇒ M-13 Barbara Liskov: New');
  expect(chapter).toMatch(/⇒ Dashboard, week of 2027-04-12: new members 1, 1 Core/);
}, 90_000);

it('tells the Projects story: a proposal by shortcut, an approval, a channel and a team, a partner, check-ins, a showcase', async () => {
  const stdout = await runTour();
  const chapter = chapterOf(stdout, 'Projects');
  expect(chapter).not.toBe('');
  expect(chapter).toMatch(/modal "Propose a project" view=V\d+/);
  expect(chapter).toMatch(/\[Approve\]\(approval:approve AP-\d+\) \[Decline…\]\(project:decline AP-\d+\)/);
  // Approved: one channel named from the title, the champion in it, the announcement with a button per role.
  expect(chapter.match(/create channel #community-garden-app \((C\w+)\)/g)).toHaveLength(1);
  const channel = /create channel #community-garden-app \((C\w+)\)/.exec(chapter)?.[1];
  expect(chapter).toContain(`invite U07ADA00001 to ${channel}`);
  expect(chapter).toContain('[Join as developer (2 of 2 left)](project:join P-1 developer)');
  // Two developers fill the role; the third is told, and the announcement no longer offers it.
  expect(chapter).toContain('Every developer place is taken already, so nothing changed.');
  expect(chapter).toContain('⇒ P-1 Community garden app: Active, champion M-1, channel');
  expect(chapter).toContain('⇒ Project members: P-1 M-5 as developer');
  // The partner's owner is reminded on the day; the champion is asked every 14 days.
  expect(chapter).toMatch(
    /post to DM U07GRACE001 \(\w+\) ts=\S+\n {8}Next step with Leeds Makers: Ask about a venue/,
  );
  expect(
    chapter.match(/How is Community garden app going\? On track, Need help, Pause or Done\./g),
  ).toHaveLength(2);
  expect(chapter).toContain(`post to ${channel} ts=`);
  expect(chapter).toMatch(/asks for help with Community garden app: Someone who has shipped a PWA/);
  // Done: the showcase with the team and the partner, then redrawn with the link.
  expect(chapter).toMatch(/post to #announcements \(C\w+\) ts=\S+\n {8}Project done: Community garden app/);
  expect(chapter).toContain('| :link: <https://github.com/leeds-ts/garden|See what they made>');
  expect(chapter).toContain('⇒ Partners: Leeds Makers, Last sponsored Wed 12 May');
}, 90_000);

it('tells the story of volunteers and the leader team: shifts, a backup, a swap, a hand-over, hours and a check-in', async () => {
  const stdout = await runTour();
  const chapter = chapterOf(stdout, 'Volunteers and the leader team');
  expect(chapter).not.toBe('');
  expect(chapter).toContain(
    '[Help as Door (2 of 2 left)](shift:help ER-1) [Help as AV (1 of 1 left)](shift:help ER-2)',
  );
  expect(chapter).toContain('⇒ ER-1 Door: volunteers M-4, M-5, backups M-3');
  // Katherine drops out: Alan, the first backup, is promoted once.
  expect(
    chapter.match(/ts=\S+\n {8}:tada: A place opened up, so you’re on the shift now as Door/g),
  ).toHaveLength(1);
  // Two takes at once: one takes the shift, the other is told.
  expect(chapter).toMatch(
    /post to CAC3B4E3B23 in thread \S+ ts=\S+\n {8}A Door shift for Summer meetup is up for grabs/,
  );
  expect(chapter.match(/post to DM \w+ \(\w+\) ts=\S+\n {8}:handshake: The shift is yours/g)).toHaveLength(1);
  expect(chapter).toContain('Someone took this shift already.');
  expect(chapter).toContain('⇒ ER-1 Door: volunteers M-6, M-3, backups –');
  // The hand-over: the term DM, the approval, the successor walked through.
  expect(chapter).toContain(
    '[Stay another term](leader:stay U07LINUS001) [Hand over](leader:hand-over U07LINUS001)',
  );
  expect(chapter).toContain(
    'Approved: Linus Greeter hands over Greeter to Katherine Johnson, by <@U07GRACE001>',
  );
  expect(chapter).toMatch(
    /post to DM U07KATJ0001 \(\w+\) ts=\S+\n {8}Welcome to the leader team of Leeds TypeScript/,
  );
  // Asked 3 days before; reminded an hour before the shift; hours and load written by the daily step.
  expect(chapter).toContain('Summer meetup still needs help as AV');
  expect(chapter.match(/ts=\S+\n {8}Your Door shift for Summer meetup starts at 18:00/g)).toHaveLength(2);
  expect(chapter).toContain('⇒ M-3 Alan Turing: 1 volunteer hour(s)');
  expect(chapter).toMatch(/⇒ Leader load: Grace Hopper hosted \d+/);
  // A leader's check-in: thanked in Slack, the words only in the sheet.
  expect(chapter).toContain('Thank you for checking in!');
  expect(chapter).not.toContain('Someone to share the autumn planning');
  expect(chapter).toContain('⇒ Leader check-ins: U07GRACE001, energy 4');
}, 90_000);
