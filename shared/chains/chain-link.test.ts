import { describe, expect, it } from 'vitest';
import { checkExtendsPinned } from './chain-link';
import { validateIdentityChain } from './identity-chain';
import { deviceSigner, TestIdentity } from './test-fixtures';

function grown(): TestIdentity {
  const alice = new TestIdentity();
  const laptop = alice.addDevice(deviceSigner(alice.first));
  alice.addDevice(deviceSigner(laptop));
  return alice;
}

describe('a chain against the head pinned earlier (DESIGN.md §6)', () => {
  it('accepts the pinned chain itself and any chain that extends it', () => {
    const alice = grown();
    const pinned = validateIdentityChain(alice.entries.slice(0, 2));
    expect(() => checkExtendsPinned(alice.entries.slice(0, 2), pinned)).not.toThrow();
    expect(() => checkExtendsPinned(alice.entries, pinned)).not.toThrow();
  });

  it('refuses a chain rolled back to before the pinned head (ROLLBACK)', () => {
    const alice = grown();
    const pinned = validateIdentityChain(alice.entries);
    expect(() => checkExtendsPinned(alice.entries.slice(0, 2), pinned)).toThrow(expect.objectContaining({ code: 'ROLLBACK' }));
  });

  it('refuses a chain that replaced the pinned entry with another branch (FORK)', () => {
    const alice = grown();
    const pinned = validateIdentityChain(alice.entries);
    const branch = grown();
    const other = [alice.entries[0] as Uint8Array, ...branch.entries.slice(1)];
    expect(() => checkExtendsPinned(other, pinned)).toThrow(expect.objectContaining({ code: 'FORK' }));
    expect(() => checkExtendsPinned(branch.entries, pinned)).toThrow(expect.objectContaining({ code: 'FORK' }));
  });
});
