import * as vscode from 'vscode';
import type { LoadedSeeds } from '../../core/pipeline';
import { type CandidateRevision, reviseCandidate, RevisionError, type RevisionMode } from '../../core/review/candidateRevision';
import type { CandidateState } from '../../core/runs/candidateState';
import { STRATEGIES } from '../../core/strategies/strategyRegistry';
import type { OutputChannelLogger } from '../outputChannelLogger';
import type { GenerationService } from './generationService';
import type { WorkspaceRun } from './runStore';

export interface RevisionRequest {
  readonly run: WorkspaceRun;
  readonly seeds: LoadedSeeds;
  readonly candidates: ReadonlyMap<string, CandidateState>;
  readonly candidateId: string;
  readonly mode: RevisionMode;
  readonly signal?: AbortSignal;
}

/** What stops a revision, in the reviewer's language, with what to do instead. */
function revisionProblem(error: RevisionError, candidateId: string, strategy: string): string {
  switch (error.reason) {
    case 'no-candidate':
      return vscode.l10n.t('The candidate {0} is not in this run.', candidateId);
    case 'no-critique':
      return vscode.l10n.t('{0} has no judge critique to fix it with: regenerate it, or edit it yourself.', candidateId);
    case 'no-strategy':
      return vscode.l10n.t('This run’s strategy “{0}” is not available, so {1} cannot be regenerated.', strategy, candidateId);
    case 'no-result':
      return vscode.l10n.t('The model gave no usable sample for {0} ({1}). Try again.', candidateId, error.message);
  }
}

/**
 * Fixes a candidate with its critique or regenerates it, on the configured endpoint, with a
 * cancellable progress notification. Nothing is written: the proposal goes back to review.
 */
export class CandidateReviser {
  constructor(
    private readonly generation: GenerationService,
    private readonly log: OutputChannelLogger,
  ) {}

  async revise(request: RevisionRequest): Promise<CandidateRevision> {
    const { run, candidateId, mode } = request;
    const title = mode === 'fix' ? vscode.l10n.t('Seedling: fixing {0} with the judge’s critique', candidateId) : vscode.l10n.t('Seedling: regenerating {0}', candidateId);
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (_progress, token) => {
      const controller = new AbortController();
      const abort = (): void => {
        controller.abort();
      };
      token.onCancellationRequested(abort);
      if (request.signal?.aborted === true) controller.abort();
      request.signal?.addEventListener('abort', abort, { once: true });
      const { session, templates, rubrics } = await this.generation.openEngine(run.folder.uri.fsPath, undefined, [...run.manifest.provider.models.generator, ...run.manifest.provider.models.judge]);
      try {
        const revision = await reviseCandidate(
          { client: session.client, templates, rubrics, strategies: STRATEGIES },
          { manifest: run.manifest, seeds: request.seeds, candidates: request.candidates },
          candidateId,
          mode,
          { signal: controller.signal },
        );
        this.log.info(`run ${run.manifest.id}: ${mode} of ${candidateId} proposed (${revision.usage.promptTokens + revision.usage.completionTokens} tokens, $${revision.costUsd.toFixed(4)})`);
        return revision;
      } catch (error) {
        throw error instanceof RevisionError ? new Error(revisionProblem(error, candidateId, run.manifest.config.strategy)) : error;
      } finally {
        request.signal?.removeEventListener('abort', abort);
        await session.close();
      }
    });
  }
}
