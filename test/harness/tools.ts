// Finds or installs what the real-VS-Code tests need: Debian's Chromium, and code-server
// (VS Code's server and web workbench, from npm) in a cache folder shared by every checkout.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, copyFileSync, renameSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** The last code-server that runs on Node 20; it embeds VS Code 1.99.3. */
export const CODE_SERVER_VERSION = '4.99.4';
/** @vscode/ripgrep version code-server pins; its postinstall looks for this archive first. */
const RIPGREP_PACKAGE_VERSION = '1.15.11';
const RIPGREP_ARCHIVE = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

export function toolsRoot(): string {
  return process.env['SEEDLING_TOOLS_DIR'] ?? join(process.env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'seedling', 'tools');
}

function onPath(command: string): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    const candidate = join(dir, command);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

function debianPackageInstalled(name: string): boolean {
  return spawnSync('dpkg', ['-s', name], { stdio: 'ignore' }).status === 0;
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Installs Debian packages when we may (root); otherwise says exactly what is missing. */
function installDebianPackages(packages: readonly string[], why: string): void {
  if (packages.length === 0) return;
  if (!isRoot || !onPath('apt-get')) {
    throw new Error(
      `${why} needs the Debian packages ${packages.join(', ')}. Install them with:\n` +
        `  sudo apt-get update && sudo apt-get install -y ${packages.join(' ')}`,
    );
  }
  console.log(`[tools] apt-get install ${packages.join(' ')} (${why})`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: ['ignore', 'ignore', 'inherit'], env });
}

/** Chinese seeds and UI in the browser need a CJK font, which Debian's Chromium does not bring (1.6 MB). */
const CJK_FONT_PACKAGE = 'fonts-wqy-microhei';

/** Installs the CJK font when we may; without it Chinese shows as boxes in screenshots, and the tests still run. */
function ensureCjkFont(): void {
  if (debianPackageInstalled(CJK_FONT_PACKAGE)) return;
  try {
    installDebianPackages([CJK_FONT_PACKAGE], 'Showing Chinese text in the browser');
  } catch (error) {
    console.warn(`[tools] no CJK font: Chinese text will show as boxes in screenshots (${error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error)})`);
  }
}

/** Path of a Chromium to drive with playwright-core; installs Debian's when missing. */
export function ensureChromium(): string {
  const configured = process.env['CHROMIUM'];
  if (configured) {
    if (!existsSync(configured)) throw new Error(`CHROMIUM=${configured} does not exist.`);
    return configured;
  }
  ensureCjkFont();
  const found = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path)) ?? onPath('chromium');
  if (found) return found;
  installDebianPackages(['chromium'], 'Driving VS Code in a browser');
  const installed = onPath('chromium') ?? '/usr/bin/chromium';
  if (!existsSync(installed)) throw new Error('Chromium was installed but /usr/bin/chromium is not there; set CHROMIUM to its path.');
  return installed;
}

/** Path of the code-server launcher; installs code-server into the tools cache when missing. */
export function ensureCodeServer(): string {
  const home = join(toolsRoot(), `code-server-${CODE_SERVER_VERSION}`);
  const bin = join(home, 'node_modules', '.bin', 'code-server');
  if (existsSync(bin)) return bin;

  // Its native add-ons (node-pty, kerberos…) compile with node-gyp; kerberos needs krb5
  // headers, and @vscode/ripgrep would download a binary unless its cache already holds one.
  const missing = [
    ...(onPath('rg') ? [] : ['ripgrep']),
    ...(debianPackageInstalled('libkrb5-dev') ? [] : ['libkrb5-dev']),
  ];
  installDebianPackages(missing, 'Installing code-server');
  seedRipgrepCache();

  mkdirSync(toolsRoot(), { recursive: true });
  const staging = mkdtempSync(join(toolsRoot(), `code-server-${CODE_SERVER_VERSION}.partial-`));
  writeFileSync(join(staging, 'package.json'), '{ "private": true }\n');
  const log = join(staging, 'install.log');
  console.log(`[tools] installing code-server ${CODE_SERVER_VERSION} into ${home} (about a minute; log: ${log})`);
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: staging,
    env: { ...process.env, npm_config_unsafe_perm: 'true', npm_config_yes: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  writeFileSync(log, `${result.stdout}\n${result.stderr}`);
  if (result.status !== 0 || !existsSync(join(staging, 'node_modules', '.bin', 'code-server'))) {
    const tail = readFileSync(log, 'utf8').split('\n').slice(-40).join('\n');
    throw new Error(`installing code-server failed (exit ${String(result.status)}); the end of ${log}:\n${tail}`);
  }
  // Publish the finished install in one step, so an interrupted install is never used.
  if (existsSync(bin)) rmSync(staging, { recursive: true, force: true });
  else renameSync(staging, home);
  return bin;
}

function seedRipgrepCache(): void {
  const cache = join(tmpdir(), `vscode-ripgrep-cache-${RIPGREP_PACKAGE_VERSION}`);
  const archive = join(cache, RIPGREP_ARCHIVE);
  if (existsSync(archive)) return;
  const rg = onPath('rg');
  if (!rg) throw new Error('ripgrep (rg) is needed to install code-server offline: apt-get install ripgrep');
  mkdirSync(cache, { recursive: true });
  const staging = mkdtempSync(join(tmpdir(), 'seedling-rg-'));
  copyFileSync(rg, join(staging, 'rg'));
  execFileSync('tar', ['czf', archive, '-C', staging, 'rg']);
  rmSync(staging, { recursive: true, force: true });
}
