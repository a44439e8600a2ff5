// The speech-to-text start-up check the runtime runs: each misconfiguration answers at once (or
// within the check's own deadline) with what to fix, instead of hanging the start.
import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { describe, test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { checkSpeechToText, createSpeechToTextFromConfig } from '../../src/providers/stt/stt-from-config.ts';
import { startFakeOpenAiServer } from '../support/fake-openai-server.ts';

const configWith = (env: Record<string, string>) => loadConfig({ MENTOR_DATA_DIR: '/tmp/mentor-stt-check', MENTOR_SECRET: 'x'.repeat(64), ...env });

void describe('speech-to-text from config', () => {
  void test('none is always usable; openai against a live server is usable', async () => {
    assert.deepEqual(await checkSpeechToText(configWith({})), { ok: true, provider: 'none', model: 'none' });
    const fake = await startFakeOpenAiServer();
    try {
      const config = configWith({ MENTOR_STT: 'openai', MENTOR_STT_URL: fake.url });
      assert.equal(createSpeechToTextFromConfig(config).model, 'whisper-1');
      const result = await checkSpeechToText(config);
      assert.equal(result.ok, true);
    } finally {
      await fake.close();
    }
  });

  void test('openai without a URL names MENTOR_STT_URL', async () => {
    const result = await checkSpeechToText(configWith({ MENTOR_STT: 'openai' }));
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.code === 'stt.not_configured' && result.message.includes('MENTOR_STT_URL'), JSON.stringify(result));
  });

  void test('an unreachable endpoint is reported, a silent one within the deadline', async () => {
    const refused = await checkSpeechToText(configWith({ MENTOR_STT: 'openai', MENTOR_STT_URL: 'http://127.0.0.1:9/v1' }));
    assert.ok(!refused.ok && refused.code === 'stt.unreachable' && refused.message.includes('MENTOR_STT_URL'), JSON.stringify(refused));
    // a server that accepts the connection and never answers
    const sockets: Socket[] = [];
    const silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as { port: number }).port;
      const result = await checkSpeechToText(configWith({ MENTOR_STT: 'openai', MENTOR_STT_URL: `http://127.0.0.1:${port}` }), { timeoutMs: 300 });
      assert.ok(!result.ok && result.code === 'stt.check_timeout', JSON.stringify(result));
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });

  void test('whisper with a missing model file says how to get one', async () => {
    const result = await checkSpeechToText(configWith({ MENTOR_STT: 'whisper', MENTOR_WHISPER_MODEL: '/nonexistent/ggml-small.bin' }));
    assert.ok(!result.ok && result.code === 'stt.model_missing' && result.message.includes('MENTOR_WHISPER_MODEL'), JSON.stringify(result));
  });
});
