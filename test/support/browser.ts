// Headless Chromium for end-to-end tests: Debian's /usr/bin/chromium driven by playwright-core
// (no browser download). Each launch gets a fresh profile so that cookies and localStorage never
// leak between tests. Screenshots go to test-artifacts/screenshots/ (gitignored) for review.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';

export const chromiumPath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const screenshotDir = join(repositoryRoot, 'test-artifacts', 'screenshots');

// Quiet, offline, deterministic: no GPU, no background traffic to Google services, no first-run UI.
const baseArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface BrowserOptions {
  /** A WAV file Chromium plays as the microphone (for the voice trainer); permission is granted. */
  fakeMicrophoneWav?: string;
  /** Interface language the browser reports (Accept-Language, navigator.language). */
  locale?: string;
  viewport?: { width: number; height: number };
}

export interface TestBrowser {
  context: BrowserContext;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export async function launchBrowser(options: BrowserOptions = {}): Promise<TestBrowser> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'mentor-chromium-'));
  const args = [...baseArgs];
  if (options.fakeMicrophoneWav) {
    args.push(
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${resolve(options.fakeMicrophoneWav)}`,
    );
  }
  let context: BrowserContext;
  try {
    // Playwright passes --user-data-dir itself for a persistent context (and refuses it in args).
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath,
      headless: true,
      args,
      locale: options.locale ?? 'ru-RU',
      viewport: options.viewport ?? { width: 1366, height: 860 },
      permissions: options.fakeMicrophoneWav ? ['microphone'] : [],
    });
  } catch (error) {
    await rm(userDataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    context,
    newPage: () => context.newPage(),
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Saves a full-page PNG as test-artifacts/screenshots/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
