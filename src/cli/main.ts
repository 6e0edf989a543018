// The `seedling` command: the same engine as the extension, for scripts and CI.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CliCommand, UsageError, writeErr } from './cliCommand';
import { convertCommand } from './commands/convert';
import { decontaminateCommand } from './commands/decontaminate';
import { dedupeCommand } from './commands/dedupe';
import { generateCommand } from './commands/generate';
import { inspectCommand } from './commands/inspect';
import { judgeCommand } from './commands/judge';
import { statsCommand } from './commands/stats';
import { validateCommand } from './commands/validate';


const USAGE = `Usage: seedling <command> [options]

Turns a small seed file of fine-tuning examples into a larger, reviewed synthetic dataset.

Commands:
{commands}
Options:
  -h, --help       show this help
  -v, --version    print the version
`;

const commands: Readonly<Record<string, CliCommand>> = Object.fromEntries([generateCommand, validateCommand, inspectCommand, convertCommand, judgeCommand, dedupeCommand, decontaminateCommand, statsCommand].map((command) => [command.name, command]));

function version(): string {
  // dist/cli.js sits one folder below package.json in the repository and in the package.
  try {
    const manifest: unknown = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8'));
    const value = typeof manifest === 'object' && manifest !== null ? (manifest as Record<string, unknown>)['version'] : undefined;
    return typeof value === 'string' ? value : 'unknown';
  } catch {
    return 'unknown';
  }
}

function usage(): string {
  const names = Object.keys(commands);
  const width = Math.max(0, ...names.map((name) => name.length)) + 3;
  const lines = names.map((name) => `  ${name.padEnd(width)}${commands[name]?.summary ?? ''}`);
  return USAGE.replace('{commands}', lines.length > 0 ? `${lines.join('\n')}\n` : '  (none yet)\n');
}

export async function main(argv: readonly string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    process.stdout.write(usage());
    return first === undefined ? 2 : 0;
  }
  if (first === '-v' || first === '--version') {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  const command = commands[first];
  if (!command) {
    writeErr(`seedling: unknown command "${first}". Run "seedling --help" for the list.`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (error: unknown) {
    if (!(error instanceof UsageError)) throw error;
    writeErr(error.showUsage ? `seedling ${command.name}: ${error.message}\n\n${command.usage}` : `seedling ${command.name}: ${error.message}\n(seedling ${command.name} --help lists every option)`);
    return 2;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`seedling: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
