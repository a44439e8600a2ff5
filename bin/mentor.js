#!/usr/bin/env node
// The `mentor` command. The project runs its TypeScript directly on Node 24 (type stripping), so an
// older system Node re-executes this file with the Node 24 binary pinned in node_modules.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const major = Number(process.versions.node.split('.')[0]);

if (major < 24) {
  const pinned = join(root, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(pinned)) {
    console.error(`Mentor needs Node 24 (this is Node ${process.versions.node}). Run "npm install" first: it installs Node 24 into node_modules.`);
    process.exit(1);
  }
  const result = spawnSync(pinned, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}

const { main } = await import('../src/cli/main.ts');
await main(process.argv.slice(2));
