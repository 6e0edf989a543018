import type { Logger } from '../core/logger';

/** The CLI's logger: warnings and errors on stderr, the rest only with SEEDLING_DEBUG. */
export const stderrLogger: Logger = {
  trace: (message: string): void => {
    if (process.env['SEEDLING_DEBUG']) process.stderr.write(`trace: ${message}\n`);
  },
  debug: (message: string): void => {
    if (process.env['SEEDLING_DEBUG']) process.stderr.write(`debug: ${message}\n`);
  },
  info: (message: string): void => {
    if (process.env['SEEDLING_DEBUG']) process.stderr.write(`${message}\n`);
  },
  warn: (message: string): void => {
    process.stderr.write(`warning: ${message}\n`);
  },
  error: (message: string): void => {
    process.stderr.write(`error: ${message}\n`);
  },
};
