import { formatCompactNumber } from '../format/format-compact-number';
import { useElementWidth } from '../hooks/use-element-width';
import { getLocale } from '../i18n/t';
import { buildColumnChart, type ColumnInput } from './build-column-chart';

export interface ChartSeries {
  label: string;
  /** A CSS class giving the fill colour (`series-0`, …). */
  className: string;
}

interface ColumnChartProps {
  columns: ColumnInput[];
  series: ChartSeries[];
  formatTime: (ms: number) => string;
  /** The tooltip line of one column. */
  describe: (index: number) => string;
  title: string;
  testId: string;
}

/** A small stacked column chart drawn as SVG (no chart library: the dashboard bundle stays small). */
export function ColumnChart({ columns, series, formatTime, describe, title, testId }: ColumnChartProps) {
  // Drawn at the figure's own width, so text stays at its CSS size instead of scaling with the SVG.
  const { ref, width } = useElementWidth<HTMLElement>(760);
  const chart = buildColumnChart(columns, { width, maxLabels: Math.max(3, Math.floor(width / 110)) });
  const locale = getLocale();
  return (
    <figure class="chart" ref={ref}>
      <svg viewBox={`0 0 ${chart.width} ${chart.height}`} role="img" aria-label={title} data-testid={testId} data-max={chart.max}>
        {chart.yTicks.map((tick) => (
          <g key={tick.value} class="chart-grid">
            <line x1={chart.plot.left} x2={chart.plot.left + chart.plot.width} y1={tick.y} y2={tick.y} />
            <text x={chart.plot.left - 6} y={tick.y + 4} text-anchor="end">
              {formatCompactNumber(tick.value, locale)}
            </text>
          </g>
        ))}
        {chart.columns.map((column, index) => (
          <g key={column.start} class="chart-column" data-testid="chart-column" data-start={column.start} data-total={column.total}>
            <title>{describe(index)}</title>
            {/* A full-height transparent target, so thin columns still show their tooltip. */}
            <rect class="chart-hit" x={column.x} y={chart.plot.top} width={column.width} height={chart.plot.height} />
            {column.rects.map((rect) =>
              rect.height > 0 ? (
                <rect key={rect.series} class={series[rect.series]?.className ?? ''} x={column.x} y={rect.y} width={column.width} height={rect.height} />
              ) : null,
            )}
          </g>
        ))}
        {chart.labelled.map((index) => {
          const column = chart.columns[index];
          return (
            <text key={`label-${column.start}`} class="chart-axis" x={column.x + column.width / 2} y={chart.height - 8} text-anchor="middle">
              {formatTime(column.start)}
            </text>
          );
        })}
      </svg>
      <figcaption class="chart-legend">
        {series.map((entry) => (
          <span key={entry.className}>
            <i class={`legend-swatch ${entry.className}`} aria-hidden="true" /> {entry.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
