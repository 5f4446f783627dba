/** One column of a stacked column chart: its segments bottom to top. */
export interface ColumnInput {
  start: number;
  segments: number[];
}

export interface ChartGeometry {
  width: number;
  height: number;
  /** Plot area inside the axes. */
  plot: { left: number; top: number; width: number; height: number };
  /** The rounded top of the value axis. */
  max: number;
  columns: Array<{ start: number; x: number; width: number; total: number; rects: Array<{ y: number; height: number; series: number }> }>;
  /** Value axis ticks: value and y. */
  yTicks: Array<{ value: number; y: number }>;
  /** Indexes of the columns that get a time label (at most `maxLabels`, evenly spread). */
  labelled: number[];
}

/** 1, 2, 5 × 10^n: the smallest "nice" number at or above `value`, so the axis ends on a round value. */
export function roundUpNice(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (value <= step * magnitude) return step * magnitude;
  return 10 * magnitude;
}

/**
 * The geometry of a stacked column chart in SVG user units (the SVG scales with its container through its
 * viewBox). Pure, so the layout is unit-tested without a DOM.
 */
export function buildColumnChart(columns: readonly ColumnInput[], options: { width?: number; height?: number; maxLabels?: number } = {}): ChartGeometry {
  const width = options.width ?? 760;
  const height = options.height ?? 220;
  const plot = { left: 52, top: 10, width: width - 52 - 8, height: height - 10 - 26 };
  const totals = columns.map((column) => column.segments.reduce((sum, value) => sum + Math.max(0, value), 0));
  const max = roundUpNice(Math.max(0, ...totals));
  const band = columns.length > 0 ? plot.width / columns.length : plot.width;
  const gap = Math.min(2, band * 0.2);
  const scale = (value: number) => (value / max) * plot.height;
  const laidOut = columns.map((column, index) => {
    let base = plot.top + plot.height;
    const rects = column.segments.map((value, series) => {
      const segmentHeight = scale(Math.max(0, value));
      base -= segmentHeight;
      return { y: base, height: segmentHeight, series };
    });
    return { start: column.start, x: plot.left + index * band + gap / 2, width: Math.max(0.5, band - gap), total: totals[index], rects };
  });
  const yTicks = [0, 0.5, 1].map((fraction) => ({ value: max * fraction, y: plot.top + plot.height - fraction * plot.height }));
  const maxLabels = options.maxLabels ?? 6;
  const every = Math.max(1, Math.ceil(columns.length / maxLabels));
  const labelled = columns.map((_, index) => index).filter((index) => index % every === 0);
  return { width, height, plot, max, columns: laidOut, yTicks, labelled };
}
