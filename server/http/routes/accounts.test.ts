/**
 * `POST /v1/accounts` on a real server, SQLite and PostgreSQL: an account begins with a valid
 * self-signed genesis, its id is the genesis hash, and nothing else is accepted.
 */
import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import { decodeEntry, signEntry } from '../../../shared/chains/entry';
import { toBase64url } from '../../../shared/crypto/base64url';
import { generateSigningKeyPair } from '../../../shared/crypto/ed25519';
import { ACCOUNTS_PATH, createAccountResponseSchema } from '../../../shared/protocol/api/accounts';
import { errorBodySchema } from '../../../shared/protocol/api/error-body';
import { describeOnDatabases } from '../../testing/on-databases';
import { createAccountOn, newTestAccount, postJson } from '../../testing/sync-client';

describeOnDatabases('POST /v1/accounts', ({ server }) => {
  it('creates an account whose id is the SHA-256 of the genesis entry', async () => {
    const account = newTestAccount();
    const res = await createAccountOn(server(), account);
    expect(res.status).toBe(201);
    const body = createAccountResponseSchema.parse(res.json());
    expect(body.account).toBe(toBase64url(createHash('sha256').update(account.genesis).digest()));
    expect(body.device).toBe(toBase64url(account.deviceId));
  });

  it('refuses the same genesis twice with 409 CONFLICT', async () => {
    const account = newTestAccount();
    expect((await createAccountOn(server(), account)).status).toBe(201);
    const again = await createAccountOn(server(), account);
    expect(again.status).toBe(409);
    expect(errorBodySchema.parse(again.json()).error.code).toBe('CONFLICT');
  });

  it('refuses a genesis not signed by the device it names', async () => {
    const account = newTestAccount();
    const forged = signEntry(decodeEntry(account.genesis).body, generateSigningKeyPair().seed);
    const res = await postJson(server(), ACCOUNTS_PATH, { genesis: toBase64url(forged) });
    expect(res.status).toBe(400);
    expect(errorBodySchema.parse(res.json())).toEqual({ error: { code: 'BAD_CHAIN', message: 'invalid identity chain genesis' } });
  });

  it('refuses bytes that are not a chain entry, and any extra field (nothing password-derived)', async () => {
    const garbage = await postJson(server(), ACCOUNTS_PATH, { genesis: toBase64url(new Uint8Array(64)) });
    expect(garbage.status).toBe(400);
    expect(errorBodySchema.parse(garbage.json()).error.code).toBe('BAD_CHAIN');
    const account = newTestAccount();
    const extra = await postJson(server(), ACCOUNTS_PATH, { genesis: toBase64url(account.genesis), passwordHash: 'AAAA' });
    expect(extra.status).toBe(400);
    expect(errorBodySchema.parse(extra.json())).toEqual({ error: { code: 'BAD_INPUT', message: 'malformed request' } });
  });

  it('answers an over-limit body with 413', async () => {
    const res = await postJson(server(), ACCOUNTS_PATH, { genesis: 'A'.repeat(20_000) });
    expect(res.status).toBe(413);
    expect(errorBodySchema.parse(res.json()).error.code).toBe('PAYLOAD_TOO_LARGE');
  });
});
