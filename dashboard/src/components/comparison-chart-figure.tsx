import { CartesianGrid, Line, LineChart, XAxis, YAxis } from 'recharts';
import { formatCount, formatMonth, formatRate } from '../lib/format';
import {
  type ChartConfig,
  ChartContainer,
  ChartLegend,
  ChartLegendContent,
  ChartTooltip,
  ChartTooltipContent,
} from './ui/chart';

/** One month of a measure for an area and for England; null where there is no figure. */
export type ComparisonPoint = { month: string; area: number | null; england: number | null };

export type ComparisonChartProps = {
  points: readonly ComparisonPoint[];
  areaName: string;
  caption: string;
};

const chartConfig = {
  area: { label: 'Area', color: 'var(--chart-1)' },
  england: { label: 'England', color: 'var(--chart-2)' },
} satisfies ChartConfig;

const Y_TICK_INTERVALS = 4;

// Recharts' own "nice" ticks step in fives (0, 95, 190…); board papers read better with round steps.
function roundTicks(points: readonly ComparisonPoint[]): number[] {
  const max = Math.max(0, ...points.flatMap((point) => [point.area ?? 0, point.england ?? 0]));
  const rough = max / Y_TICK_INTERVALS || 1;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 2.5, 5, 10].find((factor) => factor * magnitude >= rough) ?? 10) * magnitude;
  return Array.from({ length: Y_TICK_INTERVALS + 1 }, (_, index) => index * step);
}

export function ComparisonChartFigure({ points, areaName, caption }: ComparisonChartProps) {
  const config = { ...chartConfig, area: { ...chartConfig.area, label: areaName } } satisfies ChartConfig;
  const yTicks = roundTicks(points);
  const showDots = points.length === 1;

  return (
    <figure className="chart-figure">
      <figcaption>{caption}</figcaption>
      <ChartContainer config={config}>
        <LineChart data={points} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
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
            dataKey="area"
            name={areaName}
            stroke="var(--color-area)"
            strokeWidth={2.5}
            dot={showDots}
            isAnimationActive={false}
          />
          <Line
            dataKey="england"
            name="England"
            stroke="var(--color-england)"
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
