// Starts code-server (the real VS Code workbench and extension host) on loopback with a
// throwaway profile, and stops it with everything it started.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stopGroup, trackGroup } from './processGroups';

const execFileAsync = promisify(execFile);

/** Settings of every test profile: no welcome page, no prompts, no network chatter. */
export const QUIET_SETTINGS: Readonly<Record<string, unknown>> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'window.restoreWindows': 'none',
  'chat.commandCenter.enabled': false,
  // VS Code for the Web saves after a second by default; desktop VS Code does not. Tests that
  // look at unsaved edits (and revert them) need the desktop's behaviour to be deterministic.
  'files.autoSave': 'off',
};

export interface CodeServerOptions {
  /** code-server launcher (from ensureCodeServer). */
  readonly bin: string;
  /** Folder for the profile, logs and sockets; short, because it holds Unix sockets. */
  readonly runDir?: string;
  /** Extension packages to install into the profile before starting. */
  readonly vsixFiles?: readonly string[];
  readonly settings?: Readonly<Record<string, unknown>>;
  /** Fixed port (e.g. for `npm start`); a free one otherwise. */
  readonly port?: number;
  /** Folder opened when a browser comes without ?folder=. */
  readonly defaultFolder?: string;
  /** Keep the profile's settings.json if it exists (a long-lived profile the user edits). */
  readonly keepUserSettings?: boolean;
  /**
   * Workspace trust on, as users have it, with nothing trusted yet: every folder opens in
   * Restricted Mode, without the startup dialog. Off by default, so other tests run trusted.
   */
  readonly workspaceTrust?: boolean;
}

/** Settings that turn workspace trust on and open untrusted folders in Restricted Mode without asking. */
const RESTRICTED_MODE_SETTINGS: Readonly<Record<string, unknown>> = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'never',
  'security.workspace.trust.untrustedFiles': 'open',
  'security.workspace.trust.emptyWindow': false,
};

export interface RunningCodeServer {
  readonly url: string;
  readonly runDir: string;
  readonly userSettingsFile: string;
  readonly logFile: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('no free port'));
      });
    });
  });
}

export async function startCodeServer(options: CodeServerOptions): Promise<RunningCodeServer> {
  const runDir = options.runDir ?? mkdtempSync(join(tmpdir(), 'sdl-cs-'));
  const dirs = {
    userData: join(runDir, 'ud'),
    extensions: join(runDir, 'exts'),
    xdgData: join(runDir, 'xdg-data'),
    xdgConfig: join(runDir, 'xdg-config'),
    tmp: join(runDir, 'tmp'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  mkdirSync(join(dirs.userData, 'User'), { recursive: true });
  const config = join(runDir, 'config.yaml');
  writeFileSync(config, ''); // keeps code-server away from ~/.config/code-server
  const userSettingsFile = join(dirs.userData, 'User', 'settings.json');
  if (!(options.keepUserSettings === true && existsSync(userSettingsFile))) {
    writeFileSync(userSettingsFile, JSON.stringify({ ...QUIET_SETTINGS, ...(options.workspaceTrust === true ? RESTRICTED_MODE_SETTINGS : {}), ...options.settings }, null, 2));
  }

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    XDG_DATA_HOME: dirs.xdgData,
    XDG_CONFIG_HOME: dirs.xdgConfig,
    TMPDIR: dirs.tmp,
    // Tests in the extension host look for secrets in the profile's settings file.
    CS_USER_SETTINGS: userSettingsFile,
  };
  const common = ['--config', config, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
  for (const vsix of options.vsixFiles ?? []) {
    await execFileAsync(options.bin, [...common, '--install-extension', vsix, '--force'], { env });
  }

  const port = options.port ?? (await freePort());
  const logFile = join(runDir, 'code-server.log');
  const log = openSync(logFile, 'a');
  const args = [
    ...common,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    // This flag turns workspace trust off, every folder trusted; without it the trust settings apply.
    ...(options.workspaceTrust === true ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    ...(options.defaultFolder ? [options.defaultFolder] : []),
  ];
  const child = spawn(options.bin, args, { env, detached: true, stdio: ['ignore', log, log] });
  trackGroup(child);
  const url = `http://127.0.0.1:${port}`;
  const running: RunningCodeServer = {
    url,
    runDir,
    userSettingsFile,
    logFile,
    process: child,
    stop: () => stopGroup(child),
  };
  try {
    await waitForHealth(url, child, 60_000);
  } catch (error: unknown) {
    await running.stop();
    const tail = readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
    throw new Error(`code-server did not start: ${error instanceof Error ? error.message : String(error)}\n${tail}`);
  }
  return running;
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`it exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no answer on ${url}/healthz within ${timeoutMs / 1000} s`);
}
