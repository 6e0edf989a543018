// Child processes the harness starts in their own process group (code-server's extension
// hosts and file watchers outlive a plain kill of its main process). Whatever happens, the
// groups are killed before the harness exits, so a run never leaves a process behind.
import type { ChildProcess } from 'node:child_process';

const live = new Set<number>();
let hooked = false;

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    for (const pid of live) killGroup(pid, 'SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      for (const pid of live) killGroup(pid, 'SIGKILL');
      process.exit(130);
    });
  }
}

/** Remembers a child started with `detached: true` (a new process group). */
export function trackGroup(child: ChildProcess): void {
  hookExit();
  if (child.pid !== undefined) live.add(child.pid);
}

/** Stops a group: SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
export async function stopGroup(child: ChildProcess, graceMs = 5000): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  const exited = child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((resolve) => child.once('exit', () => { resolve(); }));
  killGroup(pid, 'SIGTERM');
  const timer = new Promise<'timeout'>((resolve) => setTimeout(() => { resolve('timeout'); }, graceMs).unref());
  await Promise.race([exited, timer]);
  // The main process may be gone while children of the group linger: always finish the group.
  killGroup(pid, 'SIGKILL');
  live.delete(pid);
}
