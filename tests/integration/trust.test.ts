/**
 * Trust at the edges, over HTTP through the real functions: an older copy of the sheet saved over Hearth's
 * writes gives no ID twice and no old message acts on a new person; a cause touching a paused tab is held
 * whole (nothing written, nothing said) and applied once the header is back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTDATED_REPLY } from '../../workflows/outbox/outdated.js';
import type { FakeUser } from '../fakes/slack-fake.js';
import {
  appendByHand,
  buttonClick,
  emailOf,
  joinSubmission,
  messageOf,
  outboxSettled,
  rowsOf,
  type Stack,
  setSetting,
  startStack,
  textsTo,
  waitFor,
} from './helpers.js';

let stack: Stack;
let olive: FakeUser;

beforeAll(async () => {
  stack = await startStack();
  olive = stack.slack.seedUser({ id: 'U07OLIVE0001', name: 'olive', email: 'olive@example.org' });
  appendByHand(stack.sheets, 'Leaders', [
    { 'Slack ID': olive.id, Name: 'Olive Organizer', Role: 'Organizer', 'Can approve': 'Yes', Active: 'Yes' },
  ]);
});

afterAll(async () => {
  await stack?.close();
});

const rows = (tab: string) => rowsOf(stack.sheets, tab);
const memberOf = (name: string) => rows('Members').find((m) => m.Email === emailOf(name));
const approvalOf = (memberId: unknown) => rows('Approvals').find((a) => a.Subject === memberId);
const TABS = ['Members', 'Approvals', 'Outbox', 'Audit', 'IDs', 'Events', 'RSVPs'];

async function join(name: string, responseId: string) {
  const answer = await stack.form(joinSubmission({ name, email: emailOf(name), responseId }));
  expect(answer.status, answer.text).toBe(202);
  return waitFor(`${name}'s request to be posted`, () => {
    const approval = approvalOf(memberOf(name)?.['Member ID']);
    return approval?.['Slack message'] ? approval : undefined;
  });
}

async function click(body: string) {
  const answer = await stack.slackRequest(body, { contentType: 'application/x-www-form-urlencoded' });
  expect(answer.status).toBe(200);
}

describe('an older copy of the sheet saved over Hearth’s writes', () => {
  it('gives the next join new IDs, tells the leaders once, and an old message’s Approve acts on nobody', async () => {
    setSetting(stack.sheets, 'Join approval', 'Required');
    await outboxSettled(stack, 'UTC');
    const older = new Map(TABS.map((tab) => [tab, stack.sheets.getGrid(tab)]));

    const lost = await join('Lost Joiner', 'trust-lost-1');
    const lostMessage = messageOf(lost['Slack message']);
    expect(lost['Approval ID']).toMatch(/^AP-\d+$/);
    await outboxSettled(stack, 'UTC');
    // An organizer's program saves its older copy over the sheet: the join is gone from it.
    for (const [tab, grid] of older) stack.sheets.setGrid(tab, grid);

    const next = await join('Next Joiner', 'trust-next-1');
    const nextMember = memberOf('Next Joiner')?.['Member ID'];
    expect(next['Approval ID']).not.toBe(lost['Approval ID']);
    expect(nextMember).not.toBe('M-1');
    const told = await waitFor('the leaders to hear of the rollback', () => {
      const texts = textsTo(stack.slack, stack.leaders.id).filter((t) => t.includes('no longer has'));
      return texts.length > 0 && texts;
    });
    expect(told).toHaveLength(1);
    expect(rows('Audit').filter((a) => a.Action === 'sheet.rolled-back')).toHaveLength(1);

    // Approve on the lost join's message, even with the new request's ID in it: out of date, nobody approved.
    const before = stack.slack.calls.length;
    await click(
      buttonClick({
        user: olive.id,
        action: 'approval:approve',
        value: String(next['Approval ID']),
        message: lostMessage,
      }),
    );
    await waitFor('the out-of-date reply', () =>
      stack.slack.calls
        .slice(before)
        .some(
          (c) =>
            c.method === 'chat.postEphemeral' && c.args.text === OUTDATED_REPLY && c.args.user === olive.id,
        ),
    );
    const edited = await waitFor('the old message to lose its buttons', () =>
      stack.slack.callsTo('chat.update').find((c) => c.args.ts === lostMessage.ts),
    );
    expect(JSON.stringify(edited.args.blocks)).not.toContain('"actions"');
    // The edit goes out after the click's write: what the click decided is in the sheet by now.
    expect(approvalOf(nextMember)?.Status).toBe('Pending');
    expect(memberOf('Next Joiner')?.Status).toBe('Pending');

    // The new request's own message still works.
    await click(
      buttonClick({
        user: olive.id,
        action: 'approval:approve',
        value: String(next['Approval ID']),
        message: messageOf(next['Slack message']),
      }),
    );
    await waitFor('the new join approved', () => memberOf('Next Joiner')?.Status === 'Active');
    // And the rollback is not told again.
    await stack.tick();
    await outboxSettled(stack, 'UTC');
    expect(textsTo(stack.slack, stack.leaders.id).filter((t) => t.includes('no longer has'))).toHaveLength(1);
    setSetting(stack.sheets, 'Join approval', 'Not required');
  });
});

describe('a cause that touches a paused tab', () => {
  it('is held whole, nothing written or sent, the leaders are told what waits, and it is applied once the header is back', async () => {
    setSetting(stack.sheets, 'Join approval', 'Not required');
    await outboxSettled(stack, 'UTC');
    // The Members tab loses a required header ("Status" renamed).
    const header = stack.sheets.getGrid('Members')[0] ?? [];
    const column = header.indexOf('Status');
    stack.sheets.setCell('Members', 0, column, 'State');
    const dmsBefore = stack.slack.callsTo('chat.postMessage').length;

    const answer = await stack.form(
      joinSubmission({ name: 'Held Joiner', email: emailOf('Held Joiner'), responseId: 'trust-held-1' }),
    );
    expect(answer.status).toBe(202);
    const notice = await waitFor('the leaders to hear what waits', () =>
      textsTo(stack.slack, stack.leaders.id).find((t) => t.includes('Waiting for Members ("Status")')),
    );
    expect(notice).toContain('a join form answer');
    expect(rows('Members').some((m) => m.Email === emailOf('Held Joiner'))).toBe(false);
    // Nothing of the join: no Audit row, no Outbox row, no welcome or intro.
    expect(rows('Audit').some((a) => a.Key === 'form:trust-held-1')).toBe(false);
    const sinceHeld = stack.slack.callsTo('chat.postMessage').slice(dmsBefore);
    expect(
      sinceHeld.filter(
        (c) => !String(c.args.text).includes('Waiting for') && !String(c.args.text).includes('header'),
      ),
    ).toEqual([]);

    stack.sheets.setCell('Members', 0, column, 'Status');
    const member = await waitFor('the held join to be applied', () => memberOf('Held Joiner'), {
      timeoutMs: 30_000,
    });
    expect(member.Status).toBe('Active');
    await outboxSettled(stack, 'UTC');
    expect(rows('Members').filter((m) => m.Email === emailOf('Held Joiner'))).toHaveLength(1);
    expect(
      rows('Outbox').filter((m) => m.Kind === 'welcome' && m.About === member['Member ID']),
    ).toHaveLength(1);
  });
});
