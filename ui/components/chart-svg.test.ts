import { barChartSvg, chartDescription, svgForStrictCsp } from './chart-svg';

describe('server-drawn charts', () => {
  it('turns style attributes into presentation attributes and drops <style>, so the page CSP holds', () => {
    const svg = svgForStrictCsp(
      '<svg><text style="font-size:12px;font-family:sans-serif;cursor:pointer;" x="1">a</text><style><![CDATA[.x:hover{fill:red}]]></style></svg>',
    );
    expect(svg).toBe('<svg><text font-size="12px" font-family="sans-serif" x="1">a</text></svg>');
  });

  it('draws one bar per row with the labels as text, no inline style, and escapes what it writes', () => {
    const svg = barChartSvg({
      title: 'SLA met',
      labels: ['service-complaint', '<script>'],
      values: [66.7, null],
      valueLabel: '% met',
    });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('service-complaint');
    expect(svg).toContain('66.7');
    expect(svg).not.toMatch(/ style="/);
    expect(svg).not.toContain('<style');
    expect(svg).not.toContain('<script>');
  });

  it('describes the chart in words for assistive technology', () => {
    expect(
      chartDescription({ title: 'SLA met by service', labels: ['a', 'b'], values: [50, null], valueLabel: '% met' }),
    ).toBe('Bar chart of % met, SLA met by service: a 50; b no value.');
    expect(chartDescription({ title: 'x', labels: [], values: [], valueLabel: 'Open cases' })).toBe(
      'Chart of Open cases: no data in this period.',
    );
  });
});
