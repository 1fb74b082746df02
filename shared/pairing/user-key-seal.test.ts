import { describe, expect, it } from 'vitest';
import { randomBytes } from '../crypto/random';
import { generateX25519KeyPair } from '../crypto/x25519';
import { openUserKey, sealUserKey, type UserKeySealContext } from './user-key-seal';

describe('the user key sealed to a device or the recovery key', () => {
  const context: UserKeySealContext = {
    identity: randomBytes(32),
    generation: 2,
    recipient: { to: 'device', id: randomBytes(16) },
    granter: { by: 'device', id: randomBytes(16) },
  };

  it('opens for its recipient and checks the generation public key', async () => {
    const user = generateX25519KeyPair();
    const device = generateX25519KeyPair();
    const sealed = await sealUserKey(device.publicKey, user.privateKey, context);
    expect(sealed).toHaveLength(80);
    await expect(openUserKey(device.privateKey, sealed, context, user.publicKey)).resolves.toEqual({ generation: 2, privateKey: user.privateKey, publicKey: user.publicKey });
  });

  it('does not open when moved to another identity, generation, recipient or granter', async () => {
    const user = generateX25519KeyPair();
    const device = generateX25519KeyPair();
    const sealed = await sealUserKey(device.publicKey, user.privateKey, context);
    const moved: UserKeySealContext[] = [
      { ...context, identity: randomBytes(32) },
      { ...context, generation: 3 },
      { ...context, recipient: { to: 'recovery', id: context.recipient.id } },
      { ...context, recipient: { to: 'device', id: randomBytes(16) } },
      { ...context, granter: { by: 'recovery', id: context.granter.id } },
    ];
    for (const other of moved) {
      await expect(openUserKey(device.privateKey, sealed, other, user.publicKey)).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
    }
    await expect(openUserKey(generateX25519KeyPair().privateKey, sealed, context, user.publicKey)).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
  });

  it('refuses a sealed key that is not the public key the chain names (KEY_COMMITMENT_MISMATCH)', async () => {
    const device = generateX25519KeyPair();
    const sealed = await sealUserKey(device.publicKey, generateX25519KeyPair().privateKey, context);
    await expect(openUserKey(device.privateKey, sealed, context, generateX25519KeyPair().publicKey)).rejects.toMatchObject({ code: 'KEY_COMMITMENT_MISMATCH' });
  });
});
