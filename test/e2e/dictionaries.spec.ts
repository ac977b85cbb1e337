import { expect, test } from '@playwright/test';
import type { CoverageSide } from '../../src-main/contract/entities.js';
import { api, openApp, shot } from './app.js';

// Words of the served project's English and Spanish fixtures.
const MUSE = ['hired contrató', 'in en', 'moved mudó', 'to a', 'the el', 'capital capital'].join('\n');

function share(covered: number, total: number): string {
  return total === 0 ? '–' : `${Math.round((covered / total) * 100)}%`;
}

function coverageText(side: CoverageSide): string {
  return `${share(side.coveredTypes, side.types)} of ${side.types.toLocaleString()} word types, ${share(side.coveredTokens, side.tokens)} of ${side.tokens.toLocaleString()} tokens`;
}

test.describe('Dictionaries', () => {
  test('imports a dictionary, shows its coverage, fixes a translation, is offered on the Train form, and goes', async ({ page }) => {
    const problems = await openApp(page, '#/projects');
    const section = page.getByRole('region', { name: 'Dictionaries' });
    await expect(section).toBeVisible();

    // Keyboard only: the drop zone opens the file chooser with Enter.
    const zone = section.getByRole('button', { name: /Drop a dictionary file/ });
    await zone.focus();
    await expect(zone).toBeFocused();
    const chooser = page.waitForEvent('filechooser');
    await page.evaluate(() => 0);
    await page.keyboard.press('Enter');
    await (await chooser).setFiles({ name: 'e2e-en-es.txt', mimeType: 'text/plain', buffer: Buffer.from(MUSE) });
    await expect(zone).toContainText('e2e-en-es.txt');

    await section.getByRole('combobox', { name: 'From' }).fill('en');
    await section.getByRole('combobox', { name: 'To' }).fill('es');
    await section.getByRole('textbox', { name: 'Name' }).fill('e2e en-es');
    await section.getByRole('button', { name: 'Import dictionary' }).click();
    await expect(section.getByRole('status').filter({ hasText: 'Imported “e2e en-es”: 6 words' })).toBeVisible();

    const [dict] = (await api(page, 'dictionaries.list', {})).filter((d) => d.name === 'e2e en-es');
    expect(dict!.coverage.source.coveredTypes).toBeGreaterThan(0);
    const row = section.locator(`tr[data-dictionary-id="${dict!.id}"]`);
    await expect(row.getByTestId('coverage-source')).toContainText(coverageText(dict!.coverage.source));
    await expect(row.getByTestId('coverage-target')).toContainText(coverageText(dict!.coverage.target));

    // Fix one translation from the word list.
    const words = section.getByRole('region', { name: 'Words of e2e en-es' });
    await words.getByRole('searchbox', { name: /Search en words/ }).fill('mov');
    await words.getByRole('button', { name: 'Edit moved' }).click();
    const targets = words.getByRole('textbox', { name: 'es translations' });
    await expect(targets).toBeFocused();
    await expect(targets).toHaveValue('mudó');
    await targets.fill('mudó, trasladó');
    await page.keyboard.press('Enter');
    await expect(words.getByRole('button', { name: 'Edit moved' })).toContainText('mudó, trasladó');
    expect((await api(page, 'dictionaries.entries', { id: dict!.id, q: 'moved', offset: 0, limit: 5 })).rows).toEqual([
      { source: 'moved', targets: ['mudó', 'trasladó'] },
    ]);
    await expect(words.getByText('1 word match')).toBeVisible();
    await shot(page, 'dictionaries');

    // The Train form offers it for en → es, preselected, with its coverage.
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Train', exact: true }).click();
    const form = page.getByRole('form', { name: 'New training run' });
    // The form fills in its defaults once the project's counts arrive (en, the one labelled
    // language, as the source): wait for them rather than race them with a click.
    await expect(form.getByRole('checkbox', { name: /^en English/ })).toBeChecked();
    await form.getByRole('combobox', { name: 'Target language (unlabelled)' }).selectOption('es');
    const choice = form.getByRole('combobox', { name: 'Dictionary (code-switching)' });
    await expect(choice).toHaveValue(String(dict!.id));
    await expect(form.getByText(/e2e en-es translates \d+% of the project's en tokens/)).toBeVisible();
    await expect(form.getByRole('spinbutton', { name: 'Swap probability' })).toHaveValue('0.6');
    await expect(form.getByRole('checkbox', { name: 'Keep names untranslated' })).not.toBeChecked();
    await choice.selectOption('');
    await expect(form.getByRole('spinbutton', { name: 'Swap probability' })).toHaveCount(0);

    // Removed from the Projects screen (Remove asks once more).
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Projects', exact: true }).click();
    const remove = section.getByRole('button', { name: 'Remove dictionary e2e en-es' });
    await remove.click();
    await expect(remove).toHaveText('Remove for good?');
    await remove.click();
    await expect(section.locator(`tr[data-dictionary-id="${dict!.id}"]`)).toHaveCount(0);
    expect((await api(page, 'dictionaries.list', {})).some((d) => d.id === dict!.id)).toBe(false);
    expect(problems).toEqual([]);
  });
});
