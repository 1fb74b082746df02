/**
 * Attack: the server inserts identity-chain entries that the honest server code would refuse,
 * straight into its database: signed by an unknown key, by a revoked device, with a wrong prev,
 * or by a revoked device backdated to before its revocation (entry times are claims, never used
 * for ordering). Every device validates the chain before trusting anything in it.
 */
import { it } from 'vitest';
import { type IdentityBody, signEntry } from '../../../shared/chains/entry';
import { generateSigningKeyPair } from '../../../shared/crypto/ed25519';
import { randomBytes } from '../../../shared/crypto/random';
import { generateX25519KeyPair } from '../../../shared/crypto/x25519';
import type { FreezeCode } from '../../../shared/sync/engine/engine-state';
import { expectCaught } from '../caught';
import { describeAttack } from '../describe-attack';
import { appendIdentity, expectOk, type Person } from '../person';
import { forceChainEntry } from '../tamper';

function addDeviceBody(person: Person, author: Uint8Array, overrides: Partial<IdentityBody> = {}): IdentityBody {
  const device = { deviceId: randomBytes(16), signingKey: generateSigningKeyPair().publicKey, x25519Key: generateX25519KeyPair().publicKey };
  return {
    chain: 'identity',
    chainId: person.identity,
    seq: person.chain.length,
    prev: person.chain.head,
    author: { by: 'device', identity: person.identity, id: author },
    time: Date.now(),
    op: 'add-device',
    args: { ...device, userKeySeal: randomBytes(80) },
    ...overrides,
  } as IdentityBody;
}

describeAttack('forged identity-chain entries', (suite) => {
  async function forcedAndCaught(entry: Uint8Array, state: FreezeCode): Promise<void> {
    await forceChainEntry(suite.database(), 'identity', suite.person().identity, entry);
    await expectCaught(suite.person().b, suite.person().collection, state);
  }

  it('signed by an unknown key: UNTRUSTED_WRITER', async () => {
    const stranger = generateSigningKeyPair();
    await forcedAndCaught(signEntry(addDeviceBody(suite.person(), randomBytes(16)), stranger.seed), 'UNTRUSTED_WRITER');
  });

  it("claiming a trusted device but signed by another key: BAD_SIGNATURE", async () => {
    await forcedAndCaught(signEntry(addDeviceBody(suite.person(), suite.person().a.deviceId), generateSigningKeyPair().seed), 'BAD_SIGNATURE');
  });

  it('signed by a revoked device: UNTRUSTED_WRITER', async () => {
    const { a, c } = suite.person();
    await appendIdentity(suite.person(), a, { op: 'revoke-device', args: { deviceId: c.deviceId } });
    expectOk(await suite.person().b.engine.sync(suite.person().collection), 'B');
    await forcedAndCaught(signEntry(addDeviceBody(suite.person(), c.deviceId), c.signing.seed), 'UNTRUSTED_WRITER');
  });

  it('with a wrong prev, signed by a trusted device: BAD_CHAIN (it does not extend the chain)', async () => {
    await forcedAndCaught(signEntry(addDeviceBody(suite.person(), suite.person().a.deviceId, { prev: randomBytes(32) }), suite.person().a.signing.seed), 'BAD_CHAIN');
  });

  it('by a revoked device, backdated to before its revocation: UNTRUSTED_WRITER', async () => {
    const { a, c } = suite.person();
    await appendIdentity(suite.person(), a, { op: 'revoke-device', args: { deviceId: c.deviceId } });
    const backdated = addDeviceBody(suite.person(), c.deviceId, { time: 1_000_000_000_000 });
    await forcedAndCaught(signEntry(backdated, c.signing.seed), 'UNTRUSTED_WRITER');
  });
});
