import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { hpkeOpenBase, hpkeSealBase, hpkeSuite, openKey, SEALED_KEY_LENGTH, sealKey } from './hpke';
import { RFC9180_A2_BASE as V } from './vectors/rfc9180-hpke-a2';
import { generateX25519KeyPair, x25519PublicKey } from './x25519';

const info = new TextEncoder().encode('rotate-key collection=abc epoch=4 recipient=id1 generation=2 granter=dev7');
const [first, second] = V.encryptions;
if (first === undefined || second === undefined) throw new Error('vector missing');

describe('HPKE base mode, DHKEM(X25519, HKDF-SHA256) / HKDF-SHA256 / ChaCha20Poly1305 (RFC 9180)', () => {
  it('uses suite 0x0020 / 0x0001 / 0x0003 of RFC 9180 A.2', () => {
    expect([hpkeSuite.kem.id, hpkeSuite.kdf.id, hpkeSuite.aead.id]).toEqual([V.kemId, V.kdfId, V.aeadId]);
  });

  it('derives the RFC 9180 A.2.1 recipient public key from ikmR, and from skRm', async () => {
    const pair = await hpkeSuite.kem.deriveKeyPair(hexToBytes(V.ikmR));
    expect(bytesToHex(new Uint8Array(await hpkeSuite.kem.serializePublicKey(pair.publicKey)))).toBe(V.pkRm);
    expect(bytesToHex(x25519PublicKey(hexToBytes(V.skRm)))).toBe(V.pkRm);
  });

  it('seals exactly the A.2.1.1 sequence-0 ciphertext with the vector ephemeral key ikmE', async () => {
    const recipientPublicKey = await hpkeSuite.kem.deserializePublicKey(hexToBytes(V.pkRm));
    const sealed = await hpkeSuite.seal(
      { recipientPublicKey, info: hexToBytes(V.info), ekm: hexToBytes(V.ikmE) },
      hexToBytes(first.pt),
      hexToBytes(first.aad),
    );
    expect(bytesToHex(new Uint8Array(sealed.enc))).toBe(V.enc);
    expect(bytesToHex(new Uint8Array(sealed.ct))).toBe(first.ct);
  });

  it('opens the A.2.1.1 sequence-0 ciphertext with skRm and enc; refuses sequence 1 single-shot', async () => {
    const opened = await hpkeOpenBase(hexToBytes(V.skRm), hexToBytes(V.enc), hexToBytes(first.ct), hexToBytes(V.info), hexToBytes(first.aad));
    expect(bytesToHex(opened)).toBe(first.pt);
    // Sequence 1 uses the next nonce of the same context, so a single-shot open must refuse it.
    await expect(
      hpkeOpenBase(hexToBytes(V.skRm), hexToBytes(V.enc), hexToBytes(second.ct), hexToBytes(V.info), hexToBytes(second.aad)),
    ).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
  });

  it('opens sequence 1 in a multi-message recipient context (the vector is coherent with the library)', async () => {
    const recipientKey = await hpkeSuite.kem.deserializePrivateKey(hexToBytes(V.skRm));
    const context = await hpkeSuite.createRecipientContext({ recipientKey, enc: hexToBytes(V.enc), info: hexToBytes(V.info) });
    await context.open(hexToBytes(first.ct), hexToBytes(first.aad));
    expect(bytesToHex(new Uint8Array(await context.open(hexToBytes(second.ct), hexToBytes(second.aad))))).toBe(second.pt);
  });
});

describe('sealKey / openKey', () => {
  const recipient = generateX25519KeyPair();
  const key = new Uint8Array(32).fill(9);

  it('round-trips a 32-byte key as enc ‖ ct (80 bytes), fresh ephemeral key each time', async () => {
    const a = await sealKey(recipient.publicKey, key, info);
    const b = await sealKey(recipient.publicKey, key, info);
    expect(a).toHaveLength(SEALED_KEY_LENGTH);
    expect(bytesToHex(a.subarray(0, 32))).not.toBe(bytesToHex(b.subarray(0, 32)));
    expect(await openKey(recipient.privateKey, a, info)).toEqual(key);
  });

  it('binds info and aad: another purpose, epoch or recipient does not open', async () => {
    const sealed = await sealKey(recipient.publicKey, key, info, new Uint8Array([1]));
    const otherInfo = new TextEncoder().encode('rotate-key collection=abc epoch=5 recipient=id1 generation=2 granter=dev7');
    await expect(openKey(recipient.privateKey, sealed, otherInfo, new Uint8Array([1]))).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
    await expect(openKey(recipient.privateKey, sealed, info, new Uint8Array([2]))).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
    await expect(openKey(generateX25519KeyPair().privateKey, sealed, info, new Uint8Array([1]))).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
    expect(await openKey(recipient.privateKey, sealed, info, new Uint8Array([1]))).toEqual(key);
  });

  it('refuses a box with any byte changed, or of the wrong length', async () => {
    const sealed = await sealKey(recipient.publicKey, key, info);
    for (const index of [0, 31, 32, 63, 79]) {
      const bad = sealed.slice();
      bad[index] = (bad[index] ?? 0) ^ 1;
      await expect(openKey(recipient.privateKey, bad, info)).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
    }
    await expect(openKey(recipient.privateKey, sealed.subarray(0, 79), info)).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
  });

  it('refuses to seal to a small-order X25519 public key (all-zero shared secret)', async () => {
    // u = 0 and u = 1 are points of small order on Curve25519 (RFC 7748 §6.1 says check for all-zero output).
    for (const u of [new Uint8Array(32), Uint8Array.of(1, ...new Uint8Array(31))]) {
      await expect(sealKey(u, key, info)).rejects.toMatchObject({ code: 'BAD_INPUT' });
    }
  });

  it('refuses keys that are not 32 bytes and an empty info with BAD_INPUT', async () => {
    await expect(sealKey(recipient.publicKey, new Uint8Array(16), info)).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(sealKey(recipient.publicKey.subarray(0, 31), key, info)).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(sealKey(recipient.publicKey, key, new Uint8Array(0))).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(hpkeSealBase(recipient.publicKey, key, new Uint8Array(0))).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(openKey(recipient.privateKey.subarray(1), new Uint8Array(80), info)).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });
});
