// What the editor shows on a dataset line: a problem at a 0-based position, as editors count,
// with the other lines it is about (the earlier copy of a duplicate).
import type { ProblemCode, Severity } from '../model/problem';
import type { RuleCode } from '../quality/rules';

/** Rule codes the reader already reports in its own words are left to the reader. */
export type LineRuleCode = Exclude<RuleCode, 'format-invalid' | 'empty-field' | 'role-order'>;

export type FindingCode = ProblemCode | LineRuleCode | 'duplicate-line' | 'near-duplicate' | 'contaminated' | 'low-score' | 'checks-limited';

export interface RelatedLine {
  /** 0-based. */
  readonly line: number;
  readonly message: string;
}

/** The facts behind a finding the editor words itself (in the user's language). */
export type FindingDetail =
  | { readonly kind: 'checks-limited'; readonly lines: number; readonly limit: number }
  | { readonly kind: 'duplicate-line'; readonly first: number }
  | { readonly kind: 'near-duplicate'; readonly other: number; readonly score: number }
  | { readonly kind: 'contaminated'; readonly item: string; readonly ngram: string }
  | { readonly kind: 'low-score'; readonly overall: number; readonly weakest?: { readonly name: string; readonly score: number; readonly reason: string } };

export interface LineFinding {
  /** 0-based line. */
  readonly line: number;
  /** 0-based UTF-16 column. */
  readonly column: number;
  /** UTF-16 length; undefined means to the end of the line. */
  readonly length?: number;
  readonly code: FindingCode;
  readonly severity: Severity;
  readonly message: string;
  readonly related?: readonly RelatedLine[];
  readonly detail?: FindingDetail;
}
