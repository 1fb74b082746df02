/**
 * Autofill on the built extension (issue: autofill; DESIGN.md §10). Fixture pages from
 * e2e/fixtures/ are served under several *.test host names; the popup is opened as a page naming
 * the fixture's tab (`?tab=<id>`), as a real popup names the active tab. Each fill case fills the
 * right fields with the right login; each refusal fills nothing and the popup says why; submitted
 * forms lead to Save and Update prompts that save only when answered.
 */
import AxeBuilder from '@axe-core/playwright';
import { domainToASCII } from 'node:url';
import type { Page } from '@playwright/test';
import { launchWithExtension, type ExtensionBrowser } from './support/browser';
import { startFixtureServer, type FixtureServer } from './support/fixture-server';
import { expect, test } from './support/fixtures';

const MASTER = 'orbit-lantern-Velvet-93-quarry';
const SHOP = { name: 'Shop', username: 'alice@shop.test', password: 'Shop-pass-1' };
const SHOP_OLD = { name: 'Shop older account', username: 'old@shop.test', password: 'Old-pass-0' };
const ACCOUNTS = { name: 'Shop accounts', username: 'alice.accounts', password: 'Accounts-pass-2' };
const OTHER = { name: 'Other site', username: 'bob@other.test', password: 'Other-pass-3' };

let server: FixtureServer;
let ext: ExtensionBrowser;
let home: Page;

test.describe.configure({ mode: 'serial' });

async function saveLogin(login: { name: string; username: string; password: string }, url: string): Promise<void> {
  const reply = await home.evaluate(
    (req) => chrome.runtime.sendMessage({ name: 'items/save', req }),
    { draft: { type: 'login', name: login.name, username: login.username, password: login.password, urls: [{ url, match: 'origin' }] } },
  );
  expect(reply).toMatchObject({ ok: true });
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  server = await startFixtureServer();
  ext = await launchWithExtension({ args: server.chromiumArgs });
  home = await ext.openPopup();
  await home.getByLabel('Master password', { exact: true }).fill(MASTER);
  await home.getByLabel('Confirm master password').fill(MASTER);
  await home.getByRole('button', { name: 'Create vault' }).click();
  await expect(home.getByRole('searchbox', { name: 'Search vault' })).toBeVisible({ timeout: 30_000 });
  // One login through the form, as a person adds it; the rest through the message map.
  await home.getByRole('button', { name: 'Add item' }).click();
  await home.getByLabel('Item type').selectOption('login');
  await home.getByLabel('Name', { exact: true }).fill(SHOP.name);
  await home.getByLabel('Username').fill(SHOP.username);
  await home.getByLabel('Password', { exact: true }).fill(SHOP.password);
  await home.getByLabel('Website').first().fill(server.url('shop.test', ''));
  await home.getByRole('button', { name: 'Save' }).click();
  await expect(home.getByRole('searchbox', { name: 'Search vault' })).toBeVisible();
  await saveLogin(SHOP_OLD, server.url('shop.test', ''));
  await saveLogin(ACCOUNTS, server.url('accounts.shop.test', ''));
  await saveLogin(OTHER, server.url('other.test', ''));
});

test.afterAll(async () => {
  await ext?.close();
  await server?.close();
});

/** The tab id the background registered for this page's top frame (from Chrome's sender). */
async function tabIdOf(page: Page): Promise<number> {
  let id = -1;
  await expect
    .poll(async () => {
      id = await home.evaluate(async (url) => {
        const all = ((await chrome.storage.session.get('autofill.frames'))['autofill.frames'] ?? {}) as Record<string, Array<{ frameId: number; url: string }>>;
        const found = Object.entries(all).filter(([, frames]) => frames.some((f) => f.frameId === 0 && f.url === url));
        return found.length === 0 ? -1 : Number(found[found.length - 1]![0]);
      }, page.url().replace(/[?#].*$/, ''));
      return id;
    })
    .toBeGreaterThanOrEqual(0);
  return id;
}

async function openFixture(host: string, name: string, scheme: 'https' | 'http' = 'https'): Promise<Page> {
  const page = await ext.context.newPage();
  await page.goto(server.url(host, name, scheme));
  return page;
}

async function popupFor(page: Page): Promise<Page> {
  const id = await tabIdOf(page);
  const popup = await ext.context.newPage();
  await popup.goto(`${ext.popupUrl}?tab=${id}`);
  await expect(popup.getByRole('searchbox', { name: 'Search vault' })).toBeVisible();
  return popup;
}

/** Opens a login's item screen in the popup and presses "Fill on this page". */
async function fillFromItem(popup: Page, name: string): Promise<void> {
  await popup.getByRole('searchbox', { name: 'Search vault' }).fill(name);
  await popup.getByRole('option', { name: new RegExp(`^${name}`) }).first().click();
  await popup.getByRole('button', { name: 'Fill on this page' }).click();
}

async function expectEmpty(frame: Page | ReturnType<Page['frameLocator']>): Promise<void> {
  // Let a fill that might still be on its way arrive before checking that none did.
  await new Promise((resolve) => setTimeout(resolve, 200));
  await expect(frame.locator('input[name="email"]')).toHaveValue('');
  await expect(frame.locator('input[name="password"]')).toHaveValue('');
}

test.describe('fills', () => {
  test('a sign-in form from the popup, with the input and change events frameworks need', async () => {
    const page = await openFixture('shop.test', 'login.html');
    const popup = await popupFor(page);
    const list = popup.getByRole('list', { name: /^Logins for shop\.test/ });
    await expect(list.getByRole('listitem')).toHaveCount(2);
    const axe = await new AxeBuilder({ page: popup }).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    await popup.getByRole('button', { name: `Fill ${SHOP.name}`, exact: true }).click();
    await expect(popup.getByRole('status').filter({ hasText: 'Filled.' })).toBeVisible();
    await expect(page.locator('input[name="email"]')).toHaveValue(SHOP.username);
    await expect(page.locator('input[name="password"]')).toHaveValue(SHOP.password);
    await expect(page.locator('#events')).toHaveText('input 2, change 2');
    await popup.close();
    await page.close();
  });

  test('candidates come most recently used first', async () => {
    const page = await openFixture('shop.test', 'login.html');
    let popup = await popupFor(page);
    await popup.getByRole('button', { name: `Fill ${SHOP_OLD.name}`, exact: true }).click();
    await expect(page.locator('input[name="email"]')).toHaveValue(SHOP_OLD.username);
    await popup.close();
    popup = await popupFor(page);
    const names = popup.getByRole('list', { name: /^Logins for shop\.test/ }).getByRole('button');
    await expect(names).toHaveText(['Fill', 'Fill']);
    await expect(names.first()).toHaveAccessibleName(`Fill ${SHOP_OLD.name}`);
    await popup.close();
    await page.close();
  });

  test('username first, then password, each step with its own field', async () => {
    const page = await openFixture('shop.test', 'username-step.html');
    let popup = await popupFor(page);
    await popup.getByRole('button', { name: `Fill ${SHOP.name}`, exact: true }).click();
    await expect(page.locator('input[name="username"]')).toHaveValue(SHOP.username);
    await popup.close();
    await page.goto(server.url('shop.test', 'password-step.html'));
    popup = await popupFor(page);
    await popup.getByRole('button', { name: `Fill ${SHOP.name}`, exact: true }).click();
    await expect(page.locator('input[name="password"]')).toHaveValue(SHOP.password);
    await popup.close();
    await page.close();
  });

  test('fields without a form element', async () => {
    const page = await openFixture('shop.test', 'formless.html');
    const popup = await popupFor(page);
    await popup.getByRole('button', { name: `Fill ${SHOP.name}`, exact: true }).click();
    await expect(page.locator('#u')).toHaveValue(SHOP.username);
    await expect(page.locator('#p')).toHaveValue(SHOP.password);
    await popup.close();
    await page.close();
  });

  test('a form added later inside an open shadow root', async () => {
    const page = await openFixture('shop.test', 'shadow.html');
    await expect(page.locator('login-box input[type="password"]')).toBeAttached();
    const popup = await popupFor(page);
    await popup.getByRole('button', { name: `Fill ${SHOP.name}`, exact: true }).click();
    await expect(page.locator('login-box input[type="email"]')).toHaveValue(SHOP.username);
    await expect(page.locator('login-box input[type="password"]')).toHaveValue(SHOP.password);
    await popup.close();
    await page.close();
  });

  test('an iframe of the same origin as the top frame', async () => {
    const page = await openFixture('shop.test', 'frame-same.html');
    const frame = page.frameLocator('iframe');
    await expect(frame.locator('input[name="password"]')).toBeAttached();
    const popup = await popupFor(page);
    await popup.getByRole('button', { name: `Fill ${SHOP.name}`, exact: true }).click();
    await expect(frame.locator('input[name="email"]')).toHaveValue(SHOP.username);
    await expect(frame.locator('input[name="password"]')).toHaveValue(SHOP.password);
    await popup.close();
    await page.close();
  });

  test('a change-password form gets only the current password', async () => {
    const page = await openFixture('shop.test', 'change.html');
    const popup = await popupFor(page);
    await popup.getByRole('button', { name: `Fill ${SHOP.name}`, exact: true }).click();
    await expect(page.locator('input[name="current"]')).toHaveValue(SHOP.password);
    await expect(page.locator('input[name="new"]')).toHaveValue('');
    await expect(page.locator('input[name="confirm"]')).toHaveValue('');
    await popup.close();
    await page.close();
  });

  test('a login of another site of the same domain only after the person asks for it', async () => {
    const page = await openFixture('shop.test', 'login.html');
    const popup = await popupFor(page);
    await expect(popup.getByRole('button', { name: `Fill ${ACCOUNTS.name}` })).toHaveCount(0);
    await popup.getByRole('button', { name: /Logins for other sites of this domain/ }).click();
    await popup.getByRole('button', { name: `Fill ${ACCOUNTS.name}`, exact: true }).click();
    await expect(page.locator('input[name="email"]')).toHaveValue(ACCOUNTS.username);
    await popup.close();
    await page.close();
  });
});

test.describe('refusals: nothing is filled and the popup says why', () => {
  const cases: Array<{ title: string; host: string; page: string; scheme?: 'http'; via: 'candidate' | 'item'; login?: string; says: RegExp; frame?: 1 | 2 }> = [
    { title: 'a cross-origin iframe', host: 'shop.test', page: 'frame-cross.html', via: 'candidate', says: /in a frame from another site/, frame: 1 },
    { title: 'a same-origin frame inside a frame of another site', host: 'shop.test', page: 'frame-nested.html', via: 'candidate', says: /in a frame from another site/, frame: 2 },
    { title: 'a sandboxed iframe', host: 'shop.test', page: 'frame-sandboxed.html', via: 'candidate', says: /in a sandboxed frame/, frame: 1 },
    { title: 'an http page for an https login', host: 'shop.test', page: 'login.html', scheme: 'http', via: 'item', says: /not secure \(http\)/ },
    { title: 'another domain', host: 'evil.test', page: 'login.html', via: 'item', says: /not the site this login belongs to/ },
    { title: 'a punycode lookalike of the domain', host: domainToASCII('shоp.test'), page: 'login.html', via: 'item', says: /not the site this login belongs to/ },
    { title: 'a transparent form (clickjacking)', host: 'shop.test', page: 'transparent.html', via: 'candidate', says: /hidden, transparent or covered/ },
    { title: 'a covered form', host: 'shop.test', page: 'covered.html', via: 'candidate', says: /hidden, transparent or covered/ },
    { title: 'an off-screen form', host: 'shop.test', page: 'offscreen.html', via: 'candidate', says: /hidden, transparent or covered/ },
    { title: 'a form posting to another site', host: 'shop.test', page: 'action-elsewhere.html', via: 'candidate', says: /send your login to another site/ },
    { title: 'read-only and disabled fields', host: 'shop.test', page: 'readonly.html', via: 'candidate', says: /read-only or disabled/ },
    { title: 'the login of another site, chosen by hand', host: 'shop.test', page: 'login.html', via: 'item', login: OTHER.name, says: /not the site this login belongs to/ },
  ];
  for (const c of cases) {
    test(c.title, async () => {
      const page = await openFixture(c.host, c.page, c.scheme);
      const scope = c.frame === 2 ? page.frameLocator('iframe').frameLocator('iframe') : c.frame === 1 ? page.frameLocator('iframe') : page;
      await expect(scope.locator('input[name="password"]')).toBeAttached();
      const popup = await popupFor(page);
      if (c.via === 'candidate') await popup.getByRole('button', { name: `Fill ${SHOP.name}`, exact: true }).click();
      else await fillFromItem(popup, c.login ?? SHOP.name);
      await expect(popup.getByRole('status').filter({ hasText: c.says })).toBeVisible();
      await expectEmpty(scope);
      await popup.close();
      await page.close();
    });
  }

  test('a lookalike or foreign page lists none of the vault’s logins', async () => {
    for (const host of ['evil.test', domainToASCII('shоp.test')]) {
      const page = await openFixture(host, 'login.html');
      const popup = await popupFor(page);
      await expect(popup.getByRole('region', { name: /^Logins for/ }).getByRole('button', { name: /^Fill / })).toHaveCount(0);
      await popup.close();
      await page.close();
    }
  });

  test('a synthetic click and a forged fill shortcut', async () => {
    const page = await openFixture('shop.test', 'synthetic.html');
    await tabIdOf(page);
    await page.getByRole('button', { name: 'Forge' }).click();
    const popup = await popupFor(page);
    await expect(popup.getByRole('status').filter({ hasText: /tried to start a fill by itself/ })).toBeVisible();
    await expectEmpty(page);
    await popup.close();
    await page.close();
  });
});

test('the context-menu entry and the fill shortcut are registered', async () => {
  const registered = await ext.worker.evaluate(async () => {
    const commands = await chrome.commands.getAll();
    const menu = await new Promise<boolean>((resolve) =>
      chrome.contextMenus.update('sealed-vault-fill', {}, () => resolve(chrome.runtime.lastError === undefined)),
    );
    return { command: commands.find((c) => c.name === 'fill-login')?.shortcut ?? null, menu };
  });
  expect(registered).toEqual({ command: 'Alt+Shift+L', menu: true });
});

test.describe('save and update', () => {
  test('a new sign-up is offered for saving and saved only on Save', async () => {
    const page = await openFixture('shop.test', 'signup.html');
    await tabIdOf(page);
    await page.getByLabel('Email').fill('carol@shop.test');
    await page.getByLabel('New password').fill('Carol-new-7');
    await page.getByLabel('Confirm password').fill('Carol-new-7');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByRole('heading', { name: 'Signed in' })).toBeVisible();
    const popup = await popupFor(page);
    await expect(popup.getByRole('heading', { name: /^Save login for shop\.test/ })).toBeVisible();
    await expect(popup.getByText('Username: carol@shop.test')).toBeVisible();
    await popup.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(popup.getByRole('status').filter({ hasText: 'Login saved.' })).toBeVisible();
    await popup.getByRole('searchbox', { name: 'Search vault' }).fill('shop.test');
    await expect(popup.getByRole('option', { name: /carol@shop\.test/ })).toBeVisible();
    await popup.close();
    await page.close();
  });

  test('a username-first sign-in with a new password is offered as an update', async () => {
    const page = await openFixture('shop.test', 'username-step.html');
    await tabIdOf(page);
    await page.getByLabel('Username').fill(SHOP.username);
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Password').fill('Shop-pass-NEW');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: 'Signed in' })).toBeVisible();
    const popup = await popupFor(page);
    await expect(popup.getByRole('heading', { name: `Update the password of ${SHOP.name} on shop.test:${server.httpsPort}?` })).toBeVisible();
    await popup.getByRole('button', { name: 'Update', exact: true }).click();
    await expect(popup.getByRole('status').filter({ hasText: 'Password updated.' })).toBeVisible();
    await popup.close();

    const check = await openFixture('shop.test', 'login.html');
    const again = await popupFor(check);
    await again.getByRole('button', { name: `Fill ${SHOP.name}`, exact: true }).click();
    await expect(check.locator('input[name="password"]')).toHaveValue('Shop-pass-NEW');
    await again.close();
    await check.close();
    await page.close();
  });

  test('a form inside a shadow root and fields without a form element are offered too', async () => {
    const shadow = await openFixture('shop.test', 'shadow.html');
    await tabIdOf(shadow);
    await shadow.locator('login-box input[type="email"]').fill('erin@shop.test');
    await shadow.locator('login-box input[type="password"]').fill('Erin-pass-4');
    await shadow.getByRole('button', { name: 'Sign in' }).click();
    await expect(shadow.getByRole('heading', { name: 'Signed in' })).toBeVisible();
    let popup = await popupFor(shadow);
    await expect(popup.getByRole('heading', { name: /^Save login for shop\.test/ })).toBeVisible();
    await expect(popup.getByText('Username: erin@shop.test')).toBeVisible();
    await popup.getByRole('button', { name: 'Not now' }).click();
    await popup.close();
    await shadow.close();

    const formless = await openFixture('shop.test', 'formless.html');
    await tabIdOf(formless);
    await formless.getByLabel('User name').fill('frank');
    await formless.getByLabel('Password').fill('Frank-pass-5');
    await formless.getByRole('button', { name: 'Sign in' }).click();
    popup = await popupFor(formless);
    await expect(popup.getByRole('heading', { name: /^Save login for shop\.test/ })).toBeVisible();
    await expect(popup.getByText('Username: frank')).toBeVisible();
    await popup.getByRole('button', { name: 'Not now' }).click();
    await popup.close();
    await formless.close();
  });

  test('Not now saves nothing', async () => {
    const page = await openFixture('shop.test', 'login.html');
    await tabIdOf(page);
    await page.getByLabel('Email').fill('dave@shop.test');
    await page.getByLabel('Password').fill('Dave-pass-9');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: 'Signed in' })).toBeVisible();
    let popup = await popupFor(page);
    await popup.getByRole('button', { name: 'Not now' }).click();
    await expect(popup.getByRole('status').filter({ hasText: 'Not saved.' })).toBeVisible();
    await popup.close();
    popup = await popupFor(page);
    await expect(popup.getByRole('heading', { name: /^Save login/ })).toHaveCount(0);
    await popup.getByRole('searchbox', { name: 'Search vault' }).fill('dave');
    await expect(popup.getByText('Nothing matches your search.')).toBeVisible();
    await popup.close();
    await page.close();
  });
});
