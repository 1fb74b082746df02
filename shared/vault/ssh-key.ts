/**
 * OpenSSH keys: reading a public key line and computing its fingerprint exactly as `ssh-keygen -lf`
 * prints it (`SHA256:` + unpadded base64 of SHA-256 over the key blob, OpenSSH sshkey.c).
 *
 * Wire format: RFC 4251 §5 (string, mpint); key blobs: RFC 4253 §6.6 (ssh-rsa), RFC 8709
 * (ssh-ed25519), RFC 5656 §3.1 (ecdsa-sha2-nistp256/384/521). Also reads the public key stored in
 * the clear at the head of an `openssh-key-v1` private key (OpenSSH PROTOCOL.key), so an item can
 * check that its private and public halves belong together.
 *
 * Refuses, with BAD_INPUT: unknown or unsupported key types (DSA, certificates, security-key types),
 * a type word that disagrees with the blob, truncated or trailing bytes, non-minimal mpints, RSA
 * moduli outside 1024..16384 bits (OpenSSH's own limits), Ed25519 keys not 32 bytes, and EC points
 * not on their curve.
 */
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { VaultError } from '../protocol/errors';
import { base64Decode, base64Encode } from './base64';

export const SSH_KEY_TYPES = ['ssh-ed25519', 'ssh-rsa', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521'] as const;
export type SshKeyType = (typeof SSH_KEY_TYPES)[number];

export interface SshPublicKey {
  readonly type: SshKeyType;
  /** The key blob, the bytes the fingerprint hashes. */
  readonly blob: Uint8Array;
  readonly comment: string;
  /** Key size as `ssh-keygen -l` prints it. */
  readonly bits: number;
  /** `SHA256:` + unpadded base64, as `ssh-keygen -lf` prints it. */
  readonly fingerprint: string;
}

const CURVES = {
  'ecdsa-sha2-nistp256': { name: 'nistp256', bits: 256, curve: p256 },
  'ecdsa-sha2-nistp384': { name: 'nistp384', bits: 384, curve: p384 },
  'ecdsa-sha2-nistp521': { name: 'nistp521', bits: 521, curve: p521 },
} as const;

function fail(message: string): never {
  throw new VaultError('BAD_INPUT', `SSH key: ${message}`);
}

/** A cursor over SSH wire data (RFC 4251 §5). */
class WireReader {
  private offset = 0;
  constructor(private readonly bytes: Uint8Array) {}

  uint32(): number {
    if (this.offset + 4 > this.bytes.length) fail('truncated');
    const view = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.offset, 4);
    this.offset += 4;
    return view.getUint32(0);
  }

  string(): Uint8Array {
    const length = this.uint32();
    if (length > this.bytes.length - this.offset) fail('truncated');
    const out = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return out;
  }

  text(): string {
    return new TextDecoder('utf-8', { fatal: true }).decode(this.string());
  }

  /** A positive mpint; returns its bit length. */
  positiveMpintBits(): number {
    const value = this.string();
    const first = value[0];
    if (first === undefined) fail('empty mpint');
    if (first & 0x80) fail('negative mpint');
    const second = value[1];
    if (first === 0 && (second === undefined || (second & 0x80) === 0)) fail('non-minimal mpint');
    const top = first === 0 ? (second ?? 0) : first;
    const topIndex = first === 0 ? 1 : 0;
    return (value.length - topIndex - 1) * 8 + (32 - Math.clz32(top));
  }

  end(): void {
    if (this.offset !== this.bytes.length) fail('trailing bytes after the key');
  }
}

function isKeyType(value: string): value is SshKeyType {
  return (SSH_KEY_TYPES as readonly string[]).includes(value);
}

/** Checks a blob's structure for its type and returns the key size in bits. */
function checkBlob(type: SshKeyType, reader: WireReader): number {
  if (type === 'ssh-ed25519') {
    if (reader.string().length !== 32) fail('Ed25519 key must be 32 bytes');
    return 256;
  }
  if (type === 'ssh-rsa') {
    reader.positiveMpintBits();
    const bits = reader.positiveMpintBits();
    if (bits < 1024 || bits > 16384) fail(`RSA modulus of ${bits} bits is outside 1024..16384`);
    return bits;
  }
  const spec = CURVES[type];
  if (reader.text() !== spec.name) fail('curve name does not match the key type');
  try {
    spec.curve.Point.fromBytes(reader.string()).assertValidity();
  } catch {
    fail(`not a point on ${spec.name}`);
  }
  return spec.bits;
}

/** Validates a key blob and returns its type and size. */
export function inspectSshKeyBlob(blob: Uint8Array): { type: SshKeyType; bits: number } {
  const reader = new WireReader(blob);
  const type = reader.text();
  if (!isKeyType(type)) fail(`unsupported key type "${type.slice(0, 60)}"`);
  const bits = checkBlob(type, reader);
  reader.end();
  return { type, bits };
}

/** The OpenSSH SHA-256 fingerprint of a key blob. */
export function sshFingerprint(blob: Uint8Array): string {
  return `SHA256:${base64Encode(sha256(blob)).replace(/=+$/, '')}`;
}

/** Reads one public key line: `<type> <base64 blob> [comment]` (an `id_*.pub` file's content). */
export function parseSshPublicKey(line: string): SshPublicKey {
  const trimmed = line.trim();
  if (trimmed.includes('\n')) fail('expected one line');
  const match = /^(\S+)\s+(\S+)(?:\s+(.*))?$/.exec(trimmed);
  if (match === null) fail('expected "<type> <base64> [comment]"');
  const [, word = '', encoded = '', comment = ''] = match;
  if (!isKeyType(word)) fail(`unsupported key type "${word.slice(0, 60)}"`);
  let blob: Uint8Array;
  try {
    blob = base64Decode(encoded);
  } catch {
    fail('key data is not base64');
  }
  const { type, bits } = inspectSshKeyBlob(blob);
  if (type !== word) fail(`line says ${word} but the key is ${type}`);
  return { type, blob, comment, bits, fingerprint: sshFingerprint(blob) };
}

/** A public key line in OpenSSH's `.pub` form. */
export function formatSshPublicKey(blob: Uint8Array, comment = ''): string {
  const { type } = inspectSshKeyBlob(blob);
  return comment === '' ? `${type} ${base64Encode(blob)}` : `${type} ${base64Encode(blob)} ${comment}`;
}

const OPENSSH_BEGIN = '-----BEGIN OPENSSH PRIVATE KEY-----';
const OPENSSH_END = '-----END OPENSSH PRIVATE KEY-----';
const OPENSSH_MAGIC = 'openssh-key-v1\0';

/**
 * The public key blob stored in the clear in an `openssh-key-v1` private key (PROTOCOL.key), whether
 * or not the private part is passphrase-protected. Returns null for other private key formats
 * (PKCS#1, PKCS#8), which carry no separately readable public key.
 */
export function sshPublicKeyOfPrivateKey(pem: string): Uint8Array | null {
  const text = pem.trim();
  if (!text.startsWith(OPENSSH_BEGIN)) return null;
  if (!text.endsWith(OPENSSH_END)) fail('OpenSSH private key has no END line');
  let bytes: Uint8Array;
  try {
    bytes = base64Decode(text.slice(OPENSSH_BEGIN.length, -OPENSSH_END.length).replace(/\s+/g, ''));
  } catch {
    fail('OpenSSH private key body is not base64');
  }
  const magic = new TextEncoder().encode(OPENSSH_MAGIC);
  if (!magic.every((b, i) => bytes[i] === b)) fail('not an openssh-key-v1 private key');
  const reader = new WireReader(bytes.subarray(magic.length));
  reader.string(); // cipher name
  reader.string(); // KDF name
  reader.string(); // KDF options
  if (reader.uint32() !== 1) fail('OpenSSH private key must hold exactly one key');
  const blob = reader.string();
  inspectSshKeyBlob(blob);
  return blob;
}
