import '../jitlessValidation';
import {
  type CandidateDetail,
  type DetailField,
  hostToReviewMessage,
  type HostToReviewMessage,
  type ReviewCounts,
  type ReviewFilterForm,
  type ReviewInitMessage,
  type ReviewRowInfo,
  type ReviewSortOrder,
  type ReviewStatus,
  type ReviewToHostMessage,
  type RevisionMessage,
  type RowsMessage,
} from '../../src/protocol/reviewMessages';
import { button, divider, dropdown, progressRing, setDisabled, tag, textField } from '../components/toolkit';
import { element, replaceChildren } from '../dom';
import { connectToHost } from '../hostBridge';
import { format, stringsFor, type Strings } from '../l10n';

const app = document.getElementById('app');
if (!app) throw new Error('the Review webview has no #app element');
const root: HTMLElement = app;

/** Every row of the list has this height in pixels: the list positions rows by index. */
const ROW_HEIGHT = 28;
let firstRowsMarked = false;
/**
 * Rows asked for beyond the visible ones, above and below: while the list scrolls fast, one
 * answer keeps the rows in sight drawn for several frames.
 */
const OVERSCAN = 100;
/** The most rows one answer brings (the protocol's limit). */
const MAX_ROWS = 500;
/** Where the list was when rows were last asked for: which way it scrolls. */
let lastQueryTop = 0;
const STATUSES: readonly ReviewStatus[] = ['pending', 'accepted', 'rejected', 'failed'];

/** What VS Code keeps for the panel across reloads. */
interface SavedState {
  readonly runId: string | null;
  readonly selectedId: string | null;
  readonly filter: ReviewFilterForm;
  readonly sort: ReviewSortOrder;
  readonly scrollTop: number;
  readonly seedFile: string | null;
}

let strings: Strings = stringsFor(navigator.language);
replaceChildren(root, element('div', { className: 'loading' }, [progressRing(strings.loading), element('span', { text: strings.loading })]));

/** What there is to review: candidates decided in the panel stay in the view until the filter changes. */
const defaultFilter: ReviewFilterForm = { statuses: ['pending'], flagged: false, scoreBelow: null, search: '' };

let init: ReviewInitMessage | undefined;
let filter: ReviewFilterForm = defaultFilter;
let sort: ReviewSortOrder = 'order';
let selectedId: string | null = null;
/** Index in the current view of the selected row, when known. */
let selectedIndex = -1;
/** After the rows arrive, select the row at this index. */
let pendingIndex: number | null = null;
let total = 0;
let window_: { start: number; rows: ReviewRowInfo[] } = { start: 0, rows: [] };
let requestId = 0;
/** The newest request answered, and the first whose answer fits the current filter, sort and data. */
let answeredId = 0;
let validFromId = 0;
let shownId = 0;
let frame = 0;
let detail: CandidateDetail | null = null;
let editing = false;
let counts: ReviewCounts = { pending: 0, accepted: 0, rejected: 0, failed: 0 };
let canUndo = false;
/** Share of a long journal read so far, while the first candidates are shown; null when all is read. */
let loading: number | null = null;
let threshold = 4;
/** Revisions asked for in this view, by candidate: being made, ready to apply, or failed. */
const revisions = new Map<string, RevisionMessage>();

// Elements of the run view, made by renderRun.
let list: HTMLElement | undefined;
let spacer: HTMLElement | undefined;
let detailPane: HTMLElement | undefined;
let showing: HTMLElement | undefined;
let chips: HTMLElement | undefined;
let notice: HTMLElement | undefined;
let confirmBar: HTMLElement | undefined;
let undoButton: HTMLElement | undefined;
let restoreScroll = 0;

const host = connectToHost<HostToReviewMessage, ReviewToHostMessage>('review', hostToReviewMessage, (message) => {
  switch (message.type) {
    case 'init':
      onInit(message);
      break;
    case 'rows':
      onRows(message);
      break;
    case 'changed':
      counts = message.counts;
      canUndo = message.canUndo;
      loading = message.loading;
      renderChips();
      if (undoButton) setDisabled(undoButton, !canUndo);
      queryRows();
      break;
    case 'detail':
      if (message.candidate === null || message.candidate.id === selectedId) {
        detail = message.candidate;
        if (!editing || detail?.id !== editingId()) renderDetail();
      }
      break;
    case 'editResult':
      onEditResult(message.ok, message.errors);
      break;
    case 'notice':
      showNotice(message.level, message.message);
      break;
    case 'revision':
      onRevision(message);
      break;
  }
});

function savedState(): Partial<SavedState> {
  const state = host.getState();
  return typeof state === 'object' && state !== null ? state : {};
}

function saveState(): void {
  const state: SavedState = { runId: init?.run?.id ?? null, selectedId, filter, sort, scrollTop: list?.scrollTop ?? 0, seedFile: init?.seedFile ?? null };
  host.setState(state);
}

function onInit(message: ReviewInitMessage): void {
  strings = stringsFor(message.environment.locale);
  document.documentElement.lang = message.environment.locale;
  const sameRun = init?.run?.id === message.run?.id;
  const saved = savedState();
  if (!sameRun || init === undefined) {
    if (message.run !== null && saved.runId === message.run.id) {
      filter = saved.filter ?? defaultFilter;
      sort = saved.sort ?? 'order';
      restoreScroll = saved.scrollTop ?? 0;
      selectedId = message.selectedId ?? saved.selectedId ?? null;
    } else {
      filter = defaultFilter;
      sort = 'order';
      restoreScroll = 0;
      selectedId = message.selectedId;
    }
  } else {
    restoreScroll = list?.scrollTop ?? 0;
    if (message.selectedId !== null) selectedId = message.selectedId;
  }
  if (!sameRun) revisions.clear();
  init = message;
  document.body.classList.toggle('layout-sidebar', message.layout === 'sidebar');
  counts = message.counts;
  canUndo = message.canUndo;
  loading = message.loading;
  detail = null;
  editing = false;
  selectedIndex = -1;
  window_ = { start: 0, rows: [] };
  if (message.run === null) renderEmpty(message);
  else renderRun(message);
  saveState();
}

// ---- empty state ---------------------------------------------------------------------

function header(state: ReviewInitMessage): HTMLElement {
  const run = state.run;
  return element('header', { className: 'view-header' }, [
    element('h1', { text: strings.reviewTitle }),
    run ? null : element('p', { className: 'subtitle', text: strings.reviewSubtitle }),
    element('div', { className: 'facts' }, [
      fact(strings.workspace, state.environment.workspaceName ?? strings.noWorkspace),
      run ? fact(strings.seedFile, run.seedFile, 'seed-file') : state.seedFile !== null ? fact(strings.seedFile, state.seedFile, 'seed-file') : null,
      run ? fact(strings.rvStrategy, run.strategy) : null,
      run ? fact(strings.rvRun, run.id, 'run-id') : null,
    ]),
    run && state.runs.length > 1 ? runPicker(state) : null,
  ]);
}

/** Another run of the workspace to review; newest first, as the host lists them. */
function runPicker(state: ReviewInitMessage): HTMLElement {
  return dropdown({
    id: 'run-picker',
    label: strings.rvRunPicker,
    value: state.run?.id ?? '',
    options: state.runs.map((r) => ({ value: r.id, label: `${r.id} · ${r.seedFile}` })),
    onChange: (value) => { host.post({ type: 'selectRun', runId: value }); },
  }).root;
}

function renderEmpty(state: ReviewInitMessage): void {
  list = undefined;
  const forSeed = state.seedFile !== null;
  const banner = state.environment.workspaceTrusted ? null : element('p', { className: 'banner warning', id: 'restricted', text: strings.restricted, attributes: { role: 'status' } });
  replaceChildren(
    root,
    header(state),
    banner,
    divider(),
    element('section', { className: 'empty-state', id: 'empty-state' }, [
      element('h2', { text: forSeed ? strings.noCandidatesForSeed : strings.noRunsTitle }),
      forSeed ? null : element('p', { text: strings.noRunsBody }),
      forSeed || !state.environment.workspaceTrusted ? null : button(strings.generate, { id: 'generate', onClick: () => { host.post({ type: 'requestGenerate' }); } }),
    ]),
    footer(state.environment.extensionVersion),
  );
}

function fact(label: string, value: string, id?: string): HTMLElement {
  const value_ = tag(value);
  if (id !== undefined) value_.id = id;
  return element('span', { className: 'fact' }, [element('span', { className: 'fact-label', text: `${label}:` }), value_]);
}

function footer(version: string): HTMLElement {
  return element('footer', { className: 'view-footer', text: format(strings.version, version) });
}

// ---- the run -------------------------------------------------------------------------

function statusLabel(status: string): string {
  switch (status) {
    case 'pending':
      return strings.rvStatusPending;
    case 'accepted':
      return strings.rvStatusAccepted;
    case 'rejected':
      return strings.rvStatusRejected;
    case 'failed':
      return strings.rvStatusFailed;
    default:
      return status;
  }
}

function renderRun(state: ReviewInitMessage): void {
  chips = element('div', { className: 'rv-chips', attributes: { role: 'group', 'aria-label': strings.rvFilters } });
  renderChips();
  const flagged = element('input', { id: 'filter-flagged', attributes: { type: 'checkbox' } });
  flagged.checked = filter.flagged;
  flagged.addEventListener('change', () => { setFilter({ ...filter, flagged: flagged.checked }); });
  const below = textField({
    id: 'filter-score-below',
    label: strings.rvScoreBelow,
    type: 'number',
    value: filter.scoreBelow === null ? '' : String(filter.scoreBelow),
    min: '0',
    max: '10',
    step: '0.5',
    onInput: (value) => { const n = Number(value); setFilter({ ...filter, scoreBelow: value.trim() === '' || !Number.isFinite(n) ? null : Math.min(100, Math.max(0, n)) }); },
  });
  const search = textField({ id: 'filter-search', label: strings.rvSearch, value: filter.search, onInput: (value) => { setFilter({ ...filter, search: value.slice(0, 500) }); } });
  const sortField = dropdown({
    id: 'sort',
    label: strings.rvSort,
    value: sort,
    options: [
      { value: 'order', label: strings.rvSortOrder },
      { value: 'score-desc', label: strings.rvSortScoreDesc },
      { value: 'score-asc', label: strings.rvSortScoreAsc },
    ],
    onChange: (value) => {
      sort = value === 'score-desc' || value === 'score-asc' ? value : 'order';
      resetView();
    },
  });
  const toolbar = element('div', { className: 'rv-toolbar' }, [
    chips,
    element('label', { className: 'rv-check' }, [flagged, document.createTextNode(` ${strings.rvFlagged}`)]),
    below.root,
    search.root,
    sortField.root,
  ]);
  showing = element('p', { className: 'rv-showing', id: 'showing', attributes: { 'aria-live': 'polite' } });
  spacer = element('div', { className: 'rv-spacer' });
  list = element('div', { className: 'rv-list', id: 'rows', attributes: { role: 'listbox', tabindex: '0', 'aria-label': strings.rvListLabel } }, [spacer]);
  list.addEventListener('scroll', () => {
    if (frame !== 0) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      if (!visibleWithinWindow()) queryRows(false);
      drawRows();
      saveState();
    });
  });
  detailPane = element('section', { className: 'rv-detail', id: 'detail', attributes: { 'aria-live': 'polite' } });
  notice = element('p', { className: 'rv-notice', id: 'notice', attributes: { role: 'status' } });
  notice.hidden = true;
  confirmBar = element('div', { className: 'banner rv-confirm', id: 'confirm' });
  confirmBar.hidden = true;
  undoButton = button(strings.rvUndo, { id: 'undo', appearance: 'secondary', disabled: !canUndo, ariaLabel: `${strings.rvUndo} (U)`, onClick: () => { host.post({ type: 'undo' }); } });
  const thresholdField = textField({
    id: 'threshold',
    label: strings.rvThreshold,
    type: 'number',
    value: String(threshold),
    min: '0',
    max: '10',
    step: '0.5',
    onInput: (value) => {
      const n = Number(value);
      if (value.trim() !== '' && Number.isFinite(n)) threshold = Math.min(100, Math.max(0, n));
      labelBulk();
    },
  });
  const bulkAccept = button(format(strings.rvBulkAccept, String(threshold)), { id: 'bulk-accept', appearance: 'secondary', onClick: () => { confirmBulk('accept'); } });
  const bulkReject = button(format(strings.rvBulkReject, String(threshold)), { id: 'bulk-reject', appearance: 'secondary', onClick: () => { confirmBulk('reject'); } });
  const labelBulk = (): void => {
    for (const [node, template] of [[bulkAccept, strings.rvBulkAccept], [bulkReject, strings.rvBulkReject]] as const) {
      const label = format(template, String(threshold));
      node.textContent = label;
      node.setAttribute('aria-label', label);
    }
  };
  const sidebar = state.layout === 'sidebar';
  const bulk = element(sidebar ? 'details' : 'div', { className: 'rv-bulk' }, [
    element(sidebar ? 'summary' : 'h2', { text: strings.rvBulk }),
    element('div', { className: 'rv-bulk-row' }, [
      thresholdField.root,
      bulkAccept,
      bulkReject,
      undoButton,
      button(strings.rvSaveAccepted, { id: 'save-accepted', onClick: () => { host.post({ type: 'saveAccepted' }); } }),
    ]),
  ]);
  const seedProblem = state.run?.seedProblem ? element('p', { className: 'banner', text: state.run.seedProblem }) : null;
  replaceChildren(
    root,
    header(state),
    seedProblem,
    notice,
    confirmBar,
    toolbar,
    element('div', { className: 'rv-main' }, [element('div', { className: 'rv-list-column' }, [showing, list]), detailPane]),
    bulk,
    keyboardHelp(),
    footer(state.environment.extensionVersion),
  );
  renderDetail();
  list.scrollTop = restoreScroll;
  queryRows();
}

function renderChips(): void {
  if (!chips) return;
  replaceChildren(
    chips,
    ...STATUSES.map((status) => {
      const pressed = filter.statuses.includes(status);
      const chip = element('button', { className: `rv-chip status-${status}`, id: `chip-${status}`, attributes: { type: 'button', 'aria-pressed': String(pressed) } }, [
        element('span', { text: statusLabel(status) }),
        element('span', { className: 'rv-count', text: String(counts[status]) }),
      ]);
      chip.addEventListener('click', () => {
        setFilter({ ...filter, statuses: pressed ? filter.statuses.filter((s) => s !== status) : [...filter.statuses, status] });
        renderChips();
      });
      return chip;
    }),
  );
}

function setFilter(next: ReviewFilterForm): void {
  filter = next;
  resetView();
}

function resetView(): void {
  if (list) list.scrollTop = 0;
  window_ = { start: 0, rows: [] };
  selectedIndex = -1;
  queryRows();
  saveState();
}

function visibleRange(): { first: number; last: number } {
  const top = list?.scrollTop ?? 0;
  const height = list?.clientHeight ?? 400;
  const first = Math.floor(top / ROW_HEIGHT);
  return { first, last: first + Math.ceil(height / ROW_HEIGHT) };
}

function visibleWithinWindow(): boolean {
  const { first, last } = visibleRange();
  const end = window_.start + window_.rows.length;
  return first >= window_.start && (Math.min(last, total) <= end);
}

/**
 * Asks for the rows around the visible ones. `fresh`: the filter, the sort or the data changed,
 * so answers to earlier requests no longer count. A scroll asks only when no request is
 * unanswered: the extension is never flooded with windows the list has already scrolled past,
 * and each answer asks again if the list moved on meanwhile.
 */
function queryRows(fresh = true): void {
  if (!fresh && requestId > answeredId) return;
  const { first, last } = visibleRange();
  // Scrolling down, most of the window lies ahead (and the other way up): the answer stays
  // useful for as long as possible while the list moves on.
  const top = list?.scrollTop ?? 0;
  const direction = Math.sign(top - lastQueryTop);
  lastQueryTop = top;
  const start = Math.max(0, direction > 0 ? first - OVERSCAN / 2 : direction < 0 ? last - (MAX_ROWS - OVERSCAN / 2) : first - OVERSCAN);
  requestId++;
  if (fresh) validFromId = requestId;
  host.post({ type: 'queryRows', requestId, filter, sort, start, count: direction === 0 ? Math.min(MAX_ROWS, last - start + OVERSCAN) : MAX_ROWS });
}

function onRows(message: RowsMessage): void {
  answeredId = Math.max(answeredId, message.requestId);
  if (message.requestId < validFromId || message.requestId < shownId) {
    if (!visibleWithinWindow()) queryRows(false);
    return;
  }
  shownId = message.requestId;
  total = message.total;
  window_ = { start: message.start, rows: message.rows };
  const found = selectedId !== null ? message.rows.findIndex((row) => row.id === selectedId) : -1;
  if (found >= 0) selectedIndex = message.start + found;
  if (pendingIndex !== null) {
    const row = rowAt(pendingIndex);
    if (row) {
      pendingIndex = null;
      select(row.id, message.start + message.rows.indexOf(row));
    }
  } else if ((selectedId === null || (found < 0 && selectedIndex < 0)) && message.rows.length > 0 && message.start === 0) {
    if (selectedId === null) {
      const first = message.rows[0];
      if (first) select(first.id, 0);
    } else {
      // The selection is not in this window: ask for its detail anyway.
      host.post({ type: 'select', id: selectedId });
    }
  } else if (selectedId !== null && detail === null) {
    host.post({ type: 'select', id: selectedId });
  }
  drawRows();
  if (!visibleWithinWindow()) queryRows(false);
}

function rowAt(index: number): ReviewRowInfo | undefined {
  return window_.rows[index - window_.start];
}

/** A row node as drawn, and what it showed (the row and whether it was selected). */
interface DrawnRow {
  readonly key: string;
  readonly node: HTMLElement;
}
/** The row nodes in the list, by index. */
let drawnRows = new Map<number, DrawnRow>();

function drawRows(): void {
  if (!list || !spacer) return;
  spacer.style.height = `${total * ROW_HEIGHT}px`;
  if (showing) {
    const shown = total === 0 ? strings.rvNoMatch : format(strings.rvShowing, String(total), String(counts.pending + counts.accepted + counts.rejected + counts.failed));
    showing.textContent = loading === null ? shown : `${shown} · ${format(strings.rvLoading, String(Math.floor(loading * 100)))}`;
  }
  const { first, last } = visibleRange();
  const nodes: HTMLElement[] = [];
  const drawn = new Map<number, DrawnRow>();
  for (let index = Math.max(first - 5, window_.start); index < Math.min(last + 5, window_.start + window_.rows.length); index++) {
    const row = rowAt(index);
    if (!row) continue;
    const key = JSON.stringify([row, row.id === selectedId]);
    const before = drawnRows.get(index);
    const node = before?.key === key ? before.node : rowElement(row, index);
    drawn.set(index, { key, node });
    nodes.push(node);
  }
  drawnRows = drawn;
  // A scroll keeps the rows still in sight: only those that came into it are built.
  const children = list.children;
  if (children.length !== nodes.length + 1 || nodes.some((node, i) => children[i + 1] !== node)) replaceChildren(list, spacer, ...nodes);
  // The moment a reviewer first sees candidates; `npm run bench` reads it.
  if (nodes.length > 0 && !firstRowsMarked) {
    firstRowsMarked = true;
    performance.mark('seedling.review.firstRows');
  }
}

function rowElement(row: ReviewRowInfo, index: number): HTMLElement {
  const selected = row.id === selectedId;
  const node = element('div', { className: `rv-row status-${row.status}${selected ? ' selected' : ''}`, id: `row-${index}`, attributes: { role: 'option', 'aria-selected': String(selected), 'data-id': row.id, 'data-status': row.status } }, [
    element('span', { className: `rv-status status-${row.status}`, text: statusLabel(row.status) }),
    element('span', { className: 'rv-score', text: row.score === null ? strings.rvNoScore : row.score.toFixed(1) }),
    element('span', { className: 'rv-title', text: row.title }),
    row.flags > 0 ? element('span', { className: 'rv-flags', text: `⚠ ${row.flags}`, attributes: { title: format(strings.rvFlagsCount, String(row.flags)) } }) : null,
    row.edited ? element('span', { className: 'rv-edited', text: strings.rvEditedMark }) : null,
  ]);
  node.style.top = `${index * ROW_HEIGHT}px`;
  node.addEventListener('click', () => { select(row.id, index); });
  return node;
}

function select(id: string, index: number): void {
  if (editing) editing = false;
  selectedId = id;
  selectedIndex = index;
  host.post({ type: 'select', id });
  drawRows();
  saveState();
}

/** Moves the selection by `delta` rows in the current view, scrolling it into sight. */
function move(delta: number): void {
  if (total === 0) return;
  const target = Math.min(total - 1, Math.max(0, (selectedIndex < 0 ? -1 : selectedIndex) + delta));
  selectIndex(target);
}

function selectIndex(target: number): void {
  if (!list) return;
  const top = target * ROW_HEIGHT;
  if (top < list.scrollTop) list.scrollTop = top;
  else if (top + ROW_HEIGHT > list.scrollTop + list.clientHeight) list.scrollTop = top + ROW_HEIGHT - list.clientHeight;
  const row = rowAt(target);
  if (row) select(row.id, target);
  else {
    pendingIndex = target;
    queryRows();
  }
}

function decide(decision: 'accept' | 'reject'): void {
  if (selectedId === null || detail === null) return;
  const id = selectedId;
  // The next candidate of the current view (the decided one stays in it).
  const nextIndex = selectedIndex + 1;
  const next = rowAt(nextIndex);
  host.post({ type: 'decide', id, decision });
  if (next) {
    selectedId = next.id;
    selectedIndex = nextIndex;
    host.post({ type: 'select', id: next.id });
    saveState();
  }
}

function confirmBulk(decision: 'accept' | 'reject'): void {
  if (!confirmBar) return;
  const bar = confirmBar;
  const value = String(threshold);
  bar.hidden = false;
  replaceChildren(
    bar,
    element('span', { text: format(decision === 'accept' ? strings.rvConfirmAccept : strings.rvConfirmReject, value) }),
    button(strings.rvConfirm, { id: 'confirm-bulk', onClick: () => { bar.hidden = true; host.post({ type: 'decideByScore', decision, threshold }); } }),
    button(strings.rvCancel, { id: 'cancel-bulk', appearance: 'secondary', onClick: () => { bar.hidden = true; } }),
  );
}

function showNotice(level: 'info' | 'error', text: string): void {
  if (!notice) return;
  notice.hidden = false;
  notice.className = `banner rv-notice ${level === 'error' ? 'error' : 'ok'}`;
  notice.textContent = text;
}

// ---- detail --------------------------------------------------------------------------

function fieldLabel(field: DetailField): string {
  if (field.role !== null) return field.role;
  const labels: Record<string, string> = {
    instruction: strings.rvFieldInstruction,
    input: strings.rvFieldInput,
    output: strings.rvFieldOutput,
    system: strings.rvFieldSystem,
    prompt: strings.rvFieldPrompt,
    completion: strings.rvFieldCompletion,
    chosen: strings.rvFieldChosen,
    rejected: strings.rvFieldRejected,
    text: strings.rvFieldText,
    label: strings.rvFieldLabel,
  };
  return labels[field.name] ?? field.name;
}

function diffBlock(field: DetailField): HTMLElement {
  const block = element('div', { className: 'rv-diff', attributes: { 'data-field': field.name } });
  if (field.segments.every((s) => s.text === '')) {
    block.append(element('span', { className: 'rv-empty', text: strings.rvEmptyField }));
    return block;
  }
  for (const segment of field.segments) {
    const tagName = segment.op === 'insert' ? 'ins' : segment.op === 'delete' ? 'del' : 'span';
    block.append(element(tagName, { text: segment.text }));
  }
  return block;
}

function fieldElement(field: DetailField): HTMLElement {
  return element('div', { className: `rv-field${field.role !== null ? ` role-${field.role}` : ''}` }, [element('h3', { className: 'rv-field-label', text: fieldLabel(field) }), diffBlock(field)]);
}

function renderDetail(): void {
  if (!detailPane) return;
  const candidate = detail;
  if (candidate === null) {
    replaceChildren(detailPane, element('p', { className: 'rv-hint', text: strings.rvSelectHint }));
    return;
  }
  const actions = element('div', { className: 'rv-actions' }, [
    button(`${strings.rvAccept} (A)`, { id: 'accept', ariaLabel: strings.rvAccept, disabled: candidate.status === 'failed', onClick: () => { decide('accept'); } }),
    button(`${strings.rvReject} (R)`, { id: 'reject', appearance: 'secondary', ariaLabel: strings.rvReject, disabled: candidate.status === 'failed', onClick: () => { decide('reject'); } }),
    button(`${strings.rvEdit} (E)`, { id: 'edit', appearance: 'secondary', ariaLabel: strings.rvEdit, onClick: () => { startEdit(); } }),
    button(`${strings.rvFix} (F)`, { id: 'fix', appearance: 'secondary', ariaLabel: strings.rvFix, disabled: !canFix(candidate) || isRevising(candidate.id), onClick: () => { revise('fix'); } }),
    button(`${strings.rvRegenerate} (G)`, { id: 'regenerate', appearance: 'secondary', ariaLabel: strings.rvRegenerate, disabled: candidate.status === 'failed' || isRevising(candidate.id), onClick: () => { revise('regenerate'); } }),
    button(`${strings.rvDiff} (D)`, { id: 'open-diff', appearance: 'secondary', ariaLabel: strings.rvDiff, onClick: () => { host.post({ type: 'openDiff', id: candidate.id }); } }),
    button(`${strings.rvPrevious} (K)`, { id: 'previous', appearance: 'secondary', ariaLabel: strings.rvPrevious, onClick: () => { move(-1); } }),
    button(`${strings.rvNext} (J)`, { id: 'next', appearance: 'secondary', ariaLabel: strings.rvNext, onClick: () => { move(1); } }),
  ]);
  const head = element('div', { className: 'rv-detail-head' }, [
    element('h2', { id: 'detail-id', text: candidate.id }),
    element('span', { className: `rv-status status-${candidate.status}`, id: 'detail-status', text: statusLabel(candidate.status) }),
    candidate.edited ? element('span', { className: 'rv-edited', text: strings.rvEditedMark }) : null,
    candidate.decidedBy !== null ? element('span', { className: 'rv-muted', text: format(strings.rvDecidedBy, candidate.decidedBy) }) : null,
    candidate.decisionReason !== null ? element('span', { className: 'rv-muted', text: format(strings.rvReason, candidate.decisionReason) }) : null,
  ]);
  const note = element('p', {
    className: 'rv-muted rv-compare-note',
    text: candidate.seedId !== null ? format(strings.rvComparedWith, candidate.seedId) : candidate.noComparison === 'otherKind' ? strings.rvOtherKind : strings.rvNoSeed,
  });
  let body: HTMLElement;
  if (editing) body = editor(candidate);
  else if (candidate.kind === 'preference') {
    const shared = candidate.fields.filter((f) => f.side === null).map(fieldElement);
    const sides = element('div', { className: 'rv-sides' }, candidate.fields.filter((f) => f.side !== null).map(fieldElement));
    body = element('div', { className: 'rv-sample' }, [...shared, sides]);
  } else body = element('div', { className: `rv-sample kind-${candidate.kind}` }, candidate.fields.map(fieldElement));
  replaceChildren(
    detailPane,
    head,
    actions,
    candidate.failure !== null ? element('p', { className: 'banner error', text: format(strings.rvFailure, candidate.failure) }) : null,
    warnings(candidate),
    proposal(candidate),
    note,
    body,
    verdict(candidate),
    provenance(candidate),
  );
}

function warnings(candidate: CandidateDetail): HTMLElement | null {
  const flags = candidate.flags.filter((f) => f.severity !== 'info');
  if (flags.length === 0) return null;
  return element('section', { className: 'rv-warnings', id: 'warnings' }, [
    element('h3', { text: strings.rvWarnings }),
    element(
      'ul',
      {},
      flags.map((flag) =>
        element('li', { className: `rv-flag severity-${flag.severity}` }, [
          element('span', { className: 'rv-flag-code', text: flag.code }),
          element('span', { text: ` ${flag.message}` }),
          flag.otherId !== null ? element('span', { className: 'rv-muted', text: ` (${format(strings.rvOther, flag.otherId)})` }) : null,
        ]),
      ),
    ),
  ]);
}

function verdict(candidate: CandidateDetail): HTMLElement {
  const v = candidate.verdict;
  if (v === null) return element('section', { className: 'rv-verdict', id: 'verdict' }, [element('h3', { text: strings.rvVerdict }), element('p', { className: 'rv-muted', text: strings.rvNotJudged })]);
  return element('section', { className: 'rv-verdict', id: 'verdict' }, [
    element('h3', {}, [document.createTextNode(`${strings.rvVerdict} `), element('span', { className: 'rv-overall', text: format(strings.rvOverall, v.overall.toFixed(1)) })]),
    element(
      'ul',
      { className: 'rv-criteria' },
      v.criteria.map((c) =>
        element('li', {}, [element('span', { className: 'rv-criterion', text: c.name }), element('span', { className: 'rv-score', text: ` ${c.score.toFixed(1)} ` }), element('span', { className: 'rv-reason', text: c.reason })]),
      ),
    ),
    v.critique !== null ? element('p', {}, [element('strong', { text: `${strings.rvCritique}: ` }), element('span', { text: v.critique })]) : null,
    v.preferred !== null ? element('p', { className: 'rv-muted', text: format(strings.rvPreferred, v.preferred) }) : null,
    v.models.length > 0 ? element('p', { className: 'rv-muted', text: format(strings.rvJudgeModels, v.models.join(', ')) }) : null,
  ]);
}

function provenance(candidate: CandidateDetail): HTMLElement {
  const p = candidate.provenance;
  return element('section', { className: 'rv-provenance' }, [
    element('h3', { text: strings.rvProvenance }),
    element('p', { className: 'rv-muted', text: `${strings.rvStrategy}: ${p.strategy} · ${strings.rvModels}: ${p.models.join(', ')} · ${strings.rvSeeds}: ${p.seedIds.join(', ')}` }),
  ]);
}

// ---- fix with critique, regenerate -----------------------------------------------------

function canFix(candidate: CandidateDetail): boolean {
  return candidate.status !== 'failed' && candidate.verdict !== null && (candidate.verdict.critique !== null || candidate.verdict.criteria.length > 0);
}

function isRevising(id: string): boolean {
  return revisions.get(id)?.state === 'working';
}

function revise(mode: 'fix' | 'regenerate'): void {
  const candidate = detail;
  if (candidate === null || candidate.id !== selectedId || isRevising(candidate.id) || candidate.status === 'failed') return;
  if (mode === 'fix' && !canFix(candidate)) {
    showNotice('error', strings.rvNoCritique);
    return;
  }
  host.post({ type: 'revise', id: candidate.id, mode });
}

function readyProposal(): RevisionMessage | undefined {
  const revision = selectedId !== null ? revisions.get(selectedId) : undefined;
  return revision?.state === 'ready' && !editing ? revision : undefined;
}

function resolveProposal(apply: boolean): void {
  const revision = readyProposal();
  if (!revision) return;
  host.post({ type: 'resolveRevision', id: revision.id, apply });
}

function onRevision(message: RevisionMessage): void {
  if (message.state === 'none') revisions.delete(message.id);
  else revisions.set(message.id, message);
  if (message.id === selectedId && !editing) renderDetail();
  if (message.id === selectedId && message.state === 'ready') document.getElementById('apply-revision')?.focus();
}

function proposal(candidate: CandidateDetail): HTMLElement | null {
  const revision = revisions.get(candidate.id);
  if (!revision) return null;
  const title = revision.mode === 'fix' ? strings.rvProposalFix : strings.rvProposalRegenerate;
  if (revision.state === 'working') {
    return element('section', { className: 'rv-proposal working', id: 'proposal', attributes: { 'aria-busy': 'true' } }, [
      progressRing(title),
      element('span', { text: format(revision.mode === 'fix' ? strings.rvWorkingFix : strings.rvWorkingRegenerate, candidate.id) }),
    ]);
  }
  if (revision.state === 'failed' || revision.proposal === null) {
    return element('section', { className: 'rv-proposal', id: 'proposal' }, [element('p', { className: 'banner error', id: 'proposal-error', attributes: { role: 'alert' }, text: format(strings.rvRevisionFailed, revision.error ?? '') })]);
  }
  const p = revision.proposal;
  const before = candidate.verdict !== null ? candidate.verdict.overall.toFixed(1) : strings.rvNoScore;
  const after = p.verdict !== null ? p.verdict.overall.toFixed(1) : strings.rvProposalNotJudged;
  const flags = p.flags.filter((f) => f.severity !== 'info');
  return element('section', { className: 'rv-proposal', id: 'proposal', attributes: { 'aria-label': title } }, [
    element('h3', {}, [document.createTextNode(`${title} `), element('span', { className: 'rv-overall', id: 'proposal-score', text: format(strings.rvProposalScore, before, after) })]),
    element('p', { className: 'rv-muted', text: `${strings.rvProposalHint} ${format(strings.rvProposalCost, `$${p.costUsd.toFixed(4)}`)}` }),
    flags.length > 0
      ? element('ul', { className: 'rv-proposal-flags' }, flags.map((f) => element('li', { className: `rv-flag severity-${f.severity}` }, [element('span', { className: 'rv-flag-code', text: f.code }), element('span', { text: ` ${f.message}` })])))
      : null,
    element('div', { className: 'rv-sample', id: 'proposal-fields' }, p.fields.map(fieldElement)),
    p.verdict !== null && p.verdict.critique !== null ? element('p', { className: 'rv-muted' }, [element('strong', { text: `${strings.rvCritique}: ` }), element('span', { text: p.verdict.critique })]) : null,
    element('div', { className: 'rv-actions' }, [
      button(`${strings.rvApply} (Enter)`, { id: 'apply-revision', ariaLabel: strings.rvApply, onClick: () => { resolveProposal(true); } }),
      button(strings.rvDiscard, { id: 'discard-revision', appearance: 'secondary', ariaLabel: strings.rvDiscard, onClick: () => { resolveProposal(false); } }),
    ]),
  ]);
}

// ---- edit ----------------------------------------------------------------------------

let editingFor: string | null = null;
let editText = '';
let editErrors: readonly string[] = [];

function editingId(): string | null {
  return editing ? editingFor : null;
}

function startEdit(): void {
  if (detail === null) return;
  editing = true;
  editingFor = detail.id;
  editText = detail.record;
  editErrors = [];
  renderDetail();
  document.getElementById('edit-record')?.focus();
}

function editor(candidate: CandidateDetail): HTMLElement {
  const area = element('textarea', { id: 'edit-record', className: 'rv-editor', attributes: { spellcheck: 'false', rows: '14', 'aria-describedby': 'edit-hint' } });
  area.value = editText;
  area.addEventListener('input', () => { editText = area.value; });
  area.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      host.post({ type: 'edit', id: candidate.id, text: area.value });
    } else if (event.key === 'Escape') {
      event.preventDefault();
      cancelEdit();
    }
  });
  return element('div', { className: 'rv-edit' }, [
    element('label', { attributes: { for: 'edit-record' }, text: format(strings.rvEditTitle, init?.run?.outputFormat ?? '') }),
    area,
    element('p', { className: 'field-hint', id: 'edit-hint', text: strings.rvEditHint }),
    editErrors.length > 0 ? element('ul', { className: 'banner error', id: 'edit-errors', attributes: { role: 'alert' } }, editErrors.map((e) => element('li', { text: e }))) : null,
    element('div', { className: 'rv-actions' }, [
      button(strings.rvSave, { id: 'save-edit', onClick: () => { host.post({ type: 'edit', id: candidate.id, text: editText }); } }),
      button(strings.rvCancel, { id: 'cancel-edit', appearance: 'secondary', onClick: () => { cancelEdit(); } }),
    ]),
  ]);
}

function cancelEdit(): void {
  editing = false;
  editingFor = null;
  renderDetail();
  list?.focus();
}

function onEditResult(ok: boolean, errors: readonly string[]): void {
  if (!editing) return;
  if (ok) {
    cancelEdit();
    return;
  }
  editErrors = errors;
  renderDetail();
  document.getElementById('edit-record')?.focus();
}

// ---- keyboard ------------------------------------------------------------------------

function keyboardHelp(): HTMLElement {
  const keys: [string, string][] = [
    ['A', strings.rvKeyAccept],
    ['R', strings.rvKeyReject],
    ['U', strings.rvKeyUndo],
    ['E', strings.rvKeyEdit],
    ['F', strings.rvKeyFix],
    ['G', strings.rvKeyRegenerate],
    ['D', strings.rvKeyDiff],
    ['J / ↓', strings.rvKeyNext],
    ['K / ↑', strings.rvKeyPrevious],
    ['Enter', strings.rvKeyApply],
    ['Ctrl+Enter', strings.rvKeySave],
    ['Esc', strings.rvKeyCancel],
  ];
  return element('details', { className: 'rv-keyboard', id: 'keyboard-help' }, [
    element('summary', { text: strings.rvKeyboard }),
    element('dl', {}, keys.flatMap(([key, what]) => [element('dt', {}, [element('kbd', { text: key })]), element('dd', { text: what })])),
  ]);
}

/** A focused button or link handles Enter itself. */
function onControl(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest('button, vscode-button, a, summary') !== null;
}

document.addEventListener('keydown', (event) => {
  if (init?.run === null || init === undefined || event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target;
  if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return;
  const key = event.key;
  let handled = true;
  if (key === 'a' || key === 'A') decide('accept');
  else if (key === 'r' || key === 'R') decide('reject');
  else if (key === 'u' || key === 'U') host.post({ type: 'undo' });
  else if (key === 'e' || key === 'E') startEdit();
  else if ((key === 'd' || key === 'D') && selectedId !== null) host.post({ type: 'openDiff', id: selectedId });
  else if (key === 'f' || key === 'F') revise('fix');
  else if (key === 'g' || key === 'G') revise('regenerate');
  else if (key === 'Enter' && readyProposal() !== undefined && !onControl(target)) resolveProposal(true);
  else if (key === 'j' || key === 'J' || key === 'ArrowDown') move(1);
  else if (key === 'k' || key === 'K' || key === 'ArrowUp') move(-1);
  else handled = false;
  if (handled) event.preventDefault();
});
