// Helper program for the run lock tests: claims a run from its own OS process and keeps
// generating it (holding the lock) until it is killed.
//   node runLockHolder.process.js <runDir>
import { holdRunLock } from '../../../src/core/runs/runLock';

async function main(): Promise<void> {
  const [runDir] = process.argv.slice(2);
  if (runDir === undefined) throw new Error('usage: runLockHolder.process.js <runDir>');
  await holdRunLock(runDir, 'held-elsewhere');
  process.stdout.write('held\n');
  // The heartbeat timer is unref'd, as in a real run: this keeps the process alive.
  setInterval(() => undefined, 60_000);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
