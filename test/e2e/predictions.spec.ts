import { expect, test, type Page } from '@playwright/test';
import { openApp, shot } from './app.js';

const entities = (page: Page) => page.locator('.tokens [data-label]');

test.describe('Predictions in Annotate', () => {
  test('most useful first, dashed guesses with confidence, accept, reject, correct and next useful', async ({ page }) => {
    const problems = await openApp(page, '#/annotate');
    await expect(page.getByRole('listbox', { name: /^Tokens/ })).toBeVisible();
    await page.getByRole('combobox', { name: 'Status' }).selectOption('predicted');
    await page.getByRole('combobox', { name: 'Sort' }).selectOption('uncertainty');
    await expect(page.getByText('2 sentences match')).toBeVisible();
    const rows = page.getByRole('complementary', { name: 'Sentences' }).locator('[data-sentence-id]');
    await expect(rows.first()).toContainText('Juan Pérez');
    await expect(rows.first()).toContainText('uncertainty 0.77');
    await expect(rows.nth(1)).toContainText('uncertainty 0.42');

    await rows.first().click();
    await expect(entities(page)).toHaveCount(3);
    const per = entities(page).first();
    await expect(per).toHaveAttribute('data-provenance', 'predicted');
    await expect(per).toContainText('.88');
    await expect(per.locator('.run')).toHaveCSS('border-bottom-style', 'dashed');
    await shot(page, 'annotate-predicted');

    await page.keyboard.press('x');
    await expect(entities(page)).toHaveCount(0);
    await page.keyboard.press('Control+z');
    await expect(entities(page)).toHaveCount(3);
    await page.keyboard.press('a');
    await expect(entities(page).first()).toHaveAttribute('data-provenance', 'gold');
    await expect(entities(page).first().locator('.run')).toHaveCSS('border-bottom-style', 'solid');

    await page.keyboard.press('n');
    await expect(page.getByRole('listbox', { name: /^Tokens/ })).toContainText('capital');
    // Reviewed rows stay where they were until the filters change: nothing jumps.
    await expect(page.getByText('2 sentences match')).toBeVisible();
    await expect(entities(page).first()).toHaveAttribute('data-provenance', 'predicted');
    // Relabel the second guess (España) by hand: the sentence becomes corrected.
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('4');
    const corrected = page.locator('.tokens [data-label="MISC"]');
    await expect(corrected).toHaveAttribute('data-provenance', 'corrected');
    await expect(corrected).toContainText('●');
    await expect(page.locator('.sentence .head')).toContainText('corrected');
    await shot(page, 'annotate-corrected');
    expect(problems).toEqual([]);
  });
});
