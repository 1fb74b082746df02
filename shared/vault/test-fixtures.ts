/**
 * Shared test fixtures for the vault modules: a deterministic random port and one valid draft per
 * item type. Test-only; production code never imports this file.
 */
import type { RandomBytes } from './item-id';
import type { ItemDraft, ItemType } from './item-types';
import { CERTIFICATE_VECTORS } from './vectors/certificates';
import { SSH_KEY_VECTORS } from './vectors/ssh-keys';

/** A counter-based byte source: deterministic, distinct ids, never for real use. */
export function countingRandom(seed = 1): RandomBytes {
  let counter = seed;
  return (n) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = (counter * 131 + i * 17) & 0xff;
    new DataView(out.buffer).setUint32(0, counter++);
    return out;
  };
}

export const cryptoRandom: RandomBytes = (n) => crypto.getRandomValues(new Uint8Array(n));

export const SSH_ED25519 = SSH_KEY_VECTORS.find((v) => v.name === 'ed25519')!;
export const SSH_RSA = SSH_KEY_VECTORS.find((v) => v.name === 'rsa2048')!;
export const CERT = CERTIFICATE_VECTORS[0]!;

export const TOTP_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

export const DRAFTS: { readonly [T in ItemType]: Extract<ItemDraft, { type: T }> } = {
  login: { type: 'login', name: 'Example', username: 'alice', password: 'hunter2-but-longer', urls: [{ url: 'https://example.com/login' }], totp: TOTP_SECRET },
  note: { type: 'note', name: 'Door codes', notes: 'front 1234' },
  card: { type: 'card', name: 'Visa', cardholder: 'Alice Example', number: '4242 4242 4242 4242', expMonth: 12, expYear: 2030, cvv: '123' },
  identity: { type: 'identity', name: 'Me', firstName: 'Alice', lastName: 'Example', email: 'alice@example.com', addressLines: ['1 Road'], city: 'Town' },
  'api-key': { type: 'api-key', name: 'Stripe', key: 'sk_live_abcdef0123456789', service: 'stripe', owner: 'payments-team', expiresAt: 2_000_000_000_000 },
  token: { type: 'token', name: 'GitHub PAT', token: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789', service: 'github', owner: 'ci' },
  'ssh-key': { type: 'ssh-key', name: 'Deploy key', privateKey: SSH_ED25519.privateKey!, publicKey: SSH_ED25519.publicKey, owner: 'ops' },
  certificate: { type: 'certificate', name: 'API cert', pem: CERT.pem, privateKey: '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----', owner: 'ops' },
  database: { type: 'database', name: 'Prod DB', engine: 'postgresql', host: 'db.internal', port: 5432, database: 'app', username: 'app', password: 'db-pass-0123456789', owner: 'ops' },
};
