// Judge Whole File: every valid line of a dataset whose content has no verdict yet, judged with
// the rubric of its kind as fast as the endpoint's scheduler allows, each verdict stored as it
// arrives, so a cancelled or failed pass keeps what it judged.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { journalVerdict } from '../../core/pipeline';
import { Judge } from '../../core/quality/judge';
import type { OutputChannelLogger } from '../outputChannelLogger';
import { endpointSettings, type GenerationService } from '../runs/generationService';
import { withCancellableProgress } from './cancellableProgress';
import type { DatasetLine, DatasetLines } from './datasetLines';
import type { LineFixes } from './lineFixes';
import type { LineVerdicts } from './lineVerdicts';

export interface FileJudgingSummary {
  /** Distinct contents that had no verdict when the pass started. */
  readonly total: number;
  readonly judged: number;
  readonly failed: number;
  readonly belowPassScore: number;
  readonly costUsd: number;
  readonly cancelled: boolean;
  /** The first failure, in the endpoint's words. */
  readonly firstError?: string;
}

/** Failures in a row after which the pass stops: the endpoint is down or refuses, and every request would fail alike. */
const MAX_FAILURES_IN_A_ROW = 5;

function money(usd: number): string {
  return usd < 0.01 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}

export class FileJudging {
  constructor(
    private readonly lines: DatasetLines,
    private readonly verdicts: LineVerdicts,
    private readonly fixes: LineFixes,
    private readonly generation: GenerationService,
    private readonly log: OutputChannelLogger,
  ) {}

  async judgeFile(document: vscode.TextDocument, signal?: AbortSignal): Promise<FileJudgingSummary> {
    const name = basename(document.uri.fsPath);
    if (!this.lines.isDataset(document)) throw new Error(vscode.l10n.t('{0} is not a dataset file Seedling checks: add it to “seedling.diagnostics.include”.', name));
    await this.verdicts.ready();
    const unjudged = new Map<string, DatasetLine>();
    for (const { record } of this.lines.records(document)) {
      if (!this.verdicts.verdictForHash(record.contentHash)) unjudged.set(record.contentHash, record);
    }
    const first = this.lines.records(document).next();
    if (first.done === true || unjudged.size === 0) {
      void vscode.window.showInformationMessage(first.done === true ? vscode.l10n.t('{0} has no valid record to judge.', name) : vscode.l10n.t('Every valid line of {0} already has a verdict.', name));
      return { total: 0, judged: 0, failed: 0, belowPassScore: 0, costUsd: 0, cancelled: false };
    }
    const { folder } = this.fixes.recordAt(document, first.value.line);
    const judge = this.fixes.judgeModel();
    const queue = [...unjudged.values()];
    const total = queue.length;
    let judged = 0;
    let failed = 0;
    let belowPassScore = 0;
    let costUsd = 0;
    let inARow = 0;
    let firstError: string | undefined;
    const finished = await withCancellableProgress(vscode.l10n.t('Seedling: judging {0}', name), signal, async (progress, aborted) => {
      const { session, templates, rubrics } = await this.generation.openEngine(folder.uri.fsPath, undefined, [judge]);
      const judgeOf = new Judge(session.client, templates, rubrics);
      // A function, not the property: cancelling can happen during any await below.
      const cancelled = (): boolean => aborted.aborted;
      const worker = async (): Promise<void> => {
        for (let record = queue.shift(); record !== undefined && !cancelled() && inARow < MAX_FAILURES_IN_A_ROW; record = queue.shift()) {
          try {
            const outcome = await judgeOf.judge(record.sample, { models: [judge], signal: aborted });
            if (cancelled()) return;
            await this.verdicts.record(folder, record.sample, journalVerdict(outcome.verdict));
            judged++;
            inARow = 0;
            costUsd += outcome.costUsd;
            if (!outcome.verdict.passed) belowPassScore++;
          } catch (error) {
            if (cancelled()) return;
            failed++;
            inARow++;
            const message = error instanceof Error ? error.message : String(error);
            firstError ??= message;
            this.log.warn(`${name}: a line could not be judged: ${message}`);
          }
          progress.report({ increment: 100 / total, message: vscode.l10n.t('{0} of {1} lines · {2}', String(judged + failed), String(total), money(costUsd)) });
        }
      };
      try {
        // The scheduler keeps the endpoint at its concurrency; as many workers keep it fed.
        await Promise.all(Array.from({ length: Math.min(total, Math.max(1, endpointSettings().maxConcurrency)) }, worker));
      } finally {
        await session.close();
      }
      return true;
    });
    const summary: FileJudgingSummary = { total, judged, failed, belowPassScore, costUsd, cancelled: finished === undefined, ...(firstError !== undefined ? { firstError } : {}) };
    this.log.info(`${name}: judged ${judged} of ${total} lines (${failed} failed, ${belowPassScore} below the pass score, ${money(costUsd)})${summary.cancelled ? ', cancelled' : ''}`);
    const counts = [name, String(judged), String(total), String(belowPassScore), String(failed), money(costUsd)] as const;
    if (summary.cancelled) void vscode.window.showInformationMessage(vscode.l10n.t('Stopped judging {0}: {1} of {2} lines judged and kept, {3} below the pass score, {4} failed · {5}', ...counts));
    else if (failed > 0) void vscode.window.showWarningMessage(vscode.l10n.t('{0}: judged {1} of {2} lines, {3} below the pass score, {4} failed · {5}. The first failure: {6} Run Judge Whole File again to retry the rest.', ...counts, firstError ?? ''));
    else void vscode.window.showInformationMessage(vscode.l10n.t('{0}: judged {1} of {2} lines, {3} below the pass score, {4} failed · {5}', ...counts));
    return summary;
  }
}
