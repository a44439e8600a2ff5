// Child process that runs whisper.cpp (native code) for one transcription. It lives in its own
// process so that a crash in the native addon (bad model file, out of memory) kills only this
// child, never the API server or the job worker that forked it.
import type { WhisperJob, WhisperWorkerReply } from './whisper-stt.ts';

interface WhisperSegment { text: string; t0: number; t1: number }
interface WhisperContextLike {
  transcribeFile(path: string, options?: { language?: string }): { promise: Promise<{ language?: string; segments: WhisperSegment[] }> };
  release(): Promise<void>;
}
interface WhisperModule { initWhisper(options: { filePath: string; useGpu?: boolean }): Promise<WhisperContextLike> }

// The package is an optional dependency; a variable specifier keeps type-checking independent of it.
const PACKAGE = '@fugood/whisper.node';

async function run(job: WhisperJob): Promise<WhisperWorkerReply> {
  let imported: WhisperModule & { default?: WhisperModule };
  try {
    imported = (await import(PACKAGE)) as WhisperModule & { default?: WhisperModule };
  } catch (error) {
    return { ok: false, code: 'stt.whisper_unavailable', message: `The optional package ${PACKAGE} is not installed or has no binary for this platform (${String(error)}).` };
  }
  const whisper = typeof imported.initWhisper === 'function' ? imported : imported.default;
  if (!whisper) return { ok: false, code: 'stt.whisper_unavailable', message: `${PACKAGE} does not export initWhisper.` };
  const context = await whisper.initWhisper({ filePath: job.modelPath, useGpu: false });
  try {
    const options = job.language ? { language: job.language } : {};
    const result = await context.transcribeFile(job.audioPath, options).promise;
    return {
      ok: true,
      ...(result.language ? { language: result.language } : {}),
      // whisper.node reports t0/t1 in milliseconds
      segments: result.segments.map((segment) => ({ start: segment.t0 / 1000, end: segment.t1 / 1000, text: segment.text.trim() })).filter((segment) => segment.text),
    };
  } finally {
    await context.release();
  }
}

process.once('message', (job: WhisperJob) => {
  run(job)
    .catch((error: unknown): WhisperWorkerReply => ({ ok: false, code: 'stt.whisper_failed', message: error instanceof Error ? error.message : String(error) }))
    .then((reply) => process.send?.(reply, () => process.exit(0)))
    .catch(() => process.exit(1));
});
