/**
 * The one union of inputs: what the doors build passes the writer's check with the same schemas, what does
 * not fit is refused with the field at fault, every button and modal maps to an input, and work handed over
 * by the version before (still in a queue or the journal at an upgrade) is read as today's input.
 */

import { describe, expect, it } from 'vitest';
import { APPROVE_ACTION, DECLINE_ACTION } from '../workflows/approvals/messages.js';
import { INTRO_ACTIONS } from '../workflows/connections/messages.js';
import { RSVP_NO_ACTION, RSVP_YES_ACTION } from '../workflows/events/messages.js';
import { FEEDBACK_ACTIONS, FEEDBACK_CALLBACK_ID } from '../workflows/feedback/messages.js';
import { handOverKey, INPUT_SCHEMAS, parseWork } from '../workflows/inputs.js';
import {
  LEADER_ACTIONS,
  CHECKIN_CALLBACK_ID as LEADER_CHECKIN_CALLBACK_ID,
  SUCCESSOR_CALLBACK_ID,
} from '../workflows/leaders/messages.js';
import { readHandedOver } from '../workflows/legacy-inputs.js';
import {
  INCIDENT_ACTIONS,
  REASON_CALLBACK_ID,
  REPORT_CALLBACK_ID,
  reasonModal,
} from '../workflows/moderation/messages.js';
import { NOT_INTERESTED_ACTION } from '../workflows/presence/quiet-messages.js';
import {
  HELP_CALLBACK_ID,
  LINK_CALLBACK_ID,
  PROJECT_ACTIONS,
} from '../workflows/projects/checkin-messages.js';
import { PROJECT_JOIN_ACTION } from '../workflows/projects/kickoff-messages.js';
import {
  PROJECT_DECLINE_ACTION,
  PROJECT_DECLINE_CALLBACK_ID,
  PROPOSE_CALLBACK_ID,
} from '../workflows/projects/proposal-messages.js';
import { CALLBACK_IDS, clickInput, submissionInput } from '../workflows/slack-inputs.js';
import { joinInput, reportInput, rsvpInput } from './fakes/inputs.js';

const AT = '2026-12-01T10:00:00.000Z';
const click = (actionId: string, value = 'X-1') =>
  clickInput({
    identity: `slack:action:1.1:${actionId}`,
    receivedAt: AT,
    actionId,
    value,
    user: 'U07OLIVE001',
    channel: 'C07LEADERS1',
    messageTs: '1796000000.000100',
    actionTs: '1796000001.000001',
  });

describe('every button is an input, or a modal first', () => {
  it.each([
    [APPROVE_ACTION, { kind: 'approval_click', decision: 'approve', approvalId: 'X-1' }],
    [DECLINE_ACTION, { kind: 'approval_click', decision: 'decline', approvalId: 'X-1' }],
    [RSVP_YES_ACTION, { kind: 'rsvp_click', response: 'Yes', eventId: 'X-1', actionTs: '1796000001.000001' }],
    [RSVP_NO_ACTION, { kind: 'rsvp_click', response: 'No', eventId: 'X-1' }],
    [INCIDENT_ACTIONS.acknowledge, { kind: 'incident_click', action: 'acknowledge', incidentId: 'X-1' }],
    [INCIDENT_ACTIONS.warn, { kind: 'incident_click', action: 'warn', incidentId: 'X-1' }],
    [INCIDENT_ACTIONS.remove, { kind: 'incident_click', action: 'remove', incidentId: 'X-1' }],
    [INCIDENT_ACTIONS.suspend, { kind: 'incident_click', action: 'suspend', incidentId: 'X-1' }],
    [INCIDENT_ACTIONS.ban, { kind: 'incident_click', action: 'ban', incidentId: 'X-1' }],
    [INCIDENT_ACTIONS.resolve, { asksReason: 'resolve' }],
    [INCIDENT_ACTIONS.dismiss, { asksReason: 'dismiss' }],
    [INTRO_ACTIONS.met, { kind: 'intro_click', action: 'met', value: 'X-1' }],
    [INTRO_ACTIONS.notYet, { kind: 'intro_click', action: 'notYet', value: 'X-1' }],
    [INTRO_ACTIONS.skip, { kind: 'intro_click', action: 'skip', value: 'X-1' }],
    [INTRO_ACTIONS.pause, { kind: 'intro_click', action: 'pause', value: 'X-1' }],
    [INTRO_ACTIONS.stop, { kind: 'intro_click', action: 'stop', value: 'X-1' }],
    [INTRO_ACTIONS.resume, { kind: 'intro_click', action: 'resume', value: 'X-1' }],
    [FEEDBACK_ACTIONS.loved, { kind: 'feedback_click', rating: 'Loved it', about: 'X-1' }],
    [FEEDBACK_ACTIONS.ok, { kind: 'feedback_click', rating: 'It was OK', about: 'X-1' }],
    [FEEDBACK_ACTIONS.notForMe, { kind: 'feedback_click', rating: 'Not for me', about: 'X-1' }],
    [FEEDBACK_ACTIONS.tell, { asksFeedback: 'X-1' }],
    [NOT_INTERESTED_ACTION, { kind: 'quiet_click', memberId: 'X-1', messageTs: '1796000000.000100' }],
    [PROJECT_ACTIONS.onTrack, { kind: 'project_checkin_click', answer: 'on-track', projectId: 'X-1' }],
    [PROJECT_ACTIONS.pause, { kind: 'project_checkin_click', answer: 'pause', projectId: 'X-1' }],
    [PROJECT_ACTIONS.done, { kind: 'project_checkin_click', answer: 'done', projectId: 'X-1' }],
    [PROJECT_ACTIONS.help, { opensModal: expect.objectContaining({ callback_id: HELP_CALLBACK_ID }) }],
    [PROJECT_ACTIONS.addLink, { opensModal: expect.objectContaining({ callback_id: LINK_CALLBACK_ID }) }],
    [PROJECT_JOIN_ACTION, { kind: 'project_join', value: 'X-1', messageTs: '1796000000.000100' }],
    [
      PROJECT_DECLINE_ACTION,
      { opensModal: expect.objectContaining({ callback_id: PROJECT_DECLINE_CALLBACK_ID }) },
    ],
    ['someone:else', { kind: 'unknown_click', actionId: 'someone:else', value: 'X-1' }],
  ])('%s', (actionId, expected) => {
    const input = click(actionId);
    expect(input).toMatchObject(expected);
    if (!('asksReason' in input || 'asksFeedback' in input || 'opensModal' in input))
      expect(parseWork(input)).toEqual({ ok: true, work: input });
  });

  it('a rating’s identity names neither the button nor who pressed it, and is the same when delivered again', () => {
    const rating = click(FEEDBACK_ACTIONS.notForMe);
    expect(rating).toMatchObject({
      identity: expect.stringMatching(/^slack:feedback:\w+$/),
      user: 'U07OLIVE001',
    });
    expect(JSON.stringify((rating as { identity: string }).identity)).not.toMatch(/OLIVE|not-for-me/);
    expect(click(FEEDBACK_ACTIONS.notForMe)).toEqual(rating);
    expect((click(FEEDBACK_ACTIONS.loved) as { identity: string }).identity).not.toBe(
      (rating as { identity: string }).identity,
    );
  });

  it('every modal Hearth opens has its submission', () => {
    expect([...CALLBACK_IDS].sort()).toEqual(
      [
        REASON_CALLBACK_ID,
        REPORT_CALLBACK_ID,
        FEEDBACK_CALLBACK_ID,
        HELP_CALLBACK_ID,
        LINK_CALLBACK_ID,
        PROPOSE_CALLBACK_ID,
        PROJECT_DECLINE_CALLBACK_ID,
        SUCCESSOR_CALLBACK_ID,
        LEADER_CHECKIN_CALLBACK_ID,
      ].sort(),
    );
  });

  it('the Propose a project modal is a proposal by who submitted it, the champion as picked', () => {
    const work = submissionInput(PROPOSE_CALLBACK_ID, {
      identity: 'slack:view:V07PROPOSE1',
      receivedAt: AT,
      user: 'U07OLIVE001',
      values: {
        title: ' Community garden app! ',
        what_and_why: 'Share the tools.',
        for_whom: '',
        partner: 'PA-2',
        champion: 'U07GRACE001',
        roles_needed: '2 developers, 1 designer',
        time_needed: '3 months',
      },
      metadata: {},
    });
    expect(work).toEqual({
      kind: 'project_view',
      identity: 'slack:view:V07PROPOSE1',
      receivedAt: AT,
      user: 'U07OLIVE001',
      title: 'Community garden app!',
      whatAndWhy: 'Share the tools.',
      forWhom: '',
      partner: 'PA-2',
      champion: 'U07GRACE001',
      rolesNeeded: '2 developers, 1 designer',
      timeNeeded: '3 months',
    });
    expect(parseWork(work)).toEqual({ ok: true, work });
  });

  it('the project decline modal is a Decline with its reason, on the request it was opened from', () => {
    const work = submissionInput(PROJECT_DECLINE_CALLBACK_ID, {
      identity: 'slack:view:V07DECLINE1',
      receivedAt: AT,
      user: 'U07GRACE001',
      values: { reason: 'Not this year.' },
      metadata: { approvalId: 'AP-4', channel: 'C07LEADERS1', messageTs: '1796000000.000100' },
    });
    expect(work).toEqual({
      kind: 'approval_click',
      identity: 'slack:view:V07DECLINE1',
      receivedAt: AT,
      user: 'U07GRACE001',
      channel: 'C07LEADERS1',
      messageTs: '1796000000.000100',
      decision: 'decline',
      approvalId: 'AP-4',
      reason: 'Not this year.',
    });
    expect(parseWork(work)).toEqual({ ok: true, work });
  });

  it.each([
    ['ticked', 'yes', true],
    ['not ticked', '', false],
  ])('the feedback modal, contact %s', (_case, contact, expected) => {
    const work = submissionInput(FEEDBACK_CALLBACK_ID, {
      identity: 'slack:view:V07FEEDBACK',
      receivedAt: AT,
      user: 'U07OLIVE001',
      values: { feedback: 'More chairs, please', contact },
      metadata: { about: 'R-3', channel: 'D07OLIVE001', messageTs: '1796000000.000100' },
    });
    expect(work).toEqual({
      kind: 'feedback_view',
      identity: 'slack:view:V07FEEDBACK',
      receivedAt: AT,
      user: 'U07OLIVE001',
      channel: 'D07OLIVE001',
      messageTs: '1796000000.000100',
      about: 'R-3',
      feedback: 'More chairs, please',
      contact: expected,
    });
    expect(parseWork(work)).toEqual({ ok: true, work });
  });
});

describe('a project modal carries its Project ID and the check-in it was opened from', () => {
  const from = {
    receivedAt: AT,
    user: 'U07OLIVE001',
    metadata: { projectId: 'P-1', channel: 'D07OLIVE001', messageTs: '1796000000.000100' },
  };
  it.each([
    [HELP_CALLBACK_ID, { help: 'A designer' }, { kind: 'project_help_view', help: 'A designer' }],
    [LINK_CALLBACK_ID, { link: 'https://x.org' }, { kind: 'project_link_view', link: 'https://x.org' }],
  ] as const)('%s', (callbackId, values, expected) => {
    const work = submissionInput(callbackId, { ...from, identity: 'slack:view:V07PROJ', values });
    expect(work).toMatchObject({
      ...expected,
      projectId: 'P-1',
      channel: 'D07OLIVE001',
      messageTs: '1796000000.000100',
    });
    expect(parseWork(work)).toEqual({ ok: true, work });
  });
});

describe('a modal opened from the App Home says so, and its submission draws the home again', () => {
  const onHome = (actionId: string, value: string) =>
    clickInput({
      identity: `slack:action:V07HOME:${actionId}`,
      receivedAt: AT,
      actionId,
      value,
      user: 'U07OLIVE001',
      channel: '',
      actionTs: '1796000001.000001',
      home: true,
    });
  it.each([
    [PROJECT_ACTIONS.help, 'P-1', { help: 'A designer' }, 'project_help_view'],
    [PROJECT_DECLINE_ACTION, 'AP-1', { reason: 'Not now' }, 'approval_click'],
  ] as const)('%s', (actionId, value, values, kind) => {
    const opened = onHome(actionId, value);
    if (!('opensModal' in opened)) throw new Error(`${actionId} opens no modal`);
    const modal = opened.opensModal as {
      callback_id: (typeof CALLBACK_IDS)[number];
      private_metadata: string;
    };
    const metadata = JSON.parse(modal.private_metadata) as Record<string, string>;
    expect(metadata.home).toBe('yes');
    const work = submissionInput(modal.callback_id, {
      identity: 'slack:view:V07MODAL',
      receivedAt: AT,
      user: 'U07OLIVE001',
      values,
      metadata,
    });
    expect(work).toMatchObject({ kind, home: true });
    expect(parseWork(work)).toEqual({ ok: true, work });
  });

  it('Resolve’s reason modal too', () => {
    const modal = reasonModal({ incidentId: 'IN-1', action: 'resolve', channel: '', home: true });
    const metadata = JSON.parse(String(modal.private_metadata)) as Record<string, string>;
    const work = submissionInput(REASON_CALLBACK_ID, {
      identity: 'slack:view:V07REASON',
      receivedAt: AT,
      user: 'U07OLIVE001',
      values: { reason: 'Talked it through' },
      metadata,
    });
    expect(work).toMatchObject({ kind: 'incident_reason', incidentId: 'IN-1', home: true });
  });
});

describe('the writer checks what reached it with the same schemas', () => {
  const join = joinInput({ identity: 'form:r1', submittedAt: AT }, { name: 'Ada', email: 'ada@example.org' });

  it.each([
    ['not an object', 'hello', 'kind: expected one of'],
    ['no kind', { identity: 'x' }, 'kind: expected one of'],
    ['an unknown kind', { kind: 'fax', identity: 'x' }, 'kind: expected one of'],
    ['the tick, which only the scheduler sends', { kind: 'tick', identity: 'x', receivedAt: AT }, 'kind:'],
    ['no identity', { ...join, identity: '' }, 'identity:'],
    [
      'a join without its email',
      { ...join, answers: { ...join.answers, email: undefined } },
      'answers.email:',
    ],
    [
      'a join whose rules are not agreed',
      { ...join, answers: { ...join.answers, agreed: false } },
      'answers.agreed:',
    ],
    [
      'an RSVP for no event ID',
      rsvpInput(
        { identity: 'form:r2', submittedAt: AT },
        { email: 'a@b.org', event: 'supper', attending: true, guests: 0 },
      ),
      'answers.event:',
    ],
    ['a click of no user', { ...click(APPROVE_ACTION), user: '' }, 'user:'],
  ])('%s is refused, naming the field', (_case, value, problem) => {
    const parsed = parseWork(value);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toContain(problem);
  });

  it('every kind but the tick may be handed over', () => {
    const kinds = Object.keys(INPUT_SCHEMAS).filter((kind) => kind !== 'tick');
    const parsed = parseWork({ kind: 'nothing' });
    expect(parsed.ok || parsed.problem).toBe(`kind: expected one of ${kinds.join(', ')}`);
  });

  it('the Invite someone shortcut is an input of who used it, handed over by its identity', () => {
    const invite = {
      kind: 'invite_shortcut' as const,
      identity: 'slack:shortcut:invite_someone:944799105734.773906753841.38b5',
      receivedAt: AT,
      user: 'U07ADA00001',
    };
    expect(parseWork(invite)).toEqual({ ok: true, work: invite });
    expect(parseWork({ ...invite, email: 'ada@example.org' })).toMatchObject({ ok: true });
    const noUser = parseWork({ ...invite, user: '' });
    expect(noUser.ok || noUser.problem).toContain('user:');
    expect(handOverKey(invite)).toBe(invite.identity);
  });

  it('a join whose Invited by was set aside keeps what was set aside', () => {
    const setAside = { 'Invited by': 'is not a Member ID, so the join is kept without it' };
    expect(parseWork({ ...join, setAside })).toEqual({ ok: true, work: { ...join, setAside } });
  });

  it('a form answer is handed over by its identity and its own time: an edited response is new work', () => {
    const report = reportInput({ identity: 'form:abc', submittedAt: AT }, { about: 'x', details: 'y' });
    expect(handOverKey(report)).toBe(`form:abc@${AT}`);
    expect(handOverKey(click(APPROVE_ACTION) as never)).toBe(`slack:action:1.1:${APPROVE_ACTION}`);
  });
});

describe('work handed over by the version before is read as today’s input', () => {
  const slack = (type: string, payload: Record<string, unknown>) => ({
    kind: 'slack',
    identity: `slack:${type}:old`,
    type,
    payload,
    receivedAt: AT,
  });
  const message = {
    channel: 'C07GENERAL1',
    ts: '1796000000.000100',
    author: 'U07EVEMALLR',
    excerpt: 'rude',
    link: 'https://acme.slack.com/archives/C07GENERAL1/p1796000000000100',
  };

  it.each([
    [
      'a join form answer',
      {
        kind: 'form',
        identity: 'form:j',
        form: 'join',
        submittedAt: AT,
        answers: { name: 'Ada', email: 'ada@example.org', interests: [], intros: true, agreed: true },
      },
      { kind: 'join_form', answers: { name: 'Ada', intros: true } },
    ],
    [
      'a report with an answer set aside',
      {
        kind: 'form',
        identity: 'form:r',
        form: 'report',
        submittedAt: AT,
        answers: { about: 'x', details: 'y' },
        setAside: { 'Your email': 'is not an email address, so the report is kept as anonymous' },
      },
      { kind: 'report_form', setAside: { 'Your email': expect.any(String) } },
    ],
    [
      'an unusable RSVP',
      {
        kind: 'form',
        identity: 'form:u',
        form: 'rsvp',
        submittedAt: AT,
        answers: { email: 'ada@example.org' },
        invalid: { Event: 'Missing: choose the event you are answering for.' },
      },
      { kind: 'unusable_form', form: 'rsvp', invalid: { Event: expect.any(String) } },
    ],
    [
      'team_join',
      slack('event', { type: 'team_join', user: 'U07ADALOVEL', email: 'ada@example.org', name: 'Ada' }),
      { kind: 'team_join', user: 'U07ADALOVEL', email: 'ada@example.org', name: 'Ada' },
    ],
    [
      'a deactivated account',
      slack('event', { type: 'user_deactivated', user: 'U07ADALOVEL', deleted: true }),
      { kind: 'user_deactivated', user: 'U07ADALOVEL' },
    ],
    [
      'Going, with the profile email the writer had added',
      slack('action', {
        actionId: RSVP_YES_ACTION,
        value: 'EV-1',
        user: 'U07ADALOVEL',
        channel: 'C07EVENTS01',
        messageTs: '1796000000.000100',
        actionTs: '1796000001.000001',
        email: 'ada@example.org',
      }),
      { kind: 'rsvp_click', eventId: 'EV-1', email: 'ada@example.org', messageTs: '1796000000.000100' },
    ],
    [
      'Approve',
      slack('action', {
        actionId: APPROVE_ACTION,
        value: 'AP-1',
        user: 'U07GRACEHOP',
        channel: 'C07LEADERS1',
      }),
      { kind: 'approval_click', decision: 'approve', approvalId: 'AP-1' },
    ],
    [
      'the report shortcut',
      slack('shortcut', { callbackId: REPORT_CALLBACK_ID, viewId: 'V07REPORT01', message }),
      { kind: 'report_shortcut', viewId: 'V07REPORT01', message },
    ],
    [
      'the report modal',
      slack('view', {
        callbackId: REPORT_CALLBACK_ID,
        user: 'U07KATJOHNS',
        values: { rule: 'Be kind', details: 'An insult', urgency: 'High' },
        message,
      }),
      { kind: 'report_view', user: 'U07KATJOHNS', urgency: 'High', message },
    ],
    [
      'the reason modal',
      slack('view', {
        callbackId: REASON_CALLBACK_ID,
        user: 'U07GRACEHOP',
        values: { reason: 'handled' },
        message: {
          incidentId: 'IN-1',
          action: 'resolve',
          channel: 'C07LEADERS1',
          messageTs: '1796000000.000100',
        },
      }),
      { kind: 'incident_reason', action: 'resolve', incidentId: 'IN-1', reason: 'handled' },
    ],
  ])('%s', (_case, old, expected) => {
    const parsed = readHandedOver(old);
    expect(parsed).toMatchObject({ ok: true, work: { identity: old.identity, ...expected } });
    // The doors of today build only today's shapes, and parseWork reads only those.
    expect(parseWork(old).ok).toBe(false);
  });

  it('an old shape that fits nothing is refused like any other', () => {
    expect(
      readHandedOver({ kind: 'slack', identity: 'x', type: 'event', payload: { type: 'emoji_changed' } }),
    ).toMatchObject({
      ok: false,
    });
  });
});

describe('the leader team’s buttons and modals', () => {
  const click = (actionId: string, user = 'U07ADALOVE1') => ({
    identity: 'slack:action:1',
    receivedAt: AT,
    actionId,
    value: 'U07ADALOVE1',
    user,
    channel: 'D07ADADM001',
    messageTs: '1700000000.000100',
  });
  it('Stay is an input; Hand over and Check in open their modals, which remember whose DM it was', () => {
    expect(clickInput(click(LEADER_ACTIONS.stay))).toMatchObject({
      kind: 'leader_stay',
      leader: 'U07ADALOVE1',
    });
    const handOver = clickInput(click(LEADER_ACTIONS.handOver)) as { opensModal: Record<string, unknown> };
    expect(handOver.opensModal.callback_id).toBe(SUCCESSOR_CALLBACK_ID);
    expect(JSON.parse(handOver.opensModal.private_metadata as string)).toEqual({
      leader: 'U07ADALOVE1',
      channel: 'D07ADADM001',
      messageTs: '1700000000.000100',
    });
    const checkIn = clickInput(click(LEADER_ACTIONS.checkIn)) as { opensModal: Record<string, unknown> };
    expect(checkIn.opensModal.callback_id).toBe(LEADER_CHECKIN_CALLBACK_ID);
  });
  it.each([
    [
      SUCCESSOR_CALLBACK_ID,
      { successor: 'U07BOBBYTA1', notes: 'Knows everyone' },
      { kind: 'leader_successor_view', successor: 'U07BOBBYTA1' },
    ],
    [
      LEADER_CHECKIN_CALLBACK_ID,
      { how: 'Tired', needs: '', energy: '2' },
      { kind: 'leader_checkin_view', energy: '2', how: 'Tired' },
    ],
  ] as const)('%s is its input', (callbackId, values, expected) => {
    const work = submissionInput(callbackId, {
      identity: 'slack:view:V07LEADER01',
      receivedAt: AT,
      user: 'U07ADALOVE1',
      values,
      metadata: { leader: 'U07ADALOVE1', channel: 'D07ADADM001' },
    });
    expect(work).toMatchObject({ ...expected, leader: 'U07ADALOVE1', user: 'U07ADALOVE1' });
    expect(parseWork(work)).toMatchObject({ ok: true });
  });
});
