import type { DateTime } from 'luxon';
import { formOf } from '../sheets-schema/forms/index.js';
import type { Snapshot } from '../sheets-schema/snapshot.js';
import { TAB_NAMES, TABS, type TabName } from '../sheets-schema/tabs/index.js';
import type { Work } from './inputs.js';
import { emptyPlan, type Plan } from './plan.js';
import { leadersNote } from './records.js';

/**
 * Tabs Hearth must not write now: read but missing a required header (or not there at all), and `also` those
 * found so at write time (Audit, which the writer does not read).
 */
export function pausedTabs(snapshot: Snapshot, also: Iterable<TabName> = []): Set<TabName> {
  const paused = new Set<TabName>(also);
  for (const tab of TAB_NAMES) {
    if (!snapshot.has(tab)) continue;
    const table = snapshot.table(tab);
    if (!table.present || table.headers.missing.length > 0) paused.add(tab);
  }
  return paused;
}

/** Every tab a plan writes to: a cause is held whole when any of them is paused. */
export function tabsTouched(plan: Plan): TabName[] {
  return [...new Set(plan.changes.map((change) => change.tab))];
}

/** A held cause in words people know (never its answers: a report's are the reporter's). */
export function describeWork(work: Work): string {
  switch (work.kind) {
    case 'join_form':
    case 'rsvp_form':
    case 'report_form':
    case 'project_form':
    case 'unusable_form':
      return `a ${formOf(work)} form answer`;
    case 'rsvp_click':
    case 'approval_click':
    case 'incident_click':
    case 'intro_click':
    case 'feedback_click':
    case 'quiet_click':
    case 'project_checkin_click':
    case 'project_join':
    case 'shift_click':
    case 'leader_stay':
    case 'unknown_click':
      return 'a button click';
    case 'incident_reason':
    case 'report_view':
    case 'feedback_view':
    case 'project_help_view':
    case 'project_link_view':
    case 'project_view':
    case 'leader_successor_view':
    case 'leader_checkin_view':
      return 'a submitted Slack form';
    case 'report_shortcut':
    case 'invite_shortcut':
      return 'a Slack shortcut';
    case 'team_join':
    case 'user_deactivated':
    case 'home_opened':
      return 'a Slack event';
    case 'question_asked':
      return 'a question asked in Slack';
  }
}

/**
 * The leaders are told, once a day while it lasts, what waits for a paused tab: nothing of it was written or
 * sent, and it is applied, in order, once the header is back. Needs Audit and the Outbox to be writable.
 */
export function heldNotice(
  snapshot: Snapshot,
  held: readonly { what: string; tabs: readonly string[] }[],
  paused: ReadonlySet<TabName>,
  now: DateTime,
): Plan {
  if (held.length === 0 || paused.has('Outbox') || paused.has('Audit')) return emptyPlan();
  const tabs = [...new Set(held.flatMap((h) => h.tabs))].sort();
  const day = now.setZone(snapshot.timeZone).toISODate() ?? '';
  const key = `held:${tabs.join(',')}:${day}`;
  const counts = new Map<string, number>();
  for (const { what } of held) counts.set(what, (counts.get(what) ?? 0) + 1);
  const what = [...counts].map(([kind, n]) => (n === 1 ? kind : `${n} × ${kind}`)).join(', ');
  const missing = tabs.map((tab) => {
    const name = TABS[tab as TabName]?.name ?? tab;
    const headers = snapshot.has(tab as TabName) ? snapshot.table(tab as TabName).headers.missing : [];
    return headers.length > 0 ? `${name} (${headers.map((h) => `"${h}"`).join(', ')})` : name;
  });
  const details = `Waiting for ${missing.join(' and ')}: ${what}. Nothing of it is written or sent yet; put the missing header back in row 1 (any column) or run npm run provision, and it is applied then, in order.`;
  return leadersNote(snapshot, now, key, {
    text: `:pause_button: ${details}`,
    action: 'work.held',
    target: tabs.join(', '),
    details,
  });
}
