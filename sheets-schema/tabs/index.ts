import type { TabSpec } from '../tab.js';
import { ApprovalsTab } from './approvals.js';
import { AuditTab } from './audit.js';
import { DashboardTab } from './dashboard.js';
import { EventRolesTab } from './event-roles.js';
import { EventsTab } from './events.js';
import { FeedbackTab } from './feedback.js';
import { IdsTab } from './ids.js';
import { IncidentsTab } from './incidents.js';
import { IntrosTab } from './intros.js';
import { LeaderCheckInsTab } from './leader-checkins.js';
import { LeaderLoadTab } from './leader-load.js';
import { LeadersTab } from './leaders.js';
import { MembersTab } from './members.js';
import { OutboxTab } from './outbox.js';
import { PartnersTab } from './partners.js';
import { ProjectMembersTab } from './project-members.js';
import { ProjectsTab } from './projects.js';
import { QuestionsTab } from './questions.js';
import { RsvpsTab } from './rsvps.js';
import { SettingsTab } from './settings.js';

/** Every tab, in the order provision creates them. */
export const TABS = {
  Settings: SettingsTab,
  Leaders: LeadersTab,
  Members: MembersTab,
  Events: EventsTab,
  RSVPs: RsvpsTab,
  // Volunteers (README "Volunteers").
  'Event roles': EventRolesTab,
  Incidents: IncidentsTab,
  Approvals: ApprovalsTab,
  Intros: IntrosTab,
  Feedback: FeedbackTab,
  Questions: QuestionsTab,
  Dashboard: DashboardTab,
  Projects: ProjectsTab,
  'Project members': ProjectMembersTab,
  Partners: PartnersTab,
  // The leader team (README "The leader team").
  'Leader load': LeaderLoadTab,
  'Leader check-ins': LeaderCheckInsTab,
  Outbox: OutboxTab,
  Audit: AuditTab,
  IDs: IdsTab,
} as const;

export type Tabs = typeof TABS;
export type TabName = keyof Tabs;
export const TAB_NAMES = Object.keys(TABS) as TabName[];

export {
  ApprovalsTab,
  AuditTab,
  DashboardTab,
  EventRolesTab,
  EventsTab,
  FeedbackTab,
  IdsTab,
  IncidentsTab,
  IntrosTab,
  LeaderCheckInsTab,
  LeaderLoadTab,
  LeadersTab,
  MembersTab,
  OutboxTab,
  PartnersTab,
  ProjectMembersTab,
  ProjectsTab,
  QuestionsTab,
  RsvpsTab,
  SettingsTab,
};

/** A tab's spec without its column types, for code that works on any tab. */
export function specOf(tab: TabName): TabSpec {
  return TABS[tab] as unknown as TabSpec;
}

/** The tab whose sheet is named `title`, if it is one of Hearth's. */
export function tabNamed(title: string): TabName | undefined {
  return TAB_NAMES.find((tab) => TABS[tab].name === title);
}
