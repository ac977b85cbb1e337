import { expect, test, type Page } from '@playwright/test';
import { openApp, shot } from './app.js';

async function choose(page: Page, side: 'A' | 'B', lang: string, text: string): Promise<void> {
  await page.getByRole('combobox', { name: `Language of sentence ${side}` }).selectOption(lang);
  await page.getByRole('searchbox', { name: `Search for sentence ${side}` }).fill(text);
  const match = page.getByRole('list', { name: `Matches for sentence ${side}` }).getByRole('button', { name: new RegExp(text) });
  await expect(match).toHaveCount(1);
  await match.click();
  await expect(match).toHaveAttribute('aria-pressed', 'true');
}

test.describe('Pairs', () => {
  test('pairs two sentences by hand, marks a link by mouse and cycles it by keyboard', async ({ page }) => {
    const problems = await openApp(page, '#/pairs');
    await choose(page, 'A', 'en', 'Marie Curie');
    await choose(page, 'B', 'es', 'Madrid');
    await page.getByRole('button', { name: 'Pair these two' }).click();

    const upper = page.getByRole('group', { name: /Upper sentence/ });
    const lower = page.getByRole('group', { name: /Lower sentence/ });
    await expect(upper).toContainText('Sorbonne');
    await expect(lower).toContainText('España');

    await upper.getByRole('button', { name: 'Paris' }).click();
    await lower.getByRole('button', { name: 'Madrid' }).click();
    const link = page.locator('svg.links g.link');
    await expect(link).toHaveCount(1);
    await expect(link).toHaveAttribute('data-value', 'same');
    await expect(page.getByRole('listitem').filter({ hasText: 'same type' })).toContainText('Paris');
    await shot(page, 'pairs-linked');

    await link.click();
    await expect(link).toHaveAttribute('data-value', 'different');

    await page.reload();
    await expect(page.locator('svg.links g.link')).toHaveAttribute('data-value', 'different');

    // Keyboard only: choose the upper token, then press its partner to cycle different -> unset.
    await upper.getByRole('button', { name: 'Paris' }).focus();
    await page.keyboard.press('Enter');
    await lower.getByRole('button', { name: 'Madrid' }).focus();
    await page.keyboard.press('Enter');
    await expect(page.locator('svg.links g.link')).toHaveCount(0);
    await expect(page.getByText('No links yet.')).toBeVisible();
    expect(problems).toEqual([]);
  });
});
