// Steps shared by the browser tests: build the web app once, sign in through the form, read the
// sidebar. They act through labels and roles, as a person (or a screen reader) would.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The server serves web/dist, so it must exist before the server starts (instant when up to date). */
export function buildWebApp(): void {
  execFileSync(process.execPath, [join(repositoryRoot, 'bin', 'build-web.js')], { cwd: repositoryRoot, stdio: 'pipe' });
}

export async function signIn(page: Page, baseUrl: string, credentials: { email: string; password: string }): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Электронная почта').fill(credentials.email);
  await page.getByLabel('Пароль').fill(credentials.password);
  await page.getByRole('button', { name: 'Войти' }).click();
}

/** The section names in the sidebar, in order; waits until the signed-in shell is on screen. */
export async function sidebarSections(page: Page, navigationLabel = 'Разделы'): Promise<string[]> {
  const navigation = page.getByRole('navigation', { name: navigationLabel });
  await navigation.getByRole('link').first().waitFor();
  return navigation.getByRole('link').allTextContents();
}

export function pathOf(page: Page): string {
  return new URL(page.url()).pathname;
}
