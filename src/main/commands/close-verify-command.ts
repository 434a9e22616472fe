/**
 * `clearpost close verify DIR [--data-dir DIR] [--sandbox] [--package-only]`: re-hashes a close package and,
 * unless --package-only (an auditor with the folder alone), checks its audit anchor and manifest hash against
 * the data folder's audit log. Prints one JSON line; exit 0 when it verifies, 1 when not, 2 on bad usage.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CliIo } from '../lib/cli-io';
import { commandLayout } from '../paths';
import { verifyClosePackage } from '../reconciliation/close/close-package';
import { openStore } from '../store/open';
import { auditRepository } from '../store/repositories/audit';

const USAGE = 'Usage: clearpost close verify DIR [--data-dir DIR] [--sandbox] [--package-only]';

export function closeCommand(argv: readonly string[], io: CliIo): number {
  const [sub, ...rest] = argv;
  if (sub !== 'verify') {
    io.stderr(USAGE);
    return 2;
  }
  const { values, positionals } = parseArgs({
    args: [...rest],
    options: {
      'data-dir': { type: 'string' },
      sandbox: { type: 'boolean', default: false },
      'package-only': { type: 'boolean', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  const [dir] = positionals;
  if (!dir || positionals.length !== 1) {
    io.stderr(USAGE);
    return 2;
  }
  if (values['package-only']) return report(io, dir, verifyClosePackage(dir));
  const layout = commandLayout(values['data-dir'], values.sandbox);
  if (!existsSync(layout.database)) {
    io.stderr(`clearpost close verify: no Clearpost database at ${layout.database} (or use --package-only)`);
    return 2;
  }
  // Read-only: verifying never writes the database.
  const store = openStore(layout.database, { readonly: true });
  try {
    return report(io, dir, verifyClosePackage(dir, auditRepository(store.db)));
  } finally {
    store.db.close();
  }
}

function report(io: CliIo, dir: string, check: ReturnType<typeof verifyClosePackage>): number {
  io.stdout(JSON.stringify({ dir, ...check }));
  return check.ok ? 0 : 1;
}
