import type { Cell } from '../../sheets-schema/cells.js';
import { TABS, type TabName } from '../../sheets-schema/tabs/index.js';

export const headersOf = (tab: TabName): string[] => Object.values(TABS[tab].columns).map((c) => c.header);

const BASE_SERIAL = 46357.75; // 2026-12-01 18:00

/** A group at the scale the benchmarks name: members, events and RSVPs with realistic cells. */
export function groupGrids(members: number, events: number, rsvps: number): Record<string, Cell[][]> {
  const statuses = ['Active', 'Active', 'Active', 'Pending', 'Inactive'];
  const memberRows: Cell[][] = Array.from({ length: members }, (_, i) => [
    `M-${i + 1}`,
    `Member Number ${i + 1}`,
    `member${i + 1}@example.org`,
    i % 3 === 0 ? null : `U${(100000 + i).toString(36).toUpperCase()}`,
    statuses[i % statuses.length] as string,
    BASE_SERIAL - 400 + (i % 400),
    i % 4 === 0 ? 'U0LEADER1' : null,
    null,
    'Meetup.com',
    'TypeScript, Events',
    i % 2 === 0 ? 'Yes' : 'No',
    i % 12,
    BASE_SERIAL - (i % 90),
    null,
    null,
  ]);
  const eventRows: Cell[][] = Array.from({ length: events }, (_, i) => [
    `EV-${i + 1}`,
    `Event ${i + 1}`,
    BASE_SERIAL + i,
    BASE_SERIAL + i + 0.125,
    'Community hall',
    40,
    BASE_SERIAL + i - 1,
    'U0HOST',
    i % 10 === 0 ? 'Done' : 'Announced',
    '#events',
    30,
    5,
    10,
    'https://example.slack.com/archives/C1/p1700000000000100',
    null,
  ]);
  const rsvpRows: Cell[][] = Array.from({ length: rsvps }, (_, i) => [
    `R-${i + 1}`,
    `EV-${(i % events) + 1}`,
    `member${(i % members) + 1}@example.org`,
    null,
    i % 7 === 0 ? 'No' : 'Yes',
    i % 3,
    BASE_SERIAL - 10 + (i % 10),
    i % 2 === 0 ? 'Form' : 'Slack',
    i % 7 === 0 ? 'Declined' : i % 11 === 0 ? 'Waitlisted' : 'Confirmed',
    i % 11 === 0 ? (i % 5) + 1 : null,
    'Confirmed',
    null,
  ]);
  return {
    Settings: [
      ['Setting', 'Value', 'Notes'],
      ['Time zone', 'Europe/London', null],
    ],
    Members: [headersOf('Members'), ...memberRows],
    Events: [headersOf('Events'), ...eventRows],
    RSVPs: [headersOf('RSVPs'), ...rsvpRows],
    Audit: [headersOf('Audit')],
  };
}
