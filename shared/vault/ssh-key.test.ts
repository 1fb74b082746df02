import { expectVaultError } from './expect-vault-error';
import { describe, expect, it } from 'vitest';
import { base64Decode, base64Encode } from './base64';
import { formatSshPublicKey, inspectSshKeyBlob, parseSshPublicKey, sshFingerprint, sshPublicKeyOfPrivateKey } from './ssh-key';
import { SSH_KEY_VECTORS } from './vectors/ssh-keys';

const expectBadInput = (run: () => unknown, fragment: RegExp): void => expectVaultError(run, 'BAD_INPUT', fragment);

function sshString(bytes: Uint8Array | string): Uint8Array {
  const body = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  const out = new Uint8Array(4 + body.length);
  new DataView(out.buffer).setUint32(0, body.length);
  out.set(body, 4);
  return out;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

const ed25519 = SSH_KEY_VECTORS.find((v) => v.name === 'ed25519')!;

describe('OpenSSH public keys', () => {
  for (const vector of SSH_KEY_VECTORS) {
    it(`computes the fingerprint ssh-keygen -lf printed for ${vector.name}`, () => {
      const [bits, fingerprint, ...rest] = vector.keygen.split(' ');
      const comment = rest.slice(0, -1).join(' ');
      const key = parseSshPublicKey(vector.publicKey);
      expect(key.fingerprint).toBe(fingerprint);
      expect(String(key.bits)).toBe(bits);
      expect(key.comment).toBe(comment);
      expect(formatSshPublicKey(key.blob, key.comment)).toBe(vector.publicKey);
    });
  }

  it('reads the public key in the clear from openssh-key-v1 private keys, encrypted or not', () => {
    for (const vector of SSH_KEY_VECTORS.filter((v) => v.privateKey !== undefined)) {
      const blob = sshPublicKeyOfPrivateKey(vector.privateKey!);
      expect(blob).not.toBeNull();
      expect(sshFingerprint(blob!)).toBe(parseSshPublicKey(vector.publicKey).fingerprint);
    }
  });

  it('returns null for private keys in formats with no readable public key', () => {
    expect(sshPublicKeyOfPrivateKey('-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----')).toBeNull();
  });

  it('refuses a damaged openssh-key-v1 private key', () => {
    expectBadInput(() => sshPublicKeyOfPrivateKey('-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----'), /openssh-key-v1/);
    expectBadInput(() => sshPublicKeyOfPrivateKey('-----BEGIN OPENSSH PRIVATE KEY-----\n!!\n-----END OPENSSH PRIVATE KEY-----'), /base64/);
    expectBadInput(() => sshPublicKeyOfPrivateKey('-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA'), /END/);
  });

  it('tolerates surrounding whitespace and a missing comment', () => {
    const [type, data] = ed25519.publicKey.split(' ');
    const key = parseSshPublicKey(`  ${type} ${data}\n`);
    expect(key.comment).toBe('');
    expect(key.fingerprint).toBe('SHA256:uYvJO1vt2HMUHluOS/znfkxPt4hwQ2/elUDCWMJV/sU');
  });

  it('refuses garbage, unknown types and lines that are not one key', () => {
    expectBadInput(() => parseSshPublicKey(''), /expected/);
    expectBadInput(() => parseSshPublicKey('hello'), /expected/);
    expectBadInput(() => parseSshPublicKey('ssh-dss AAAAB3NzaC1kc3M='), /unsupported key type/);
    expectBadInput(() => parseSshPublicKey('ssh-ed25519 not*base64'), /base64/);
    expectBadInput(() => parseSshPublicKey(`${ed25519.publicKey}\n${ed25519.publicKey}`), /one line/);
  });

  it('refuses a type word that disagrees with the blob', () => {
    const data = ed25519.publicKey.split(' ')[1];
    expectBadInput(() => parseSshPublicKey(`ssh-rsa ${data}`), /line says ssh-rsa/);
  });

  it('refuses truncated and over-long blobs', () => {
    const blob = base64Decode(ed25519.publicKey.split(' ')[1]!);
    expectBadInput(() => parseSshPublicKey(`ssh-ed25519 ${base64Encode(blob.subarray(0, blob.length - 1))}`), /truncated/);
    expectBadInput(() => parseSshPublicKey(`ssh-ed25519 ${base64Encode(concat(blob, new Uint8Array([0])))}`), /trailing/);
  });

  it('refuses an Ed25519 key of the wrong length', () => {
    const blob = concat(sshString('ssh-ed25519'), sshString(new Uint8Array(31)));
    expectBadInput(() => inspectSshKeyBlob(blob), /32 bytes/);
  });

  it('refuses RSA moduli below 1024 bits and non-minimal or negative mpints', () => {
    const e = sshString(new Uint8Array([1, 0, 1]));
    const small = new Uint8Array(96).fill(0xff);
    small[0] = 0x7f;
    expectBadInput(() => inspectSshKeyBlob(concat(sshString('ssh-rsa'), e, sshString(small))), /outside 1024/);
    const negative = new Uint8Array(129).fill(0xff);
    expectBadInput(() => inspectSshKeyBlob(concat(sshString('ssh-rsa'), e, sshString(negative))), /negative/);
    const padded = new Uint8Array(130).fill(0x01);
    padded[0] = 0;
    expectBadInput(() => inspectSshKeyBlob(concat(sshString('ssh-rsa'), e, sshString(padded))), /non-minimal/);
  });

  it('refuses an ECDSA point that is not on the curve, or a mismatched curve name', () => {
    const vector = SSH_KEY_VECTORS.find((v) => v.name === 'p256')!;
    const blob = base64Decode(vector.publicKey.split(' ')[1]!);
    const bent = blob.slice();
    bent[bent.length - 1]! ^= 1;
    expectBadInput(() => inspectSshKeyBlob(bent), /not a point on nistp256/);
    const point = blob.subarray(blob.length - 65);
    const wrongCurve = concat(sshString('ecdsa-sha2-nistp256'), sshString('nistp384'), sshString(point));
    expectBadInput(() => inspectSshKeyBlob(wrongCurve), /curve name/);
  });
});
