#!/usr/bin/env node
// Builds the web app (web/ -> web/dist) with Vite's JS API. It runs as the package's `prepare`
// script and before `npm start`, so it skips the build when web/dist/index.html is newer than every
// file under web/ and than package-lock.json: a second start stays instant. `--force` always rebuilds.
import console from 'node:console';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const webDir = join(root, 'web');
const distDir = join(webDir, 'dist');
const builtIndex = join(distDir, 'index.html');
// Folders whose contents never feed the bundle; dist is our own output.
const skipped = new Set([distDir, join(webDir, 'node_modules')]);
// Documentation and tests under web/ do not change the bundle.
const notBundled = /\.(md|test\.tsx?)$/;

function newestSourceTime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (skipped.has(path) || notBundled.test(entry.name)) continue;
    const time = entry.isDirectory() ? newestSourceTime(path) : statSync(path).mtimeMs;
    if (time > newest) newest = time;
  }
  return newest;
}

// The lockfile changes when React, Vite or another bundled dependency is upgraded.
const lockfile = join(root, 'package-lock.json');

function isUpToDate() {
  if (!existsSync(builtIndex)) return false;
  const lockTime = existsSync(lockfile) ? statSync(lockfile).mtimeMs : 0;
  return statSync(builtIndex).mtimeMs >= Math.max(newestSourceTime(webDir), lockTime);
}

async function main() {
  const force = process.argv.includes('--force');
  const shown = relative(process.cwd(), distDir) || distDir;
  if (!force && isUpToDate()) {
    console.log(`web: up to date (${shown})`);
    return;
  }
  const started = Date.now();
  // Imported lazily so that the up-to-date path does not pay for loading Vite.
  const { build } = await import('vite');
  await build({ configFile: join(webDir, 'vite.config.ts'), logLevel: 'warn' });
  console.log(`web: built ${shown} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((error) => {
  console.error(`web: build failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
