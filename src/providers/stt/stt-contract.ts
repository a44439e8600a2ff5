// The shared contract every SpeechToText adapter passes (like LangChain's standard tests): shape
// of the result, error discipline, and that a refusal is a non-retryable AppError. Each adapter's
// test file calls describeSttContract with a setup that provides audio the adapter can handle.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../../domain/errors.ts';
import type { SpeechToText } from './stt-port.ts';

export interface SttContractSetup {
  stt: SpeechToText;
  /** audio to transcribe */
  audio: Buffer | string;
  language?: string;
  /** what the adapter must do with that audio in this environment */
  expect: { transcribes: true; texts?: string[] } | { transcribes: false; code: string };
  /** whether check() must pass here (false for an adapter whose model cannot be present in CI) */
  healthy: boolean;
  teardown?: () => Promise<void>;
}

export function describeSttContract(name: string, setup: () => Promise<SttContractSetup>): void {
  void describe(`SpeechToText contract: ${name}`, () => {
    const withSetup = async (body: (ctx: SttContractSetup) => Promise<void>): Promise<void> => {
      const ctx = await setup();
      try {
        await body(ctx);
      } finally {
        await ctx.teardown?.();
      }
    };

    void test('names its provider and model', () => withSetup(async ({ stt }) => {
      assert.match(stt.provider, /^[a-z][a-z0-9-]*$/);
      assert.ok(stt.model.length > 0);
    }));

    void test('check() passes, or fails with an actionable AppError', () => withSetup(async ({ stt, healthy }) => {
      if (healthy) {
        await stt.check();
        return;
      }
      await assert.rejects(stt.check(), (error: unknown) => {
        assert.ok(error instanceof AppError, 'check() must throw an AppError');
        assert.ok(error.code.startsWith('stt.'));
        assert.ok(error.message.length > 20);
        return true;
      });
    }));

    void test('transcribe() returns ordered timed segments, or refuses with an AppError', () => withSetup(async ({ stt, audio, language, expect }) => {
      const input = { audio, ...(language ? { language } : {}) };
      if (!expect.transcribes) {
        await assert.rejects(stt.transcribe(input), (error: unknown) => {
          assert.ok(error instanceof AppError, 'transcribe() must throw an AppError');
          assert.equal(error.code, expect.code);
          assert.equal(typeof error.retryable, 'boolean');
          return true;
        });
        return;
      }
      const result = await stt.transcribe(input);
      assert.ok(Array.isArray(result.warnings));
      assert.ok(result.segments.length > 0, 'the contract audio contains speech');
      let previousStart = -Infinity;
      for (const segment of result.segments) {
        assert.ok(Number.isFinite(segment.start) && Number.isFinite(segment.end));
        assert.ok(segment.start >= 0 && segment.end >= segment.start, 'segment times are ordered');
        assert.ok(segment.start >= previousStart, 'segments are sorted by start');
        assert.equal(segment.text, segment.text.trim());
        assert.ok(segment.text.length > 0);
        previousStart = segment.start;
      }
      if (expect.texts) assert.deepEqual(result.segments.map((segment) => segment.text), expect.texts);
    }));
  });
}
