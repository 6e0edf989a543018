#!/usr/bin/env node
// Stands in for the desktop VS Code executable that @vscode/test-electron launches: it takes
// the same command line and runs the tests in code-server's extension host instead
// (code-server must already run at $CS_URL; test-electron.ts starts it).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExtensionHostTests } from './extensionHostTests';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const developmentPath = option('extensionDevelopmentPath');
const testsPath = option('extensionTestsPath');
const codeServerUrl = process.env['CS_URL'];

if (!developmentPath || !testsPath || !codeServerUrl) {
  console.error('vscode-shim: needs --extensionDevelopmentPath, --extensionTestsPath and CS_URL');
  process.exit(2);
}
const workspace = args.find((a) => !a.startsWith('-')) ?? mkdtempSync(join(tmpdir(), 'sdl-ws-'));
runExtensionHostTests({ codeServerUrl, extensionDevelopmentPath: developmentPath, extensionTestsPath: testsPath, workspace }).then(
  (result) => process.exit(result.exitCode),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
