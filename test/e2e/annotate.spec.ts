import { expect, test, type Page } from '@playwright/test';
import { openApp, shot } from './app.js';

const entity = (page: Page, label: string) => page.locator(`.tokens [data-label="${label}"]`);

/** Narrows the list to one sentence by its text and opens it, with the keyboard only. */
async function openByText(page: Page, text: string): Promise<void> {
  // Keys only reach the screen once it has mounted and shown its first sentence.
  await expect(page.getByRole('listbox', { name: /^Tokens/ })).toBeVisible();
  await page.keyboard.press('/');
  await expect(page.getByRole('searchbox', { name: 'Search sentence text' })).toBeFocused();
  await page.keyboard.type(text);
  await expect(page.getByText('1 sentence matches')).toBeVisible();
  await page.keyboard.press('Escape');
  await page.keyboard.press('j');
  await expect(page.getByRole('listbox', { name: /^Tokens/ })).toContainText(text);
}

test.describe('Annotate', () => {
  test('tags tokens by keyboard; tags persist across a reload; undo and redo are persisted', async ({ page }) => {
    const problems = await openApp(page, '#/annotate');
    await openByText(page, 'Marie Curie');
    const tokens = page.getByRole('listbox', { name: /^Tokens/ });
    await expect(tokens).toHaveAttribute('aria-activedescendant', 'tok-0');

    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('1');
    await expect(entity(page, 'PER')).toContainText('Marie');
    await expect(entity(page, 'PER')).toContainText('Curie');

    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('3');
    await expect(entity(page, 'LOC')).toHaveText(/Paris/);

    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('2');
    await expect(entity(page, 'ORG')).toHaveText(/Sorbonne/);
    await expect(page.getByRole('status').filter({ hasText: 'Saving…' })).toHaveCount(0);
    await expect(page.locator('.tokens [data-pending]')).toHaveCount(0);
    await shot(page, 'annotate-tagged');

    await page.reload();
    await expect(tokens).toContainText('Marie Curie');
    await expect(entity(page, 'PER')).toHaveAttribute('data-provenance', 'gold');
    await expect(entity(page, 'LOC')).toHaveText(/Paris/);
    await expect(entity(page, 'ORG')).toHaveText(/Sorbonne/);

    await page.keyboard.press('Control+z');
    await expect(entity(page, 'ORG')).toHaveCount(0);
    await expect(entity(page, 'LOC')).toHaveCount(1);
    await page.reload();
    await expect(entity(page, 'LOC')).toHaveCount(1);
    await expect(entity(page, 'ORG')).toHaveCount(0);

    await page.keyboard.press('Control+Shift+Z');
    await expect(entity(page, 'ORG')).toHaveText(/Sorbonne/);
    await page.reload();
    await expect(entity(page, 'ORG')).toHaveText(/Sorbonne/);
    await expect(page.getByRole('complementary', { name: 'Context' }).getByRole('list').filter({ hasText: 'ORG' }).first()).toBeVisible();
    expect(problems).toEqual([]);
  });

  test('an edit the core fails to save is never shown as done: it goes, and an error line says why', async ({ page }) => {
    await openApp(page, '#/annotate');
    await openByText(page, 'weather was mild');
    let release: () => void = () => undefined;
    const held = new Promise<void>((done) => (release = done));
    await page.route('**/api/annotations.set', async (route) => {
      await held;
      await route.fulfill({ json: { ok: false, error: { code: 'INTERNAL', message: 'disk I/O error' } } });
    });
    await page.keyboard.press('1');
    await expect(page.locator('.tokens [data-pending][data-label="PER"][aria-label="PER, saving"]')).toHaveCount(1);
    release();
    await expect(page.getByRole('alert')).toContainText('Saving the label failed: disk I/O error');
    await expect(page.locator('.tokens [data-label]')).toHaveCount(0);
    await page.unroute('**/api/annotations.set');
    await page.reload();
    await expect(page.getByRole('listbox', { name: /^Tokens/ })).toContainText('weather was mild');
    await expect(page.locator('.tokens [data-label]')).toHaveCount(0);
  });

  test('right-to-left sentences flow right to left and the arrows follow reading order', async ({ page }) => {
    await openApp(page, '#/annotate');
    await openByText(page, 'القاهرة');
    const tokens = page.getByRole('listbox', { name: /^Tokens/ });
    await expect(tokens).toHaveAttribute('dir', 'rtl');
    const first = await page.locator('#tok-0').boundingBox();
    const second = await page.locator('#tok-1').boundingBox();
    expect(first!.x).toBeGreaterThan(second!.x);
    await page.keyboard.press('ArrowLeft');
    await expect(tokens).toHaveAttribute('aria-activedescendant', 'tok-1');
    await page.keyboard.press('ArrowRight');
    await expect(tokens).toHaveAttribute('aria-activedescendant', 'tok-0');
    await shot(page, 'annotate-rtl');
  });

  test('Chinese shows one token per character, tagged by mouse drag and a label click', async ({ page }) => {
    await openApp(page, '#/annotate');
    await openByText(page, '北京');
    const bei = page.locator('.tokens [data-token]', { hasText: /^北$/ });
    const jing = page.locator('.tokens [data-token]', { hasText: /^京$/ });
    await expect(bei).toHaveCount(1);
    await bei.hover();
    await page.mouse.down();
    await jing.hover();
    await page.mouse.up();
    await page.getByRole('button', { name: 'Apply LOC (key 3)' }).click();
    await expect(entity(page, 'LOC')).toHaveText(/北\s*京/);
    await shot(page, 'annotate-zh');
  });
});
