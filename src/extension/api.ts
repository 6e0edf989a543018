import type { DatasetDiagnostics } from './diagnostics/datasetDiagnostics';
import type { EndpointKeys } from './endpointKeys';
import type { FileJudging } from './lines/fileJudging';
import type { LineFixes } from './lines/lineFixes';
import type { LineProposals } from './lines/lineProposals';
import type { LineVerdicts } from './lines/lineVerdicts';
import type { CandidateDecorations } from './review/candidateDecorations';
import type { CandidatesDocuments } from './review/candidatesDocument';
import type { GenerationService } from './runs/generationService';
import type { RunStore } from './runs/runStore';
import type { SaveService } from './runs/saveService';
import type { RunsTreeProvider } from './views/runsTree';
import type { DatasetHealthView } from './webviews/datasetHealthView';
import type { GeneratePanels } from './webviews/generatePanel';
import type { ReviewPanel } from './webviews/reviewPanel';
import type { ReviewSidebar } from './webviews/reviewSidebar';

/**
 * What `activate` returns. Tests in the extension host read live objects through it
 * (values returned by executeCommand are serialized copies).
 */
export interface SeedlingApi {
  /** Every command the extension registered. */
  readonly commandIds: readonly string[];
  /** The open Review panel, if any. */
  reviewPanel(): ReviewPanel | undefined;
  /** The sidebar's Review view. */
  readonly reviewSidebar: ReviewSidebar;
  /** Problems of open dataset files, shown where the line is. */
  readonly datasetDiagnostics: DatasetDiagnostics;
  /** The latest lines written to the Seedling log. */
  recentLog(): readonly string[];
  /** API keys in SecretStorage, bound to their endpoints. */
  readonly keys: EndpointKeys;
  /** The Dataset Health view: what it shows, and a way to show a subject. */
  readonly datasetHealth: DatasetHealthView;
  /** The workspace's runs and their candidates, as the views show them. */
  readonly runs: RunStore;
  /** Starts and estimates generation runs on the configured endpoint. */
  readonly generation: GenerationService;
  /** Saves accepted candidates to the output dataset. */
  readonly saver: SaveService;
  /** The Generate panels, one per seed file. */
  readonly generatePanels: GeneratePanels;
  readonly runsTree: RunsTreeProvider;
  /** The documents of the candidates diff, with the line of each candidate. */
  readonly candidatesDocuments: CandidatesDocuments;
  /** The scores drawn after candidate lines in the candidates diff, and their hovers. */
  readonly candidateDecorations: CandidateDecorations;
  /** The judge's verdicts of dataset lines, by content: what lenses, hovers and low-score diagnostics show. */
  readonly lineVerdicts: LineVerdicts;
  /** Judge, rewrite and regenerate a dataset line. */
  readonly lineFixes: LineFixes;
  /** Rewrites and regenerations of lines waiting in a diff to be applied or discarded. */
  readonly lineProposals: LineProposals;
  /** Judge Whole File. */
  readonly fileJudging: FileJudging;
}
