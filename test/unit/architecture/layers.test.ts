/**
 * The house rules of `src/` (scripts/check-layers.mjs, run by `npm run lint`): the check fails on a wrong
 * import and on a cycle in a made-up tree, and the real tree keeps every rule.
 */
import { copyFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../helpers/temp-dir';
// @ts-expect-error plain JavaScript module without declarations
import * as layers from '../../../scripts/check-layers.mjs';

const check = layers as {
  importGraph(src: string): Map<string, string[]>;
  runtimeGraph(src: string): Map<string, string[]>;
  layerProblems(graph: Map<string, string[]>): string[];
  cycles(graph: Map<string, string[]>): string[];
  roomOf(rel: string): string;
};
const tempDir = useTempDirs();

function tree(files: Record<string, string>): string {
  const src = join(tempDir(), 'src');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(src, path)), { recursive: true });
    writeFileSync(join(src, path), text);
  }
  return src;
}

describe('layer rules', () => {
  it('names a domain room importing the API layer, the sandbox or a host, and a store importing a room', () => {
    const src = tree({
      'main/engine/engine.ts':
        "import { ApiFailure } from '../api/dispatcher';\nimport type { X } from '../sandbox/world';",
      'main/api/dispatcher.ts': 'export class ApiFailure {}',
      'main/sandbox/world.ts': 'export type X = 1;',
      'main/store/open.ts': "import '../audit/anchor';",
      'main/audit/anchor.ts': "import { createApp } from '../app';",
      'main/app.ts': "import '../shared/money';\nexport const createApp = 1;",
      'shared/money.ts': "import '../main/lib/clock';",
      'main/lib/clock.ts': 'export {};',
    });
    expect(check.layerProblems(check.importGraph(src)).sort()).toEqual([
      'main/audit/anchor.ts (domain:audit) imports main/app.ts (host)',
      'main/engine/engine.ts (domain:engine) imports main/api/dispatcher.ts (api)',
      'main/engine/engine.ts (domain:engine) imports main/sandbox/world.ts (sandbox)',
      'main/store/open.ts (store) imports main/audit/anchor.ts (domain:audit)',
      'shared/money.ts (shared) imports main/lib/clock.ts (lib)',
    ]);
  });

  it('names an import cycle, and allows what the rules allow', () => {
    const src = tree({
      'main/cli.ts': "import './audit/audit-command';",
      'main/audit/audit-command.ts': "import type { CliIo } from '../cli';\nimport '../store/open';",
      'main/store/open.ts': "import '../lib/clock';",
      'main/lib/clock.ts': "import '../../shared/money';",
      'shared/money.ts': 'export {};',
    });
    const graph = check.importGraph(src);
    expect(check.cycles(graph)).toEqual([
      'main/audit/audit-command.ts → main/cli.ts → main/audit/audit-command.ts',
    ]);
    // Type-only, the same pair is no cycle at run time (the layer rule still holds it).
    expect(check.cycles(check.runtimeGraph(src))).toEqual([]);
    expect(check.layerProblems(graph)).toEqual([
      'main/audit/audit-command.ts (domain:audit) imports main/cli.ts (host)',
    ]);
  });

  it('the script npm run lint runs exits 1 and names the rule on a deliberately wrong import', () => {
    // The very script, unchanged, in a checkout of its own whose src/ has a domain room reaching the API.
    const root = tempDir();
    const script = join(root, 'scripts', 'check-layers.mjs');
    mkdirSync(dirname(script), { recursive: true });
    copyFileSync(join(__dirname, '../../../scripts/check-layers.mjs'), script);
    symlinkSync(join(__dirname, '../../../node_modules'), join(root, 'node_modules'), 'dir');
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(root, 'src', path)), { recursive: true });
      writeFileSync(join(root, 'src', path), text);
    };
    write('main/api/dispatcher.ts', 'export class ApiFailure {}');
    write('main/engine/engine.ts', 'export const engine = 1;');
    const clean = spawnSync(process.execPath, [script], { encoding: 'utf8' });
    expect(clean.stderr).toBe('');
    expect(clean.status).toBe(0);

    write(
      'main/engine/engine.ts',
      "import { ApiFailure } from '../api/dispatcher';\nexport const e = ApiFailure;",
    );
    const wrong = spawnSync(process.execPath, [script], { encoding: 'utf8' });
    expect(wrong.stderr).toContain(
      'layers: main/engine/engine.ts (domain:engine) imports main/api/dispatcher.ts (api)',
    );
    expect(wrong.status).toBe(1);
  });

  it('the real tree keeps every rule (the check npm run lint runs)', () => {
    const run = spawnSync(
      process.execPath,
      [join(__dirname, '../../../scripts/check-layers.mjs'), '--json'],
      {
        encoding: 'utf8',
      },
    );
    expect(JSON.parse(run.stdout)).toEqual([]);
    expect(run.status).toBe(0);
  });
});
