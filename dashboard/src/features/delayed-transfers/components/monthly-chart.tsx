import { CartesianGrid, Line, LineChart, XAxis, YAxis } from 'recharts';
import {
  type ChartConfig,
  ChartContainer,
  ChartLegend,
  ChartLegendContent,
  ChartTooltip,
  ChartTooltipContent,
} from '../../../components/ui/chart';
import { formatCount, formatMonth, formatRate } from '../../../lib/format';
import type { CouncilOption, MonthlyRow } from '../data/rows';

const chartConfig = {
  councilRate: { label: 'Council', color: 'var(--chart-1)' },
  englandRate: { label: 'England', color: 'var(--chart-2)' },
} satisfies ChartConfig;

const Y_TICK_INTERVALS = 4;

// Recharts' own "nice" ticks step in fives (0, 95, 190…); board papers read better with round steps.
function roundTicks(rows: readonly MonthlyRow[]): number[] {
  const max = Math.max(0, ...rows.flatMap((row) => [row.councilRate ?? 0, row.englandRate ?? 0]));
  const rough = max / Y_TICK_INTERVALS || 1;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 2.5, 5, 10].find((factor) => factor * magnitude >= rough) ?? 10) * magnitude;
  return Array.from({ length: Y_TICK_INTERVALS + 1 }, (_, index) => index * step);
}

export type MonthlyChartProps = {
  rows: readonly MonthlyRow[];
  council: CouncilOption;
};

export function MonthlyChart({ rows, council }: MonthlyChartProps) {
  const config = {
    ...chartConfig,
    councilRate: { ...chartConfig.councilRate, label: council.name },
  } satisfies ChartConfig;
  const yTicks = roundTicks(rows);
  const showDots = rows.length === 1;

  return (
    <figure className="chart-figure">
      <figcaption>
        Delayed days per 100,000 population aged 18+, by month: {council.name} and England. The table below has the same
        figures.
      </figcaption>
      <ChartContainer config={config}>
        <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid vertical={false} />
          <XAxis dataKey="month" tickFormatter={formatMonth} tickLine={false} minTickGap={24} />
          <YAxis
            domain={[0, yTicks.at(-1) ?? 'auto']}
            ticks={yTicks}
            tickFormatter={formatCount}
            tickLine={false}
            axisLine={false}
            width={56}
          />
          <ChartTooltip content={<ChartTooltipContent labelFormatter={formatMonth} valueFormatter={formatRate} />} />
          <ChartLegend content={<ChartLegendContent />} itemSorter={null} />
          <Line
            dataKey="councilRate"
            name={council.name}
            stroke="var(--color-councilRate)"
            strokeWidth={2.5}
            dot={showDots}
            isAnimationActive={false}
          />
          <Line
            dataKey="englandRate"
            name="England"
            stroke="var(--color-englandRate)"
            strokeWidth={2.5}
            strokeDasharray="6 4"
            dot={showDots}
            isAnimationActive={false}
          />
        </LineChart>
      </ChartContainer>
    </figure>
  );
}
