// The composition root: the one place that builds Seedling's services and registers its
// commands, views and panels. Everything else receives what it needs from here.
import * as vscode from 'vscode';
import type { SeedlingApi } from './api';
import { acceptCandidateCommand } from './commands/acceptCandidate';
import { applyLineProposalCommand } from './commands/applyLineProposal';
import { discardLineProposalCommand } from './commands/discardLineProposal';
import { generateSamplesCommand } from './commands/generateSamples';
import { judgeFileCommand } from './commands/judgeFile';
import { judgeLineCommand } from './commands/judgeLine';
import { regenerateLineCommand } from './commands/regenerateLine';
import { rewriteLineCommand } from './commands/rewriteLine';
import { fixCandidateCommand } from './commands/fixCandidate';
import { openCandidatesDiffCommand } from './commands/openCandidatesDiff';
import { openReviewCommand } from './commands/openReview';
import { openReviewSidebarCommand } from './commands/openReviewSidebar';
import { openWalkthroughCommand } from './commands/openWalkthrough';
import { previewSaveCommand } from './commands/previewSave';
import { refreshRunsCommand } from './commands/refreshRuns';
import { rejectCandidateCommand } from './commands/rejectCandidate';
import { resumeRunCommand } from './commands/resumeRun';
import { saveAcceptedCommand } from './commands/saveAccepted';
import { setApiKeyCommand } from './commands/setApiKey';
import { showDatasetHealthCommand } from './commands/showDatasetHealth';
import { showLogCommand } from './commands/showLog';
import { showRunHealthCommand } from './commands/showRunHealth';
import { DatasetDiagnostics } from './diagnostics/datasetDiagnostics';
import { ConvertFormatActions } from './diagnostics/convertFormatAction';
import { FillFieldActions } from './diagnostics/fillFieldAction';
import { RemoveDuplicateActions } from './diagnostics/removeDuplicateAction';
import { RepairJsonActions } from './diagnostics/repairJsonAction';
import { EndpointKeys } from './endpointKeys';
import { reportingErrors } from './errorReporting';
import { DatasetLines } from './lines/datasetLines';
import { FileJudging } from './lines/fileJudging';
import { LineActions } from './lines/lineActions';
import { LineFixes } from './lines/lineFixes';
import { LINE_PROPOSAL_SCHEME, LineProposals } from './lines/lineProposals';
import { LineVerdicts } from './lines/lineVerdicts';
import { VerdictLenses } from './lines/verdictLenses';
import { OutputChannelLogger } from './outputChannelLogger';
import { CandidateReviser } from './runs/candidateReviser';
import { CandidateDecisions } from './review/candidateDecisions';
import { CandidateDecorations } from './review/candidateDecorations';
import { CandidateLenses } from './review/candidateLenses';
import { CANDIDATES_SCHEME, CandidatesDocuments } from './review/candidatesDocument';
import { GenerationService } from './runs/generationService';
import { RunStore } from './runs/runStore';
import { SaveService } from './runs/saveService';
import { SAVE_PREVIEW_SCHEME, SavePreviewDocuments } from './savePreviewDocuments';
import { RUNS_VIEW_ID, RunsTreeProvider } from './views/runsTree';
import { DATASET_HEALTH_VIEW_ID, DatasetHealthView } from './webviews/datasetHealthView';
import { GeneratePanels } from './webviews/generatePanel';
import { REVIEW_VIEW_TYPE, ReviewPanels } from './webviews/reviewPanel';
import { REVIEW_DOCUMENT_SCHEME, ReviewDocuments } from './webviews/reviewSession';
import { REVIEW_SIDEBAR_VIEW_ID, ReviewSidebar } from './webviews/reviewSidebar';

export function activate(context: vscode.ExtensionContext): SeedlingApi {
  const started = performance.now();
  const channel = vscode.window.createOutputChannel('Seedling', { log: true });
  const log = new OutputChannelLogger(channel);
  const runStore = new RunStore(log);
  const runs = new RunsTreeProvider(runStore);
  const health = new DatasetHealthView(context, log);
  const keys = new EndpointKeys(context.secrets, context.globalState, log);
  const datasetDiagnostics = new DatasetDiagnostics(log);
  const generation = new GenerationService(keys, runStore, log);
  const saver = new SaveService(runStore, log);
  const reviser = new CandidateReviser(generation, log);
  const reviewDocuments = new ReviewDocuments();
  const reviewServices = { context, log, runs: runStore, saver, reviser, documents: reviewDocuments };
  const reviewPanels = new ReviewPanels(reviewServices);
  const reviewSidebar = new ReviewSidebar(reviewServices);
  const savePreviews = new SavePreviewDocuments();
  const generatePanels = new GeneratePanels(context, generation, log);
  const candidatesDocuments = new CandidatesDocuments(runStore, saver, log);
  const candidateDecorations = new CandidateDecorations(candidatesDocuments);
  const decisions = new CandidateDecisions(runStore, log);
  const datasetLines = new DatasetLines();
  const lineVerdicts = new LineVerdicts(runStore, log);
  const lowScores = datasetDiagnostics.useVerdicts(lineVerdicts);
  const lineProposals = new LineProposals(lineVerdicts);
  const lineFixes = new LineFixes(datasetLines, lineVerdicts, lineProposals, generation, runStore, reviser, log);
  const fileJudging = new FileJudging(datasetLines, lineVerdicts, lineFixes, generation, log);
  const verdictLenses = new VerdictLenses(datasetLines, lineVerdicts);

  const commands: Record<string, (...args: never[]) => unknown> = {
    'seedling.generateSamples': generateSamplesCommand(generatePanels, log),
    'seedling.openReview': openReviewCommand(reviewPanels, reviewSidebar),
    'seedling.openReviewSidebar': openReviewSidebarCommand(reviewSidebar),
    'seedling.fixCandidate': fixCandidateCommand(reviewPanels),
    'seedling.setApiKey': setApiKeyCommand(keys, log),
    'seedling.refreshRuns': refreshRunsCommand(runs),
    'seedling.showLog': showLogCommand(log),
    'seedling.saveAccepted': saveAcceptedCommand(runStore, saver),
    'seedling.previewSave': previewSaveCommand(runStore, saver, savePreviews),
    'seedling.showDatasetHealth': showDatasetHealthCommand(health),
    'seedling.showRunHealth': showRunHealthCommand(runStore, health),
    'seedling.openWalkthrough': openWalkthroughCommand(),
    'seedling.openCandidatesDiff': openCandidatesDiffCommand(runStore, candidatesDocuments, saver, context.globalState, log),
    'seedling.acceptCandidate': acceptCandidateCommand(decisions),
    'seedling.rejectCandidate': rejectCandidateCommand(decisions),
    'seedling.judgeLine': judgeLineCommand(lineFixes),
    'seedling.rewriteLine': rewriteLineCommand(lineFixes),
    'seedling.regenerateLine': regenerateLineCommand(lineFixes),
    'seedling.judgeFile': judgeFileCommand(fileJudging),
    'seedling.applyLineProposal': applyLineProposalCommand(lineProposals),
    'seedling.discardLineProposal': discardLineProposalCommand(lineProposals),
    'seedling.resumeRun': resumeRunCommand(runStore, generation, log),
  };
  const candidatesSelector: vscode.DocumentSelector = { scheme: CANDIDATES_SCHEME };

  context.subscriptions.push(
    channel,
    reviewPanels,
    reviewSidebar,
    datasetDiagnostics,
    ...[new RepairJsonActions(datasetDiagnostics), new ConvertFormatActions(datasetDiagnostics), new FillFieldActions(datasetDiagnostics), new RemoveDuplicateActions(datasetDiagnostics)].map((provider) =>
      vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, provider, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    ),
    reviewDocuments,
    vscode.workspace.registerTextDocumentContentProvider(REVIEW_DOCUMENT_SCHEME, reviewDocuments),
    // Not retained when hidden: the view draws itself again from the host's state when shown.
    vscode.window.registerWebviewViewProvider(REVIEW_SIDEBAR_VIEW_ID, reviewSidebar),
    runStore,
    generation,
    generatePanels,
    runs,
    vscode.window.registerTreeDataProvider(RUNS_VIEW_ID, runs),
    health,
    savePreviews,
    vscode.workspace.registerTextDocumentContentProvider(SAVE_PREVIEW_SCHEME, savePreviews),
    vscode.window.registerWebviewViewProvider(DATASET_HEALTH_VIEW_ID, health),
    vscode.window.registerWebviewPanelSerializer(REVIEW_VIEW_TYPE, reviewPanels),
    candidatesDocuments,
    vscode.workspace.registerTextDocumentContentProvider(CANDIDATES_SCHEME, candidatesDocuments),
    candidateDecorations,
    vscode.languages.registerHoverProvider(candidatesSelector, candidateDecorations),
    vscode.languages.registerCodeLensProvider(candidatesSelector, new CandidateLenses(candidatesDocuments)),
    lineVerdicts,
    lowScores,
    lineProposals,
    vscode.workspace.registerTextDocumentContentProvider(LINE_PROPOSAL_SCHEME, lineProposals),
    vscode.languages.registerCodeLensProvider({ scheme: 'file' }, verdictLenses),
    vscode.languages.registerHoverProvider({ scheme: 'file' }, verdictLenses),
    vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, new LineActions(datasetLines, lineVerdicts), { providedCodeActionKinds: LineActions.kinds }),
    ...Object.entries(commands).map(([id, handler]) => vscode.commands.registerCommand(id, reportingErrors(log, id, handler))),
  );

  log.info(`Seedling ${String((context.extension.packageJSON as Record<string, unknown>)['version'])} activated in ${(performance.now() - started).toFixed(1)} ms`);

  return {
    commandIds: Object.keys(commands),
    reviewPanel: () => reviewPanels.panel,
    reviewSidebar,
    datasetDiagnostics,
    recentLog: () => log.recent(),
    keys,
    datasetHealth: health,
    runs: runStore,
    generation,
    generatePanels,
    saver,
    runsTree: runs,
    candidatesDocuments,
    candidateDecorations,
    lineVerdicts,
    lineFixes,
    lineProposals,
    fileJudging,
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
