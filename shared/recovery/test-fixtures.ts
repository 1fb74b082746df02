/**
 * Test fixtures for recovery tests (imported by `*.test.ts` only): an identity chain (shared/chains/
 * test-fixtures.ts) whose user key is real and whose recovery kit was set with a real HPKE seal.
 */
import { deviceSigner, TestIdentity, type TestDevice } from '../chains/test-fixtures';
import type { UserKeyPair } from '../pairing/user-key-seal';
import { createRecoveryKit, type RecoveryKit } from './kit';
import { deriveRecoveryKeys, setRecoveryKeyArgs } from './recovery-key';

export function userKeyOf(person: TestIdentity): UserKeyPair {
  return { generation: person.state.userKey.generation, privateKey: person.userKey.privateKey, publicKey: person.userKey.publicKey };
}

/** Set `kit` as the recovery key, by the first device. */
export async function setKit(person: TestIdentity, kit: RecoveryKit = createRecoveryKit(person.id)): Promise<RecoveryKit> {
  const granter = { by: 'device' as const, id: person.first.deviceId };
  const args = await setRecoveryKeyArgs(kit, person.state, userKeyOf(person), granter);
  person.append(deviceSigner(person.first), { op: 'set-recovery-key', args });
  person.recovery = deriveRecoveryKeys(kit);
  return kit;
}

/** A person with `devices` devices and a recovery kit. */
export async function vaultWithKit(devices = 3): Promise<{ alice: TestIdentity; kit: RecoveryKit; others: TestDevice[] }> {
  const alice = new TestIdentity();
  const others = Array.from({ length: devices - 1 }, () => alice.addDevice(deviceSigner(alice.first)));
  const kit = await setKit(alice);
  return { alice, kit, others };
}
