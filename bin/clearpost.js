#!/usr/bin/env node
// The `clearpost` command: runs the built command line from out/main (see `npm run build`).
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const [major] = process.versions.node.split('.').map(Number);
if (major < 22) {
  process.stderr.write(`clearpost: Node 22 or newer is required (this is Node ${process.versions.node}).\n`);
  process.exit(1);
}
const built = join(__dirname, '..', 'out', 'main', 'cli.js');
if (!existsSync(built)) {
  process.stderr.write('clearpost: not built yet. Run `npm run build` in the Clearpost folder first.\n');
  process.exit(1);
}
require(built)
  .runCli(process.argv.slice(2))
  .then((code) => {
    if (code !== 0) process.exit(code);
  })
  .catch((error) => {
    process.stderr.write(`clearpost: ${error && error.stack ? error.stack : String(error)}\n`);
    process.exit(1);
  });
