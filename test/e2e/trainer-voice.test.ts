// A voice training session in headless Chromium: the fake microphone plays a WAV in which espeak-ng
// says the manager's line, the real server transcribes it through a local server speaking the
// OpenAI transcription protocol, the AI client answers and its espeak-ng speech comes back over the
// WebSocket; finishing shows the score by stage.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { launchBrowser, screenshot } from '../support/browser.ts';
import type { TestBrowser } from '../support/browser.ts';
import { startFakeOpenAiServer } from '../support/fake-openai-server.ts';
import type { FakeOpenAiServer } from '../support/fake-openai-server.ts';
import { startTestServer } from '../support/test-server.ts';
import type { TestServer } from '../support/test-server.ts';
import { buildWebApp, signIn } from './e2e-helpers.ts';

const run = promisify(execFile);
const MANAGER_LINE = 'Здравствуйте, меня зовут Иван, я из компании. Вам удобно сейчас говорить?';

async function audioBytes(page: Page): Promise<number> {
  return Number(await page.getByRole('region', { name: 'Диалог' }).getAttribute('data-audio-bytes'));
}

async function waitForMoreAudio(page: Page, than: number): Promise<void> {
  await page.waitForFunction((min) => Number(document.querySelector('[data-audio-bytes]')?.getAttribute('data-audio-bytes')) > min, than, { timeout: 30_000 });
}

void describe('voice trainer (browser)', () => {
  let dir: string;
  let fake: FakeOpenAiServer;
  let server: TestServer;
  let browser: TestBrowser;

  before(async () => {
    buildWebApp();
    dir = await mkdtemp(join(tmpdir(), 'mentor-trainer-e2e-'));
    const raw = join(dir, 'line-raw.wav');
    const microphone = join(dir, 'microphone.wav');
    await run('espeak-ng', ['-v', 'ru', '-s', '160', '-w', raw, '--', MANAGER_LINE]);
    // Chromium's fake capture wants 16-bit PCM; a second of silence after the line, as a person pauses.
    await run('sox', [raw, '-r', '16000', '-c', '1', '-b', '16', microphone, 'pad', '0', '1']);
    fake = await startFakeOpenAiServer();
    fake.registerAudio(await readFile(microphone), [{ start: 0, end: 4, text: MANAGER_LINE }]);
    // The browser re-encodes the microphone (WebM/Opus), so the server receives other bytes than the
    // WAV: whatever it uploads is transcribed as the line the microphone said.
    fake.setDefaultTranscription([{ start: 0, end: 4, text: MANAGER_LINE }]);
    server = await startTestServer({ env: { MENTOR_STT: 'openai', MENTOR_STT_URL: fake.url, MENTOR_TTS: 'espeak' } });
    browser = await launchBrowser({ fakeMicrophoneWav: microphone });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await fake?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  void test('a manager talks to the AI client by voice, hears it answer, finishes and sees the score', async () => {
    const page = await browser.newPage();
    const manager = server.demo.managers[0];
    assert.ok(manager);
    await signIn(page, server.url, manager);
    await page.getByRole('heading', { name: 'Мои клиенты', level: 1 }).waitFor();
    await page.goto(`${server.url}/trainer`);
    await page.getByRole('heading', { name: 'Тренажёр', level: 1 }).waitFor();
    await page.getByRole('radio', { name: /Виктор Сергеевич/ }).click();
    await screenshot(page, 'trainer-setup');

    await page.getByRole('button', { name: 'Начать голосом' }).click();
    const dialogue = page.getByRole('region', { name: 'Диалог' });
    await dialogue.getByText('Клиент').first().waitFor();
    // The client picks up and speaks first: its audio arrives over the WebSocket.
    await waitForMoreAudio(page, 0);
    const afterOpening = await audioBytes(page);

    await page.getByRole('button', { name: 'Говорить' }).click();
    await page.getByText('Идёт запись…').waitFor();
    await page.waitForTimeout(2500); // the fake microphone says the line
    await page.getByRole('button', { name: 'Закончить фразу' }).click();

    await dialogue.getByText(MANAGER_LINE).waitFor({ timeout: 30_000 });
    const transcriptions = fake.requests.filter((r) => r.path === '/v1/audio/transcriptions');
    assert.ok(transcriptions.length >= 1, 'the server sent the recorded audio to speech-to-text');
    assert.ok((transcriptions[0]?.files.file?.size ?? 0) > 1000, 'the uploaded utterance carries audio');
    // The client answers by voice: more audio bytes arrive after the manager's turn.
    await waitForMoreAudio(page, afterOpening);
    assert.ok((await dialogue.locator('.trainer-turn-client').count()) >= 2, 'the client answered');
    await screenshot(page, 'trainer-voice-dialogue');

    await page.getByRole('button', { name: 'Завершить и получить оценку' }).click();
    const score = page.getByTestId('trainer-score');
    await score.waitFor({ timeout: 30_000 });
    assert.match((await score.textContent()) ?? '', /Оценка: \d+\.\d \/ 10/);
    await page.getByRole('heading', { name: 'Оценка по этапам' }).waitFor();
    assert.equal(await page.locator('.trainer-stage-scores li').count(), 5);
    await screenshot(page, 'trainer-voice-result');

    // The history lists the finished session.
    await page.getByRole('region', { name: 'История' }).getByText('завершена').first().waitFor();
    await page.close();
  });
});
