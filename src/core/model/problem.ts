/** Every kind of problem Seedling reports in a dataset, with a stable code. */
export const PROBLEM_CODES = [
  'binary-file',
  'compressed-file',
  'invalid-utf8',
  'empty-file',
  'line-too-long',
  'invalid-json',
  'not-an-object',
  'unknown-format',
  'mixed-format',
  'missing-field',
  'empty-field',
  'wrong-type',
  'unknown-role',
  'wrong-role-order',
  'identical-pair',
  'csv-unterminated-quote',
  'csv-field-count',
  'csv-missing-header',
  'json-array-expected',
  'trailing-content',
] as const;

export type ProblemCode = (typeof PROBLEM_CODES)[number];

export type Severity = 'error' | 'warning' | 'info';

/**
 * One problem at one place. Lines and columns are 1-based; columns count UTF-16 code units,
 * as editors do, so `file:line:col` lands on the character.
 */
export interface Problem {
  readonly line: number;
  readonly column: number;
  /** How many characters the problem spans on its line, when known (for editor ranges). */
  readonly length?: number;
  readonly code: ProblemCode;
  readonly severity: Severity;
  readonly message: string;
}

export function problem(line: number, column: number, code: ProblemCode, message: string, severity: Severity = 'error', length?: number): Problem {
  return length === undefined ? { line, column, code, severity, message } : { line, column, code, severity, message, length };
}

/** Orders problems by position, then by code, for stable output. */
export function compareProblems(a: Problem, b: Problem): number {
  return a.line - b.line || a.column - b.column || a.code.localeCompare(b.code);
}
