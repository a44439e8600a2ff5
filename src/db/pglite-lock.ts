// PGlite has no cross-process lock: two processes on one data folder would silently corrupt it.
// We hold a lock file with our pid; a second process gets a clear error, a stale lock is taken over.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { AppError } from '../domain/errors.ts';

export interface FolderLock {
  path: string;
  release(): void;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function acquireFolderLock(lockPath: string, folder: string): FolderLock {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx', 0o600);
      writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }));
      closeSync(fd);
      let released = false;
      const release = (): void => {
        if (released) return;
        released = true;
        rmSync(lockPath, { force: true });
      };
      process.once('exit', release);
      return { path: lockPath, release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let holder: { pid?: number; host?: string; since?: string } = {};
      try {
        holder = JSON.parse(readFileSync(lockPath, 'utf8')) as typeof holder;
      } catch {
        // an unreadable lock file is stale: it was being written when its process died
      }
      const sameHost = !holder.host || holder.host === hostname();
      if (holder.pid && sameHost && isAlive(holder.pid)) {
        throw new AppError(
          'database.locked',
          `The embedded database in ${folder} is already open by another Mentor process (pid ${holder.pid}, since ${holder.since ?? 'unknown'}). ` +
            'Stop that process first. To run several processes, use PostgreSQL: set DATABASE_URL.',
          { status: 423 },
        );
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new AppError('database.locked', `Could not lock ${folder}`, { status: 423 });
}
