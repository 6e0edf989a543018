// The LLM quick fixes of a dataset line: judge it, rewrite it with the judge's critique, or
// regenerate it from its run's seeds. Rewrites and regenerations come back as proposals in a
// diff; nothing changes in the file until the user applies one.
import { basename, join } from 'node:path';
import * as vscode from 'vscode';
import { writeRecord } from '../../core/formats/recordFormats';
import type { Sample } from '../../core/model/sample';
import { journalVerdict, loadSeeds } from '../../core/pipeline';
import { hasCritique, reviseSample, RevisionError } from '../../core/review/candidateRevision';
import type { KnownVerdict } from '../../core/review/verdictsByContent';
import { Judge } from '../../core/quality/judge';
import type { OutputChannelLogger } from '../outputChannelLogger';
import type { CandidateReviser } from '../runs/candidateReviser';
import type { GenerationService } from '../runs/generationService';
import type { RunStore } from '../runs/runStore';
import { isCancellation, withCancellableProgress } from './cancellableProgress';
import type { DatasetLine, DatasetLines } from './datasetLines';
import type { LineProposal, LineProposals } from './lineProposals';
import type { LineVerdicts } from './lineVerdicts';

/** The generator and judge models for lines that belong to no run: the user's settings. */
export function lineModels(): { generator: string; judge: string } {
  const settings = vscode.workspace.getConfiguration('seedling');
  const generator = settings.get<string>('model', '').trim();
  const judge = settings.get<string>('judgeModel', '').trim() || generator;
  return { generator, judge };
}

/** Where a line is, for messages: `data.jsonl:12`. */
export function linePlace(document: vscode.TextDocument, line: number): string {
  return `${basename(document.uri.fsPath)}:${line + 1}`;
}

export class LineFixes {
  constructor(
    private readonly lines: DatasetLines,
    private readonly verdicts: LineVerdicts,
    private readonly proposals: LineProposals,
    private readonly generation: GenerationService,
    private readonly runs: RunStore,
    private readonly reviser: CandidateReviser,
    private readonly log: OutputChannelLogger,
  ) {}

  /** Judges the record on a line with the rubric of its kind and stores the verdict; undefined when cancelled. */
  async judgeLine(document: vscode.TextDocument, line: number, signal?: AbortSignal): Promise<KnownVerdict | undefined> {
    const { record, folder } = this.recordAt(document, line);
    const judge = this.judgeModel();
    return withCancellableProgress(vscode.l10n.t('Seedling: judging {0}', linePlace(document, line)), signal, async (_progress, aborted) => {
      const { session, templates, rubrics } = await this.generation.openEngine(folder.uri.fsPath, undefined, [judge]);
      try {
        const outcome = await new Judge(session.client, templates, rubrics).judge(record.sample, { models: [judge], signal: aborted });
        if (aborted.aborted) return undefined;
        this.log.info(`${linePlace(document, line)}: judged ${outcome.verdict.overall}/5 by ${judge} ($${outcome.costUsd.toFixed(4)})`);
        return await this.verdicts.record(folder, record.sample, journalVerdict(outcome.verdict));
      } catch (error) {
        throw aborted.aborted ? error : this.failure(vscode.l10n.t('Judging {0} failed', linePlace(document, line)), error);
      } finally {
        await session.close();
      }
    });
  }

  /**
   * Rewrites a line with its verdict's critique (judging it first when it has none), judges
   * the rewrite and shows it as a diff to apply or discard. Undefined when cancelled.
   */
  async rewriteLine(document: vscode.TextDocument, line: number, signal?: AbortSignal): Promise<LineProposal | undefined> {
    const { record, folder } = this.recordAt(document, line);
    const originalText = document.lineAt(line).text;
    const generator = lineModels().generator;
    if (generator === '') throw new Error(vscode.l10n.t('No generator model is set: set “seedling.model” to the model that should rewrite lines.'));
    const judge = this.judgeModel();
    const examples = this.examplesFor(document, line);
    await this.verdicts.ready();
    const revision = await withCancellableProgress(vscode.l10n.t('Seedling: rewriting {0} with the judge’s critique', linePlace(document, line)), signal, async (progress, aborted) => {
      const { session, templates, rubrics } = await this.generation.openEngine(folder.uri.fsPath, undefined, [generator, judge]);
      try {
        let verdict = this.verdicts.verdictForHash(record.contentHash)?.verdict;
        if (!hasCritique(verdict)) {
          progress.report({ message: vscode.l10n.t('judging the line first') });
          const outcome = await new Judge(session.client, templates, rubrics).judge(record.sample, { models: [judge], signal: aborted });
          if (aborted.aborted) return undefined;
          verdict = (await this.verdicts.record(folder, record.sample, journalVerdict(outcome.verdict))).verdict;
        }
        progress.report({ message: vscode.l10n.t('asking {0} for a rewrite', generator) });
        return await reviseSample({ client: session.client, templates, rubrics }, record.sample, verdict, { model: generator, judgeModels: [judge], examples, temperature: 0.7, maxTokens: 2048, signal: aborted });
      } catch (error) {
        if (aborted.aborted) throw error;
        if (error instanceof RevisionError) throw new Error(vscode.l10n.t('{0} has no judge critique to rewrite it with: judge it first, or edit it yourself.', linePlace(document, line)));
        throw this.failure(vscode.l10n.t('Rewriting {0} failed', linePlace(document, line)), error);
      } finally {
        await session.close();
      }
    });
    if (!revision) return undefined;
    if (revision.judgeFailure !== undefined) this.log.warn(`${linePlace(document, line)}: the rewrite was not judged: ${revision.judgeFailure}`);
    this.log.info(`${linePlace(document, line)}: rewrite proposed (${revision.usage.promptTokens + revision.usage.completionTokens} tokens, $${revision.costUsd.toFixed(4)})`);
    return this.propose(document, line, originalText, record, revision.sample, 'rewrite', revision.verdict);
  }

  /** Asks the strategy of the run the line came from for a new sample from the same seeds, shown as a diff. */
  async regenerateLine(document: vscode.TextDocument, line: number, signal?: AbortSignal): Promise<LineProposal | undefined> {
    const { record } = this.recordAt(document, line);
    const originalText = document.lineAt(line).text;
    await this.verdicts.ready();
    const ref = this.verdicts.candidateFor(record.contentHash);
    const run = ref ? await this.runs.find(ref.runId) : undefined;
    if (!ref || !run) throw new Error(vscode.l10n.t('{0} matches no candidate of a run in this workspace, so there are no seeds to regenerate it from. Use “Rewrite with Critique” instead.', linePlace(document, line)));
    let seeds;
    try {
      seeds = await loadSeeds(join(run.folder.uri.fsPath, run.manifest.seed.path));
    } catch (error) {
      throw new Error(vscode.l10n.t('The seed file of run {0} cannot be read ({1}), so {2} cannot be regenerated from it.', ref.runId, error instanceof Error ? error.message : String(error), linePlace(document, line)), { cause: error });
    }
    const controller = new AbortController();
    const abort = (): void => {
      controller.abort();
    };
    signal?.addEventListener('abort', abort, { once: true });
    if (signal?.aborted === true) controller.abort();
    let revision;
    try {
      revision = await this.reviser.revise({ run, seeds, candidates: await this.runs.candidates(run), candidateId: ref.candidateId, mode: 'regenerate', signal: controller.signal });
    } catch (error) {
      // The reviser's own notification can be cancelled too: then its requests throw.
      if (isCancellation(error, controller.signal)) return undefined;
      throw this.failure(vscode.l10n.t('Regenerating {0} failed', linePlace(document, line)), error);
    } finally {
      signal?.removeEventListener('abort', abort);
    }
    if (controller.signal.aborted) return undefined;
    if (revision.sample.kind !== record.sample.kind) throw new Error(vscode.l10n.t('The run gave a {0} sample for a {1} line; the line is unchanged. Try again.', revision.sample.kind, record.sample.kind));
    return this.propose(document, line, originalText, record, revision.sample, 'regenerate', revision.verdict);
  }

  /** The valid record on a line and its workspace folder, or an error that says why there is none. */
  recordAt(document: vscode.TextDocument, line: number): { record: DatasetLine; folder: vscode.WorkspaceFolder } {
    // Said before anything starts: in Restricted Mode no line goes to any model.
    if (!vscode.workspace.isTrusted) throw new Error(vscode.l10n.t('Restricted Mode: Seedling sends nothing to a model endpoint until you trust this workspace.'));
    const record = this.lines.lineAt(document, line);
    if (!record) throw new Error(vscode.l10n.t('{0} is not a valid dataset record: fix its problems first.', linePlace(document, line)));
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    if (!folder) throw new Error(vscode.l10n.t('{0} is not in an open workspace folder: verdicts are kept in the workspace, so open its folder first.', document.uri.fsPath));
    return { record, folder };
  }

  judgeModel(): string {
    const judge = lineModels().judge;
    if (judge === '') throw new Error(vscode.l10n.t('No judge model is set: set “seedling.judgeModel” (or “seedling.model”) to the model that should judge lines.'));
    return judge;
  }

  private async propose(document: vscode.TextDocument, line: number, originalText: string, record: DatasetLine, sample: Sample, mode: 'rewrite' | 'regenerate', verdict: LineProposal['verdict']): Promise<LineProposal | undefined> {
    // The line's own format, its unknown fields kept.
    const proposedText = JSON.stringify(writeRecord(record.format, sample, record.source));
    if (proposedText === originalText) {
      void vscode.window.showInformationMessage(vscode.l10n.t('The model proposes no change to {0}.', linePlace(document, line)));
      return undefined;
    }
    return this.proposals.show({ document, line, mode, originalText, proposedText, sample, ...(verdict ? { verdict } : {}) });
  }

  /** A few other records of the file: the style a rewrite keeps. */
  private examplesFor(document: vscode.TextDocument, line: number): Sample[] {
    const examples: Sample[] = [];
    for (const { line: other, record } of this.lines.records(document)) {
      if (other === line) continue;
      examples.push(record.sample);
      if (examples.length === 3) break;
    }
    return examples;
  }

  private failure(what: string, error: unknown): Error {
    const detail = error instanceof Error ? error.message : String(error);
    return new Error(vscode.l10n.t('{0}: {1} The line is unchanged; try again, or see the Seedling log.', what, detail), { cause: error });
  }
}
