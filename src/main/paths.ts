import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The data folder Electron calls `userData` for an app named Clearpost, computed without Electron so
 * that serve mode and the command line find the same database as the desktop app.
 */
export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string {
  if (env.CLEARPOST_DATA_DIR) return env.CLEARPOST_DATA_DIR;
  switch (platform) {
    case 'win32':
      return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Clearpost');
    case 'darwin':
      return join(home, 'Library', 'Application Support', 'Clearpost');
    default:
      return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Clearpost');
  }
}

/** Where each kind of file lives inside a data folder. */
export function dataLayout(dataDir: string) {
  return {
    dataDir,
    database: join(dataDir, 'clearpost.sqlite'),
    backups: join(dataDir, 'backups'),
    logs: join(dataDir, 'logs'),
    logFile: join(dataDir, 'logs', 'clearpost.log'),
    /** The audit chain head copied outside the database. */
    auditHead: join(dataDir, 'audit-head.json'),
    settings: join(dataDir, 'settings.json'),
    /** Sealed secrets; the key is in the OS keyring (desktop) or `vault.key` / a passphrase (serve). */
    vault: join(dataDir, 'vault.json'),
    vaultKey: join(dataDir, 'vault.key'),
  };
}
export type DataLayout = ReturnType<typeof dataLayout>;

/**
 * The sandbox's own database, snapshots and audit chain head, inside the data folder; settings, the vault
 * and the log stay shared, so a connection configured while trying the sandbox is there at the next start.
 * The command line reads it with `--sandbox`.
 */
export function sandboxLayout(layout: DataLayout): DataLayout & { readonly sandboxDir: string } {
  const dir = join(layout.dataDir, 'sandbox');
  return {
    ...layout,
    sandboxDir: dir,
    database: join(dir, 'clearpost-sandbox.sqlite'),
    backups: join(dir, 'backups'),
    auditHead: join(dir, 'audit-head.json'),
  };
}

/** The layout a command reads: the data folder's own, or with `--sandbox` its sandbox's. */
export function commandLayout(dataDir: string | undefined, sandbox: boolean | undefined): DataLayout {
  const layout = dataLayout(dataDir ?? defaultDataDir());
  return sandbox ? sandboxLayout(layout) : layout;
}
