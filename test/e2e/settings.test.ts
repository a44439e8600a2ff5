// Settings in a real browser against the real server: inviting a manager who then joins through
// the link, phone extensions, API tokens shown once and revoked, the audit log, password change.
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { launchBrowser, screenshot } from '../support/browser.ts';
import type { TestBrowser } from '../support/browser.ts';
import { startTestServer } from '../support/test-server.ts';
import type { TestServer } from '../support/test-server.ts';
import { buildWebApp, pathOf, sidebarSections, signIn } from './e2e-helpers.ts';

void describe('settings (browser)', () => {
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
    await browser.context.clearCookies();
    page = await browser.newPage();
  });

  afterEach(async () => {
    await page.close();
  });

  async function openSettings(tab: string, heading = 'Настройки'): Promise<void> {
    await signIn(page, server.url, server.demo.headOfSales);
    await page.getByRole('heading', { name: 'Отчёт', level: 1 }).waitFor();
    await page.goto(`${server.url}/settings/${tab}`);
    await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
  }

  void test('the head of sales invites a manager, who joins through the link and lands in the manager space', async () => {
    await openSettings('invites');
    await page.getByLabel('Роль').selectOption('manager');
    await page.getByLabel('Электронная почта сотрудника').fill('new.manager@example.test');
    await page.getByRole('button', { name: 'Создать ссылку' }).click();
    const link = page.getByLabel('Ссылка-приглашение');
    await link.waitFor();
    const invitePath = new URL(await link.inputValue()).pathname;
    assert.match(invitePath, /^\/invite\/.+/);
    await page.getByRole('cell', { name: 'new.manager@example.test' }).waitFor();
    await screenshot(page, 'settings-invite-created');

    await browser.context.clearCookies();
    await page.goto(server.url + invitePath);
    await page.getByRole('heading', { name: /Приглашение в/ }).waitFor();
    assert.equal(await page.getByLabel('Электронная почта').inputValue(), 'new.manager@example.test');
    await page.getByLabel('Имя и фамилия').fill('Пётр Новиков');
    await page.getByLabel('Пароль').fill('a-long-new-password');
    await screenshot(page, 'invite-accept');
    await page.getByRole('button', { name: 'Принять приглашение' }).click();
    await page.getByRole('heading', { name: 'Мои клиенты', level: 1 }).waitFor();
    assert.deepEqual(await sidebarSections(page), ['Мои клиенты', 'Мои звонки', 'Тренажёр']);

    // A used link says so instead of offering the form again.
    await browser.context.clearCookies();
    await page.goto(server.url + invitePath);
    await page.getByRole('alert').filter({ hasText: 'уже использовано' }).waitFor();
  });

  void test('phone extensions are saved and shown again after a reload', async () => {
    const manager = server.demo.managers[1];
    assert.ok(manager);
    await openSettings('users');
    const field = page.getByLabel(`Внутренние номера: ${manager.name}`);
    await field.fill('102, 202');
    await page.getByRole('row', { name: new RegExp(manager.name) }).getByRole('button', { name: 'Сохранить' }).click();
    await page.getByRole('status').filter({ hasText: manager.name }).waitFor();
    await screenshot(page, 'settings-users');
    await page.reload();
    assert.equal(await page.getByLabel(`Внутренние номера: ${manager.name}`).inputValue(), '102, 202');
  });

  void test('an API token is shown once, listed, and can be revoked', async () => {
    await openSettings('api-tokens');
    await page.getByLabel('Название токена').fill('АТС Asterisk');
    await page.getByRole('button', { name: 'Создать токен' }).click();
    const value = page.getByLabel('Значение токена');
    await value.waitFor();
    assert.ok((await value.inputValue()).length >= 20, 'the token value is shown');
    await page.getByRole('rowheader', { name: 'АТС Asterisk' }).waitFor();
    await screenshot(page, 'settings-api-token-created');

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Отозвать токен «АТС Asterisk»' }).click();
    await page.getByRole('rowheader', { name: 'АТС Asterisk' }).waitFor({ state: 'detached' });
    assert.equal(await page.getByLabel('Значение токена').count(), 0, 'the revoked token is no longer shown');
  });

  void test('the audit log lists sign-ins in words', async () => {
    await openSettings('audit');
    await page.getByRole('cell', { name: 'Вход', exact: true }).first().waitFor();
    await screenshot(page, 'settings-audit');
  });

  void test('a manager changes their password: a wrong current one is explained, the new one works', async () => {
    const manager = server.demo.managers[2];
    assert.ok(manager);
    await signIn(page, server.url, manager);
    await page.getByRole('heading', { name: 'Мои клиенты', level: 1 }).waitFor();
    await page.getByRole('link', { name: /Учётная запись/ }).click();
    await page.getByRole('heading', { name: 'Смена пароля' }).waitFor();

    await page.getByLabel('Текущий пароль').fill('not-my-password');
    await page.getByLabel('Новый пароль', { exact: true }).fill('brand-new-password');
    await page.getByLabel('Новый пароль ещё раз').fill('brand-new-password');
    await page.getByRole('button', { name: 'Сменить пароль' }).click();
    await page.getByRole('alert').filter({ hasText: 'Текущий пароль указан неверно.' }).waitFor();
    assert.equal(pathOf(page), '/settings/account', 'a wrong password does not sign the person out');

    await page.getByLabel('Текущий пароль').fill(manager.password);
    await page.getByRole('button', { name: 'Сменить пароль' }).click();
    await page.getByRole('status').filter({ hasText: 'Пароль изменён.' }).waitFor();
    await screenshot(page, 'manager-account');

    await page.getByRole('button', { name: 'Выйти' }).click();
    await page.getByRole('heading', { name: 'Вход' }).waitFor();
    await signIn(page, server.url, { email: manager.email, password: 'brand-new-password' });
    await page.getByRole('heading', { name: 'Мои клиенты', level: 1 }).waitFor();
  });
});
