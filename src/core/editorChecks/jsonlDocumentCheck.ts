// Every check of a JSON Lines dataset as an editor runs it while the user types: the reader's
// problems, rule checks, exact and near duplicates, contamination and low judge scores.
//
// Work is kept per line text, so after an edit only the lines that changed are read again; a
// 100,000-line file costs a map lookup per line. The slow per-prompt work (the near-duplicate
// index, the contamination scan) is queued and done in slices between checks, so the editor
// never waits for it; its findings appear as it catches up.
import { readJsonlLine } from '../formats/datasetReader';
import { locateValue, type JsonPath } from '../formats/jsonLocate';
import { isAmbiguousRecord, RECORD_FORMATS, type RecordFormatId } from '../formats/recordFormats';
import { sampleContentHash } from '../model/contentHash';
import type { Problem } from '../model/problem';
import type { Sample } from '../model/sample';
import { fullText, promptText, responseText } from '../model/sampleText';
import { detectLanguage, type Language, languageName } from '../quality/language';
import { type RuleConfig, RuleChecker, type RuleFlag } from '../quality/rules';
import type { ContaminationIndex } from '../quality/similarity/ngramOverlap';
import type { Verdict } from '../runs/candidateEvents';
import type { LineFinding, LineRuleCode, RelatedLine } from './lineFinding';
import { PromptClusters } from './promptClusters';

export interface JsonlCheckOptions {
  readonly rules: RuleConfig;
  /** ROUGE-L above which two prompts are near-duplicates; 1 switches the check off. */
  readonly nearDuplicateThreshold: number;
  /** Above this many lines only the cheap checks run (reading, rules, exact duplicates, scores). */
  readonly fullCheckLineLimit: number;
  readonly contamination?: ContaminationIndex;
  /** The latest judge verdict for a sample's content, if it was ever judged. */
  readonly verdictOf?: (contentHash: string) => Verdict | undefined;
}

/** What one line holds, read once per distinct text. */
export interface LineRecord {
  readonly format?: RecordFormatId;
  readonly sample?: Sample;
  /** Problems as if the line were line 1. */
  readonly problems: readonly Problem[];
  readonly contentHash?: string;
  /** The prompt's id in the near-duplicate index. */
  readonly promptId?: number;
  readonly flags: readonly RuleFlag[];
  readonly language?: Language;
  /** Several formats fit it equally: it is read again when the file's dominant format changes. */
  readonly ambiguous?: boolean;
}

export interface JsonlCheckResult {
  readonly findings: LineFinding[];
  /** The format most records have. */
  readonly dominantFormat: RecordFormatId | undefined;
  /** Slow checks still to catch up with the text: call `catchUp` and check again. */
  readonly pending: boolean;
  /** Whether the near-duplicate and contamination checks ran (the file is within the limit). */
  readonly fullChecks: boolean;
}

/** Mixed-format lines listed one by one, at most; the rest are counted on the last one listed. */
const MIXED_LINES_LISTED = 1000;
/** Earlier lines of a cluster tried per line before giving up on naming a near-duplicate. */
const CLUSTER_TRIES = 8;
/** Other lines named as related information of one duplicate. */
const RELATED_LISTED = 5;
/**
 * A language wrong for the file is only reported when the file is big enough to have one and
 * nearly all of it agrees: a bilingual dataset is not a mistake.
 */
const LANGUAGE_MAJORITY = 0.95;
const LANGUAGE_MIN_LINES = 20;

/** Where a rule flag's field sits in a record of `format`. */
function fieldPath(format: RecordFormatId, flag: RuleFlag): JsonPath | undefined {
  if (flag.field === undefined) return undefined;
  switch (format) {
    case 'openai-chat':
      return flag.index === undefined ? undefined : ['messages', flag.index, 'content'];
    case 'sharegpt':
      return flag.index === undefined ? undefined : ['conversations', flag.index, 'value'];
    default:
      return [flag.field];
  }
}

function spanOf(text: string, path: JsonPath | undefined): { column: number; length?: number } {
  if (path === undefined) return { column: 0 };
  const span = locateValue(text, path);
  return span === undefined ? { column: 0 } : { column: span.offset, length: Math.max(1, span.length) };
}

/** Compared for near-duplicates: the prompt (the Self-Instruct rule), the whole pair for preference data, where one prompt has many pairs. */
function similarityText(sample: Sample): string {
  return sample.kind === 'preference' ? fullText(sample) : promptText(sample);
}

export class JsonlDocumentCheck {
  private readonly records = new Map<string, LineRecord>();
  private readonly clusters: PromptClusters;
  private readonly rules: RuleChecker;
  /** Per content hash: the eval item it overlaps, null when none. */
  private readonly contaminationOf = new Map<string, { readonly item: string; readonly ngram: string } | null>();
  private readonly pendingContamination: string[] = [];
  /** The format that breaks ties when a line is read; the file's dominant one. */
  private preferred: RecordFormatId | undefined;

  constructor(private readonly options: JsonlCheckOptions) {
    this.clusters = new PromptClusters(options.nearDuplicateThreshold);
    // The language rule needs the whole file; it is checked here, across lines.
    this.rules = new RuleChecker({ ...options.rules, language: undefined });
  }

  /** The format most records had at the last check: ties between formats are broken by it. */
  get dominantFormat(): RecordFormatId | undefined {
    return this.preferred;
  }

  /** What a line holds (read now if its text is new). */
  recordOf(text: string): LineRecord {
    let record = this.records.get(text);
    if (record === undefined) {
      record = this.read(text);
      this.records.set(text, record);
    }
    return record;
  }

  private read(text: string): LineRecord {
    if (text.trim().length === 0) return { problems: [], flags: [] };
    const read = readJsonlLine(text, 1, this.preferred);
    const ambiguous = read.source !== undefined && isAmbiguousRecord(read.source);
    if (!read.sample || !read.format) return { ...(read.format ? { format: read.format } : {}), problems: read.problems, flags: [], ambiguous };
    const sample = read.sample;
    const reported = new Set<string>(['format-invalid', 'empty-field', 'role-order']);
    const flags = this.rules.check(sample).filter((flag) => !reported.has(flag.code));
    const language = detectLanguage(sample.kind === 'classification' ? sample.text : responseText(sample));
    return {
      format: read.format,
      sample,
      problems: read.problems,
      contentHash: sampleContentHash(sample),
      promptId: this.clusters.idOf(similarityText(sample)),
      flags,
      language,
      ambiguous,
    };
  }

  /**
   * Reads the lines not read yet, from `from` on, until `deadline` (a `now()` time): the index
   * to go on from, `lines.length` when every line is read. A file opened for the first time is
   * read in such slices, so the editor is never held for long.
   */
  readLines(lines: readonly string[], from: number, deadline: number, now: () => number): number {
    let line = from;
    while (line < lines.length) {
      const text = lines[line] as string;
      line++;
      if (this.records.has(text)) continue;
      this.records.set(text, this.read(text));
      if ((line & 63) === 0 && now() >= deadline) break;
    }
    return line;
  }

  /** Whether slow checks are behind the text last checked. */
  get pending(): boolean {
    return this.clusters.pendingCount > 0 || this.pendingContamination.length > 0;
  }

  /** Does queued slow work until `deadline` (`now()` time); returns whether any is left. */
  catchUp(deadline: number, now: () => number): boolean {
    if (this.clusters.indexUntil(deadline, now) > 0) return true;
    const contamination = this.options.contamination;
    let done = 0;
    while (contamination && done < this.pendingContamination.length && now() < deadline) {
      const hash = this.pendingContamination[done] as string;
      done++;
      if (this.contaminationOf.has(hash)) continue;
      const text = this.textsToScan.get(hash);
      this.textsToScan.delete(hash);
      const hit = text === undefined ? undefined : contamination.check(text)[0];
      this.contaminationOf.set(hash, hit ? { item: `${hit.ref.file}:${hit.ref.line}${hit.ref.id !== undefined ? ` (${hit.ref.id})` : ''}`, ngram: hit.ngram } : null);
    }
    this.pendingContamination.splice(0, contamination ? done : this.pendingContamination.length);
    return this.pending;
  }

  /** Texts queued for the contamination scan, by content hash. */
  private readonly textsToScan = new Map<string, string>();

  /** Checks the file's lines as they stand now, with whatever slow work is done. */
  check(lines: readonly string[]): JsonlCheckResult {
    const fullChecks = lines.length <= this.options.fullCheckLineLimit;
    const entries = lines.map((text) => this.recordOf(text));
    const dominantFormat = this.dominant(entries);
    if (dominantFormat !== this.preferred) {
      // Ties between formats are broken by the dominant one: lines with a tie are read again.
      this.preferred = dominantFormat;
      for (const [text, record] of this.records) if (record.ambiguous === true) this.records.delete(text);
      for (const [line, text] of lines.entries()) if (entries[line]?.ambiguous === true) entries[line] = this.recordOf(text);
    }
    const findings: LineFinding[] = [];
    for (const [line, entry] of entries.entries()) {
      for (const found of entry.problems) findings.push(this.placed(line, found, lines[line] ?? ''));
    }
    this.mixedFormats(entries, dominantFormat, findings);
    this.ruleFindings(entries, lines, findings);
    this.duplicates(entries, fullChecks, findings);
    if (fullChecks) this.contaminated(entries, findings);
    else {
      findings.push({
        line: 0,
        column: 0,
        code: 'checks-limited',
        severity: 'info',
        message: `Near-duplicate and contamination checks are off for this file: it has ${lines.length.toLocaleString('en-US')} lines, more than the limit of ${this.options.fullCheckLineLimit.toLocaleString('en-US')} (setting seedling.diagnostics.fullCheckLineLimit). Run “seedling dedupe” and “seedling decontaminate” on it, or raise the limit.`,
        detail: { kind: 'checks-limited', lines: lines.length, limit: this.options.fullCheckLineLimit },
      });
    }
    this.lowScores(entries, findings);
    findings.sort((a, b) => a.line - b.line || a.column - b.column);
    return { findings, dominantFormat, pending: fullChecks && this.pending, fullChecks };
  }

  private dominant(entries: readonly LineRecord[]): RecordFormatId | undefined {
    const counts = new Map<RecordFormatId, number>();
    let best: RecordFormatId | undefined;
    for (const entry of entries) {
      if (!entry.sample || !entry.format) continue;
      const count = (counts.get(entry.format) ?? 0) + 1;
      counts.set(entry.format, count);
      if (best === undefined || count > (counts.get(best) ?? 0)) best = entry.format;
    }
    return best;
  }

  private placed(line: number, found: Problem, text: string): LineFinding {
    const column = Math.min(Math.max(found.column - 1, 0), text.length);
    return { line: line + found.line - 1, column, ...(found.length !== undefined ? { length: found.length } : {}), code: found.code, severity: found.severity, message: found.message };
  }

  private mixedFormats(entries: readonly LineRecord[], dominant: RecordFormatId | undefined, findings: LineFinding[]): void {
    if (dominant === undefined) return;
    let records = 0;
    let dominantCount = 0;
    for (const entry of entries) {
      if (!entry.sample) continue;
      records++;
      if (entry.format === dominant) dominantCount++;
    }
    const listed = new Map<RecordFormatId, { count: number; last: number }>();
    for (const [line, entry] of entries.entries()) {
      if (!entry.sample || !entry.format || entry.format === dominant) continue;
      const seen = listed.get(entry.format) ?? { count: 0, last: line };
      seen.count++;
      listed.set(entry.format, seen);
      if (seen.count > MIXED_LINES_LISTED) continue;
      seen.last = line;
      findings.push({
        line,
        column: 0,
        code: 'mixed-format',
        severity: 'warning',
        message: `this record is ${RECORD_FORMATS[entry.format].label}, but most of the file (${dominantCount} of ${records} records) is ${RECORD_FORMATS[dominant].label}`,
      });
    }
    for (const [format, seen] of listed) {
      if (seen.count <= MIXED_LINES_LISTED) continue;
      findings.push({ line: seen.last, column: 0, code: 'mixed-format', severity: 'warning', message: `${seen.count - MIXED_LINES_LISTED} more records after this line are ${RECORD_FORMATS[format].label} too` });
    }
  }

  private ruleFindings(entries: readonly LineRecord[], lines: readonly string[], findings: LineFinding[]): void {
    const languages = new Map<Language, number>();
    let judged = 0;
    for (const entry of entries) {
      if (entry.language === undefined || entry.language === 'unknown') continue;
      languages.set(entry.language, (languages.get(entry.language) ?? 0) + 1);
      judged++;
    }
    let fileLanguage: Language | undefined;
    for (const [language, count] of languages) if (judged >= LANGUAGE_MIN_LINES && count >= judged * LANGUAGE_MAJORITY) fileLanguage = language;
    for (const [line, entry] of entries.entries()) {
      if (!entry.format) continue;
      const text = lines[line] ?? '';
      for (const flag of entry.flags) {
        findings.push({ line, ...spanOf(text, fieldPath(entry.format, flag)), code: flag.code as LineRuleCode, severity: flag.severity, message: flag.message });
      }
      if (fileLanguage !== undefined && entry.sample && entry.language !== undefined && entry.language !== 'unknown' && entry.language !== fileLanguage) {
        const what = entry.sample.kind === 'classification' ? 'text' : 'response';
        findings.push({ line, column: 0, code: 'language-mismatch', severity: 'warning', message: `the ${what} is in ${languageName(entry.language)}, but most of the file is in ${languageName(fileLanguage)}` });
      }
    }
  }

  private duplicates(entries: readonly LineRecord[], fullChecks: boolean, findings: LineFinding[]): void {
    const firstByContent = new Map<string, number>();
    const copiesOf = new Map<number, number[]>();
    const exactCopy = new Set<number>();
    for (const [line, entry] of entries.entries()) {
      if (entry.contentHash === undefined) continue;
      const first = firstByContent.get(entry.contentHash);
      if (first === undefined) {
        firstByContent.set(entry.contentHash, line);
        continue;
      }
      exactCopy.add(line);
      const copies = copiesOf.get(first) ?? [];
      copies.push(line);
      copiesOf.set(first, copies);
      findings.push({
        line,
        column: 0,
        code: 'duplicate-line',
        severity: 'warning',
        message: `an exact duplicate of line ${first + 1}`,
        related: [{ line: first, message: 'the first copy' }],
        detail: { kind: 'duplicate-line', first },
      });
    }
    if (!fullChecks || this.options.nearDuplicateThreshold >= 1) return;
    // Lines of each cluster, in file order; a line's near-duplicate is an earlier one of its cluster.
    const clusterLines = new Map<number, number[]>();
    for (const [line, entry] of entries.entries()) {
      if (entry.promptId === undefined || exactCopy.has(line)) continue;
      const representative = this.clusters.representativeOf(entry.promptId);
      if (representative === undefined) continue;
      const list = clusterLines.get(representative) ?? [];
      list.push(line);
      clusterLines.set(representative, list);
    }
    for (const list of clusterLines.values()) {
      if (list.length < 2) continue;
      for (const [position, line] of list.entries()) {
        if (position === 0) continue;
        const id = (entries[line] as LineRecord).promptId as number;
        const similar: { line: number; score: number }[] = [];
        for (let k = 0; k < position && k < CLUSTER_TRIES && similar.length < RELATED_LISTED; k++) {
          const other = list[k] as number;
          const score = this.clusters.score(id, (entries[other] as LineRecord).promptId as number);
          if (score > this.options.nearDuplicateThreshold) similar.push({ line: other, score });
        }
        const nearest = similar[0];
        if (!nearest) continue;
        const related: RelatedLine[] = similar.map((found) => ({ line: found.line, message: `ROUGE-L ${found.score.toFixed(2)}` }));
        findings.push({
          line,
          column: 0,
          code: 'near-duplicate',
          severity: 'warning',
          message: `a near-duplicate of line ${nearest.line + 1} (ROUGE-L ${nearest.score.toFixed(2)} between the prompts)`,
          related,
          detail: { kind: 'near-duplicate', other: nearest.line, score: nearest.score },
        });
      }
    }
  }

  private contaminated(entries: readonly LineRecord[], findings: LineFinding[]): void {
    if (!this.options.contamination || this.options.contamination.size === 0) return;
    for (const [line, entry] of entries.entries()) {
      if (entry.contentHash === undefined || !entry.sample) continue;
      const hit = this.contaminationOf.get(entry.contentHash);
      if (hit === undefined) {
        if (!this.textsToScan.has(entry.contentHash)) {
          this.textsToScan.set(entry.contentHash, fullText(entry.sample));
          this.pendingContamination.push(entry.contentHash);
        }
        continue;
      }
      if (hit !== null) findings.push({ line, column: 0, code: 'contaminated', severity: 'warning', message: `overlaps the eval item ${hit.item} — shares “${hit.ngram}”`, detail: { kind: 'contaminated', ...hit } });
    }
  }

  private lowScores(entries: readonly LineRecord[], findings: LineFinding[]): void {
    const verdictOf = this.options.verdictOf;
    if (!verdictOf) return;
    for (const [line, entry] of entries.entries()) {
      if (entry.contentHash === undefined) continue;
      const verdict = verdictOf(entry.contentHash);
      if (!verdict || verdict.passed !== false) continue;
      const weakest = [...verdict.criteria].sort((a, b) => a.score - b.score)[0];
      const why = weakest ? `; weakest: ${weakest.name} ${weakest.score} — ${weakest.reason}` : '';
      findings.push({
        line,
        column: 0,
        code: 'low-score',
        severity: 'warning',
        message: `the judge scored this sample ${verdict.overall.toFixed(1)} / 5, below the pass score${why}`,
        detail: { kind: 'low-score', overall: verdict.overall, ...(weakest ? { weakest: { name: weakest.name, score: weakest.score, reason: weakest.reason } } : {}) },
      });
    }
  }
}
