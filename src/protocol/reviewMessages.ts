// Every message between the extension and the Review panel. Both sides validate what arrives
// with these schemas (parseMessage): anything else is rejected and logged.
import { z } from 'zod';
import { type MessageOf, messageSet, readyMessage, webviewEnvironment, requestGenerateMessage, runSummary } from './webviewMessages';

const count = z.number().int().nonnegative();
const candidateId = z.string().min(1).max(200);
const status = z.enum(['pending', 'accepted', 'rejected', 'failed']);
export type ReviewStatus = z.infer<typeof status>;

export const reviewFilter = z.strictObject({
  statuses: z.array(status).max(4),
  flagged: z.boolean(),
  /** Only candidates whose judge score is below this; null for no limit. */
  scoreBelow: z.number().min(0).max(100).nullable(),
  search: z.string().max(500),
});
export type ReviewFilterForm = z.infer<typeof reviewFilter>;

export const reviewSort = z.enum(['order', 'score-desc', 'score-asc']);
export type ReviewSortOrder = z.infer<typeof reviewSort>;

// ---- webview → extension -------------------------------------------------------------

/** Rows `start`..`start+count` of the filtered, sorted list; answered by `rows` with the same id. */
export const queryRowsMessage = z.strictObject({
  type: z.literal('queryRows'),
  requestId: count,
  filter: reviewFilter,
  sort: reviewSort,
  start: count,
  count: z.number().int().min(0).max(500),
});
/** Show a candidate; answered by `detail`. */
export const selectMessage = z.strictObject({ type: z.literal('select'), id: candidateId });
/** Accept or reject a candidate. */
export const decideMessage = z.strictObject({ type: z.literal('decide'), id: candidateId, decision: z.enum(['accept', 'reject']) });
/** Accept every pending candidate scoring ≥ threshold, or reject every one scoring < threshold. */
export const decideByScoreMessage = z.strictObject({ type: z.literal('decideByScore'), decision: z.enum(['accept', 'reject']), threshold: z.number().min(0).max(100) });
/** Undo the last action of this panel. */
export const undoMessage = z.strictObject({ type: z.literal('undo') });
/** Replace a candidate's record with `text` (JSON in the run's output format); answered by `editResult`. */
export const editMessage = z.strictObject({ type: z.literal('edit'), id: candidateId, text: z.string().max(1_000_000) });
/** Open VS Code's diff editor: the nearest seed against the candidate. */
export const openDiffMessage = z.strictObject({ type: z.literal('openDiff'), id: candidateId });
/** Write the accepted candidates to the run's output file. */
export const saveAcceptedMessage = z.strictObject({ type: z.literal('saveAccepted') });
/** Ask the model for a new version of a candidate (with the judge's critique, or from its seeds again); answered by `revision`. */
export const reviseMessage = z.strictObject({ type: z.literal('revise'), id: candidateId, mode: z.enum(['fix', 'regenerate']) });
/** Replace the candidate with the proposal shown, or drop the proposal. */
export const resolveRevisionMessage = z.strictObject({ type: z.literal('resolveRevision'), id: candidateId, apply: z.boolean() });
/** Review another run of the workspace. */
export const selectRunMessage = z.strictObject({ type: z.literal('selectRun'), runId: z.string().min(1).max(200) });

export const reviewToHostMessage = messageSet(
  readyMessage,
  requestGenerateMessage,
  queryRowsMessage,
  selectMessage,
  decideMessage,
  decideByScoreMessage,
  undoMessage,
  editMessage,
  openDiffMessage,
  saveAcceptedMessage,
  reviseMessage,
  resolveRevisionMessage,
  selectRunMessage,
);
export type ReviewToHostMessage = MessageOf<typeof reviewToHostMessage>;

// ---- extension → webview -------------------------------------------------------------

const counts = z.strictObject({ pending: count, accepted: count, rejected: count, failed: count });
export type ReviewCounts = z.infer<typeof counts>;

export const reviewRunInfo = z.strictObject({
  id: z.string().min(1),
  strategy: z.string(),
  /** Relative to the workspace folder. */
  seedFile: z.string(),
  status: z.string(),
  /** The record format edits are written in (`alpaca`…). */
  outputFormat: z.string(),
  /** Why the seeds could not be read (diffs then show plain text); null when they could. */
  seedProblem: z.string().nullable(),
});
export type ReviewRunInfo = z.infer<typeof reviewRunInfo>;

/**
 * How much of a long journal has been read (0–1) while the first candidates are already shown;
 * null once all of it has: statuses and counts may still change until then.
 */
const loading = z.number().min(0).max(1).nullable();

export const reviewInitMessage = z.strictObject({
  type: z.literal('init'),
  environment: webviewEnvironment,
  /** The Review panel, or the narrow Review view of the sidebar. */
  layout: z.enum(['panel', 'sidebar']),
  runs: z.array(runSummary),
  seedFile: z.string().nullable(),
  /** The run under review; null shows the empty state. */
  run: reviewRunInfo.nullable(),
  counts,
  canUndo: z.boolean(),
  /** The candidate to select first (asked for by a command or restored); null for the first row. */
  selectedId: z.string().nullable(),
  loading,
});
export type ReviewInitMessage = z.infer<typeof reviewInitMessage>;

export const reviewRow = z.strictObject({
  id: z.string(),
  status,
  score: z.number().nullable(),
  title: z.string(),
  flags: count,
  edited: z.boolean(),
});
export type ReviewRowInfo = z.infer<typeof reviewRow>;

export const rowsMessage = z.strictObject({ type: z.literal('rows'), requestId: count, total: count, start: count, rows: z.array(reviewRow) });
export type RowsMessage = z.infer<typeof rowsMessage>;

/** The candidates changed (a decision, an edit, the journal): counts, and rows should be asked for again. */
export const changedMessage = z.strictObject({ type: z.literal('changed'), counts, canUndo: z.boolean(), loading });

const segment = z.strictObject({ op: z.enum(['equal', 'insert', 'delete']), text: z.string() });
export type ReviewSegment = z.infer<typeof segment>;

/** One text of a sample: `instruction`, a dialogue turn (`role`), one side of a pair (`side`). */
export const detailField = z.strictObject({
  name: z.string(),
  role: z.string().nullable(),
  side: z.enum(['chosen', 'rejected']).nullable(),
  /** Against the same field of the seed; one `insert` segment when there is nothing to compare. */
  segments: z.array(segment),
  compared: z.boolean(),
});
export type DetailField = z.infer<typeof detailField>;

const verdictInfo = z.strictObject({
  overall: z.number(),
  criteria: z.array(z.strictObject({ name: z.string(), score: z.number(), reason: z.string() })),
  critique: z.string().nullable(),
  models: z.array(z.string()),
  preferred: z.string().nullable(),
});
export type VerdictInfo = z.infer<typeof verdictInfo>;

const flagInfo = z.strictObject({ severity: z.enum(['error', 'warning', 'info']), code: z.string(), message: z.string(), otherId: z.string().nullable() });
export type FlagInfo = z.infer<typeof flagInfo>;

export const candidateDetail = z.strictObject({
  id: z.string(),
  status,
  kind: z.string(),
  fields: z.array(detailField),
  /** The seed compared with (`line:3`); null when none could be. */
  seedId: z.string().nullable(),
  /** Why there is no comparison: `noSeed` or `otherKind`; null when there is one. */
  noComparison: z.enum(['noSeed', 'otherKind']).nullable(),
  verdict: verdictInfo.nullable(),
  flags: z.array(flagInfo),
  provenance: z.strictObject({ strategy: z.string(), models: z.array(z.string()), seedIds: z.array(z.string()) }),
  decidedBy: z.string().nullable(),
  decisionReason: z.string().nullable(),
  failure: z.string().nullable(),
  edited: z.boolean(),
  /** The record in the run's output format, pretty JSON: what the editor starts from. */
  record: z.string(),
});
export type CandidateDetail = z.infer<typeof candidateDetail>;

export const detailMessage = z.strictObject({ type: z.literal('detail'), candidate: candidateDetail.nullable() });

/** Answer to `edit`: saved, or the problems of the record (nothing changed). */
export const editResultMessage = z.strictObject({ type: z.literal('editResult'), id: z.string(), ok: z.boolean(), errors: z.array(z.string()) });

/** A proposed new version of a candidate: its texts diffed against the current ones, checked and judged. */
export const revisionProposal = z.strictObject({
  mode: z.enum(['fix', 'regenerate']),
  fields: z.array(detailField),
  verdict: verdictInfo.nullable(),
  flags: z.array(flagInfo),
  costUsd: z.number().nonnegative(),
});
export type RevisionProposal = z.infer<typeof revisionProposal>;

/** Where a revision of a candidate stands: being made, ready to apply, failed, or gone (applied or dropped). */
export const revisionMessage = z.strictObject({
  type: z.literal('revision'),
  id: z.string(),
  state: z.enum(['working', 'ready', 'failed', 'none']),
  mode: z.enum(['fix', 'regenerate']),
  proposal: revisionProposal.nullable(),
  error: z.string().nullable(),
});
export type RevisionMessage = z.infer<typeof revisionMessage>;

/** Something to tell the reviewer: a save outcome, a failure. */
export const noticeMessage = z.strictObject({ type: z.literal('notice'), level: z.enum(['info', 'error']), message: z.string() });

export const hostToReviewMessage = messageSet(reviewInitMessage, rowsMessage, changedMessage, detailMessage, editResultMessage, noticeMessage, revisionMessage);
export type HostToReviewMessage = MessageOf<typeof hostToReviewMessage>;
