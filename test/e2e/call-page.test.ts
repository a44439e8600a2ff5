// The call page and the knowledge editor in a real browser: a head of sales reads an analysed
// call (verdict, loss reason with the client's words, stage scores, transcript by stage), corrects
// the verdict and sees the call re-analysed; the integrator edits the script and the objections.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { launchBrowser, screenshot, type TestBrowser } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { buildCall, dialogue } from '../support/factories.ts';
import { analyseCall } from '../../src/calls/analyse-call.ts';
import { createBuiltinEngine } from '../../src/analysis/builtin/builtin-engine.ts';
import { users } from '../../src/db/schema/companies.ts';
import { asSystem } from '../../src/db/tenant.ts';
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { buildWebApp, signIn as submitSignIn } from './e2e-helpers.ts';

/** Signs in and waits until the app shows its navigation, i.e. the session exists. */
async function signIn(page: Page, url: string, who: { email: string; password: string }): Promise<void> {
  await submitSignIn(page, url, who);
  await page.getByRole('navigation', { name: 'Разделы' }).waitFor();
}

describe('call page and knowledge (browser)', () => {
  let server: TestServer;
  let browser: TestBrowser;
  let callId = '';

  before(async () => {
    buildWebApp();
    server = await startTestServer();
    browser = await launchBrowser();
    const db = server.runtime.database.db;
    const manager = await asSystem(db, async (tx) => (await tx.select({ id: users.id }).from(users).where(eq(users.email, server.demo.managers[0]!.email)))[0]!);
    const call = await buildCall(db, server.demo.companyId, {
      managerId: manager.id,
      clientPhone: '+79161234567',
      clientName: 'Виктор Семёнов',
      turns: dialogue(
        'M: Добрый день! Меня зовут Анна, компания ТеплоСфера. Вам удобно говорить?',
        'C: Да, слушаю.',
        'M: Вы оставляли заявку на котёл. Какая площадь дома и есть ли газ?',
        'C: Сто двадцать метров, газ есть.',
        'M: Для такого дома подойдёт газовый котёл, монтаж за три дня и гарантия пять лет.',
        'C: Сколько это будет стоить?',
        'M: Около двухсот сорока тысяч под ключ.',
        'C: Дорого, я подумаю.',
        'M: Хорошо, думайте, до свидания.',
      ),
    });
    await analyseCall(db, createBuiltinEngine(), server.demo.companyId, call.id);
    callId = call.id;
  });

  beforeEach(async () => {
    await browser.context.clearCookies();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('the head of sales reads the verdict, the stage scores and the transcript, and corrects the verdict', async () => {
    const page = await browser.newPage();
    await signIn(page, server.url, server.demo.headOfSales);
    await page.goto(`${server.url}/calls/${callId}`);
    await page.getByRole('heading', { name: /Виктор Семёнов/, level: 1 }).waitFor();
    await page.getByText('Клиент потерян').first().waitFor();
    assert.ok(await page.getByText('«Дорого, я подумаю.»').count() > 0, "the client's own words are quoted");
    for (const stage of ['Приветствие', 'Выявление потребностей', 'Презентация', 'Обработка возражений', 'Закрытие']) {
      assert.ok(await page.locator('.stage-score').getByText(stage).count() > 0, stage);
    }
    assert.equal(await page.locator('.transcript .turn').count(), 9, 'every turn is shown');
    await screenshot(page, 'call-page');

    // role names, not label text: a wrapping <label>'s text also holds the control's value
    await page.getByRole('combobox', { name: 'Что исправить' }).selectOption('outcome');
    await page.getByRole('combobox', { name: 'Итог', exact: true }).selectOption('success');
    await page.getByRole('textbox', { name: 'Комментарий' }).fill('Клиент перезвонил сам и купил — это не потеря');
    await page.getByRole('button', { name: 'Сохранить правку' }).click();
    await page.getByText('Правка сохранена').waitFor();
    await page.getByText('Клиент перезвонил сам и купил').waitFor();
    await page.locator('.verdict').getByText('Успех').waitFor();
    await screenshot(page, 'call-page-corrected');
    await page.close();
  });

  test('the calls list finds the call by an inflected word and opens it', async () => {
    const page = await browser.newPage();
    await signIn(page, server.url, server.demo.headOfSales);
    await page.goto(`${server.url}/calls`);
    // "гарантии" must find "гарантия": Russian full-text search matches word forms
    await page.getByRole('searchbox', { name: 'Поиск по расшифровкам' }).fill('гарантии');
    await page.getByRole('searchbox', { name: 'Поиск по расшифровкам' }).press('Enter');
    await page.locator(`a[href="/calls/${callId}"]`).click();
    await page.getByRole('heading', { name: /Виктор Семёнов/, level: 1 }).waitFor();
    await page.close();
  });

  test('the integrator edits the script and adds an objection', async () => {
    const page = await browser.newPage();
    await signIn(page, server.url, server.demo.integrator);
    await page.goto(`${server.url}/knowledge`);
    await page.getByRole('heading', { name: 'Знания компании', level: 1 }).waitFor();
    const closing = page.getByRole('textbox', { name: 'Закрытие', exact: true });
    await closing.waitFor();
    await closing.fill('Назначить выезд инженера: предложить два конкретных времени');
    await page.getByRole('button', { name: 'Сохранить скрипт' }).click();
    await page.getByText('Скрипт сохранён').waitFor();
    const objections = page.locator('section', { has: page.getByRole('heading', { name: 'Возражения и как их отрабатывать' }) });
    await objections.locator('.objection-row').first().waitFor();
    const before = await objections.locator('.objection-row').count();
    await objections.locator('form').last().getByRole('textbox', { name: 'Возражение клиента' }).fill('Нет времени на встречу');
    await objections.locator('form').last().getByRole('textbox', { name: 'Как отвечает компания' }).fill('Инженер приедет в удобное время, визит занимает 40 минут');
    await objections.getByRole('button', { name: 'Добавить' }).click();
    await page.waitForFunction((count) => document.querySelectorAll('.objection-row').length > count, before);
    await page.reload();
    assert.equal(await page.getByRole('textbox', { name: 'Закрытие', exact: true }).inputValue(), 'Назначить выезд инженера: предложить два конкретных времени');
    await screenshot(page, 'knowledge');
    await page.close();
  });
});
