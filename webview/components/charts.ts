// Small charts as plain SVG: built node by node with createElementNS, text only through
// textContent, colours only from the theme (CSS classes in media/webview.css map series to
// --vscode-charts-* variables). The SVG itself is hidden from screen readers: every chart comes
// with a table that holds its numbers (`dataTable`), visually hidden where the chart shows them.
import { element } from '../dom';

const SVG_NS = 'http://www.w3.org/2000/svg';

type SvgAttributes = Readonly<Record<string, string | number>>;

function svgElement<K extends keyof SVGElementTagNameMap>(tag: K, attributes: SvgAttributes = {}, children: readonly Node[] = []): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (/^on/i.test(name)) throw new Error(`event handler attributes are never set: ${name}`);
    node.setAttribute(name, String(value));
  }
  for (const child of children) node.append(child);
  return node;
}

function svgText(text: string, attributes: SvgAttributes): SVGTextElement {
  const node = svgElement('text', attributes);
  node.textContent = text;
  return node;
}

function tooltip(text: string): SVGTitleElement {
  const node = svgElement('title');
  node.textContent = text;
  return node;
}

/** A decimal of at most 4 places, for coordinates given in percent. */
function pct(value: number): string {
  return `${Number(value.toFixed(4))}%`;
}

export interface ChartSeries {
  readonly name: string;
  /** The CSS class that colours the series, e.g. `series-subject`. */
  readonly className: string;
  readonly values: readonly number[];
}

export interface ColumnChartOptions {
  /** The label under each group of columns. */
  readonly categories: readonly string[];
  /**
   * Labels of the boundaries between groups instead (one fewer than the groups), as a histogram
   * marks its bin edges: shorter than a range under every group, so narrow charts stay legible.
   */
  readonly edges?: readonly string[];
  readonly series: readonly ChartSeries[];
  /** The class of one column, when it is not its series' (e.g. coloured by score). */
  readonly columnClass?: (series: number, category: number) => string;
  /** How a value is written: above single-series columns, at the top grid line, in tooltips. */
  readonly format: (value: number) => string;
  /** The tooltip of one column. */
  readonly describe: (series: number, category: number) => string;
  /** Height in pixels of the whole chart, labels included. */
  readonly height?: number;
  readonly id?: string;
}

const TOP = 18;
const BOTTOM = 22;

/**
 * Vertical columns, one group per category and one column per series in each group. Widths are
 * in percent, so the chart follows the width of the sidebar without measuring it; heights are
 * in pixels so text keeps its size. One series gets its values above the columns (none above an
 * empty one); several get a dashed line at the top with the highest value instead (the numbers
 * are in the chart's table).
 */
export function columnChart(options: ColumnChartOptions): SVGSVGElement {
  const height = options.height ?? 140;
  const plot = height - TOP - BOTTOM;
  const baseline = TOP + plot;
  const groups = Math.max(1, options.categories.length);
  const perGroup = Math.max(1, options.series.length);
  const max = Math.max(0, ...options.series.flatMap((series) => series.values));
  const scale = max > 0 ? max : 1;
  const groupWidth = 100 / groups;
  const inner = groupWidth * (perGroup > 1 ? 0.8 : 0.62);
  const columnWidth = inner / perGroup;
  const single = options.series.length === 1;

  const children: Node[] = [];
  if (!single && max > 0) {
    children.push(svgElement('line', { class: 'chart-grid', x1: '0', x2: '100%', y1: TOP, y2: TOP }));
    children.push(svgText(options.format(max), { class: 'chart-value', x: '0', y: TOP - 5, 'text-anchor': 'start' }));
  }
  options.categories.forEach((category, c) => {
    const groupStart = c * groupWidth + (groupWidth - inner) / 2;
    options.series.forEach((series, s) => {
      const value = series.values[c] ?? 0;
      const columnHeight = value > 0 ? Math.max(1, (plot * value) / scale) : 0;
      const x = groupStart + s * columnWidth;
      const className = options.columnClass?.(s, c) ?? series.className;
      children.push(
        svgElement(
          'rect',
          { class: `chart-column ${className}`, x: pct(x), width: pct(columnWidth), y: (baseline - columnHeight).toFixed(1), height: columnHeight.toFixed(1) },
          [tooltip(options.describe(s, c))],
        ),
      );
      if (single && value > 0) {
        children.push(svgText(options.format(value), { class: 'chart-value', x: pct(x + columnWidth / 2), y: (baseline - columnHeight - 4).toFixed(1), 'text-anchor': 'middle' }));
      }
    });
    if (!options.edges) children.push(svgText(category, { class: 'chart-category', x: pct(c * groupWidth + groupWidth / 2), y: height - 6, 'text-anchor': 'middle' }));
  });
  options.edges?.forEach((edge, e) => {
    const x = pct((e + 1) * groupWidth);
    // Every other edge is `minor`: a very narrow view hides those (media/webview.css).
    const minor = e % 2 === 1 ? ' minor' : '';
    children.push(svgElement('line', { class: `chart-tick${minor}`, x1: x, x2: x, y1: baseline, y2: baseline + 4 }));
    children.push(svgText(edge, { class: `chart-category${minor}`, x, y: height - 6, 'text-anchor': 'middle' }));
  });
  children.push(svgElement('line', { class: 'chart-axis', x1: '0', x2: '100%', y1: baseline + 0.5, y2: baseline + 0.5 }));

  const chart = svgElement('svg', { class: 'chart column-chart', width: '100%', height, 'aria-hidden': 'true', focusable: 'false' }, children);
  if (options.id !== undefined) chart.id = options.id;
  return chart;
}

/** One horizontal bar filled to `fraction` (0–1) of its width, over a faint track. */
export function meter(fraction: number, className: string, height = 8): SVGSVGElement {
  const share = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  return svgElement('svg', { class: 'chart meter', width: '100%', height, 'aria-hidden': 'true', focusable: 'false' }, [
    svgElement('rect', { class: 'meter-track', x: '0', y: '0', width: '100%', height }),
    ...(share > 0 ? [svgElement('rect', { class: `meter-fill ${className}`, x: '0', y: '0', width: pct(Math.max(share * 100, 0.5)), height })] : []),
  ]);
}

/** Names and colours of a chart's series, as a row of swatches. */
export function legend(series: readonly Pick<ChartSeries, 'name' | 'className'>[]): HTMLElement {
  return element(
    'ul',
    { className: 'chart-legend', attributes: { 'aria-hidden': 'true' } },
    series.map((entry) =>
      element('li', {}, [
        svgElement('svg', { class: 'legend-swatch', width: 10, height: 10, focusable: 'false' }, [svgElement('rect', { class: entry.className, x: 0, y: 0, width: 10, height: 10 })]),
        element('span', { text: entry.name }),
      ]),
    ),
  );
}

/**
 * A chart's numbers as a table, for screen readers (visually hidden) or for everyone. The first
 * cell of each row is its header.
 */
export function dataTable(caption: string, headers: readonly string[], rows: readonly (readonly string[])[], options: { visuallyHidden?: boolean; id?: string } = {}): HTMLTableElement {
  const table = element('table', { className: options.visuallyHidden === false ? 'data-table' : 'data-table visually-hidden', ...(options.id !== undefined ? { id: options.id } : {}) }, [
    element('caption', { text: caption }),
    element('thead', {}, [element('tr', {}, headers.map((header) => element('th', { text: header, attributes: { scope: 'col' } })))]),
    element(
      'tbody',
      {},
      rows.map((row) => element('tr', {}, row.map((cell, index) => (index === 0 ? element('th', { text: cell, attributes: { scope: 'row' } }) : element('td', { text: cell }))))),
    ),
  ]);
  return table;
}
