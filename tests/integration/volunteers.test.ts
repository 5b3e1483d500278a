/**
 * Volunteers over HTTP, through the real functions against the loopback fakes (README "Volunteers"): Help as …
 * on an event's announcement fills a two-person role and then its backups in order, a third volunteer typed by
 * hand is reported and kept; Can't make it (delivered twice) promotes the first backup once; Swap posts an
 * offer in the announcement's thread, and two people pressing Take this shift at once make one change.
 */
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeUser } from '../fakes/slack-fake.js';
import {
  accepted,
  appendByHand,
  buttonClick,
  editByHand,
  emailOf,
  messageOf,
  outboxSettled,
  rowsOf,
  type Stack,
  setSetting,
  startStack,
  textsTo,
} from './helpers.js';

let stack: Stack;
const people: Record<string, FakeUser> = {};
const NAMES = ['Ada Lovelace', 'Grace Hopper', 'Alan Turing', 'Kate Johnson', 'Mary Jackson', 'Dot Vaughan'];
const IDS = ['U07ADALOVE1', 'U07GRACEH01', 'U07ALANTU01', 'U07KATEJO01', 'U07MARYJA01', 'U07DOTVAU01'];

beforeAll(async () => {
  stack = await startStack();
  const { slack, sheets } = stack;
  slack.seedChannel({ name: 'announcements', is_member: true });
  setSetting(sheets, 'Quiet hours', 'none');
  NAMES.forEach((name, i) => {
    people[`M-${i + 1}`] = slack.seedUser({
      id: IDS[i] as string,
      name: name.split(' ')[0]?.toLowerCase() as string,
      email: emailOf(name),
    });
  });
  appendByHand(
    sheets,
    'Members',
    NAMES.map((name, i) => ({
      'Member ID': `M-${i + 1}`,
      Name: name,
      Email: emailOf(name),
      'Slack ID': IDS[i] as string,
      Status: 'Active',
    })),
  );
  const starts = DateTime.utc().plus({ days: 10 }).startOf('hour');
  appendByHand(sheets, 'Events', [
    {
      'Event ID': 'EV-1',
      Title: 'Winter meetup',
      Starts: starts.toFormat('yyyy-MM-dd HH:mm'),
      Location: 'The Hall',
      Status: 'Announced',
    },
  ]);
  appendByHand(sheets, 'Event roles', [{ 'Event ID': 'EV-1', Role: 'door', Needed: 2 }]);
});

afterAll(async () => {
  await stack?.close();
});

const role = () => rowsOf(stack.sheets, 'Event roles')[0] ?? {};
const outbox = (kind: string) => rowsOf(stack.sheets, 'Outbox').filter((m) => m.Kind === kind);
const announcement = () => messageOf(rowsOf(stack.sheets, 'Events')[0]?.['Slack message'] ?? '');
const user = (memberId: string) => people[memberId] as FakeUser;

async function send(body: string): Promise<void> {
  const answer = await stack.slackRequest(body, { contentType: 'application/x-www-form-urlencoded' });
  expect(answer.status, answer.text).toBe(200);
}

async function settle(): Promise<void> {
  await stack.idle();
  expect((await stack.tick()).status).toBe(200);
  await outboxSettled(stack, 'UTC');
}

const click = (memberId: string, action: string, value: string, message = announcement()) =>
  buttonClick({ user: user(memberId).id, action, value, message });

/** The buttons of the announcement as Slack shows it now. */
function announcedButtons(): string[] {
  const { channel, ts } = announcement();
  const message = stack.slack.messages.get(`${channel}/${ts}`);
  const texts = JSON.stringify(message?.blocks ?? []).match(/"text":"(Help as [^"]+|Back up [^"]+)"/g) ?? [];
  return texts.map((t) => t.slice(8, -1));
}

describe('a two-person role on an announced event', () => {
  it('gets its Role ID and a Help as … button on the announcement', async () => {
    await settle();
    expect(role()).toMatchObject({ 'Role ID': 'ER-1' });
    expect(announcedButtons()).toEqual(['Help as door (2 of 2 left)']);
  });

  it('takes two volunteers, then backups in order, each told which place', async () => {
    for (const id of ['M-1', 'M-2', 'M-3', 'M-4']) {
      await send(click(id, 'shift:help', 'ER-1'));
      await settle();
    }
    expect(role()).toMatchObject({ Volunteers: 'M-1, M-2', Backups: 'M-3, M-4' });
    expect(textsTo(stack.slack, user('M-1').id).at(-1)).toContain('You’re helping as door');
    expect(textsTo(stack.slack, user('M-3').id).at(-1)).toContain('backup #1');
    expect(textsTo(stack.slack, user('M-4').id).at(-1)).toContain('backup #2');
    expect(announcedButtons()).toEqual(['Back up door']);
  });

  it('reads a third volunteer typed by hand as the truth and names the extra in Problems', async () => {
    editByHand(stack.sheets, 'Event roles', 'Role ID', 'ER-1', { Volunteers: 'M-1, M-2, M-6' });
    await settle();
    expect(role().Volunteers).toBe('M-1, M-2, M-6');
    expect(String(role().Problems)).toContain('M-6 is extra');
    editByHand(stack.sheets, 'Event roles', 'Role ID', 'ER-1', { Volunteers: 'M-1, M-2' });
    await settle();
    expect(role().Problems ?? '').toBe('');
  });

  it('a drop-out delivered twice promotes the first backup once', async () => {
    const body = click('M-1', 'shift:cant', 'ER-1');
    await send(body);
    await stack.idle();
    await send(body);
    await settle();
    expect(role()).toMatchObject({ Volunteers: 'M-3, M-2', Backups: 'M-4' });
    expect(outbox('shift.promoted')).toHaveLength(1);
    expect(textsTo(stack.slack, user('M-3').id).filter((t) => t.includes('A place opened up'))).toHaveLength(
      1,
    );
    expect(outbox('shift.dropped')).toHaveLength(1);
  });

  it('a swap changes hands exactly once under two simultaneous accepts', async () => {
    await send(click('M-2', 'shift:swap', 'ER-1'));
    await settle();
    const [offer] = outbox('shift.offer');
    expect(offer).toMatchObject({ Status: 'Sent', About: 'ER-1 M-2' });
    const posted = stack.slack.calls.find(
      (c) => c.method === 'chat.postMessage' && accepted(c) && String(c.args.text).includes('up for grabs'),
    );
    expect(posted?.args.thread_ts).toBe(announcement().ts);

    const at = messageOf(offer?.['Slack message'] ?? '');
    const before = stack.slack.calls.length;
    await Promise.all([
      send(click('M-5', 'shift:take', 'ER-1 M-2', at)),
      send(click('M-6', 'shift:take', 'ER-1 M-2', at)),
    ]);
    await settle();

    const volunteers = String(role().Volunteers).split(', ');
    const taker = volunteers.includes('M-5') ? 'M-5' : 'M-6';
    const other = taker === 'M-5' ? 'M-6' : 'M-5';
    expect(volunteers).toEqual(['M-3', taker]);
    expect(outbox('shift.taken')).toHaveLength(1);
    expect(outbox('shift.released')).toHaveLength(1);
    expect(textsTo(stack.slack, user('M-2').id).at(-1)).toContain('took your door shift');
    expect(
      stack.slack.calls
        .slice(before)
        .some(
          (c) =>
            c.method === 'chat.postEphemeral' &&
            c.args.user === user(other).id &&
            String(c.args.text).includes('took this shift already'),
        ),
    ).toBe(true);
    expect(outbox('shift.offer-update')).toEqual([expect.objectContaining({ Status: 'Sent' })]);
    expect(rowsOf(stack.sheets, 'Audit').filter((a) => a.Action === 'shift.swapped')).toHaveLength(1);
  });
});
