// The shared contract every TextToSpeech adapter passes: names, audio with a mime type, a stream
// that yields the same audio, and errors that are AppErrors telling whether a retry helps.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../../domain/errors.ts';
import type { TextToSpeech } from './tts-port.ts';

export interface TtsContractSetup {
  tts: TextToSpeech;
  teardown?: () => Promise<void>;
}

export function describeTtsContract(name: string, setup: () => Promise<TtsContractSetup>): void {
  void describe(`TextToSpeech contract: ${name}`, () => {
    const withSetup = async (body: (ctx: TtsContractSetup) => Promise<void>): Promise<void> => {
      const ctx = await setup();
      try {
        await body(ctx);
      } finally {
        await ctx.teardown?.();
      }
    };

    void test('names its provider and voice; check() passes', () => withSetup(async ({ tts }) => {
      assert.match(tts.provider, /^[a-z][a-z0-9-]*$/);
      assert.ok(tts.voice.length > 0);
      await tts.check();
    }));

    void test('synthesize() returns audio with its mime type, in Russian and English', () => withSetup(async ({ tts }) => {
      for (const [text, language] of [['Хорошо, я подумаю.', 'ru'], ['Okay, I will think about it.', 'en']] as const) {
        const { audio, mimeType } = await tts.synthesize(text, { language });
        assert.match(mimeType, /^audio\//);
        assert.ok(audio.length > 44, 'more than a header');
        if (mimeType === 'audio/wav') {
          assert.equal(audio.toString('ascii', 0, 4), 'RIFF');
          assert.equal(audio.readUInt32LE(4), audio.length - 8, 'the RIFF size is the real one');
        }
      }
    }));

    void test('synthesizeStream() yields the audio in chunks', () => withSetup(async ({ tts }) => {
      if (!tts.synthesizeStream) return;
      const chunks: Buffer[] = [];
      for await (const chunk of tts.synthesizeStream('Давайте в четверг в десять.', { language: 'ru' })) chunks.push(chunk);
      assert.ok(chunks.length > 0);
      const bytes = Buffer.concat(chunks);
      assert.ok(bytes.length > 44);
      if (tts.streamMimeType === 'audio/wav') assert.equal(bytes.toString('ascii', 0, 4), 'RIFF');
    }));

    void test('empty text is refused with a non-retryable AppError', () => withSetup(async ({ tts }) => {
      await assert.rejects(tts.synthesize('  ', { language: 'ru' }), (error: unknown) => {
        assert.ok(error instanceof AppError);
        assert.equal(error.code, 'tts.empty_text');
        assert.equal(error.retryable, false);
        return true;
      });
    }));
  });
}
