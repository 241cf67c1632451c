#!/usr/bin/env node
// Runs every test suite (Vitest projects: unit, renderer, integration, e2e) and ends with
// one line summing them all, so a run that executed nothing is visible:
//   Tests: N passed, N failed
// Exit status is non-zero if any suite failed or could not run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname; // test/ → repository root
const out = join(root, 'test-results');
mkdirSync(out, { recursive: true });

/** @type {{name: string, passed: number, failed: number, skipped: number, ok: boolean}[]} */
const results = [];

function vitest() {
  const file = join(out, 'vitest.json');
  rmSync(file, { force: true });
  const run = spawnSync(
    'npx',
    ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${file}`],
    { cwd: root, stdio: 'inherit' },
  );
  if (!existsSync(file)) {
    results.push({ name: 'vitest', passed: 0, failed: 1, skipped: 0, ok: false });
    return;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  // A file that failed to load counts as a failure even though it has no test results.
  const brokenFiles = report.testResults.filter(
    (f) => f.status === 'failed' && f.assertionResults.length === 0,
  ).length;
  results.push({
    name: 'vitest',
    passed: report.numPassedTests,
    failed: report.numFailedTests + brokenFiles,
    skipped: report.numPendingTests + report.numTodoTests,
    ok: run.status === 0,
  });
}

vitest();

let passed = 0;
let failed = 0;
let skipped = 0;
for (const r of results) {
  passed += r.passed;
  failed += r.failed;
  skipped += r.skipped;
  console.log(`${r.name}: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`);
}
const allOk = results.every((r) => r.ok) && failed === 0;
if (skipped > 0) console.log(`skipped: ${skipped} (see the suite output for why)`);
// The last line, exactly "Tests: N passed, N failed", is what CI reads.
console.log(`Tests: ${passed} passed, ${failed} failed`);
process.exit(allOk && passed > 0 ? 0 : 1);
