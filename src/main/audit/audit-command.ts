/** `clearpost audit verify [--data-dir D] [--sandbox] [--head FILE] [--json]`: exit 0 intact, 1 broken. */
import { parseArgs } from 'node:util';
import type { CliIo } from '../lib/cli-io';
import { commandLayout } from '../paths';
import { openStore } from '../store/open';
import { auditRepository } from '../store/repositories/audit';
import { describeVerification, verifyAudit } from './verify-audit';

export function auditCommand(argv: readonly string[], io: CliIo): number {
  const [sub, ...rest] = argv;
  if (sub !== 'verify') {
    io.stderr('Usage: clearpost audit verify [--data-dir DIR] [--sandbox] [--head FILE] [--json]');
    return 2;
  }
  const { values } = parseArgs({
    args: [...rest],
    options: {
      'data-dir': { type: 'string' },
      sandbox: { type: 'boolean', default: false },
      // A copy of audit-head.json kept elsewhere (another machine, write-once storage) is stronger evidence.
      head: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const layout = commandLayout(values['data-dir'], values.sandbox);
  // Read-only: verifying never writes the database or moves the copied head.
  const store = openStore(layout.database, { readonly: true });
  try {
    const result = verifyAudit(auditRepository(store.db), values.head ?? layout.auditHead);
    io.stdout(values.json ? JSON.stringify(result) : describeVerification(result));
    return result.ok ? 0 : 1;
  } finally {
    store.db.close();
  }
}
