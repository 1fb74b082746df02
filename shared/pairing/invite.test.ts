import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBase64url, toBase64url } from '../crypto/base64url';
import { encodeCanonical } from '../crypto/cbor';
import { crc32Suffix } from '../crypto/crc32';
import { randomBytes } from '../crypto/random';
import { VaultError, type ErrorCode } from '../protocol/errors';
import { createInvite, decodeInvite, encodeInvite, type Invite } from './invite';

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const OTHERS = [':', ' ', '=', '+', '/', '.', 'é', '\n'];

function codeOf(run: () => unknown): ErrorCode | 'accepted' {
  try {
    run();
    return 'accepted';
  } catch (error) {
    if (error instanceof VaultError) return error.code;
    throw error;
  }
}

/** Text for a payload of our choosing, with a correct checksum (what a careless encoder might emit). */
function textFor(payload: Uint8Array, prefix = 'vault-pair:v1:'): string {
  return prefix + toBase64url(new Uint8Array([...payload, ...crc32Suffix(payload)]));
}

const fields = (invite: Invite) => ({ kind: 'pair-invite', v: 1, server: invite.server, invite: invite.inviteId, secret: invite.secret, fingerprint: invite.fingerprint });

const hostname = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}(\.[a-z][a-z0-9-]{0,20}){0,3}$/).filter((h) => !h.endsWith('-'));
const origin = fc.oneof(
  hostname.map((h) => `https://${h}`),
  fc.tuple(hostname, fc.integer({ min: 1, max: 65535 })).filter(([, p]) => p !== 443).map(([h, p]) => `https://${h}:${p}`),
  fc.integer({ min: 1, max: 65535 }).filter((p) => p !== 80).map((p) => `http://localhost:${p}`),
);

describe('pairing invite (text and QR)', () => {
  it('round-trips: decoding the text gives back every field', () => {
    fc.assert(
      fc.property(origin, fc.uint8Array({ minLength: 32, maxLength: 32 }), (server, fingerprint) => {
        const invite = createInvite(server, fingerprint);
        const text = encodeInvite(invite);
        expect(text).toMatch(/^vault-pair:v1:[A-Za-z0-9_-]+$/);
        expect(decodeInvite(text)).toEqual(invite);
      }),
    );
  });

  it('makes a fresh 128-bit invite id and secret every time', () => {
    const a = createInvite('https://vault.example.com', randomBytes(32));
    const b = createInvite('https://vault.example.com', a.fingerprint);
    expect(a.inviteId).toHaveLength(16);
    expect(a.secret).toHaveLength(16);
    expect(a.inviteId).not.toEqual(b.inviteId);
    expect(a.secret).not.toEqual(b.secret);
  });

  it('refuses every single-character change at every position of the text', () => {
    const text = encodeInvite(createInvite('https://vault.example.com:8443', randomBytes(32)));
    let tried = 0;
    for (let i = 0; i < text.length; i++) {
      for (const replacement of [...BASE64URL, ...OTHERS]) {
        if (replacement === text[i]) continue;
        const changed = text.slice(0, i) + replacement + text.slice(i + 1);
        expect(codeOf(() => decodeInvite(changed)), `position ${i} → ${JSON.stringify(replacement)}`).not.toBe('accepted');
        tried++;
      }
    }
    expect(tried).toBeGreaterThan(text.length * 60);
  });

  it('refuses any deleted, inserted or swapped character (property)', () => {
    const text = encodeInvite(createInvite('https://vault.example.com', randomBytes(32)));
    fc.assert(
      fc.property(fc.nat(text.length - 1), fc.constantFrom(...BASE64URL), fc.constantFrom('delete', 'insert', 'swap'), (i, char, how) => {
        const changed =
          how === 'delete'
            ? text.slice(0, i) + text.slice(i + 1)
            : how === 'insert'
              ? text.slice(0, i) + char + text.slice(i)
              : text.slice(0, i) + (text[i + 1] ?? '') + (text[i] ?? '') + text.slice(i + 2);
        fc.pre(changed !== text);
        expect(codeOf(() => decodeInvite(changed))).not.toBe('accepted');
      }),
    );
  });

  it('says clearly what is wrong: not an invite, unknown version, mistyped', () => {
    const text = encodeInvite(createInvite('https://vault.example.com', randomBytes(32)));
    expect(() => decodeInvite('https://vault.example.com')).toThrow(/not a pairing invite/);
    expect(() => decodeInvite(text.replace('vault-pair:v1:', 'vault-pair:'))).toThrow(/without a version/);
    expect(codeOf(() => decodeInvite(text.replace(':v1:', ':v2:')))).toBe('UNKNOWN_VERSION');
    const last = text.at(-2) === 'A' ? 'B' : 'A';
    expect(() => decodeInvite(text.slice(0, -2) + last + text.slice(-1))).toThrow(/checksum does not match/);
    expect(() => decodeInvite(text.slice(0, 40))).toThrow(expect.objectContaining({ code: 'BAD_ENCODING' }));
  });

  it('ignores whitespace around pasted text, but none inside', () => {
    const invite = createInvite('https://vault.example.com', randomBytes(32));
    const text = encodeInvite(invite);
    expect(decodeInvite(`  ${text}\n`)).toEqual(invite);
    expect(codeOf(() => decodeInvite(`${text.slice(0, 30)} ${text.slice(30)}`))).toBe('BAD_ENCODING');
  });

  it('refuses a payload with a correct checksum but extra, missing or mistyped fields, or version 2', () => {
    const invite = createInvite('https://vault.example.com', randomBytes(32));
    const { secret: _secret, ...withoutSecret } = fields(invite);
    expect(codeOf(() => decodeInvite(textFor(encodeCanonical({ ...fields(invite), extra: 1 }))))).toBe('BAD_ENCODING');
    expect(codeOf(() => decodeInvite(textFor(encodeCanonical(withoutSecret))))).toBe('BAD_ENCODING');
    expect(codeOf(() => decodeInvite(textFor(encodeCanonical({ ...fields(invite), secret: randomBytes(8) }))))).toBe('BAD_ENCODING');
    expect(codeOf(() => decodeInvite(textFor(encodeCanonical({ ...fields(invite), fingerprint: randomBytes(16) }))))).toBe('BAD_ENCODING');
    expect(codeOf(() => decodeInvite(textFor(encodeCanonical({ ...fields(invite), v: 2 }))))).toBe('UNKNOWN_VERSION');
    expect(decodeInvite(textFor(encodeCanonical(fields(invite))))).toEqual(invite);
  });

  it('refuses a server that is not a canonical https origin', () => {
    const invite = createInvite('https://vault.example.com', randomBytes(32));
    for (const server of ['http://vault.example.com', 'https://vault.example.com/', 'https://vault.example.com/api', 'https://Vault.example.com', 'https://vault.example.com:443', 'https://u:p@vault.example.com', 'ftp://x', 'vault']) {
      expect(codeOf(() => decodeInvite(textFor(encodeCanonical({ ...fields(invite), server })))), server).toBe('BAD_ENCODING');
      expect(codeOf(() => createInvite(server, invite.fingerprint)), server).toBe('BAD_INPUT');
    }
    expect(decodeInvite(textFor(encodeCanonical({ ...fields(invite), server: 'http://127.0.0.1:8787' }))).server).toBe('http://127.0.0.1:8787');
  });

  it('refuses an overlong text before decoding it', () => {
    const text = encodeInvite(createInvite('https://vault.example.com', randomBytes(32)));
    expect(() => decodeInvite(text + 'A'.repeat(1024))).toThrow(/too long/);
    expect(fromBase64url(text.slice('vault-pair:v1:'.length)).length).toBeLessThan(200);
  });
});
