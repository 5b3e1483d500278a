/**
 * The sample group `npm start` puts in a new local workbook, so the README's Quick start has someone to approve,
 * something to RSVP to and a member already on Slack: two leaders (one who can approve), Join approval
 * Required, one announced event with a few seats, and one member. Every row says it is a sample. Never added to
 * an existing workbook or a Google sheet (scripts/dev-server.ts decides that).
 */
import type { DateTime } from 'luxon';
import { append, type Change } from '../../sheets-schema/changes.js';
import type { GridStore } from '../../sheets-schema/grid-store.js';
import { type ProvisionReport, provision } from '../../sheets-schema/provision.js';
import type { Workbook } from '../../sheets-schema/workbook.js';
import { formatDateTime } from '../../workflows/outbox/blocks.js';
import { recordSlackUser } from './transcript.js';

export const SAMPLE_GROUP_NAME = 'Sample group (delete me)';
const SAMPLE_NOTE = 'Sample data made by npm start: replace it with your own';
const ZONE = 'UTC';

export const SAMPLE_LEADERS = [
  {
    slackId: 'U07GRACEHOP',
    name: 'Grace Hopper',
    email: 'grace@example.org',
    role: 'Organizer',
    canApprove: true,
    active: true,
  },
  {
    slackId: 'U07ALANTURN',
    name: 'Alan Turing',
    email: 'alan@example.org',
    role: 'Greeter',
    canApprove: false,
    active: true,
  },
] as const;

export const SAMPLE_MEMBER = {
  memberId: 'M-1',
  name: 'Katherine Johnson',
  email: 'katherine@example.org',
  slackId: 'U07KATJOHNS',
  status: 'Active',
} as const;

export const SAMPLE_EVENT = { eventId: 'EV-1', title: 'Lightning talks', capacity: 3 } as const;

/** A week from `now`, at 18:30 in the sample's time zone, for two hours. */
function eventTimes(now: DateTime): { starts: DateTime; ends: DateTime } {
  const starts = now.setZone(ZONE).plus({ days: 7 }).set({ hour: 18, minute: 30, second: 0, millisecond: 0 });
  return { starts, ends: starts.plus({ hours: 2 }) };
}

/**
 * Provisions a new, empty workbook with the sample group in it: its settings first (so provision seeds only
 * the rest), then every tab, then the leaders, the member and the event.
 */
export async function provisionSampleGroup(
  store: GridStore,
  workbook: Workbook,
  now: DateTime,
): Promise<ProvisionReport> {
  await store.applyLayout([{ kind: 'addTab', tab: 'Settings' }]);
  await store.write({
    appends: [
      {
        tab: 'Settings',
        rows: [
          ['Setting', 'Value', 'Notes'],
          [
            'Group name',
            SAMPLE_GROUP_NAME,
            `${SAMPLE_NOTE}: your group’s name as members see it in messages`,
          ],
          ['Time zone', ZONE, 'Where the group meets, as an IANA name like Europe/London'],
          [
            'Join approval',
            'Required',
            'Required: a leader approves each new member before they are welcomed; Not required: everyone is welcomed at once',
          ],
        ].map((row) => row.map((text) => ({ text }))),
      },
    ],
    updates: [],
  });
  const report = await provision(store, workbook);
  const { starts, ends } = eventTimes(now);
  const rows: Change[] = [
    ...SAMPLE_LEADERS.map((leader) => append('Leaders', { ...leader })),
    append('Members', {
      ...SAMPLE_MEMBER,
      joined: now,
      source: 'Sample',
      notes: `${SAMPLE_NOTE} (already on Slack)`,
    }),
    append('Events', {
      ...SAMPLE_EVENT,
      starts,
      ends,
      location: 'The Hub, Room 2 (sample)',
      host: SAMPLE_LEADERS[0].slackId,
      status: 'Announced',
    }),
  ];
  await workbook.apply(rows, { timeZone: ZONE });
  return report;
}

/** The sample's people, as the local Slack transcript knows them (found by email, as users.lookupByEmail would). */
export function writeSampleSlackUsers(dir: string): void {
  for (const p of [...SAMPLE_LEADERS, SAMPLE_MEMBER])
    recordSlackUser(dir, { email: p.email, id: p.slackId, name: p.name });
}

/** What `npm start` prints about the sample: who and what is in it, and the IDs the Quick start uses. */
export function describeSampleGroup(now: DateTime): string[] {
  const { starts, ends } = eventTimes(now);
  const [organizer, greeter] = SAMPLE_LEADERS;
  const until = formatDateTime(ends, ZONE).split(', ')[1];
  return [
    `The sample group, "${SAMPLE_GROUP_NAME}" (Settings → Join approval: Required):`,
    `  Leaders  ${organizer.name} ${organizer.slackId} (Organizer, can approve) · ${greeter.name} ${greeter.slackId} (Greeter)`,
    `  Members  ${SAMPLE_MEMBER.memberId} ${SAMPLE_MEMBER.name} ${SAMPLE_MEMBER.slackId} (Active, already on Slack)`,
    `  Events   ${SAMPLE_EVENT.eventId} ${SAMPLE_EVENT.title}, ${formatDateTime(starts, ZONE)}–${until}, ${SAMPLE_EVENT.capacity} seats (Announced)`,
  ];
}
