import { type ComponentProps, createContext, type ReactNode, useContext, useId } from 'react';
import { Legend, type LegendPayload, ResponsiveContainer, Tooltip, type TooltipContentProps } from 'recharts';

export type ChartConfig = Record<string, { label: ReactNode; color: string }>;

const ChartContext = createContext<ChartConfig | null>(null);

function useChartConfig(): ChartConfig {
  const config = useContext(ChartContext);
  if (!config) throw new Error('useChartConfig must be used within a <ChartContainer />');
  return config;
}

function ChartStyle({ id, config }: { id: string; config: ChartConfig }) {
  const variables = Object.entries(config)
    .map(([key, item]) => `  --color-${key}: ${item.color};`)
    .join('\n');
  return <style>{`[data-chart="${id}"] {\n${variables}\n}`}</style>;
}

export function ChartContainer({
  config,
  className,
  children,
  ...props
}: Omit<ComponentProps<'div'>, 'children'> & {
  config: ChartConfig;
  children: ComponentProps<typeof ResponsiveContainer>['children'];
}) {
  const chartId = `chart-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  return (
    <ChartContext.Provider value={config}>
      <div data-chart={chartId} className={className ? `chart ${className}` : 'chart'} {...props}>
        <ChartStyle id={chartId} config={config} />
        <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 640, height: 320 }}>
          {children}
        </ResponsiveContainer>
      </div>
    </ChartContext.Provider>
  );
}

export const ChartTooltip = Tooltip;

export function ChartTooltipContent({
  active,
  payload,
  label,
  labelFormatter,
  valueFormatter = String,
}: Partial<Pick<TooltipContentProps, 'active' | 'payload' | 'label'>> & {
  labelFormatter?: (label: string) => string;
  valueFormatter?: (value: number) => string;
}) {
  const config = useChartConfig();
  if (!active || !payload?.length) return null;

  return (
    <div className="chart-tooltip">
      {label !== undefined && (
        <div className="chart-tooltip-label">{labelFormatter ? labelFormatter(String(label)) : label}</div>
      )}
      {payload.map((item) => {
        const key = String(item.dataKey ?? item.name);
        return (
          <div key={key} className="chart-tooltip-item">
            <span className="chart-swatch" style={{ background: item.color }} aria-hidden="true" />
            <span className="chart-tooltip-name">{config[key]?.label ?? item.name}</span>
            <span className="chart-tooltip-value">
              {typeof item.value === 'number' ? valueFormatter(item.value) : '–'}
            </span>
          </div>
        );
      })}
    </div>
  );
}

export const ChartLegend = Legend;

function strokeDasharrayOf(item: LegendPayload): string | undefined {
  const linePayload = item.payload as { strokeDasharray?: string | number } | undefined;
  return linePayload?.strokeDasharray === undefined ? undefined : String(linePayload.strokeDasharray);
}

export function ChartLegendContent({ payload }: { payload?: readonly LegendPayload[] }) {
  const config = useChartConfig();
  if (!payload?.length) return null;

  return (
    <ul className="chart-legend">
      {payload
        .filter((item) => item.type !== 'none')
        .map((item) => {
          const key = String(item.dataKey ?? item.value);
          return (
            <li key={key} className="chart-legend-item">
              <svg width="24" height="10" aria-hidden="true">
                <line
                  x1="0"
                  y1="5"
                  x2="24"
                  y2="5"
                  stroke={item.color}
                  strokeWidth="2.5"
                  strokeDasharray={strokeDasharrayOf(item)}
                />
              </svg>
              {config[key]?.label ?? item.value}
            </li>
          );
        })}
    </ul>
  );
}
