import { readlink, realpath } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import * as vscode from 'vscode';
import { planSave, readOutputText, type SaveRequest, saveSamples, textAfterSave } from '../../core/formats/saveSamples';
import { sampleContentHash } from '../../core/model/contentHash';
import { loadSeeds, outputFormatFor } from '../../core/pipeline';
import { makeEvent } from '../../core/runs/candidateEvents';
import type { CandidateState } from '../../core/runs/candidateState';
import { CandidateJournal } from '../../core/runs/journal';
import type { OutputChannelLogger } from '../outputChannelLogger';
import type { RunStore, WorkspaceRun } from './runStore';

export interface SaveOutcome {
  readonly output: vscode.Uri;
  readonly written: number;
  readonly alreadyPresent: number;
  /** Saved through the open editor's buffer rather than the file. */
  readonly viaEditor: boolean;
  /** The editor had unsaved edits of the user's: the document was left unsaved for them to save. */
  readonly leftUnsaved: boolean;
}

/** What Save Accepted would do to the output dataset, before it does it. */
export interface SavePreview {
  readonly output: vscode.Uri;
  /** The output's text now; empty when it does not exist yet. */
  readonly before: string;
  /** The output's text after the save. */
  readonly after: string;
  readonly exists: boolean;
  readonly written: number;
  readonly alreadyPresent: number;
}

interface PreparedSave {
  readonly root: string;
  readonly target: string;
  readonly output: vscode.Uri;
  readonly candidates: readonly CandidateState[];
  readonly request: SaveRequest;
  /** The output's open document, whose buffer saving uses instead of the file. */
  readonly open: vscode.TextDocument | undefined;
}

/** `${seedDir}/${seedName}.synthetic.${seedExt}`, from the seedling.outputFile setting. */
export function defaultOutputPath(seedPath: string): string {
  const pattern = vscode.workspace.getConfiguration('seedling').get<string>('outputFile', '${seedDir}/${seedName}.synthetic.${seedExt}');
  const extension = extname(seedPath);
  return pattern
    .replace(/\$\{seedDir\}/g, dirname(seedPath))
    .replace(/\$\{seedName\}/g, basename(seedPath, extension))
    .replace(/\$\{seedExt\}/g, extension.replace(/^\./, ''));
}

/** How `saved` journal events name an output file: its path from the workspace folder, with forward slashes. */
export function savedOutputName(run: WorkspaceRun, outputPath: string): string {
  return relative(run.folder.uri.fsPath, outputPath).split('\\').join('/');
}

/** Whether `path` (following symlinks as far as they exist) lies inside `root`. */
async function isInside(root: string, path: string, linksFollowed = 0): Promise<boolean> {
  const realRoot = await realpath(root).catch(() => root);
  let probe = path;
  // The output may not exist yet: resolve its nearest existing ancestor.
  for (;;) {
    const real = await realpath(probe).catch(() => undefined);
    const rest = relative(probe, path);
    if (real !== undefined) {
      const full = rest ? join(real, rest) : real;
      const inside = relative(realRoot, full);
      return inside === '' || (!inside.startsWith('..') && !isAbsolute(inside));
    }
    // A dangling link: writing through it would create its target, wherever that is.
    const link = await readlink(probe).catch(() => undefined);
    if (link !== undefined) {
      if (linksFollowed >= 40) return false;
      const target = resolve(dirname(probe), link);
      return isInside(root, rest ? join(target, rest) : target, linksFollowed + 1);
    }
    const parent = dirname(probe);
    if (parent === probe) return false;
    probe = parent;
  }
}

/** Times a save through the editor is planned again because the user typed meanwhile. */
const EDITOR_SAVE_ATTEMPTS = 5;

/**
 * Applies a save to an open document's buffer. Planning reads the buffer asynchronously, so
 * an edit the user makes meanwhile would be overwritten by a stale plan: the plan is made
 * again on the new text instead (VS Code also refuses an edit made for an older version).
 */
async function saveThroughEditor(open: vscode.TextDocument, output: vscode.Uri, request: SaveRequest): Promise<SaveOutcome> {
  for (let attempt = 1; ; attempt++) {
    const version = open.version;
    const plan = await planSave(request, open.getText());
    const wasDirty = open.isDirty;
    if (plan.edit.kind === 'none') return { output, written: plan.written, alreadyPresent: plan.alreadyPresent, viaEditor: true, leftUnsaved: false };
    let applied = false;
    if (open.version === version) {
      const edit = new vscode.WorkspaceEdit();
      const end = open.lineAt(open.lineCount - 1).range.end;
      if (plan.edit.kind === 'append') edit.insert(output, end, plan.edit.text);
      else edit.replace(output, new vscode.Range(new vscode.Position(0, 0), end), plan.edit.text);
      applied = await vscode.workspace.applyEdit(edit);
    }
    if (!applied) {
      if (open.version !== version && attempt < EDITOR_SAVE_ATTEMPTS) continue;
      throw new Error(vscode.l10n.t('VS Code did not apply the edit to {0}; nothing was saved.', vscode.workspace.asRelativePath(output)));
    }
    // The user's own unsaved edits are theirs to save; a clean document is saved at once.
    if (!wasDirty && !(await open.save())) {
      throw new Error(vscode.l10n.t('VS Code could not save {0}: the new samples are in its editor, unsaved. Save it there (compare with the file on disk if VS Code asks), then run Save Accepted again to record the save.', vscode.workspace.asRelativePath(output)));
    }
    return { output, written: plan.written, alreadyPresent: plan.alreadyPresent, viaEditor: true, leftUnsaved: wasDirty };
  }
}

/**
 * Saves a run's accepted candidates to the output dataset in the seed's format: through a
 * WorkspaceEdit when the output is open in an editor (the user's unsaved edits stay; their
 * document is left for them to save), otherwise appended or rewritten atomically on disk.
 * Saving twice writes nothing new; every saved candidate gets a `saved` journal event.
 */
export class SaveService {
  constructor(
    private readonly store: RunStore,
    private readonly log: OutputChannelLogger,
  ) {}

  /** The absolute path of the dataset a run's accepted candidates go to (given, configured for the run, or the setting's). */
  outputPath(run: WorkspaceRun, given?: string): string {
    const root = run.folder.uri.fsPath;
    const configured = run.manifest.config.options['outputFile'];
    return resolve(root, given ?? (typeof configured === 'string' ? configured : defaultOutputPath(join(root, run.manifest.seed.path))));
  }

  /**
   * What saving a run's accepted candidates would do, computed and nothing written: the
   * output's text now (the open editor's buffer, unsaved edits included, as Save uses it)
   * and after the save.
   */
  async previewAccepted(run: WorkspaceRun, outputPath?: string): Promise<SavePreview> {
    const prepared = await this.prepare(run, outputPath);
    const before = prepared.open ? prepared.open.getText() : await readOutputText(prepared.target);
    const plan = await planSave(prepared.request, before);
    return { output: prepared.output, before: before ?? '', after: textAfterSave(before, plan.edit), exists: before !== undefined, written: plan.written, alreadyPresent: plan.alreadyPresent };
  }

  async saveAccepted(run: WorkspaceRun, outputPath?: string): Promise<SaveOutcome> {
    const { target, output, candidates, request, open } = await this.prepare(run, outputPath);
    let outcome: SaveOutcome;
    // A clean document VS Code has not yet reloaded after another program changed the file
    // would save its stale text over the change: the file is the truth then.
    if (open && (open.isDirty || open.getText() === (await readOutputText(target)))) {
      outcome = await saveThroughEditor(open, output, request);
    } else {
      const result = await saveSamples(request);
      outcome = { output, written: result.written, alreadyPresent: result.alreadyPresent, viaEditor: false, leftUnsaved: false };
    }
    const journal = await CandidateJournal.open(run.runDir);
    try {
      const outputFile = savedOutputName(run, target);
      const unrecorded = candidates.filter((c) => !c.saved.some((s) => s.outputFile === outputFile));
      if (unrecorded.length > 0) await journal.append(unrecorded.map((c) => makeEvent('saved', c.id, { outputFile, contentHash: sampleContentHash(c.sample) })));
    } finally {
      await journal.close();
    }
    this.store.invalidate(run.manifest.id);
    this.log.info(`saved ${outcome.written} new samples of run ${run.manifest.id} to ${target} (${outcome.alreadyPresent} already there${outcome.viaEditor ? ', through the open editor' : ''})`);
    return outcome;
  }

  /** The output a run saves to (checked to lie inside the workspace), and what it would receive. */
  private async prepare(run: WorkspaceRun, outputPath: string | undefined): Promise<PreparedSave> {
    const root = run.folder.uri.fsPath;
    const seedPath = join(root, run.manifest.seed.path);
    const target = this.outputPath(run, outputPath);
    if (!(await isInside(root, target))) {
      throw new Error(vscode.l10n.t('{0} is outside the workspace folder {1} (or reached through a link out of it): Seedling only writes datasets inside the workspace. Choose an output file in it.', target, root));
    }
    // The journal as it is now: the store reads its latest lines on every read.
    const candidates = [...(await this.store.candidates(run)).values()].filter((c) => c.status === 'accepted');
    const seeds = await loadSeeds(seedPath);
    const kind = candidates[0]?.sample.kind ?? seeds.kind;
    const request: SaveRequest = { outputPath: target, seedLayout: seeds.layout, seedFormat: outputFormatFor(seeds.format, kind), samples: candidates.map((c) => ({ sample: c.sample })) };
    const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === target);
    return { root, target, output: vscode.Uri.file(target), candidates, request, open };
  }
}
