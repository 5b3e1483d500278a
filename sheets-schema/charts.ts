import { normalizeHeader } from './cells.js';
import type { AddChart, ChartSeries, ChartType, TabLayout } from './grid.js';
import type { TabSpec } from './tab.js';
import { DashboardTab } from './tabs/dashboard.js';

/** A chart provision keeps on a tab. Its columns are named by key: provision finds them by header. */
export interface ChartSpec<K extends string = string> {
  /** Also how a chart is recognised: one with this title is the organizers' to move or restyle. */
  title: string;
  type: ChartType;
  domain: K;
  series: (Omit<ChartSeries, 'column'> & { key: K })[];
}

type DashboardKey = keyof typeof DashboardTab.columns & string;

/** The Dashboard's figures week by week; counts and percentages (or minutes) apart, on their own axes. */
const DASHBOARD_CHARTS: ChartSpec<DashboardKey>[] = [
  {
    title: 'New members and newcomer retention',
    type: 'combo',
    domain: 'week',
    series: [
      { key: 'newMembers', drawAs: 'column' },
      { key: 'newcomerRetention', drawAs: 'line', axis: 'right' },
    ],
  },
  {
    title: 'Engagement',
    type: 'line',
    domain: 'week',
    series: [{ key: 'core' }, { key: 'regular' }, { key: 'drifting' }, { key: 'quiet' }],
  },
  {
    title: 'Questions and first replies',
    type: 'combo',
    domain: 'week',
    series: [
      { key: 'questions', drawAs: 'column' },
      { key: 'medianFirstReply', drawAs: 'line', axis: 'right' },
    ],
  },
];

/** Tab name -> the charts provision keeps on it. */
export const CHARTS: ReadonlyMap<string, readonly ChartSpec[]> = new Map([
  [DashboardTab.name, DASHBOARD_CHARTS],
]);

/** Google draws a chart 371 px tall by default, about 18 rows of 21 px: 20 rows apart, they stack with a gap. */
const ROWS_PER_CHART = 20;

/**
 * The charts `spec`'s tab lacks, as layout changes. They stand one below the other beside the table, one empty
 * column right of its last header (`width` columns), each in its own slot so one deleted comes back where it
 * was. `positions` are the columns by normalized header, as provision found them: moved columns stay charted.
 */
export function missingCharts(
  spec: TabSpec,
  positions: ReadonlyMap<string, number>,
  width: number,
  existing: TabLayout | undefined,
): AddChart[] {
  const have = new Set((existing?.charts ?? []).map(normalizeHeader));
  const column = (key: string) => positions.get(normalizeHeader(spec.columns[key]?.header)) as number;
  return (CHARTS.get(spec.name) ?? []).flatMap((chart, slot): AddChart[] =>
    have.has(normalizeHeader(chart.title))
      ? []
      : [
          {
            kind: 'addChart',
            tab: spec.name,
            title: chart.title,
            type: chart.type,
            domain: column(chart.domain),
            series: chart.series.map(({ key, ...how }) => ({ ...how, column: column(key) })),
            anchor: { row: slot * ROWS_PER_CHART, column: width + 1 },
          },
        ],
  );
}
