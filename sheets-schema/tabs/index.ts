import { ApprovalsTab } from './approvals.js';
import { AuditTab } from './audit.js';
import { EventsTab } from './events.js';
import { IncidentsTab } from './incidents.js';
import { LeadersTab } from './leaders.js';
import { MembersTab } from './members.js';
import { OutboxTab } from './outbox.js';
import { RsvpsTab } from './rsvps.js';
import { SettingsTab } from './settings.js';

/** Every tab, in the order provision creates them. */
export const TABS = {
  Settings: SettingsTab,
  Leaders: LeadersTab,
  Members: MembersTab,
  Events: EventsTab,
  RSVPs: RsvpsTab,
  Incidents: IncidentsTab,
  Approvals: ApprovalsTab,
  Outbox: OutboxTab,
  Audit: AuditTab,
} as const;

export type Tabs = typeof TABS;
export type TabName = keyof Tabs;
export const TAB_NAMES = Object.keys(TABS) as TabName[];

export { ApprovalsTab, AuditTab, EventsTab, IncidentsTab, LeadersTab, MembersTab, OutboxTab, RsvpsTab, SettingsTab };
