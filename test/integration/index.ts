// Entry point VS Code loads as extensionTestsPath: runs every *.test.js beside it with mocha
// inside the real extension host, and reports its counts to the harness.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

const RESULT_MARKER = 'SEEDLING_TEST_RESULT ';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30_000, reporter: 'spec' });
  const grep = process.env['SEEDLING_TEST_GREP'];
  if (grep) mocha.grep(grep);
  for (const file of readdirSync(__dirname).sort()) {
    if (file.endsWith('.test.js')) mocha.addFile(join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const passed = runner.stats?.passes ?? 0;
      console.log(`${RESULT_MARKER}${JSON.stringify({ passed, failed: failures })}`);
      if (failures > 0) reject(new Error(`${failures} integration tests failed`));
      else resolve();
    });
    // The spec reporter lists failures only at the end, which a run cut short never reaches.
    runner.on('fail', (test, error: unknown) => {
      console.log(`FAILED: ${test.fullTitle()}\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    });
  });
}
