import { describe, expect, it } from 'vitest';
import { memorySessionStore, memoryVaultStore } from './testing/memory-stores';
import { vaultSession } from './vault-session';

const kdfParams = () => ({ m: 19456, t: 2, p: 1, salt: crypto.getRandomValues(new Uint8Array(16)) });

function setup() {
  let time = 1_000_000;
  const store = memoryVaultStore();
  const session = memorySessionStore();
  const deadlines: Array<number | null> = [];
  const make = () =>
    vaultSession({ store, session, now: () => time, autoLockMinutes: async () => 15, onDeadline: (d) => deadlines.push(d), kdfParams });
  return { store, session, deadlines, make, advance: (ms: number) => (time += ms) };
}

describe('vault session', () => {
  it('goes from no vault to unlocked on create, and locked after lock', async () => {
    const { make } = setup();
    const vault = make();
    expect(await vault.state()).toBe('no-vault');
    await vault.create('a long enough master password');
    expect(await vault.state()).toBe('unlocked');
    await vault.lock();
    expect(await vault.state()).toBe('locked');
  });

  it('refuses a second vault in the same browser', async () => {
    const { make } = setup();
    const vault = make();
    await vault.create('a long enough master password');
    await expect(vault.create('another password entirely')).rejects.toMatchObject({ code: 'VAULT_EXISTS' });
  });

  it('a wrong password is refused and changes nothing', async () => {
    const { make, store } = setup();
    const vault = make();
    await vault.create('a long enough master password');
    await vault.lock();
    const before = store.dump().filter((v) => typeof v === 'object' && v !== null && 'wrappedBundleKey' in v);
    await expect(vault.unlock('a long enough master passw0rd')).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    expect(await vault.state()).toBe('locked');
    expect(store.dump().filter((v) => typeof v === 'object' && v !== null && 'wrappedBundleKey' in v)).toEqual(before);
  });

  it('slows down after three wrong passwords, and the right one works once the wait is over', async () => {
    const { make, advance } = setup();
    const vault = make();
    await vault.create('a long enough master password');
    await vault.lock();
    for (let i = 0; i < 3; i++) await expect(vault.unlock('wrong password here')).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    await expect(vault.unlock('a long enough master password')).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    advance(1_000);
    await vault.unlock('a long enough master password');
    expect(await vault.state()).toBe('unlocked');
  });

  it('a restarted worker resumes from the session store while the deadline holds', async () => {
    const { make } = setup();
    await make().create('a long enough master password');
    const restarted = make();
    expect(await restarted.state()).toBe('unlocked');
  });

  it('a restarted worker that slept past the deadline is locked and forgets the session', async () => {
    const { make, advance, session } = setup();
    await make().create('a long enough master password');
    advance(15 * 60_000 + 1);
    const restarted = make();
    expect(await restarted.state()).toBe('locked');
    expect(await session.load()).toBeNull();
  });

  it('a restarted browser (empty session) is locked and unlocks with the password', async () => {
    const { make, store } = setup();
    await make().create('a long enough master password');
    const freshBrowser = vaultSession({
      store,
      session: memorySessionStore(),
      now: () => 1_000_000,
      autoLockMinutes: async () => 15,
      onDeadline: () => {},
      kdfParams,
    });
    expect(await freshBrowser.state()).toBe('locked');
    await freshBrowser.unlock('a long enough master password');
    expect(await freshBrowser.state()).toBe('unlocked');
  });

  it('changing the master password needs the current one; afterwards only the new one unlocks', async () => {
    const { make } = setup();
    const vault = make();
    await vault.create('a long enough master password');
    await expect(vault.changePassword('not the current one', 'the brand new passphrase')).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    await vault.changePassword('a long enough master password', 'the brand new passphrase');
    await vault.lock();
    await expect(vault.unlock('a long enough master password')).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    await vault.unlock('the brand new passphrase');
    expect(await vault.state()).toBe('unlocked');
  });
});

describe('auto-lock', () => {
  it('locks once the idle deadline passes, and activity pushes the deadline forward', async () => {
    const { make, advance } = setup();
    const vault = make();
    await vault.create('a long enough master password');
    advance(10 * 60_000);
    await vault.touch();
    advance(10 * 60_000);
    expect(await vault.state()).toBe('unlocked');
    advance(5 * 60_000 + 1);
    expect(await vault.state()).toBe('locked');
  });
});

describe('KDF parameters', () => {
  it('can be raised with the master password, and are refused below the minimum with KDF_TOO_WEAK', async () => {
    const { make } = setup();
    const vault = make();
    await vault.create('a long enough master password');
    await expect(vault.changePassword('a long enough master password', 'a long enough master password', { m: 8192, t: 3, p: 1 })).rejects.toMatchObject({
      code: 'KDF_TOO_WEAK',
    });
    await vault.changePassword('a long enough master password', 'a long enough master password', { m: 20480, t: 3, p: 1 });
    expect(await vault.kdf()).toEqual({ m: 20480, t: 3, p: 1 });
    await vault.lock();
    await vault.unlock('a long enough master password');
    expect(await vault.state()).toBe('unlocked');
  });

  it('unlocks with a bundle key from another factor only when it opens the bundle, throttled like passwords', async () => {
    const { make } = setup();
    const vault = make();
    await vault.create('a long enough master password');
    const bundleKey = (await vault.require()).bundleKey.slice();
    await vault.lock();
    await expect(vault.unlockWithBundleKey(() => new Uint8Array(32))).rejects.toMatchObject({ code: 'WRONG_PASSKEY' });
    expect(await vault.state()).toBe('locked');
    await vault.unlockWithBundleKey(() => bundleKey.slice());
    expect(await vault.state()).toBe('unlocked');
  });
});
