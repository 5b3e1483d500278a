import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { provision } from '../../sheets-schema/provision.js';
import { SETTING_KEYS } from '../../sheets-schema/settings.js';
import { DashboardTab, TAB_NAMES, TABS } from '../../sheets-schema/tabs/index.js';
import { createWorkbook } from '../../sheets-schema/workbook.js';
import { sameZone } from '../../sheets-schema/zones.js';
import { googleHarness } from './hands-google.js';
import { localHarness } from './hands-local.js';
import type { ChartSeen, Harness } from './harness.js';

const CHART_TITLES = ['New members and newcomer retention', 'Engagement', 'Questions and first replies'];
const LOCAL_CHARTS_NOTE =
  "Charts are drawn on Google Sheets only: this workbook's Dashboard has the figures as a table, without charts";

/** What each Dashboard chart shows, by header: the bottom axis, then the series. */
function chartedHeaders(charts: readonly ChartSeen[], header: readonly unknown[]) {
  return charts.map((c) => ({
    title: c.title,
    domain: header[c.domain],
    series: c.series.map((column) => header[column]),
  }));
}

const DASHBOARD_CHARTS = [
  {
    title: 'New members and newcomer retention',
    domain: 'Week',
    series: ['New members', 'Newcomer retention %'],
  },
  { title: 'Engagement', domain: 'Week', series: ['Core', 'Regular', 'Drifting', 'Quiet'] },
  {
    title: 'Questions and first replies',
    domain: 'Week',
    series: ['Questions', 'Median minutes to first reply'],
  },
];

describe.each([
  ['google', googleHarness],
  ['local', localHarness],
])('provision: %s', (_name, makeHarness) => {
  let h: Harness;
  beforeEach(async () => {
    h = await makeHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('creates every tab with its headers, dropdowns and seeded settings; a second run changes nothing', async () => {
    const first = await provision(h.store, createWorkbook(h.store));
    expect(first.actions).toContain('created the Members tab');
    const layout = await h.store.layout();
    expect(layout.tabs.map((t) => t.title)).toEqual(
      expect.arrayContaining(TAB_NAMES.map((t) => TABS[t].name)),
    );
    for (const tab of TAB_NAMES) {
      const grid = await h.getGrid(TABS[tab].name);
      expect(grid[0]).toEqual(Object.values(TABS[tab].columns).map((c) => c.header));
      expect(layout.tabs.find((t) => t.title === TABS[tab].name)?.frozenRows).toBe(1);
    }
    const members = layout.tabs.find((t) => t.title === 'Members');
    expect(members?.dropdowns.get(4)).toEqual([
      'Pending',
      'Active',
      'Declined',
      'Inactive',
      'Left',
      'Suspended',
      'Banned',
    ]);
    const settings = await h.getGrid('Settings');
    expect(settings.slice(1).map((r) => r[0])).toEqual(SETTING_KEYS.map((s) => s.key));
    expect(sameZone(layout.timeZone, 'UTC')).toBe(true);

    const gridsBefore = await Promise.all(TAB_NAMES.map((t) => h.getGrid(TABS[t].name)));
    h.resetCalls();
    const second = await provision(h.store, createWorkbook(h.store));
    expect(second.actions).toEqual([]);
    expect(h.calls().writes).toBe(0);
    expect(await Promise.all(TAB_NAMES.map((t) => h.getGrid(TABS[t].name)))).toEqual(gridsBefore);
  });

  it.each([
    ['Etc/UTC', 'UTC'],
    ['Etc/GMT', 'UTC'],
    ['Asia/Calcutta', 'Asia/Kolkata'],
  ])(
    'Settings → Time zone %s on a spreadsheet in %s: a second run has nothing to change',
    async (typed, own) => {
      await provision(h.store, createWorkbook(h.store));
      await h.store.applyLayout([{ kind: 'setTimeZone', timeZone: own }]);
      const settings = await h.getGrid('Settings');
      const row = settings.findIndex((r) => r[0] === 'Time zone');
      await h.setGrid(
        'Settings',
        settings.map((r, i) => (i === row ? [r[0] ?? null, typed, ...r.slice(2)] : r)),
      );
      h.resetCalls();
      const again = await provision(h.store, createWorkbook(h.store));
      expect(again.actions).toEqual([]);
      expect((await h.store.layout()).timeZone).toBe(own);
    },
  );

  it('migrates an organizer-edited sheet without moving or deleting their columns or data', async () => {
    await h.setGrid('Members', [
      ['Notes', 'email', 'My column', 'NAME', 'Member ID'],
      ['likes tea', 'ada@example.org', 'x', 'Ada', 'M-1'],
    ]);
    await h.setGrid('Settings', [
      ['Setting', 'Value'],
      ['Time zone', 'Europe/Berlin'],
    ]);
    const report = await provision(h.store, createWorkbook(h.store));
    expect(report.actions).toContain(
      "set the spreadsheet's time zone to Europe/Berlin (Settings → Time zone)",
    );
    const members = await h.getGrid('Members');
    expect(members[0]?.slice(0, 5)).toEqual(['Notes', 'email', 'My column', 'NAME', 'Member ID']);
    expect(members[0]?.slice(5)).toEqual([
      'Slack ID',
      'Status',
      'Joined',
      'Approved by',
      'Greeter',
      'Source',
      'Interests',
      'Intros',
      'Events attended',
      'Last active',
      'Problems',
      'Celebrate',
      'Invited by',
      'Engagement',
      'Volunteer hours',
    ]);
    expect(members[1]?.slice(0, 5)).toEqual(['likes tea', 'ada@example.org', 'x', 'Ada', 'M-1']);
    const settings = await h.getGrid('Settings');
    expect(settings[1]).toEqual(['Time zone', 'Europe/Berlin']);
    expect(settings.length).toBe(SETTING_KEYS.length + 1);
    expect((await h.store.layout()).timeZone).toBe('Europe/Berlin');
  });

  it('leaves a retired setting an organizer has as it is, seeds the new ones, and says it is retired', async () => {
    await h.setGrid('Settings', [
      ['Setting', 'Value', 'Notes'],
      ['Inactive after days', '120', 'our own rule'],
    ]);
    const report = await provision(h.store, createWorkbook(h.store));
    const settings = await h.getGrid('Settings');
    expect(settings[1]).toEqual(['Inactive after days', '120', 'our own rule']);
    expect(settings.map((r) => r[0])).toEqual(expect.arrayContaining(['RSVPs from', 'Join form link']));
    expect(settings.find((r) => r[0] === 'RSVPs from')?.[1]).toBe('Members');
    expect(report.notes).toEqual([
      ...(h.name === 'local' ? [LOCAL_CHARTS_NOTE] : []),
      'Settings → Inactive after days (row 2) is retired: Hearth no longer reads it; the row was left as it is, delete it when you like',
    ]);
    const again = await provision(h.store, createWorkbook(h.store));
    expect(again.actions).toEqual([]);
  });

  it('charts the Dashboard beside its table once on Google Sheets, and says the workbook has the table only', async () => {
    const first = await provision(h.store, createWorkbook(h.store));
    const chartActions = CHART_TITLES.map((title) => `added the chart "${title}" to Dashboard`);
    const charts = await h.charts('Dashboard');
    if (h.name === 'google') {
      expect(first.actions).toEqual(expect.arrayContaining(chartActions));
      expect(first.notes).toEqual([]);
      const header = (await h.getGrid('Dashboard'))[0] ?? [];
      expect(chartedHeaders(charts, header)).toEqual(DASHBOARD_CHARTS);
      // Stacked from the top, one empty column right of the last header.
      const width = Object.keys(DashboardTab.columns).length;
      expect(charts.map((c) => c.anchor)).toEqual([0, 20, 40].map((row) => ({ row, column: width + 1 })));
    } else {
      expect(first.actions.filter((a) => a.includes('chart'))).toEqual([]);
      expect(first.notes).toEqual([LOCAL_CHARTS_NOTE]);
      expect(charts).toEqual([]);
    }

    h.resetCalls();
    const second = await provision(h.store, createWorkbook(h.store));
    expect(second.actions).toEqual([]);
    expect(h.calls().writes).toBe(0);
    expect(await h.charts('Dashboard')).toEqual(charts);
    expect(second.notes).toEqual(h.name === 'google' ? [] : [LOCAL_CHARTS_NOTE]);
  });

  it('charts the Dashboard columns by header, wherever an organizer moved them', async () => {
    const headers = Object.values(DashboardTab.columns).map((c) => c.header);
    const moved = ['Our notes', ...headers.slice(4).reverse(), ...headers.slice(0, 4)];
    await h.setGrid('Dashboard', [moved]);
    const report = await provision(h.store, createWorkbook(h.store));
    const grid = await h.getGrid('Dashboard');
    expect(grid[0]).toEqual(moved);
    const charts = await h.charts('Dashboard');
    if (h.name === 'google') {
      expect(chartedHeaders(charts, moved)).toEqual(DASHBOARD_CHARTS);
      expect(charts.every((c) => c.anchor.column === moved.length + 1)).toBe(true);
    } else {
      expect(charts).toEqual([]);
      expect(report.notes).toEqual([LOCAL_CHARTS_NOTE]);
    }
  });
});

describe('provision: the Dashboard charts on Google Sheets', () => {
  let h: Awaited<ReturnType<typeof googleHarness>>;
  beforeEach(async () => {
    h = await googleHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('adds them in the one layout batchUpdate that creates the tab', async () => {
    await provision(h.store, createWorkbook(h.store));
    const layout = h.fake.requests.filter((r) => JSON.stringify(r.body ?? '').includes('"addSheet"')) as {
      body: { requests: Record<string, { chart?: { spec: { title: string } } }>[] };
    }[];
    expect(layout).toHaveLength(1);
    const titles = layout[0]?.body.requests.flatMap((r) =>
      r.addChart ? [r.addChart.chart?.spec.title] : [],
    );
    expect(titles).toEqual(CHART_TITLES);
  });

  it('leaves a chart an organizer moved or restyled as it is, and puts one they deleted back in its place', async () => {
    await provision(h.store, createWorkbook(h.store));
    const dashboard = h.fake.sheet('Dashboard');
    const [retention, engagement] = dashboard?.charts ?? [];
    if (!dashboard || !retention || !engagement) throw new Error('the Dashboard has no charts');
    retention.position.overlayPosition.anchorCell = {
      sheetId: dashboard.sheetId,
      rowIndex: 30,
      columnIndex: 2,
    };
    retention.spec.basicChart.chartType = 'AREA';
    const restyled = structuredClone(retention);
    dashboard.charts.splice(dashboard.charts.indexOf(engagement), 1);

    const again = await provision(h.store, createWorkbook(h.store));
    expect(again.actions).toEqual(['added the chart "Engagement" to Dashboard']);
    expect(dashboard.charts[0]).toEqual(restyled);
    expect((await h.charts('Dashboard')).map((c) => [c.title, c.anchor.row])).toEqual([
      ['New members and newcomer retention', 30],
      ['Questions and first replies', 40],
      ['Engagement', 20],
    ]);
  });
});
