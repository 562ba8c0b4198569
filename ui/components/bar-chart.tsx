/** A server-drawn bar chart as one image for assistive technology, described in words (the table beside it has the figures). */
import { barChartSvg, chartDescription, type BarChartInput } from './chart-svg';

export function BarChart(props: BarChartInput & { id: string }) {
  return (
    <div
      class="cf-chart"
      id={props.id}
      role="img"
      aria-label={chartDescription(props)}
      dangerouslySetInnerHTML={{ __html: barChartSvg(props) }}
    />
  );
}
