/**
 * Builds the app once before the integration tests: the tests that spawn `clearpost` (serve on SIGTERM, an
 * import from another process) run the built command a user runs, and one build shared by all of them avoids
 * test files building into `out/` at the same time.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export default function build(): void {
  const root = join(__dirname, '..');
  execFileSync(
    process.execPath,
    [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
    {
      cwd: root,
      stdio: 'pipe',
    },
  );
}
