#!/usr/bin/env node
/**
 * `prestart` / `pretest`: on a fresh clone (or after a pull that added a package) run `npm install`
 * first, so the README's first command works as written. Plain Node, no dependencies: it runs before
 * any are installed. Checks that every package named in package.json has a folder in node_modules.
 */
'use strict';
const { existsSync, readFileSync } = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.join(__dirname, '..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const wanted = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies });
const missing = wanted.filter(
  (name) => !existsSync(path.join(root, 'node_modules', ...name.split('/'), 'package.json')),
);

if (missing.length > 0) {
  const shown =
    missing.length > 5 ? `${missing.slice(0, 5).join(', ')} and ${missing.length - 5} more` : missing.join(', ');
  process.stderr.write(`CivicFlow: installing dependencies first (missing: ${shown}) ...\n`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write('CivicFlow: `npm install` failed; fix the error above and run it again.\n');
    process.exit(result.status ?? 1);
  }
}
