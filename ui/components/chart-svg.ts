/**
 * Bar charts drawn on the server: ECharts' SSR renderer (`renderToSVGString`, `aria` on) → an SVG the
 * page inlines, so charts need no JavaScript. Two adjustments for the page's CSP (no inline styles):
 * `style="…"` attributes become SVG presentation attributes and ECharts' hover `<style>` is dropped.
 * ECharts writes its aria description only onto a browser DOM node (its SSR path skips it), so the
 * description is worded here and put on the figure by the caller.
 */
import * as echarts from 'echarts';

export interface BarChartInput {
  title: string;
  labels: readonly string[];
  values: readonly (number | null)[];
  valueLabel: string;
  width?: number;
}

/** Properties SVG also takes as attributes (what ECharts writes into style for text). */
const PRESENTATION = new Set([
  'font-size',
  'font-family',
  'font-weight',
  'font-style',
  'fill',
  'stroke',
  'opacity',
  'fill-opacity',
  'stroke-opacity',
  'stroke-width',
  'text-anchor',
  'dominant-baseline',
]);

/** The SVG with its style attributes turned into presentation attributes and its <style> blocks removed. */
export function svgForStrictCsp(svg: string): string {
  return svg
    .replace(/<style[^>]*>[\s\S]*?<\/style>/g, '')
    .replace(/ style="([^"]*)"/g, (_match, declarations: string) =>
      declarations
        .split(';')
        .map((declaration) => declaration.split(':').map((part) => part.trim()))
        .filter(
          ([property, value]) =>
            property !== undefined &&
            value !== undefined &&
            PRESENTATION.has(property) &&
            /^[\w\s,.#%()'-]+$/.test(value),
        )
        .map(([property, value]) => ` ${property}="${(value ?? '').replace(/"/g, "'")}"`)
        .join(''),
    );
}

/** "Chart of % met by service: service-complaint 66.7, building-permit 100." */
export function chartDescription(input: BarChartInput): string {
  if (input.labels.length === 0) return `Chart of ${input.valueLabel}: no data in this period.`;
  const points = input.labels.map((label, i) => `${label} ${input.values[i] ?? 'no value'}`);
  return `Bar chart of ${input.valueLabel}, ${input.title}: ${points.join('; ')}.`;
}

export function barChartSvg(input: BarChartInput): string {
  const width = input.width ?? 640;
  const height = Math.max(160, 60 + input.labels.length * 28);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({
      animation: false,
      aria: { enabled: true },
      grid: { left: 8, right: 48, top: 16, bottom: 24, containLabel: true },
      xAxis: {
        type: 'value',
        name: input.valueLabel,
        nameLocation: 'middle',
        nameGap: 24,
        axisLabel: { color: '#1b1b1b' },
      },
      yAxis: {
        type: 'category',
        inverse: true,
        data: [...input.labels],
        axisLabel: { color: '#1b1b1b', width: 220, overflow: 'truncate' },
      },
      // USWDS primary blue: 8.6:1 on white; values printed at the end of each bar.
      series: [
        {
          type: 'bar',
          data: [...input.values],
          itemStyle: { color: '#005ea2' },
          label: { show: true, position: 'right', color: '#1b1b1b' },
        },
      ],
    });
    return svgForStrictCsp(chart.renderToSVGString());
  } finally {
    chart.dispose();
  }
}
