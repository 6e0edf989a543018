import '../jitlessValidation';
import {
  hostToHealthMessage,
  type HealthErrorMessage,
  type HealthLengths,
  type HealthLoadingMessage,
  type HealthReportMessage,
  type HealthSubject,
  type HealthToHostMessage,
  type HostToHealthMessage,
} from '../../src/protocol/webviewMessages';
import { columnChart, dataTable, legend, meter, type ChartSeries } from '../components/charts';
import { button, progressRing, tag } from '../components/toolkit';
import { element, replaceChildren } from '../dom';
import { connectToHost } from '../hostBridge';
import { format, languageName, stringsFor, type Strings } from '../l10n';

const app = document.getElementById('app');
if (!app) throw new Error('the Dataset Health webview has no #app element');
const root: HTMLElement = app;

let strings: Strings = stringsFor(navigator.language);
let locale = navigator.language;
/** Focus goes back to the refresh button once the figures it asked for arrive. */
let refreshing = false;
replaceChildren(root, element('div', { className: 'loading' }, [progressRing(strings.loading)]));

const host = connectToHost<HostToHealthMessage, HealthToHostMessage>('health', hostToHealthMessage, (message) => {
  switch (message.type) {
    case 'init':
      strings = stringsFor(message.environment.locale);
      locale = message.environment.locale;
      document.documentElement.lang = locale;
      // With a subject, its state follows at once; until then the spinner stays.
      if (message.subject === null) renderEmpty();
      break;
    case 'healthLoading':
      renderLoading(message);
      break;
    case 'healthReport':
      renderReport(message);
      break;
    case 'healthError':
      renderError(message);
      break;
  }
});

// ---- states ---------------------------------------------------------------------------

function renderEmpty(): void {
  replaceChildren(root, element('section', { className: 'empty-state compact', id: 'health-empty' }, [element('p', { text: strings.healthEmpty })]));
}

function renderLoading(message: HealthLoadingMessage): void {
  const text = format(strings.healthComputing, displayName(message.subject));
  replaceChildren(root, element('div', { className: 'loading', id: 'health-loading', attributes: { role: 'status' } }, [progressRing(text), element('span', { text })]));
}

function renderError(message: HealthErrorMessage): void {
  replaceChildren(
    root,
    element('section', { className: 'health-error', id: 'health-error' }, [
      element('div', { className: 'health-title-row' }, [
        element('h2', { className: 'health-subject', text: format(strings.healthCannotShow, displayName(message.subject)), attributes: { title: message.subject.name } }),
        refreshButton(message.subject),
      ]),
      element('p', { className: 'banner error', text: message.message, attributes: { role: 'alert' } }),
    ]),
  );
  restoreFocus();
}

function renderReport(report: HealthReportMessage): void {
  replaceChildren(
    root,
    header(report),
    scoresSection(report),
    lengthSection(report),
    report.labels.length > 0 || (report.seedLabels?.length ?? 0) > 0 ? labelsSection(report) : null,
    diversitySection(report),
    duplicatesSection(report),
    report.comparison ? comparisonSection(report.comparison) : null,
  );
  restoreFocus();
}

function restoreFocus(): void {
  if (!refreshing) return;
  refreshing = false;
  document.getElementById('health-refresh')?.focus();
}

// ---- header ---------------------------------------------------------------------------

function displayName(subject: HealthSubject): string {
  return subject.kind === 'file' ? (subject.name.split(/[\\/]/).pop() ?? subject.name) : subject.name;
}

function refreshButton(subject: HealthSubject): HTMLElement {
  const label = format(strings.healthRefreshLabel, displayName(subject));
  const refresh = button('↻', {
    appearance: 'icon',
    id: 'health-refresh',
    ariaLabel: label,
    onClick: () => {
      refreshing = true;
      host.post({ type: 'refreshHealth' });
    },
  });
  refresh.title = label;
  return refresh;
}

function header(report: HealthReportMessage): HTMLElement {
  const { subject } = report;
  const name = displayName(subject);
  const folder = subject.kind === 'file' && name !== subject.name ? subject.name.slice(0, subject.name.length - name.length).replace(/[\\/]$/, '') : null;
  const problems = [
    report.problems.errors > 0 ? plural(report.problems.errors, strings.healthErrorsOne, strings.healthErrorsOther) : null,
    report.problems.warnings > 0 ? plural(report.problems.warnings, strings.healthWarningsOne, strings.healthWarningsOther) : null,
  ].filter((text): text is string => text !== null);
  return element('header', { className: 'health-header', id: 'health-header' }, [
    element('div', { className: 'health-title-row' }, [
      element('h2', { className: 'health-subject', id: 'health-subject', text: name, attributes: { title: subject.name } }),
      refreshButton(subject),
    ]),
    folder ? element('p', { className: 'health-folder', text: folder }) : null,
    element('div', { className: 'facts health-facts' }, [
      tag(subject.kind === 'file' ? strings.healthKindFile : strings.healthKindRun),
      element('span', { className: 'health-format', id: 'health-format', text: [report.container ? containerName(report.container) : null, report.format].filter((part) => part !== null).join(' · ') }),
      element('span', { className: 'health-records', id: 'health-records', text: plural(report.records, strings.healthRecordsOne, strings.healthRecordsOther) }),
      problems.length > 0 ? element('span', { className: 'health-problems', id: 'health-problems', text: problems.join(' · ') }) : null,
    ]),
    report.seedFile !== null && report.seedRecords !== null
      ? element('p', { className: 'health-note', id: 'health-compared', text: format(strings.healthComparedWith, report.seedFile, plural(report.seedRecords, strings.healthRecordsOne, strings.healthRecordsOther)) })
      : null,
    report.seedUnreadable !== null ? element('p', { className: 'banner', id: 'health-seed-unreadable', text: format(strings.healthSeedUnreadable, report.seedUnreadable) }) : null,
  ]);
}

function containerName(container: NonNullable<HealthReportMessage['container']>): string {
  switch (container) {
    case 'jsonl':
      return strings.containerJsonl;
    case 'json-array':
      return strings.containerJsonArray;
    case 'csv':
      return strings.containerCsv;
  }
}

// ---- sections -------------------------------------------------------------------------

function section(id: string, title: string, children: readonly (Node | null)[]): HTMLElement {
  return element('section', { className: 'health-section', id, attributes: { 'aria-labelledby': `${id}-title` } }, [element('h3', { id: `${id}-title`, text: title }), ...children]);
}

function scoresSection(report: HealthReportMessage): HTMLElement {
  const scores = report.scores;
  if (!scores) {
    return section('health-scores', strings.healthScoresTitle, [
      element('p', { className: 'health-none', id: 'health-no-scores', text: strings.healthNoScores }),
      element('p', { className: 'health-note', text: report.subject.kind === 'file' ? strings.healthNoScoresFile : strings.healthNoScoresRun }),
    ]);
  }
  const categories = ['1', '2', '3', '4', '5'];
  const describe = (_series: number, category: number): string => `${categories[category] ?? ''}: ${countShare(scores.histogram[category] ?? 0, scores.count)}`;
  return section('health-scores', strings.healthScoresTitle, [
    element('p', { className: 'health-note', text: format(strings.healthScoreMean, fixed(scores.mean, 2), number(scores.count)) }),
    columnChart({
      id: 'health-scores-chart',
      categories,
      series: [{ name: strings.healthScoreColumn, className: 'series-subject', values: scores.histogram }],
      columnClass: (_series, category) => (category <= 1 ? 'score-low' : category === 2 ? 'score-mid' : 'score-high'),
      format: (value) => number(value),
      describe,
      height: 120,
    }),
    dataTable(
      strings.healthScoresCaption,
      [strings.healthScoreColumn, strings.healthSeriesRecords],
      categories.map((category, index) => [category, countShare(scores.histogram[index] ?? 0, scores.count)]),
    ),
  ]);
}

function subjectSeriesName(report: HealthReportMessage): string {
  if (report.subject.kind === 'run') return strings.healthSeriesCandidates;
  return report.seedLengths ? strings.healthSeriesSynthetic : strings.healthSeriesRecords;
}

function lengthSection(report: HealthReportMessage): HTMLElement {
  const bins = report.lengthBins;
  const short = (limit: number): string => (limit >= 1000 && limit % 1000 === 0 ? `${limit / 1000}k` : String(limit));
  const categories = [...bins.map((limit) => `≤${short(limit)}`), `>${short(bins.at(-1) ?? 0)}`];
  const edges = bins.map(short);
  const longNames = [...bins.map((limit) => format(strings.healthLengthUpTo, number(limit))), format(strings.healthLengthOver, number(bins.at(-1) ?? 0))];
  const series: { name: string; className: string; lengths: HealthLengths }[] = [];
  if (report.seedLengths) series.push({ name: strings.healthSeriesSeeds, className: 'series-seeds', lengths: report.seedLengths });
  series.push({ name: subjectSeriesName(report), className: 'series-subject', lengths: report.lengths });
  const compared = series.length > 1;
  // Two series of different sizes compare by share; one series shows its counts.
  const chartSeries: ChartSeries[] = series.map((entry) => ({
    name: entry.name,
    className: entry.className,
    values: entry.lengths.histogram.map((count) => (compared ? share(count, entry.lengths.count) : count)),
  }));
  const summaries = series.map((entry) =>
    element('li', {}, [
      element('span', { text: format(strings.healthLengthSummary, entry.name, number(entry.lengths.median), number(entry.lengths.p90), number(entry.lengths.max)) }),
    ]),
  );
  return section('health-lengths', strings.healthLengthTitle, [
    compared ? legend(series) : null,
    columnChart({
      id: 'health-lengths-chart',
      categories,
      edges,
      series: chartSeries,
      format: (value) => (compared ? percent(value) : number(value)),
      describe: (s, c) => {
        const entry = series[s];
        return entry ? `${entry.name} · ${longNames[c] ?? ''}: ${countShare(entry.lengths.histogram[c] ?? 0, entry.lengths.count)}` : '';
      },
      height: 140,
    }),
    element('p', { className: 'chart-axis-title', text: strings.healthLengthAxis }),
    compared ? element('p', { className: 'health-note', text: strings.healthLengthShares }) : null,
    element('ul', { className: 'health-list' }, summaries),
    dataTable(
      strings.healthLengthCaption,
      [strings.healthLengthBinColumn, ...series.map((entry) => entry.name)],
      longNames.map((name, bin) => [name, ...series.map((entry) => countShare(entry.lengths.histogram[bin] ?? 0, entry.lengths.count))]),
    ),
  ]);
}

function labelsSection(report: HealthReportMessage): HTMLElement {
  const seeds = report.seedLabels;
  const mine = new Map(report.labels.map((entry) => [entry.label, entry.count]));
  const theirs = new Map((seeds ?? []).map((entry) => [entry.label, entry.count]));
  const labels = [...report.labels.map((entry) => entry.label), ...(seeds ?? []).map((entry) => entry.label).filter((label) => !mine.has(label))];
  const seedTotal = (seeds ?? []).reduce((sum, entry) => sum + entry.count, 0);
  const subjectName = subjectSeriesName(report);
  const rows = labels.map((label) => {
    const count = mine.get(label) ?? 0;
    const bars: Node[] = [
      element('span', { className: 'label-series', text: seeds ? subjectName : '' }),
      meter(share(count, report.records), 'series-subject'),
      element('span', { className: 'label-value', text: countShare(count, report.records) }),
    ];
    if (seeds) {
      const seedCount = theirs.get(label) ?? 0;
      bars.push(
        element('span', { className: 'label-series', text: strings.healthSeriesSeeds }),
        meter(share(seedCount, seedTotal), 'series-seeds'),
        element('span', { className: 'label-value', text: countShare(seedCount, seedTotal) }),
      );
    }
    return element('li', { className: 'label-row' }, [element('span', { className: 'label-name', text: label, attributes: { title: label } }), element('div', { className: seeds ? 'label-bars compared' : 'label-bars' }, bars)]);
  });
  return section('health-labels', strings.healthLabelsTitle, [seeds ? legend([{ name: subjectName, className: 'series-subject' }, { name: strings.healthSeriesSeeds, className: 'series-seeds' }]) : null, element('ul', { className: 'label-list' }, rows)]);
}

function diversitySection(report: HealthReportMessage): HTMLElement {
  const seeds = report.seedDiversity;
  const figure = (id: string, name: string, value: number, seedValue: number | undefined): HTMLElement =>
    element('div', { className: 'figure', id }, [
      element('dt', { text: name }),
      element('dd', {}, [
        element('span', { className: 'figure-value', text: fixed(value, 3) }),
        seedValue !== undefined ? element('span', { className: 'figure-context', text: `${strings.healthSeriesSeeds} ${fixed(seedValue, 3)}` }) : null,
      ]),
    ]);
  const total = report.languages.reduce((sum, entry) => sum + entry.count, 0);
  return section('health-diversity', strings.healthDiversityTitle, [
    element('dl', { className: 'figures' }, [
      figure('health-distinct-1', strings.healthDistinct1, report.diversity.distinct1, seeds?.distinct1),
      figure('health-distinct-2', strings.healthDistinct2, report.diversity.distinct2, seeds?.distinct2),
    ]),
    element('p', { className: 'health-note', text: strings.healthDistinctHint }),
    element('h4', { text: strings.healthLanguages }),
    element(
      'ul',
      { className: 'health-list', id: 'health-languages' },
      report.languages.map((entry) => element('li', {}, [element('span', { text: languageName(strings, entry.language) }), element('span', { className: 'label-value', text: countShare(entry.count, total) })])),
    ),
  ]);
}

function duplicatesSection(report: HealthReportMessage): HTMLElement {
  const { duplicates } = report;
  const cell = (value: number | null): string => (value === null ? strings.healthDupNotCounted : number(value));
  const rows: string[][] = [[report.subject.kind === 'file' ? strings.healthDupWithinFile : strings.healthDupWithinRun, cell(duplicates.within.exact), cell(duplicates.within.near)]];
  if (duplicates.againstSeeds) rows.push([strings.healthDupAgainstSeeds, cell(duplicates.againstSeeds.exact), cell(duplicates.againstSeeds.near)]);
  const exactOnly = duplicates.within.near === null;
  return section('health-duplicates', strings.healthDuplicatesTitle, [
    dataTable(strings.healthDuplicatesTitle, ['', strings.healthDupExact, strings.healthDupNear], rows, { visuallyHidden: false, id: 'health-duplicates-table' }),
    exactOnly ? element('p', { className: 'banner', text: format(strings.healthDupExactOnly, number(duplicates.nearLimit)) }) : null,
    element('p', { className: 'health-note', text: format(strings.healthDupHint, number(duplicates.threshold, 2)) }),
  ]);
}

function comparisonSection(comparison: NonNullable<HealthReportMessage['comparison']>): HTMLElement {
  const times = (value: number | null): string => (value === null ? strings.healthNotAvailable : format(strings.healthTimes, fixed(value, 2)));
  const entries: [string, string, string, string][] = [
    ['health-unigram-jsd', strings.healthUnigramJsd, fixed(comparison.unigramJsDivergence, 3), strings.healthUnigramJsdHint],
    ['health-bigram-jsd', strings.healthBigramJsd, fixed(comparison.bigramJsDivergence, 3), strings.healthBigramJsdHint],
    ['health-response-ratio', strings.healthResponseRatio, times(comparison.responseLengthRatio), strings.healthResponseRatioHint],
    ['health-prompt-ratio', strings.healthPromptRatio, times(comparison.promptLengthRatio), strings.healthPromptRatioHint],
  ];
  if (comparison.labelShift !== null) entries.push(['health-label-shift', strings.healthLabelShift, fixed(comparison.labelShift, 3), strings.healthLabelShiftHint]);
  return section('health-comparison', strings.healthComparisonTitle, [
    element(
      'dl',
      { className: 'comparison' },
      entries.map(([id, name, value, hint]) =>
        element('div', { className: 'comparison-row', id }, [
          element('dt', { text: name }),
          element('dd', { className: 'figure-value', text: value }),
          element('dd', { className: 'health-note', text: hint }),
        ]),
      ),
    ),
  ]);
}

// ---- numbers --------------------------------------------------------------------------

function number(value: number, fractionDigits = 0): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: fractionDigits }).format(value);
}

/** Always `digits` decimals, so figures line up: 0.700, 1.25. */
function fixed(value: number, digits: number): string {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

function percent(value: number): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: value > 0 && value < 0.1 ? 1 : 0 }).format(value);
}

function share(count: number, total: number): number {
  return total > 0 ? count / total : 0;
}

function countShare(count: number, total: number): string {
  return format(strings.healthCountShare, number(count), percent(share(count, total)));
}

function plural(count: number, one: string, other: string): string {
  return count === 1 ? one : format(other, number(count));
}
