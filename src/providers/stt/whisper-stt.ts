// Local whisper.cpp through the optional `@fugood/whisper.node`. The model file is checked before
// anything else (no weights can be downloaded for the user), and every transcription runs in a
// forked child so a native crash becomes a retryable error instead of a dead server.
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { access, constants, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../domain/errors.ts';
import { sttError, type SpeechToText, type SttInput, type SttResult, type SttSegment } from './stt-port.ts';

export interface WhisperSttConfig {
  /** path to a ggml whisper model, e.g. /models/ggml-large-v3-turbo.bin */
  modelPath: string;
  timeoutMs?: number;
  /** the child module; tests point it at a worker that crashes */
  workerPath?: string;
}

/** Message from the parent to the worker. */
export interface WhisperJob { modelPath: string; audioPath: string; language?: string }

export type WhisperWorkerReply =
  | { ok: true; segments: SttSegment[]; language?: string }
  | { ok: false; code: string; message: string };

const DEFAULT_TIMEOUT_MS = 30 * 60_000;
const DEFAULT_WORKER = fileURLToPath(new URL('./whisper-worker.ts', import.meta.url));
const MODEL_HINT = 'Download a ggml model (for example ggml-large-v3-turbo.bin or ggml-small.bin from https://huggingface.co/ggerganov/whisper.cpp) on a machine with internet access, copy it here and set MENTOR_WHISPER_MODEL to its path.';

export async function assertWhisperModel(modelPath: string): Promise<void> {
  try {
    const info = await stat(modelPath);
    if (!info.isFile() || info.size === 0) throw new Error('not a non-empty file');
    await access(modelPath, constants.R_OK);
  } catch (error) {
    throw new AppError('stt.model_missing', `The whisper model file ${modelPath} does not exist or cannot be read. ${MODEL_HINT}`, { status: 503, retryable: false, cause: error });
  }
}

export function createWhisperStt(config: WhisperSttConfig): SpeechToText {
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const workerPath = config.workerPath ?? DEFAULT_WORKER;
  return {
    provider: 'whisper',
    model: config.modelPath.split(/[\\/]/).pop() ?? config.modelPath,

    async check(): Promise<void> {
      await assertWhisperModel(config.modelPath);
      try {
        import.meta.resolve('@fugood/whisper.node');
      } catch (error) {
        throw new AppError('stt.whisper_unavailable', 'MENTOR_STT=whisper needs the optional package @fugood/whisper.node, which is not installed (it is not a default dependency: its native builds weigh 266 MB); run `npm install @fugood/whisper.node` or use MENTOR_STT=openai.', { status: 503, retryable: false, cause: error });
      }
    },

    async transcribe(input: SttInput): Promise<SttResult> {
      await assertWhisperModel(config.modelPath);
      let tempDir: string | undefined;
      let audioPath: string;
      if (Buffer.isBuffer(input.audio)) {
        tempDir = await mkdtemp(join(tmpdir(), 'mentor-whisper-'));
        audioPath = join(tempDir, `${randomUUID()}.wav`);
        await writeFile(audioPath, input.audio);
      } else {
        audioPath = input.audio;
      }
      try {
        const job: WhisperJob = { modelPath: config.modelPath, audioPath, ...(input.language ? { language: input.language } : {}) };
        const reply = await runWorker(workerPath, job, timeoutMs);
        if (!reply.ok) {
          throw sttError(reply.code, `whisper.cpp could not transcribe the recording: ${reply.message}`, { retryable: reply.code !== 'stt.whisper_unavailable' });
        }
        const language = reply.language ?? input.language;
        return { segments: reply.segments, ...(language ? { language } : {}), warnings: [] };
      } finally {
        if (tempDir) await rm(tempDir, { recursive: true, force: true });
      }
    },
  };
}

/** Fork the worker, hand it one job, and turn every way it can die into an AppError. */
export function runWorker(workerPath: string, job: WhisperJob, timeoutMs: number): Promise<WhisperWorkerReply> {
  return new Promise((resolve, reject) => {
    // no --inspect in the child: it would fight the parent for the debugger port
    const execArgv = process.execArgv.filter((arg) => !arg.startsWith('--inspect'));
    const child = fork(workerPath, [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'advanced', execArgv });
    let settled = false;
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-2000);
    });
    const finish = (action: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      action();
    };
    const timer = setTimeout(() => {
      finish(() => reject(sttError('stt.timeout', `whisper.cpp did not finish within ${Math.round(timeoutMs / 1000)} s; the job will retry (a smaller model or a GPU server may be needed).`, { retryable: true, status: 504 })));
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('message', (reply: WhisperWorkerReply) => finish(() => resolve(reply)));
    child.once('error', (error) => finish(() => reject(sttError('stt.worker_failed', `Could not start the whisper worker process: ${error.message}`, { retryable: true, cause: error }))));
    child.once('exit', (code, signal) => {
      finish(() => reject(sttError(
        'stt.worker_crashed',
        `The whisper worker process died (${signal ? `signal ${signal}` : `exit code ${String(code)}`}) before returning a transcript; the job will retry.${stderr.trim() ? ` Last output: ${stderr.trim().slice(-300)}` : ''}`,
        { retryable: true },
      )));
    });
    child.send(job);
  });
}
