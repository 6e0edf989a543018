// What every `seedling` subcommand is, and how it reports misuse.

export interface CliCommand {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  run(args: readonly string[]): Promise<number>;
}

/** Misuse of the command line: reported (with the usage for a malformed call), exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** False for a well-formed call the setup cannot serve (no key, a seed the strategy cannot use). */
    readonly showUsage = true,
  ) {
    super(message);
  }
}

export function writeOut(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

export function writeErr(text: string): void {
  process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** Turns parseArgs' complaints into a UsageError. */
export function parseOrExplain<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error: unknown) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

export function positiveInteger(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0) throw new UsageError(`${name} must be a positive whole number, got "${value}"`);
  return number;
}
