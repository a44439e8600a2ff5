// Runs ffmpeg/ffprobe as child processes: argument arrays (never a shell string, so a file name
// cannot inject commands), a hard timeout (a hostile file must not hang a worker), capped output.
import { spawn } from 'node:child_process';
import { AppError } from '../domain/errors.ts';

// Looked up on PATH (Debian puts them in /usr/bin); the config module may pass other paths later.
export const FFMPEG = 'ffmpeg';
export const FFPROBE = 'ffprobe';

export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const MAX_CAPTURE = 1 << 20;

export function runMediaTool(command: string, args: string[], options: { timeoutMs?: number } = {}): Promise<ProcessResult> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], shell: false });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (chunk: Buffer) => {
      if (stdout.length < MAX_CAPTURE) stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      // keep the tail: ffmpeg prints the decisive error last
      stderr = (stderr + chunk.toString('utf8')).slice(-MAX_CAPTURE);
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (error.code === 'ENOENT') {
        reject(new AppError('audio.tool_missing', `${command} is not installed; install ffmpeg (Debian/Ubuntu: apt-get install ffmpeg) so that ffmpeg and ffprobe are on PATH.`, { status: 500, cause: error }));
      } else {
        reject(new AppError('audio.tool_failed', `Could not run ${command}: ${error.message}`, { status: 500, retryable: true, cause: error }));
      }
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) {
        reject(new AppError('audio.timeout', `${command.split('/').pop() ?? command} did not finish within ${Math.round(timeoutMs / 1000)} s; the recording may be very long or damaged.`, { status: 422, retryable: true }));
        return;
      }
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** The last meaningful line of ffmpeg's stderr, for error messages. */
export function lastErrorLine(stderr: string): string {
  const lines = stderr.split('\n').map((line) => line.trim()).filter(Boolean);
  return lines.at(-1) ?? 'no error output';
}
