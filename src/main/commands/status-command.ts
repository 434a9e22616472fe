/**
 * `clearpost status [--json] [--data-dir DIR] [--sandbox]`: counts of payment events, postings by status and
 * EHR, and open quarantine, read from the database opened read-only (a running Clearpost keeps writing).
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CliIo } from '../lib/cli-io';
import { commandLayout, sandboxLayout } from '../paths';
import { openStore } from '../store/open';
import { createRepositories } from '../store/repositories';

export function statusCommand(argv: readonly string[], io: CliIo): number {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      json: { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      sandbox: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const layout = commandLayout(values['data-dir'], values.sandbox);
  // The sandbox keeps its own database: say where it is rather than report an empty production one.
  const sandboxDb = sandboxLayout(layout).database;
  if (!values.sandbox && !existsSync(layout.database) && existsSync(sandboxDb)) {
    io.stderr(
      `clearpost status: this data folder has no production database yet, only the sandbox's (${sandboxDb}): add --sandbox`,
    );
    return 1;
  }
  const store = openStore(layout.database, { readonly: true });
  try {
    const repos = createRepositories(store.db);
    const counts = repos.postings.countsByStatus();
    const byStatus: Record<string, number> = {};
    const byEhr: Record<string, Record<string, number>> = {};
    for (const { ehr, status: s, count } of counts) {
      byStatus[s] = (byStatus[s] ?? 0) + count;
      (byEhr[ehr] ??= {})[s] = count;
    }
    const summary = {
      dataDir: layout.dataDir,
      database: values.sandbox ? 'sandbox' : 'production',
      schemaVersion: store.schemaVersion,
      events: repos.events.count(),
      postings: counts.reduce((sum, c) => sum + c.count, 0),
      quarantined: repos.quarantine.openCount(),
      byStatus,
      byEhr,
    };
    if (values.json) {
      io.stdout(JSON.stringify(summary));
    } else {
      io.stdout(
        `Clearpost data folder ${summary.dataDir}${values.sandbox ? ', sandbox database' : ''} (schema ${String(summary.schemaVersion)})`,
      );
      io.stdout(
        `${String(summary.events)} payment events, ${String(summary.postings)} postings, ${String(summary.quarantined)} quarantined`,
      );
      for (const [s, n] of Object.entries(byStatus)) io.stdout(`  ${s.padEnd(20)} ${String(n)}`);
    }
    return 0;
  } finally {
    store.db.close();
  }
}
