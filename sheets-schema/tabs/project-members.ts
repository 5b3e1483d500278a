import { dateTime, text } from '../columns.js';
import { defineTab } from '../tab.js';

/**
 * Who is on each project's team, in which role: a row per place taken with a Join as … button. Organizers may set
 * `Left` to take someone off the team (their place opens again).
 */
export const ProjectMembersTab = defineTab({
  name: 'Project members',
  columns: {
    projectId: text('Project ID', { owner: 'system', needed: true }),
    memberId: text('Member ID', { owner: 'system', needed: true }),
    role: text('Role', { owner: 'system', needed: true }),
    joined: dateTime('Joined', { owner: 'system' }),
    left: dateTime('Left', { owner: 'shared' }),
  },
});
