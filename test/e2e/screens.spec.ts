import { expect, test } from '@playwright/test';
import { openApp, shot } from './app.js';

const screens = ['Projects', 'Annotate', 'Pairs', 'Train', 'Evaluate', 'Settings', 'Models'];

test.describe('Every screen', () => {
  test('opens from the rail, names every control, raises no console or CSP error, and is captured', async ({ page }) => {
    const problems = await openApp(page, '#/projects');
    for (const name of screens) {
      await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name, exact: true }).click();
      await expect(page.getByRole('button', { name, exact: true })).toHaveAttribute('aria-current', 'page');
      await expect(page.getByRole('main').getByRole('heading').first()).toBeVisible();
      const unnamed = await page.evaluate(() =>
        Array.from(document.querySelectorAll('button, input, select, [role="button"], [role="listbox"]'))
          .filter((el) => !(el as HTMLElement).closest('[aria-hidden="true"]'))
          .filter((el) => {
            const labelled = el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || el.getAttribute('title');
            const text = (el.textContent ?? '').trim();
            const input = el as HTMLInputElement;
            const wrapped = el.closest('label') || (input.id && document.querySelector(`label[for="${input.id}"]`));
            return !labelled && !wrapped && (el.tagName === 'INPUT' || el.tagName === 'SELECT' || !text);
          })
          .map((el) => el.outerHTML.slice(0, 120)),
      );
      expect(unnamed, `controls without an accessible name on ${name}`).toEqual([]);
      await shot(page, name.toLowerCase());
    }
    expect(problems).toEqual([]);
  });

  test('the help overlay lists the keys; the dark theme applies and persists', async ({ page }) => {
    await openApp(page, '#/annotate');
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keys' });
    await expect(help).toBeVisible();
    await expect(help).toContainText('Apply label N');
    await expect(help).toContainText('Next most useful sentence');
    await shot(page, 'help');
    await page.keyboard.press('Escape');
    await expect(help).toBeHidden();

    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await page.getByRole('radio', { name: 'Dark' }).check();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await page.getByRole('button', { name: 'Annotate', exact: true }).click();
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(21, 23, 27)');
    await shot(page, 'annotate-dark');
  });
});
