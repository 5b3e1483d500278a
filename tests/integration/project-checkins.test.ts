/**
 * A project kept alive over HTTP, the real doors and writer against the loopback Sheets and Slack fakes: the
 * tick sends the champion's check-in, someone else's press is refused, On track moves Last update and edits
 * the check-in (a re-delivered click has one effect), Need help's modal posts in the project's channel and the
 * leaders channel, and Done posts the showcase and asks for a link, which redraws it.
 */
import { DateTime } from 'luxon';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FakeChannel, FakeUser } from '../fakes/slack-fake.js';
import {
  accepted,
  appendByHand,
  buttonClick,
  messageOf,
  rowsOf,
  type Stack,
  setSetting,
  slackFixture,
  startStack,
  tickAt,
} from './helpers.js';

let stack: Stack;
let ada: FakeUser;
let bob: FakeUser;
let garden: FakeChannel;
let announcements: FakeChannel;
const NOW = DateTime.utc();
const at = (when: DateTime) => when.toUTC().toFormat('yyyy-MM-dd HH:mm');

beforeAll(async () => {
  stack = await startStack({ allowTimeTravel: true });
  ada = stack.slack.seedUser({ id: 'U07ADALOVE1', name: 'ada' });
  bob = stack.slack.seedUser({ id: 'U07BOBBYTA1', name: 'bob' });
  garden = stack.slack.seedChannel({ name: 'community-garden-app', is_member: true });
  announcements = stack.slack.seedChannel({ name: 'announcements', is_member: true });
  setSetting(stack.sheets, 'Quiet hours', 'none');
  appendByHand(stack.sheets, 'Members', [
    {
      'Member ID': 'M-1',
      Name: 'Ada Lovelace',
      Email: 'ada@example.org',
      'Slack ID': ada.id,
      Status: 'Active',
    },
    {
      'Member ID': 'M-2',
      Name: 'Bob Taylor',
      Email: 'bob@example.org',
      'Slack ID': bob.id,
      Status: 'Active',
    },
  ]);
  appendByHand(stack.sheets, 'Partners', [
    { 'Partner ID': 'PA-1', Name: 'Acme', Kind: 'Sponsor', Stage: 'Active' },
  ]);
  appendByHand(stack.sheets, 'Projects', [
    {
      'Project ID': 'P-1',
      Title: 'Community garden app',
      Summary: 'An app to share the garden’s tools.',
      Champion: 'M-1',
      Partner: 'Acme',
      Status: 'Active',
      Channel: garden.id,
      Started: at(NOW.minus({ days: 20 })),
    },
  ]);
  appendByHand(stack.sheets, 'Project members', [
    { 'Project ID': 'P-1', 'Member ID': 'M-2', Role: 'developer', Joined: at(NOW.minus({ days: 19 })) },
  ]);
});

afterAll(async () => {
  await stack?.close();
});

const tick = (at: DateTime) => tickAt(stack, at);
const send = async (body: string) => {
  const answer = await stack.slackRequest(body, { contentType: 'application/x-www-form-urlencoded' });
  expect(answer.status, answer.text).toBe(200);
  await stack.idle();
};
const project = () => rowsOf(stack.sheets, 'Projects').find((r) => r['Project ID'] === 'P-1');
const outbox = (kind: string) => rowsOf(stack.sheets, 'Outbox').filter((r) => r.Kind === kind);
/** The latest check-in DM, as its Outbox row links it. */
const latestCheckIn = () => messageOf(outbox('project.checkin').at(-1)?.['Slack message'] ?? '');

function click(
  user: FakeUser,
  action: string,
  on: { channel: string; ts: string },
  trigger?: string,
): string {
  const body = buttonClick({ user: user.id, action, value: 'P-1', message: on });
  if (!trigger) return body;
  const payload = JSON.parse(new URLSearchParams(body).get('payload') as string);
  payload.trigger_id = trigger;
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

let views = 0;
/** A modal Hearth opened, submitted by `user` with `value` in its one input block. */
function submission(user: FakeUser, opened: Record<string, unknown>, block: string, value: string): string {
  const payload = JSON.parse(slackFixture('view_submission.report_to_moderators.json'));
  payload.user = { id: user.id, username: user.name, name: user.name, team_id: 'T0HEARTH01' };
  payload.view = {
    ...payload.view,
    ...opened,
    id: `V0PROJECT${String(++views).padStart(2, '0')}`,
    state: { values: { [block]: { value: { type: 'plain_text_input', value } } } },
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** Presses a button that opens a modal, and returns the modal as Slack was asked to open it. */
async function opened(user: FakeUser, action: string, on: { channel: string; ts: string }) {
  const trigger = stack.slack.issueTriggerId();
  const since = stack.slack.calls.length;
  await send(click(user, action, on, trigger));
  const call = stack.slack.calls.slice(since).find((c) => c.method === 'views.open');
  expect(call && accepted(call)).toBe(true);
  return call?.args.view as Record<string, unknown>;
}

const postsIn = (channel: string, since: number) =>
  stack.slack.calls
    .slice(since)
    .filter((c) => c.method === 'chat.postMessage' && accepted(c) && c.args.channel === channel);
const ephemeralsTo = (user: FakeUser, since: number) =>
  stack.slack.calls
    .slice(since)
    .filter((c) => c.method === 'chat.postEphemeral' && accepted(c) && c.args.user === user.id)
    .map((c) => String(c.args.text));
const updatesOf = (on: { channel: string; ts: string }) =>
  stack.slack
    .callsTo('chat.update')
    .filter((c) => accepted(c) && c.args.channel === on.channel && c.args.ts === on.ts);

it('check-ins over three periods: refused for others, On track once, Need help posted, Done showcased', async () => {
  // The first check-in was due 6 days ago: sent now, to the champion, with its four buttons.
  await tick(NOW);
  expect(outbox('project.checkin')).toHaveLength(1);
  const first = latestCheckIn();
  const dm = stack.slack.messages.get(`${first.channel}/${first.ts}`);
  expect(JSON.stringify(dm?.blocks)).toContain('project:on-track');
  expect(stack.slack.channels.get(first.channel)?.members.has(ada.id)).toBe(true);

  // Someone else's press is refused, and nothing changes.
  let since = stack.slack.calls.length;
  await send(click(bob, 'project:done', first));
  expect(ephemeralsTo(bob, since)).toEqual([
    'Only the project’s champion can answer its check-in, so nothing changed.',
  ]);
  expect(project()?.Status).toBe('Active');

  // On track: Last update moves, the check-in shows the answer without its buttons.
  const onTrack = click(ada, 'project:on-track', first);
  await send(onTrack);
  expect(project()?.['Last update']).toBeTruthy();
  expect(project()?.['Missed check-ins']).toBe(0);
  expect(updatesOf(first)).toHaveLength(1);
  expect(JSON.stringify(updatesOf(first)[0]?.args.blocks)).not.toContain('project:');
  // The same click delivered again: one effect.
  since = stack.slack.calls.length;
  await send(onTrack);
  expect(updatesOf(first)).toHaveLength(1);
  expect(rowsOf(stack.sheets, 'Audit').filter((r) => r.Action === 'project.on-track')).toHaveLength(1);
  expect(ephemeralsTo(ada, since)).toEqual([]);

  // The next check-in: Need help opens its modal at once; its answer is posted, and not kept once posted.
  await tick(NOW.plus({ days: 9 }));
  expect(outbox('project.checkin')).toHaveLength(2);
  const second = latestCheckIn();
  const helpView = await opened(ada, 'project:help', second);
  expect(helpView.callback_id).toBe('project_help');
  since = stack.slack.calls.length;
  const words = 'A designer for two evenings';
  await send(submission(ada, helpView, 'help', words));
  for (const channel of [garden.id, stack.leaders.id]) {
    const posts = postsIn(channel, since);
    expect(posts, channel).toHaveLength(1);
    expect(String(posts[0]?.args.text)).toContain(words);
  }
  // Kept in the Outbox only until sent.
  await stack.idle();
  expect(JSON.stringify(rowsOf(stack.sheets, 'Outbox'))).not.toContain(words);
  expect(updatesOf(second)).toHaveLength(1);

  // The third: Done posts the showcase (team and partner) and asks the champion for a link.
  await tick(NOW.plus({ days: 23 }));
  const third = latestCheckIn();
  since = stack.slack.calls.length;
  await send(click(ada, 'project:done', third));
  expect(project()?.Status).toBe('Done');
  const showcase = postsIn(announcements.id, since);
  expect(showcase).toHaveLength(1);
  const shown = JSON.stringify(showcase[0]?.args.blocks);
  expect(shown).toContain(`<@${bob.id}>`);
  expect(shown).toContain('Acme');
  expect(rowsOf(stack.sheets, 'Partners')[0]?.['Last sponsored']).toBeTruthy();
  const ask = outbox('project.link')[0];
  expect(ask?.Status).toBe('Sent');

  // Add a link: Link is kept and the showcase redrawn with it.
  const linkView = await opened(ada, 'project:add-link', messageOf(ask?.['Slack message'] ?? ''));
  expect(linkView.callback_id).toBe('project_link');
  await send(submission(ada, linkView, 'link', 'https://github.com/leeds/garden'));
  expect(project()?.Link).toBe('https://github.com/leeds/garden');
  const posted = messageOf(outbox('project.showcase')[0]?.['Slack message'] ?? '');
  expect(JSON.stringify(updatesOf(posted).at(-1)?.args.blocks)).toContain('https://github.com/leeds/garden');

  // A later tick posts no second showcase.
  await tick(NOW.plus({ days: 24 }));
  expect(outbox('project.showcase')).toHaveLength(1);
});
