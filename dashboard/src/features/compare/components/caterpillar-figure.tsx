import { Bar, BarChart, CartesianGrid, Cell, ErrorBar, ReferenceLine, XAxis, YAxis } from 'recharts';
import { type ChartConfig, ChartContainer, ChartTooltip, ChartTooltipContent } from '../../../components/ui/chart';
import { formatCount, formatRate } from '../../../lib/format';
import { COMPARISONS } from '../../../lib/signals';
import type { AreaFigure } from '../data/rows';

export type CaterpillarProps = {
  councils: readonly AreaFigure[];
  england: number | null;
  region: { name: string; value: number } | null;
  highlighted: ReadonlySet<string> | null;
  caption: string;
};

const chartConfig = { value: { label: 'Value', color: 'var(--chart-1)' } } satisfies ChartConfig;

/** Every council ranked, its 95% interval, coloured by its comparison with England (the table says it in words). */
export function CaterpillarFigure({ councils, england, region, highlighted, caption }: CaterpillarProps) {
  const data = councils.map((council) => ({
    ...council,
    interval:
      council.lower95 !== null && council.upper95 !== null
        ? [council.value! - council.lower95, council.upper95 - council.value!]
        : [0, 0],
  }));
  return (
    <figure className="chart-figure" data-testid="caterpillar">
      <figcaption>{caption}</figcaption>
      <ChartContainer config={chartConfig}>
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }} barCategoryGap={1}>
          <CartesianGrid vertical={false} />
          <XAxis
            dataKey="name"
            tick={false}
            tickLine={false}
            label={{ value: 'Councils, ranked', position: 'insideBottom' }}
          />
          <YAxis tickFormatter={formatCount} tickLine={false} axisLine={false} width={56} />
          <ChartTooltip content={<ChartTooltipContent valueFormatter={formatRate} />} />
          <Bar dataKey="value" name="Value" isAnimationActive={false}>
            {data.map((council) => (
              <Cell
                key={council.code}
                fill={(COMPARISONS[council.comparedToEngland] ?? COMPARISONS.not_compared!).colour}
                stroke={highlighted?.has(council.code) ? '#0b0c0c' : 'none'}
                strokeWidth={highlighted?.has(council.code) ? 2 : 0}
              />
            ))}
            <ErrorBar dataKey="interval" width={0} stroke="#505a5f" />
          </Bar>
          {england !== null && (
            <ReferenceLine
              y={england}
              stroke="#0b0c0c"
              strokeDasharray="6 4"
              label={{ value: 'England', position: 'insideTopRight' }}
            />
          )}
          {region !== null && (
            <ReferenceLine
              y={region.value}
              stroke="#505a5f"
              strokeDasharray="2 3"
              label={{ value: region.name, position: 'insideBottomRight' }}
            />
          )}
        </BarChart>
      </ChartContainer>
    </figure>
  );
}
