import { CartesianGrid, ComposedChart, Line, XAxis, YAxis } from 'recharts';
import {
  type ChartConfig,
  ChartContainer,
  ChartLegend,
  ChartLegendContent,
  ChartTooltip,
  ChartTooltipContent,
} from '../../../components/ui/chart';
import { formatCount, formatMonth, formatRate } from '../../../lib/format';
import { MDC_COLOURS, POINT_TYPES } from '../../../lib/signals';
import type { SpcPoint } from '../data/rows';

export type SpcChartProps = { points: readonly SpcPoint[]; caption: string };

const chartConfig = {
  value: { label: 'Value', color: 'var(--chart-1)' },
  mean: { label: 'Mean', color: 'var(--chart-2)' },
  upperLimit: { label: 'Process limits', color: MDC_COLOURS.commonCause },
  lowerLimit: { label: 'Lower process limit', color: MDC_COLOURS.commonCause },
  target: { label: 'Target', color: MDC_COLOURS.improvement },
} satisfies ChartConfig;

/** A point coloured by its type, and shaped too (a square for special cause), so that colour is never alone. */
function PointDot(props: { cx?: number; cy?: number; payload?: SpcPoint }) {
  const { cx, cy, payload } = props;
  if (cx === undefined || cy === undefined || payload === undefined) return null;
  const type = POINT_TYPES[payload.pointType] ?? POINT_TYPES.common_cause!;
  return payload.pointType === 'common_cause' ? (
    <circle cx={cx} cy={cy} r={3.5} fill={type.colour} stroke="white" strokeWidth={1} />
  ) : (
    <rect x={cx - 5} y={cy - 5} width={10} height={10} fill={type.colour} stroke="white" strokeWidth={1} />
  );
}

export function SpcChartFigure({ points, caption }: SpcChartProps) {
  const hasTarget = points.some((point) => point.target !== null);
  return (
    <figure className="chart-figure" data-testid="spc-chart">
      <figcaption>{caption}</figcaption>
      <ChartContainer config={chartConfig}>
        <ComposedChart data={points} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid vertical={false} />
          <XAxis dataKey="month" tickFormatter={formatMonth} tickLine={false} minTickGap={24} />
          <YAxis tickFormatter={formatCount} tickLine={false} axisLine={false} width={56} domain={['auto', 'auto']} />
          <ChartTooltip content={<ChartTooltipContent labelFormatter={formatMonth} valueFormatter={formatRate} />} />
          <ChartLegend content={<ChartLegendContent />} itemSorter={null} />
          <Line
            dataKey="upperLimit"
            name="Process limits"
            stroke="var(--color-upperLimit)"
            strokeDasharray="2 3"
            dot={false}
            isAnimationActive={false}
          />
          <Line
            dataKey="lowerLimit"
            name="Lower process limit"
            legendType="none"
            stroke="var(--color-lowerLimit)"
            strokeDasharray="2 3"
            dot={false}
            isAnimationActive={false}
          />
          <Line
            dataKey="mean"
            name="Mean"
            stroke="var(--color-mean)"
            strokeDasharray="6 4"
            dot={false}
            isAnimationActive={false}
          />
          {hasTarget && (
            <Line
              dataKey="target"
              name="Target"
              stroke="var(--color-target)"
              strokeDasharray="10 3"
              dot={false}
              isAnimationActive={false}
            />
          )}
          <Line
            dataKey="value"
            name="Value"
            stroke="var(--color-value)"
            strokeWidth={2}
            dot={<PointDot />}
            isAnimationActive={false}
          />
        </ComposedChart>
      </ChartContainer>
    </figure>
  );
}
