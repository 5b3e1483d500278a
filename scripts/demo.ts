/**
 * `npm run demo`: a scripted tour of Hearth on a fresh local workbook with a simulated clock. Every step is a
 * real, signed request to the functions (as Google Forms and Slack would send it); what Hearth says in Slack is
 * printed from the transcript. The workbook is left in ./local/demo/ to open in a spreadsheet program.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DateTime } from 'luxon';
import { openGridStore } from '../functions/backend.js';
import { loadConfig } from '../functions/config.js';
import { rememberedSecret } from '../functions/dev-secrets.js';
import { createHandlers } from '../functions/handlers.js';
import { createLogger } from '../functions/log.js';
import { createRuntime } from '../functions/runtime.js';
import { parsePermalink } from '../functions/writer.js';
import { append } from '../sheets-schema/changes.js';
import { provision } from '../sheets-schema/provision.js';
import { serveLocally } from './lib/local-server.js';
import { formRequest, type SignedRequest, send, slackClickRequest } from './lib/requests.js';

const dir = resolve('local/demo');
rmSync(dir, { recursive: true, force: true });
await mkdir(dir, { recursive: true });
const workbookPath = join(dir, 'group.xlsx');
// People who already have a Slack account: the local transcript finds them by email, as users.lookupByEmail would.
writeFileSync(
  join(dir, 'slack-users.json'),
  `${JSON.stringify({ 'ada@example.org': { id: 'U0ADA00001', name: 'Ada Lovelace' } }, null, 2)}\n`,
);

let now = DateTime.fromISO('2026-11-30T09:00', { zone: 'Europe/London' });
const config = loadConfig({ LOCAL_WORKBOOK: workbookPath, ALLOW_TIME_TRAVEL: 'true' }, rememberedSecret);
const runtime = createRuntime(config, {
  clock: () => now,
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
      ].map((row) => row.map((text) => ({ text }))),
    },
  ],
  updates: [],
});
await provision(store, workbook);
await workbook.apply(
  [
    append('Leaders', {
      slackId: 'U0GRACE001',
      name: 'Grace Hopper',
      role: 'Organizer',
      canApprove: true,
      active: true,
    }),
    append('Leaders', {
      slackId: 'U0LINUS001',
      name: 'Linus Greeter',
      role: 'Greeter',
      canApprove: false,
      active: true,
    }),
  ],
  { timeZone: 'Europe/London' },
);

const { server, port } = await serveLocally(createHandlers(runtime), config, 0);
const base = `http://127.0.0.1:${port}`;
const secrets = {
  form: config.formRelaySecret?.reveal() ?? '',
  slack: config.slackSigningSecret?.reveal() ?? '',
  tick: config.schedulerToken?.reveal() ?? '',
};
const seconds = () => Math.floor(now.toSeconds());

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
    .map((line) => `    ${line}`)
    .join('\n');
}

async function step(title: string, request: SignedRequest): Promise<void> {
  const answer = await send(base, request);
  await (await runtime.writer()).idle();
  console.log(`\n${now.toFormat('ccc d LLL, HH:mm')}  ${title}  → ${answer.status}`);
  const said = newTranscript();
  if (said) console.log(said);
}

async function tick(title: string): Promise<void> {
  await step(title, {
    path: '/scheduler',
    body: JSON.stringify({ now: now.toUTC().toISO() }),
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${secrets.tick}` },
  });
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
    channel: 'C0LEADERS1',
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
  await click('U0LINUS001', 'approval:approve', 'AP-1'),
);
await step('Grace presses Approve on Ada', await click('U0GRACE001', 'approval:approve', 'AP-1'));
now = now.plus({ seconds: 1 }); // a real second click has its own action_ts
await step(
  'Grace presses Approve on Ada again (a double click)',
  await click('U0GRACE001', 'approval:approve', 'AP-1'),
);
now = now.plus({ minutes: 5 });
await step('Grace presses Decline on Bob', await click('U0GRACE001', 'approval:decline', 'AP-2'));
now = now.plus({ days: 7, hours: 1 });
await tick('A week later, the scheduler ticks');

const members = (await workbook.read(['Members'])).table('Members').rows.map((r) => r.values);
console.log('\nMembers tab now:');
for (const m of members) {
  console.log(
    `    ${m.memberId}  ${(m.name ?? '').padEnd(14)} ${m.email.padEnd(18)} ${String(m.status).padEnd(9)} Slack ${m.slackId ?? '–'}  greeter ${m.greeter ?? '–'}  approved by ${m.approvedBy ?? '–'}`,
  );
}
console.log(`\nThe workbook is at ${workbookPath}; the Slack transcript at ${join(dir, 'slack.log')}.`);
server.close();
