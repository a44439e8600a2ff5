// Signing in and out in a real browser against the real server with the demo company: each role
// sees its own navigation, a wrong password is explained, the language switch works and is kept.
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { launchBrowser, screenshot } from '../support/browser.ts';
import type { TestBrowser } from '../support/browser.ts';
import { startTestServer } from '../support/test-server.ts';
import type { TestServer } from '../support/test-server.ts';
import { buildWebApp, pathOf, sidebarSections, signIn } from './e2e-helpers.ts';

function savedLocale(page: Page): Promise<unknown> {
  return page.waitForResponse((response) => response.request().method() === 'PATCH' && response.url().endsWith('/api/v1/me') && response.ok());
}

void describe('sign-in (browser)', () => {
  let server: TestServer;
  let browser: TestBrowser;
  let page: Page;

  before(async () => {
    buildWebApp();
    server = await startTestServer();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  beforeEach(async () => {
    // Every test starts signed out, in Russian, on a fresh tab.
    await browser.context.clearCookies();
    page = await browser.newPage();
    await page.goto(`${server.url}/sign-in`);
    await page.evaluate(() => window.localStorage.clear());
  });

  afterEach(async () => {
    await page.close();
  });

  void test('an unknown visitor is sent to the sign-in form, in Russian by default', async () => {
    await page.goto(`${server.url}/report`);
    await page.getByRole('heading', { name: 'Вход' }).waitFor();
    assert.equal(pathOf(page), '/sign-in');
    assert.equal(await page.locator('html').getAttribute('lang'), 'ru');
    await screenshot(page, 'sign-in');
  });

  void test('a wrong password shows the error message and keeps the person on the form', async () => {
    await signIn(page, server.url, { email: server.demo.headOfSales.email, password: 'not-the-password' });
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.equal((await alert.textContent())?.trim(), 'Неверная электронная почта или пароль.');
    assert.equal(pathOf(page), '/sign-in');
    await screenshot(page, 'sign-in-wrong-password');
  });

  void test('after too many attempts the form says how many minutes to wait', async () => {
    const credentials = { email: 'guesser@example.test', password: 'guess' };
    // Exhaust the per-e-mail limit directly through the API, then make one more attempt in the form.
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const response = await page.request.post(`${server.url}/api/v1/auth/login`, { data: credentials });
      assert.equal(response.status(), 401);
    }
    await signIn(page, server.url, credentials);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match((await alert.textContent()) ?? '', /^Слишком много попыток входа\. Попробуйте снова через \d+ минут\.$/);
    await screenshot(page, 'sign-in-rate-limited');
  });

  void test('the head of sales lands on the report and sees the head-of-sales navigation', async () => {
    await signIn(page, server.url, server.demo.headOfSales);
    await page.getByRole('heading', { name: 'Отчёт', level: 1 }).waitFor();
    assert.equal(pathOf(page), '/report');
    assert.deepEqual(await sidebarSections(page), ['Отчёт', 'Менеджеры', 'Потерянные клиенты', 'Звонки', 'Тренажёр', 'Знания', 'Настройки']);
    await page.getByText('Конверсия', { exact: true }).first().waitFor();
    assert.notEqual((await page.getByTestId('company-name').textContent())?.trim(), '');
    await screenshot(page, 'head-of-sales-report');

    // The managers section lists the company's real managers from the server.
    await page.getByRole('link', { name: 'Менеджеры' }).click();
    const firstManager = server.demo.managers[0];
    assert.ok(firstManager, 'the demo company has managers');
    await page.getByRole('link', { name: firstManager.name }).waitFor();
    await screenshot(page, 'head-of-sales-managers');
  });

  void test('a manager sees only the manager navigation and cannot open the report', async () => {
    const manager = server.demo.managers[0];
    assert.ok(manager);
    await signIn(page, server.url, manager);
    await page.getByRole('heading', { name: 'Мои клиенты', level: 1 }).waitFor();
    assert.equal(pathOf(page), '/my-clients');
    assert.deepEqual(await sidebarSections(page), ['Мои клиенты', 'Мои звонки', 'Тренажёр']);
    await screenshot(page, 'manager-my-clients');

    await page.goto(`${server.url}/report`);
    await page.getByRole('heading', { name: 'Страница не найдена' }).waitFor();
    assert.equal(await page.getByRole('heading', { name: 'Отчёт' }).count(), 0);
  });

  void test('the integrator starts in settings and has the knowledge section', async () => {
    await signIn(page, server.url, server.demo.integrator);
    await page.getByRole('heading', { name: 'Настройки', level: 1 }).waitFor();
    assert.equal(pathOf(page), '/settings/company');
    const sections = await sidebarSections(page);
    assert.ok(sections.includes('Знания') && sections.includes('Звонки') && sections.includes('Менеджеры'), sections.join(', '));
    assert.ok(!sections.includes('Отчёт'));
    await page.getByLabel('Название компании').waitFor();
    await screenshot(page, 'integrator-settings-company');
  });

  void test('the language switch turns the interface to English and the account keeps the choice', async () => {
    await signIn(page, server.url, server.demo.headOfSales);
    await page.getByRole('heading', { name: 'Отчёт', level: 1 }).waitFor();

    // Wait for the account to be saved, so the reload below cannot race the request.
    await Promise.all([savedLocale(page), page.getByLabel('Язык').selectOption('en')]);
    await page.getByRole('heading', { name: 'Report', level: 1 }).waitFor();
    assert.deepEqual(await sidebarSections(page, 'Sections'), ['Report', 'Managers', 'Lost clients', 'Calls', 'Trainer', 'Knowledge', 'Settings']);
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await screenshot(page, 'head-of-sales-report-en');

    // Saved to the account (PATCH /me), not only in this tab: a fresh load is still in English.
    await page.evaluate(() => window.localStorage.clear());
    await page.reload();
    await page.getByRole('heading', { name: 'Report', level: 1 }).waitFor();

    await Promise.all([savedLocale(page), page.getByLabel('Language').selectOption('ru')]);
    await page.getByRole('heading', { name: 'Отчёт', level: 1 }).waitFor();
  });

  void test('before sign-in the language choice is kept in the browser', async () => {
    await page.getByLabel('Язык').selectOption('en');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.reload();
    await page.getByLabel('Email').waitFor();
    assert.ok(await page.getByRole('button', { name: 'Sign in' }).isVisible());
    await screenshot(page, 'sign-in-en');
  });

  void test('sign-out returns to the sign-in page and ends the session', async () => {
    await signIn(page, server.url, server.demo.headOfSales);
    await page.getByRole('heading', { name: 'Отчёт', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Выйти' }).click();
    await page.getByRole('heading', { name: 'Вход' }).waitFor();
    assert.equal(pathOf(page), '/sign-in');

    await page.goto(`${server.url}/report`);
    await page.getByRole('heading', { name: 'Вход' }).waitFor();
    assert.equal(pathOf(page), '/sign-in');
  });
});
