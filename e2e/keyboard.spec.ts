/**
 * The popup works from the keyboard alone: focus starts where a person types, Tab reaches every
 * control in a natural order, Enter submits, and arrow keys move through the list.
 */
import { launchWithExtension } from './support/browser';
import { expect, test } from './support/fixtures';

const MASTER = 'orbit-lantern-Velvet-93-quarry';

test('create a vault, add a note and open it without touching the mouse', async () => {
  test.setTimeout(90_000);
  const ext = await launchWithExtension();
  const page = await ext.openPopup();
  const keyboard = page.keyboard;
  await expect(page.getByLabel('Master password', { exact: true })).toBeFocused();
  await keyboard.type(MASTER);
  await keyboard.press('Tab');
  await expect(page.getByLabel('Confirm master password')).toBeFocused();
  await keyboard.type(MASTER);
  await keyboard.press('Enter');
  const search = page.getByRole('searchbox', { name: 'Search vault' });
  await expect(search).toBeFocused({ timeout: 30_000 });

  await keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Add item' })).toBeFocused();
  await keyboard.press('Enter');
  // Each new screen puts focus on its heading (screen readers announce it); Tab goes on from there.
  await expect(page.getByRole('heading', { name: 'Add item' })).toBeFocused();
  await keyboard.press('Tab');
  const type = page.getByLabel('Item type');
  await expect(type).toBeFocused();
  await type.selectOption('note');
  await expect(type).toBeFocused();
  await keyboard.press('Tab');
  await expect(page.getByLabel('Name', { exact: true })).toBeFocused();
  await keyboard.type('Keyboard note');
  await keyboard.press('Enter');
  await expect(search).toBeVisible();

  await search.focus();
  await keyboard.type('keyboard');
  await keyboard.press('ArrowDown');
  await keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Keyboard note' })).toBeVisible();
  await ext.close();
});
