// Builds every bundle of Seedling with esbuild.
//   node esbuild.config.mjs                 development build of the product (sourcemaps)
//   node esbuild.config.mjs --production    minified product build, no sourcemaps (packaging)
//   node esbuild.config.mjs --tests         also builds tests, the test harness and benchmarks
//   node esbuild.config.mjs --watch         rebuilds on change (combine with --tests)
// Type checking is separate (`npm run typecheck`): esbuild only strips types.
import * as esbuild from 'esbuild';
import { chmodSync, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const withTests = args.has('--tests');
const watch = args.has('--watch');

/** Every `*.ts` file below `dir` whose name passes `keep`. */
function filesUnder(dir, keep) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'fixtures' ? [] : filesUnder(path, keep);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') && keep(name) ? [path] : [];
  });
}

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  legalComments: 'none',
  logLevel: 'warning',
  target: 'es2022',
};

const node = { ...common, platform: 'node', format: 'cjs', target: 'node20' };

/** @type {esbuild.BuildOptions[]} */
const product = [
  {
    ...node,
    entryPoints: { extension: 'src/extension/extension.ts' },
    outdir: 'dist',
    external: ['vscode'],
    metafile: true,
  },
  {
    ...node,
    entryPoints: { cli: 'src/cli/main.ts' },
    outdir: 'dist',
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    ...common,
    platform: 'browser',
    format: 'iife',
    entryPoints: { review: 'webview/review/main.ts', health: 'webview/health/main.ts', generate: 'webview/generate/main.ts' },
    outdir: 'dist/webview',
  },
];

// Tests run from `out/`, never from `dist/`, so packaging never ships them. Dependencies stay
// external: the tests load the same node_modules a user's machine would.
const testBuilds = [
  {
    ...node,
    sourcemap: 'linked',
    minify: false,
    packages: 'external',
    entryPoints: [
      // Every file, not only *.test.ts: tests spawn helper programs built beside them.
      ...filesUnder('test/unit', () => true),
      ...filesUnder('test/reliability', () => true),
      ...filesUnder('test/e2e', (n) => n.endsWith('.test.ts')),
      ...filesUnder('test/harness', () => true),
      ...filesUnder('test/llmServer', () => true),
      ...filesUnder('bench', () => true),
    ],
    outbase: '.',
    outdir: 'out',
  },
  {
    ...node,
    sourcemap: 'linked',
    minify: false,
    external: ['vscode', 'mocha'],
    entryPoints: [...filesUnder('test/integration', () => true), ...filesUnder('test/integration-restricted', () => true)],
    outbase: '.',
    outdir: 'out',
  },
];

const builds = withTests ? [...product, ...testBuilds] : product;

function markExecutable() {
  for (const path of ['dist/cli.js', 'out/test/harness/vscode-shim.js']) {
    if (existsSync(path)) chmodSync(path, 0o755);
  }
}

if (!watch) rmSync('dist', { recursive: true, force: true });

if (watch) {
  const contexts = await Promise.all(
    builds.map((options) =>
      esbuild.context({
        ...options,
        plugins: [{ name: 'chmod', setup: (b) => b.onEnd(markExecutable) }],
      }),
    ),
  );
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('[watch] watching for changes; Ctrl+C stops');
} else {
  const results = await Promise.all(builds.map((options) => esbuild.build(options)));
  markExecutable();
  const meta = results[0]?.metafile;
  if (meta) {
    for (const [file, info] of Object.entries(meta.outputs)) {
      if (file.endsWith('.js')) console.log(`${relative('.', file)}  ${(info.bytes / 1024).toFixed(1)} KiB`);
    }
  }
}
