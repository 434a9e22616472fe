// Prints one closing line for the whole suite, "N passed, N failed, N skipped", from the JSON reports
// that vitest and Playwright write under test-results/.
import { readFileSync } from 'node:fs';

const vitest = JSON.parse(readFileSync('test-results/vitest.json', 'utf8'));
const e2e = JSON.parse(readFileSync('test-results/e2e.json', 'utf8'));

const passed = vitest.numPassedTests + e2e.stats.expected;
const failed = vitest.numFailedTests + e2e.stats.unexpected + e2e.stats.flaky;
const skipped = vitest.numPendingTests + vitest.numTodoTests + e2e.stats.skipped;

console.log(
  `vitest: ${vitest.numPassedTests} passed, ${vitest.numFailedTests} failed; playwright: ${e2e.stats.expected} passed, ${e2e.stats.unexpected} failed, ${e2e.stats.skipped} skipped`,
);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
