// Watches the Asterisk recordings folder (MixMonitor writes /var/spool/asterisk/monitor, FreePBX
// adds YYYY/MM/DD subfolders) and reports each recording once it has stopped growing: MixMonitor
// writes the file during the whole call. fs.watch only triggers an early scan (it is unreliable on
// NFS and some containers); a polling scan is what guarantees nothing is missed.
import { watch, type FSWatcher } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isRecordingFile, parseRecordingFileName, type RecordingFileInfo } from './recording-file-name.ts';

export interface ReadyRecording extends RecordingFileInfo {
  path: string;
  size: number;
}

export interface RecordingsWatcherOptions {
  dir: string;
  onRecording: (recording: ReadyRecording) => void | Promise<void>;
  onError?: (error: unknown) => void;
  pollIntervalMs?: number;
  /** scans in a row with an unchanged size and mtime before a file counts as finished */
  stableScans?: number;
  /** delay between an fs event and the scan it triggers (events come in bursts) */
  debounceMs?: number;
  maxDepth?: number;
  /** skip files already present at start (they were handled before a restart) */
  ignoreExisting?: boolean;
}

export interface RecordingsWatcher {
  scanNow(): Promise<void>;
  close(): Promise<void>;
}

interface Seen { size: number; mtimeMs: number; stable: number; done: boolean }

export async function watchRecordingsFolder(options: RecordingsWatcherOptions): Promise<RecordingsWatcher> {
  const pollIntervalMs = options.pollIntervalMs ?? 5000;
  const stableScans = options.stableScans ?? 2;
  const debounceMs = options.debounceMs ?? 500;
  const maxDepth = options.maxDepth ?? 4;
  const seen = new Map<string, Seen>();
  let closed = false;
  let running: Promise<void> | undefined;
  let pollTimer: NodeJS.Timeout | undefined;
  let debounceTimer: NodeJS.Timeout | undefined;
  const reportError = (error: unknown): void => options.onError?.(error);

  async function listFiles(dir: string, depth: number, into: string[]): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' && depth > 0) return []; // a day folder removed by cleanup
      throw error;
    });
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && depth < maxDepth) await listFiles(path, depth + 1, into);
      else if (entry.isFile() && isRecordingFile(entry.name)) into.push(path);
    }
  }

  async function scan(): Promise<void> {
    const files: string[] = [];
    await listFiles(options.dir, 0, files);
    const present = new Set(files);
    for (const path of seen.keys()) if (!present.has(path)) seen.delete(path);
    for (const path of files) {
      const info = await stat(path).catch(() => undefined);
      if (!info) continue;
      const previous = seen.get(path);
      if (!previous || previous.size !== info.size || previous.mtimeMs !== info.mtimeMs) {
        seen.set(path, { size: info.size, mtimeMs: info.mtimeMs, stable: 0, done: previous?.done ?? false });
        continue;
      }
      if (previous.done) continue;
      previous.stable += 1;
      if (previous.stable >= stableScans && info.size > 0) {
        previous.done = true;
        try {
          await options.onRecording({ path, size: info.size, ...parseRecordingFileName(path) });
        } catch (error) {
          reportError(error);
        }
      }
    }
  }

  // one scan at a time; a request during a scan runs right after it
  function scanSerialized(): Promise<void> {
    const next = (running ?? Promise.resolve()).then(() => (closed ? undefined : scan())).catch(reportError);
    running = next;
    return next;
  }

  function schedulePoll(): void {
    if (closed) return;
    pollTimer = setTimeout(() => {
      void scanSerialized().then(schedulePoll);
    }, pollIntervalMs);
  }

  if (options.ignoreExisting) {
    const files: string[] = [];
    await listFiles(options.dir, 0, files);
    for (const path of files) {
      const info = await stat(path).catch(() => undefined);
      if (info) seen.set(path, { size: info.size, mtimeMs: info.mtimeMs, stable: 0, done: true });
    }
  }

  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(options.dir, { recursive: true }, () => {
      clearTimeout(debounceTimer);
      debounceTimer = setTimeout(() => void scanSerialized(), debounceMs);
    });
    watcher.on('error', reportError);
  } catch (error) {
    reportError(error); // polling alone still works
  }
  await scanSerialized();
  schedulePoll();

  return {
    scanNow: scanSerialized,
    async close() {
      closed = true;
      clearTimeout(pollTimer);
      clearTimeout(debounceTimer);
      watcher?.close();
      await running;
    },
  };
}
